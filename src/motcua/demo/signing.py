"""Demo signing: the demo CA and certificates for two of the three demo chairmen.

Demo data: the CA is named "motcua DEMO CA - KHÔNG DÙNG THẬT" and is trusted only by this
installation. Phường Vĩnh Phúc's and Xã Đạo Trù's chairmen sign with PIN `DEMO_PIN`; Xã Liên
Sơn's chairman has no certificate, so his approvals show the paper-result path (the problem
the province named: officials without digital signatures).
"""

from __future__ import annotations

from motcua.signing.actions import init_demo_ca, issue_certificate
from motcua.signing.models import Certificate

DEMO_PIN = "123456"
SIGNING_CHAIRMEN = ("vinhphuc.chutich", "daotru.chutich")


def ensure_demo_certificates() -> int:
    """Create the demo CA and the chairmen's certificates that do not exist yet."""
    init_demo_ca()
    created = 0
    for username in SIGNING_CHAIRMEN:
        if not Certificate.objects.filter(official__user__username=username).exists():
            issue_certificate(username, pin=DEMO_PIN)
            created += 1
    return created
