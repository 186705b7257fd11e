"""Distributives with registration numbers, warehouse and remote updates."""
# This file is part of itsvc.
from . import routes

__all__ = ['routes']
