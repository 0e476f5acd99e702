"""The citizen's side: one-time codes, online filing drafts, consent, ratings, feedback."""
