"""Clients, service points, systems, contracts, amendments and
installations."""
