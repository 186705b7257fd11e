"""Staff plans and actuals, bonuses and deductions, training; market
capacity and sales planning."""
