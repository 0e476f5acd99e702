"""Fail-closed production check of signing (issue 23): the demo CA among the trust anchors."""

from __future__ import annotations

import pytest

from motcua.signing.checks import check_no_demo_trust_anchor
from motcua.signing.models import TrustAnchor


@pytest.mark.django_db
def test_demo_ca_among_trust_anchors_is_refused(settings, demo_ca):
    settings.DEBUG = False

    [error] = check_no_demo_trust_anchor(databases=["default"])

    assert error.id == "motcua.E005"
    assert "CA thử nghiệm đang nằm trong danh sách CA tin cậy" in error.msg
    assert "motcua ca import" in error.hint


@pytest.mark.django_db
def test_without_the_demo_ca_the_check_passes(settings, demo_ca):
    settings.DEBUG = False
    # the province removed the demo CA (in the admin) before going live
    TrustAnchor.objects.filter(is_demo=True).delete()

    assert check_no_demo_trust_anchor(databases=["default"]) == []


def test_without_a_database_the_check_does_not_run(settings):
    """`motcua check --deploy` without `--database` (CI): only `serve` reads the database."""
    settings.DEBUG = False
    assert check_no_demo_trust_anchor(databases=None) == []
