"""Analytical reports and the director's dashboard."""
