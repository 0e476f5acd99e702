"""Civil-status register (hộ tịch): books, entries, extracts, the population-register exchange."""
