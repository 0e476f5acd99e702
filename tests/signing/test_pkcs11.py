"""The PKCS#11 path: a SoftHSM2 token stands in for an official's USB token."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from django.contrib.auth.models import User
from django.core.files.storage import default_storage

from motcua.dossiers.actions import approve, sign
from motcua.dossiers.choices import State
from motcua.dossiers.models import Dossier
from motcua.signing import authority
from motcua.signing.actions import register_pkcs11
from motcua.signing.models import SignedResult
from motcua.signing.verification import verify_pdf

MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
MODULE = next((path for path in MODULE_CANDIDATES if Path(path).exists()), None)
TOOLS = shutil.which("softhsm2-util") and shutil.which("pkcs11-tool")

pytestmark = pytest.mark.skipif(
    MODULE is None or not TOOLS,
    reason="SoftHSM2 and pkcs11-tool (Debian packages softhsm2, opensc) are not installed; "
    ".ci/run installs them in CI.",
)
TOKEN_PIN = "1234"


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory):
    """A SoftHSM2 token "motcua" holding an EC key and its certificate from a test CA."""
    home = tmp_path_factory.mktemp("softhsm")
    (home / "tokens").mkdir()
    conf = home / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {home / 'tokens'}\nobjectstore.backend = file\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)

    def run(*args: str) -> None:
        subprocess.run(args, check=True, env=env, capture_output=True)  # noqa: S603

    run(
        "softhsm2-util", "--init-token", "--free", "--label", "motcua",
        "--pin", TOKEN_PIN, "--so-pin", "5678",
    )  # fmt: skip
    ca_cert, ca_key = authority.make_ca("CA thử nghiệm cho USB token")
    key = authority.new_key()
    cert = authority.issue(
        ca_cert,
        ca_key,
        key.public_key(),
        authority.Person("Lê Quang Hưng", "Chủ tịch UBND", "UBND phường Vĩnh Phúc"),
    )
    key_der = home / "key.der"
    key_der.write_bytes(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_der = home / "cert.der"
    cert_der.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    base = ("pkcs11-tool", "--module", str(MODULE), "--token-label", "motcua")
    run(*base, "--login", "--pin", TOKEN_PIN, "--write-object", str(key_der),
        "--type", "privkey", "--label", "leader", "--id", "01")  # fmt: skip
    run(*base, "--write-object", str(cert_der), "--type", "cert", "--label", "leader",
        "--id", "01", "--login", "--pin", TOKEN_PIN)  # fmt: skip
    key_der.unlink()
    yield {"ca": ca_cert}
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


def test_pkcs11_token_signs_the_result(
    token: dict, to_approve: Dossier, leader_vp: User, demo_ca
) -> None:
    # given the leader's token registered (its certificate read from the token) and its CA
    # trusted
    from motcua.signing.models import TrustAnchor

    TrustAnchor.objects.create(
        name="CA USB token",
        pem=authority.to_pem(token["ca"]),
        subject="CA USB token",
        fingerprint=authority.fingerprint(token["ca"]),
        not_after=token["ca"].not_valid_after_utc,
    )
    certificate = register_pkcs11(
        leader_vp.username, module=str(MODULE), token_label="motcua", key_label="leader"
    )
    assert certificate.backend == "pkcs11" and "Lê Quang Hưng" in certificate.subject
    # when the leader approves with a wrong PIN, then it waits; with the right one it signs
    dossier = approve(to_approve, actor=leader_vp, pin="9999")
    assert dossier.state == State.AWAITING_SIGNATURE
    dossier = sign(dossier, actor=leader_vp, pin=TOKEN_PIN)
    assert dossier.state == State.RESULT_READY
    # then the file verifies intact, signed by the token's certificate
    result = SignedResult.objects.get(dossier=dossier)
    assert result.certificate == certificate
    with default_storage.open(result.storage_name, "rb") as handle:
        report = verify_pdf(handle.read())
    assert report.intact and report.genuine and report.signer_name == "Lê Quang Hưng"


def test_absent_token_keeps_the_approval(
    token: dict, to_approve: Dossier, leader_vp: User, demo_ca
) -> None:
    # given a token label that is not plugged in
    register_pkcs11(
        leader_vp.username,
        module=str(MODULE),
        token_label="khong-co",
        key_label="leader",
        cert_pem=authority.to_pem(
            authority.issue(
                demo_ca.cert, demo_ca.key, authority.new_key().public_key(),
                authority.Person("Lê Quang Hưng"),
            )
        ).encode(),
    )  # fmt: skip
    # when approving, then the dossier waits for a signature with the reason
    dossier = approve(to_approve, actor=leader_vp, pin=TOKEN_PIN)
    assert dossier.state == State.AWAITING_SIGNATURE
    assert "khong-co" in dossier.events.order_by("-seq").first().payload["reason"]
