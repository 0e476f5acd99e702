"""Public and staff pages: the procedure finder, procedure pages, the official's start page."""
