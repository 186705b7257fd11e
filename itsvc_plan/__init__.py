"""Staff plans and actuals, bonuses and deductions, training."""
