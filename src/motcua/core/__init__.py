"""Shared primitives: Vietnamese text folding, ID-number checks, base models."""
