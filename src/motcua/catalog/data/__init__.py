"""Bundled catalog data: the commune procedures of DOMAIN.md with their e-forms."""
