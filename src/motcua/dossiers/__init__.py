"""Dossiers (hồ sơ): intake at the counter, codes, hash-chained events, scoped reads."""
