"""Dealer companies, access isolation, wholesale supply and coordination-
centre reports.
"""
