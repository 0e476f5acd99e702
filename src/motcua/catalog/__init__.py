"""Procedure catalog: versioned procedures, documents, fees, e-forms, steps."""
