"""motcua: the administrative-procedure information system of one Vietnamese province."""

__version__ = "0.1.0"
