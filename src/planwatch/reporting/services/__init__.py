"""Reporting services: calendar (rules, periods), due (what a unit must report), validation,
submissions (the unit's side), review (the office's side), evidence, excel, reminders,
timeliness. Services never open transactions: the request or command calling them does."""
