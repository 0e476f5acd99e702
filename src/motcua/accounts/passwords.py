"""The password policy's one validator that Django's Vietnamese catalogue lacks.

Django's own validators do the checking (settings.AUTH_PASSWORD_VALIDATORS); their messages
come in Vietnamese from Django's translations, except the minimum length's (a plural form
the catalogue has no Vietnamese for), which this subclass says in Vietnamese.
"""

from __future__ import annotations

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's MinimumLengthValidator with its messages in Vietnamese."""

    def get_error_message(self) -> str:
        return f"Mật khẩu này quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu cần có ít nhất {self.min_length} ký tự."
