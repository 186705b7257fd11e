"""Russian translations of Tryton's own modules where they are missing.

A module can override the translation of another module's record with a
msgctxt naming it (``model:ir.calendar.month,name:ir.December``).
"""
