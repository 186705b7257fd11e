"""Printed publications: subscriptions, prepayment bills and delivery
tracking.
"""
