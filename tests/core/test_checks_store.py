"""The production check of the S3 file store (issue 23, part 4): `motcua serve` refuses to
start when the bucket does not answer or no credentials are found, against moto's server."""

from __future__ import annotations

import socket

import pytest
from django.core.checks import registry

from motcua.core.checks import check_file_store
from tests.fixtures.s3 import S3Store, use_store


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def test_a_reachable_bucket_passes(settings, s3_bucket):
    use_store(settings, s3_bucket)
    assert check_file_store(databases=["default"]) == []


def test_a_missing_bucket_is_refused(settings, s3_endpoint):
    use_store(settings, S3Store(endpoint=s3_endpoint, bucket="khong-co-bucket-nay"))

    [error] = check_file_store(databases=["default"])

    assert error.id == "motcua.E010"
    assert "bucket 'khong-co-bucket-nay'" in error.msg and "không tồn tại" in error.msg
    assert "MOTCUA_S3_BUCKET" in error.hint


def test_an_unreachable_store_is_refused(settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    use_store(settings, S3Store(endpoint=f"http://127.0.0.1:{port}", bucket="motcua"))

    [error] = check_file_store(databases=["default"])

    assert "Không kết nối được kho lưu trữ tệp S3" in error.msg


def test_missing_credentials_are_refused(settings, s3_bucket, monkeypatch, tmp_path):
    # no key in the settings, none in boto3's chain (variables, files, instance metadata)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    use_store(settings, s3_bucket, MOTCUA_S3_ACCESS_KEY="", MOTCUA_S3_SECRET_KEY="")

    [error] = check_file_store(databases=["default"])

    assert "Chưa có khóa truy cập kho lưu trữ tệp S3" in error.msg


def test_the_local_disk_debug_and_plain_checks_ask_nothing(settings, s3_endpoint):
    # the local disk (the default): nothing to ask
    assert check_file_store(databases=["default"]) == []
    # a broken store is not asked in debug, nor without the database (plain check --deploy)
    use_store(settings, S3Store(endpoint=s3_endpoint, bucket="khong-co-bucket-nay"))
    assert check_file_store(databases=None) == []
    settings.DEBUG = True
    assert check_file_store(databases=["default"]) == []
    assert check_file_store not in registry.registry.get_checks(include_deployment_checks=False)
