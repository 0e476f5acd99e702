"""Officials' certificates, signing backends (PKCS#12 file, PKCS#11 token), verification."""

from django.apps import AppConfig


class SigningConfig(AppConfig):
    """Registers the result issuer with the dossier lifecycle.

    dossiers may not import signing (apps depend one way, ARCHITECTURE.md), so
    `dossiers.actions.results` exposes `set_result_issuer` and this app plugs its signing into
    `approve` and `sign`.
    """

    name = "motcua.signing"
    label = "signing"
    verbose_name = "Chữ ký số"

    def ready(self) -> None:
        from motcua.dossiers.actions.results import set_result_issuer

        from . import checks  # noqa: F401  (registers the fail-closed production checks)
        from .actions import issue_result

        set_result_issuer(issue_result)
