"""Fail-closed system checks (issue 23): what a production start must not run with.

Each is a deployment check (`motcua check --deploy`, and `motcua serve` before it serves),
silent under `MOTCUA_DEBUG` (a developer's machine) and never run by tests, `motcua demo` or
the other commands. Their messages say in Vietnamese what to set. The apps below core add
their own beside this one (notifications: SMS and e-mail; signing: the demo CA; units: demo
agency e-codes); `serve` runs them all with the database.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

# Every motcua production check carries this tag besides Django's "deploy".
TAG = "motcua"


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register(TAG, deploy=True)
def check_public_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The public URL goes into every QR code of a signed, unchangeable result: a missing or
    loopback one would print an address no citizen can reach, forever."""
    if settings.DEBUG:
        return []
    url = str(getattr(settings, "MOTCUA_PUBLIC_URL", "") or "")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        problem = f"MOTCUA_PUBLIC_URL ('{url}') không phải một địa chỉ web."
    elif _is_loopback(parts.hostname):
        problem = (
            f"MOTCUA_PUBLIC_URL chưa được đặt hoặc trỏ về chính máy chủ ('{url}'): mã QR và "
            "liên kết trên kết quả đã ký sẽ mang địa chỉ mà người dân không truy cập được."
        )
    else:
        return []
    return [
        Error(
            problem,
            hint=(
                "Đặt MOTCUA_PUBLIC_URL là địa chỉ công khai của hệ thống, "
                "ví dụ MOTCUA_PUBLIC_URL=https://motcua.tinh.gov.vn/ (docs/guides/deploy.md)."
            ),
            id="motcua.E001",
        )
    ]


@register(TAG, deploy=True)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A key generated on first start is made by whichever process starts first: several
    processes starting together (or on several machines) may each make their own, and then
    sessions and signed links break at random."""
    if settings.DEBUG or not getattr(settings, "MOTCUA_SECRET_KEY_GENERATED", False):
        return []
    workers = int(getattr(settings, "MOTCUA_WORKERS", 1))
    if workers <= 1:
        return []
    return [
        Error(
            f"Khóa bí mật được tự sinh trong thư mục dữ liệu nhưng máy chủ chạy {workers} tiến "
            "trình: các tiến trình có thể dùng khóa khác nhau.",
            hint=(
                "Đặt MOTCUA_SECRET_KEY (một chuỗi ngẫu nhiên dài, ví dụ tạo bằng "
                "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`), giống nhau "
                "cho mọi tiến trình và mọi máy chủ."
            ),
            id="motcua.E002",
        )
    ]


@register(TAG, deploy=True)
def check_trusted_proxies(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """An HTTPS public URL turns on the HTTPS redirect; behind a proxy nobody trusts, every
    request looks like plain HTTP and is redirected forever (and no client address is known)."""
    if settings.DEBUG or not getattr(settings, "PUBLIC_HTTPS", False):
        return []
    if getattr(settings, "MOTCUA_TRUSTED_PROXIES", []):
        return []
    return [
        Error(
            "MOTCUA_PUBLIC_URL dùng https nhưng chưa khai báo proxy tin cậy: mọi yêu cầu qua "
            "proxy bị coi là http và bị chuyển hướng mãi.",
            hint=(
                "Đặt MOTCUA_TRUSTED_PROXIES là địa chỉ của máy chủ proxy (nginx) chuyển tiếp "
                "yêu cầu, ví dụ MOTCUA_TRUSTED_PROXIES=127.0.0.1 khi nginx chạy cùng máy."
            ),
            id="motcua.E007",
        )
    ]


@register(TAG, Tags.database, deploy=True)
def check_file_store(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """With the files in an S3-compatible store (MOTCUA_S3_BUCKET), the bucket must answer
    with the credentials given: otherwise every upload and every signed result fails after
    the start. Asks the store once (HEAD of the bucket), only when `motcua serve` runs the
    checks with the database (`--database`), never in plain `check --deploy`."""
    if settings.DEBUG or not databases:
        return []
    from django.core.files.storage import storages
    from storages.backends.s3 import S3Storage

    store = storages["default"]
    if not isinstance(store, S3Storage):
        return []
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    where = f"bucket '{store.bucket_name}'" + (
        f" tại {store.endpoint_url}" if store.endpoint_url else ""
    )
    try:
        store.connection.meta.client.head_bucket(Bucket=store.bucket_name)
    except NoCredentialsError:
        problem = f"Chưa có khóa truy cập kho lưu trữ tệp S3 ({where})."
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        reason = {
            "404": "không tồn tại",
            "NoSuchBucket": "không tồn tại",
            "403": "từ chối truy cập với khóa đã cấu hình",
            "AccessDenied": "từ chối truy cập với khóa đã cấu hình",
        }.get(code, f"báo lỗi {code}")
        problem = f"Kho lưu trữ tệp S3 {where} {reason}."
    except BotoCoreError as error:
        problem = f"Không kết nối được kho lưu trữ tệp S3 {where} ({error})."
    else:
        return []
    return [
        Error(
            problem + " Tệp đính kèm và kết quả đã ký sẽ không lưu được.",
            hint=(
                "Kiểm tra MOTCUA_S3_BUCKET, MOTCUA_S3_ENDPOINT_URL, MOTCUA_S3_REGION, "
                "MOTCUA_S3_ACCESS_KEY và MOTCUA_S3_SECRET_KEY (bucket phải có sẵn, khóa được "
                "đọc, ghi và liệt kê); bỏ MOTCUA_S3_BUCKET để lưu tệp trên đĩa máy chủ "
                "(docs/guides/deploy.md)."
            ),
            id="motcua.E010",
        )
    ]


@register(TAG, deploy=True)
def check_audit_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The daily seal of the dossiers' histories (dossiers.sealing, invariant 1) is keyed
    with a secret kept outside the database. A key made in the data dir travels with every
    copy of the data dir (and, with SQLite, sits beside the database): whoever can edit the
    history could then forge its seal too. So production names the key, and it must read."""
    if settings.DEBUG:
        return []
    hint = (
        "Tạo khóa một lần (`python3 -c 'import secrets; print(secrets.token_hex(32))' > "
        "/etc/motcua/audit.key`), cho người dùng dịch vụ quyền đọc (chmod 0400), rồi đặt "
        "MOTCUA_AUDIT_KEY_FILE=/etc/motcua/audit.key; giữ một bản sao của khóa ngoài máy "
        "chủ (docs/guides/deploy.md, “Niêm phong lịch sử hồ sơ”)."
    )
    if getattr(settings, "MOTCUA_AUDIT_KEY_GENERATED", True):
        problem = (
            "Chưa đặt khóa niêm phong lịch sử hồ sơ (MOTCUA_AUDIT_KEY_FILE hoặc "
            "MOTCUA_AUDIT_KEY): khóa tự sinh nằm trong thư mục dữ liệu, ai sửa được cơ sở dữ "
            "liệu cũng có thể giả niêm phong."
        )
    elif not getattr(settings, "MOTCUA_AUDIT_KEY", ""):
        path = settings.MOTCUA_AUDIT_KEY_FILE
        try:
            readable = bool(path.read_text(encoding="ascii").strip())
        except (OSError, UnicodeDecodeError):
            readable = False
        if readable:
            return []
        problem = f"Không đọc được khóa niêm phong lịch sử hồ sơ trong tệp {path}."
    else:
        return []
    return [Error(problem, hint=hint, id="motcua.E020")]
