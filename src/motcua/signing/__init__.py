"""Officials' certificates, signing backends (PKCS#12 file, PKCS#11 token), verification."""
