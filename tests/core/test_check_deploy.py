"""`motcua check --deploy` under the documented production settings reports nothing
(docs/guides/deploy.md); with the demo's settings it says in Vietnamese what to set."""

from __future__ import annotations

import os
import subprocess
import sys

# The production example of docs/guides/deploy.md (addresses made up).
PRODUCTION = {
    "MOTCUA_PUBLIC_URL": "https://motcua.phutho.gov.vn/",
    "MOTCUA_SECRET_KEY": "k7Vq2-hZt9_Rw4yXn0bLc8mP3sJd6fGa1eUo5iTr7zQx2vNw9kYp4uHs8jDl0cBm",
    "MOTCUA_TRUSTED_PROXIES": "127.0.0.1",
    "MOTCUA_SMS_URL": "https://sms.phutho.gov.vn/api/send",
    "MOTCUA_SMS_TOKEN": "token-of-the-gateway",
    "MOTCUA_SMTP_HOST": "mail.phutho.gov.vn",
    "MOTCUA_SMTP_PORT": "587",
    "MOTCUA_SMTP_TLS": "1",
    "MOTCUA_EMAIL_FROM": "motcua@phutho.gov.vn",
}


def _check_deploy(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    base.pop("DJANGO_SETTINGS_MODULE", None)
    base.update(MOTCUA_DATA_DIR=str(tmp_path / "data"), **env)
    return subprocess.run(
        [sys.executable, "-m", "motcua.cli", "check", "--deploy"],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_the_documented_production_settings(tmp_path):
    result = _check_deploy(tmp_path, **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_with_the_demo_settings_says_what_to_set(tmp_path):
    result = _check_deploy(tmp_path)

    assert result.returncode != 0
    for expected in ("motcua.E001", "motcua.E002", "motcua.E003", "Đặt MOTCUA_PUBLIC_URL"):
        assert expected in result.stderr
