"""Distributives with registration numbers, warehouse and remote updates."""
