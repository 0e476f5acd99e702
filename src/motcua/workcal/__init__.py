"""Working calendar: holidays, make-up days, office hours, due-time arithmetic."""
