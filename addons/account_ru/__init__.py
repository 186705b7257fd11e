"""Russian chart of accounts (Приказ Минфина 94н), VAT and simplified-system
taxes, VAT on advances received."""
