"""1CClientBankExchange: the bank statement exchange format of 1C and of
Russian banks (parser and its Russian error messages)."""
