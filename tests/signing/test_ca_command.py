"""`motcua ca`: init (idempotent), issue, revoke, import, pkcs11-register errors."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from motcua.signing import authority
from motcua.signing.models import Certificate, TrustAnchor


def ca(*args: str) -> str:
    out = StringIO()
    call_command("ca", *args, stdout=out)
    return out.getvalue()


def test_ca_init_is_idempotent_and_clearly_demo(db: None, data_dir: Path) -> None:
    first = ca("init")
    second = ca("init")
    assert "KHÔNG DÙNG THẬT" in first and "Đã có" in second
    anchor = TrustAnchor.objects.get()
    assert anchor.is_demo and anchor.name == "motcua DEMO CA - KHÔNG DÙNG THẬT"
    assert (data_dir / "keys" / "demo-ca.key.pem").stat().st_mode & 0o077 == 0


def test_ca_issue_and_revoke(leader_vp: User, data_dir: Path) -> None:
    out = ca("issue", leader_vp.username, "--pin", "246810", "--days", "30")
    assert "Lê Quang Hưng" in out and "246810" not in out
    cert = Certificate.objects.get(official__user=leader_vp)
    assert cert.backend == "pkcs12" and cert.usable_at()
    p12 = (data_dir / "keys" / cert.key_file).read_bytes()
    assert b"246810" not in p12
    ca("revoke", leader_vp.username)
    cert.refresh_from_db()
    assert cert.status == "revoked" and not cert.usable_at()
    with pytest.raises(CommandError, match="không có chứng thư"):
        ca("revoke", leader_vp.username)


def test_ca_issue_refuses_unknown_user_and_short_pin(leader_vp: User) -> None:
    with pytest.raises(CommandError, match="Không có cán bộ"):
        ca("issue", "khong_ai", "--pin", "1234")
    with pytest.raises(CommandError, match="ít nhất 4"):
        ca("issue", leader_vp.username, "--pin", "12")


def test_ca_import_real_ca_certificate(leader_vp: User, tmp_path: Path) -> None:
    # given a certificate of a "real" CA, its chain and .p12
    root, root_key = authority.make_ca("CA chuyên dùng Chính phủ (giả lập)")
    key = authority.new_key()
    cert = authority.issue(root, root_key, key.public_key(), authority.Person("Lê Quang Hưng"))
    (tmp_path / "cert.pem").write_text(authority.to_pem(cert))
    (tmp_path / "chain.pem").write_text(authority.to_pem(root))
    (tmp_path / "key.p12").write_bytes(authority.pkcs12_bytes(key, cert, [root], "1234"))
    # when imported without --username (matched by CN)
    out = ca(
        "import", str(tmp_path / "cert.pem"), "--chain", str(tmp_path / "chain.pem"),
        "--p12", str(tmp_path / "key.p12"),
    )  # fmt: skip
    # then the certificate is the leader's and the root is trusted (not demo)
    assert "Đã nhập" in out
    assert Certificate.objects.get(official__user=leader_vp).fingerprint == (
        authority.fingerprint(cert)
    )
    assert TrustAnchor.objects.filter(is_demo=False, fingerprint=authority.fingerprint(root))


def test_pkcs11_register_with_missing_module_fails_clearly(leader_vp: User) -> None:
    with pytest.raises(CommandError, match="Không đọc được thiết bị"):
        ca(
            "pkcs11-register", leader_vp.username, "--module", "/khong/co.so",
            "--token-label", "x", "--key-label", "y",
        )  # fmt: skip
