"""Administrative units (provinces, communes) and their agencies (cơ quan)."""
