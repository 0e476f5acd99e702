"""Outbound messages (SMS, e-mail) through an outbox with retries, and their providers."""
