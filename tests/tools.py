"""Helpers of the cross-module tests: a throw-away itsvc instance."""
from itsvc.instance import (  # noqa: F401
    BIN, ROOT, SAO, Instance, Server, free_port, on_postgresql)
