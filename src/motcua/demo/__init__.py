"""`motcua demo`: a ready-to-try installation with real units and labelled demo officials."""
