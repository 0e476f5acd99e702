"""Where the files live (issue 23, part 4): the local disk unless MOTCUA_S3_BUCKET is set, then
a private S3-compatible store built from the MOTCUA_S3_* variables."""

from __future__ import annotations

from django.conf import settings as django_settings

from motcua.settings import file_storage


def test_without_a_bucket_the_files_stay_on_the_local_disk():
    assert file_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert file_storage({"MOTCUA_S3_BUCKET": "  "})["BACKEND"].endswith("FileSystemStorage")
    # the suite itself runs on the local disk
    assert django_settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


def test_a_bucket_selects_a_private_s3_store_from_the_environment():
    config = file_storage(
        {
            "MOTCUA_S3_BUCKET": "motcua-files",
            "MOTCUA_S3_ENDPOINT_URL": "https://s3.tinh.gov.vn",
            "MOTCUA_S3_REGION": "hn-1",
            "MOTCUA_S3_ACCESS_KEY": "AK",
            "MOTCUA_S3_SECRET_KEY": "SK",
            "MOTCUA_S3_PREFIX": "/motcua/",
        }
    )
    options = config["OPTIONS"]
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "motcua-files",
        "https://s3.tinh.gov.vn",
        "hn-1",
    )
    assert (options["access_key"], options["secret_key"], options["location"]) == (
        "AK",
        "SK",
        "motcua",
    )
    # private objects, signed URLs only, nothing overwritten, the bucket in the path
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options["addressing_style"] == "path"


def test_amazon_s3_itself_needs_no_endpoint_and_keys_may_come_from_boto3():
    options = file_storage({"MOTCUA_S3_BUCKET": "motcua-files"})["OPTIONS"]
    assert options["endpoint_url"] is None and options["addressing_style"] is None
    assert options["access_key"] is None and options["secret_key"] is None
    assert options["location"] == ""
