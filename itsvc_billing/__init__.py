"""Price lists, discounts, bills, the monthly billing run, payments and
month closing.
"""
