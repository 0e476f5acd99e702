"""The authorisation matrix (issue 24, part 3): every page and every API operation, for each
role and for an official of another commune, allowed or denied as written in ONE table.

The URL patterns are read from the URL conf (`get_resolver`, recursively) and the API
operations from the OpenAPI document of the ninja API: a new page or operation that is not in
`MATRIX` fails `test_every_route_is_in_the_matrix`, so none can be added unjudged.

Path parameters are filled with real records of commune A (Phường Vĩnh Phúc): a dossier the
citizen filed online and the counter accepted, its attachment, the citizen's draft, the counter
officer's cash closing and saved form, a message of commune A. Pages are checked with GET.
Writes (POST) are checked only for the roles that must be denied, so nothing is ever applied;
the roles allowed to write have "-" (not requested here: their own tests prove the write).

Expectations: `y` allowed (2xx, or a redirect that is not to a login page), `n` denied (a
redirect to a login page, 401, 403, 404, or 405 for a GET of a write-only page), `-` not
requested. Users log in through `log_in` alone (when the login changes, e.g. a second factor
for some roles, only that function changes).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from motcua.accounts.models import SavedForm
from motcua.accounts.saved_forms import SALT as SAVED_FORM_SALT
from motcua.api.base import api
from motcua.citizens.actions import start_draft
from motcua.civilreg.actions import register_entry
from motcua.civilreg.choices import BookKind
from motcua.dossiers.actions import accept
from motcua.dossiers.cash import close_cash, collect_fee
from motcua.notifications.actions import queue_message
from motcua.portal.lifeevents import BY_SLUG
from motcua.units.models import Unit
from tests.citizens.conftest import BIRTH, PDF, VINH_PHUC, file_online
from tests.dossiers.conftest import api_body, receive

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "citizen", "counter_a", "leader_a", "official_b", "supervisor", "admin")

# Every route, the URL it is requested at (`{...}` filled from `records`), the method, and
# one expectation per role in the order of ROLES:
#        anonymous  citizen  counter_a  leader_a  official_b  supervisor  admin
# Admin pages are one row: the admin site lets only staff in (the province administrator).
MATRIX: dict[str, tuple[str, str, str]] = {
    # --- public ---------------------------------------------------------------------------
    "": ("/", "GET", "y y y y y y y"),
    "healthz": ("/healthz", "GET", "y y y y y y y"),
    "readyz": ("/readyz", "GET", "y y y y y y y"),  # loopback monitor (the test client)
    "metrics": ("/metrics", "GET", "y y y y y y y"),  # loopback monitor (the test client)
    "thu-tuc/<str:code>/": ("/thu-tuc/{procedure}/", "GET", "y y y y y y y"),
    "su-kien/<slug:slug>/": ("/su-kien/{event}/", "GET", "y y y y y y y"),
    "hien-thi/": ("/hien-thi/", "GET", "n n n n n n n"),  # POST only, for anyone
    "^tra-cuu/?$": ("/tra-cuu?ma={code}", "GET", "y y y y y y y"),  # existence only
    "tra-cuu/ket-qua.pdf": ("/tra-cuu/ket-qua.pdf?ma={code}", "GET", "n n n n n n n"),
    "verify/<str:code>": ("/verify/{code}", "GET", "n n n n n n n"),  # public; no result yet
    "phan-anh/": ("/phan-anh/", "GET", "y y y y y y y"),
    "dang-nhap/": ("/dang-nhap/", "GET", "y y y y y y y"),
    "dang-xuat/": ("/dang-xuat/", "GET", "n n n n n n n"),  # POST only
    "cong-dan/dang-nhap/": ("/cong-dan/dang-nhap/", "GET", "y y y y y y y"),
    # the second step of sign-in: whoever is signed in and owes no code passes on to their
    # page (who owes one, and what it lets through: tests/accounts/test_two_factor.py)
    "xac-thuc/": ("/xac-thuc/", "GET", "n y y y y y y"),
    "xac-thuc/dang-ky/": ("/xac-thuc/dang-ky/", "GET", "n y y y y y y"),
    "ho-so/sw.js": ("/ho-so/sw.js", "GET", "y y y y y y y"),  # the offline shell's worker
    # --- the citizen's own ----------------------------------------------------------------
    "ho-so-cua-toi/": ("/ho-so-cua-toi/", "GET", "n y n n n n n"),
    "ho-so-cua-toi/lien-he/": ("/ho-so-cua-toi/lien-he/", "GET", "n y n n n n n"),
    "ho-so-cua-toi/<str:code>/": ("/ho-so-cua-toi/{code}/", "GET", "n y n n n n n"),
    "ho-so-cua-toi/<str:code>/da-nop/": ("/ho-so-cua-toi/{code}/da-nop/", "GET", "n y n n n n n"),
    "ho-so-cua-toi/<str:code>/bo-sung/": ("/ho-so-cua-toi/{code}/bo-sung/", "GET", "n y n n n n n"),
    "ho-so-cua-toi/<str:code>/phieu-tiep-nhan.pdf": (
        "/ho-so-cua-toi/{code}/phieu-tiep-nhan.pdf",
        "GET",
        "n y n n n n n",
    ),
    "ho-so-cua-toi/<str:code>/ket-qua.pdf": (
        "/ho-so-cua-toi/{code}/ket-qua.pdf",
        "GET",
        "n 409 n n n n n",  # the owner: no result yet
    ),
    "nop-truc-tuyen/<str:code>/": ("/nop-truc-tuyen/{procedure}/", "GET", "n y n n n n n"),
    "nop-truc-tuyen/nhap/<int:pk>/": ("/nop-truc-tuyen/nhap/{draft}/", "GET", "n y n n n n n"),
    "nop-truc-tuyen/nhap/<int:pk>/tep/": (
        "/nop-truc-tuyen/nhap/{draft}/tep/",
        "POST",
        "n - n n n n n",
    ),
    "nop-truc-tuyen/nhap/<int:pk>/dong-y/": (
        "/nop-truc-tuyen/nhap/{draft}/dong-y/",
        "POST",
        "n - n n n n n",
    ),
    # --- staff pages ------------------------------------------------------------------------
    "can-bo/": ("/can-bo/", "GET", "n y y y y y y"),  # a citizen: an empty page, no scope
    "can-bo/phan-anh/": ("/can-bo/phan-anh/", "GET", "n n y y y y y"),
    "can-bo/hop-thu-di/": ("/can-bo/hop-thu-di/", "GET", "n n y y y y y"),  # each: own scope
    # the retry of commune A's message: not for commune B (a 404, as for no such message)
    "can-bo/hop-thu-di/ | retry": ("/can-bo/hop-thu-di/", "POST", "n n - - n - -"),
    "can-bo/doi-lien-he/": ("/can-bo/doi-lien-he/", "GET", "n n y n y n n"),  # counter role
    "can-bo/doi-lien-he/ | change": ("/can-bo/doi-lien-he/", "POST", "n n - n - n n"),
    "ho-so/": ("/ho-so/", "GET", "n n y y y y y"),
    "ho-so/tiep-nhan/": ("/ho-so/tiep-nhan/", "GET", "n n y n y n n"),
    "ho-so/ngoai-tuyen/": ("/ho-so/ngoai-tuyen/", "GET", "n n y n y n n"),
    # the offline receipt's print shell: no record in it (the counter's device fills it in)
    "ho-so/ngoai-tuyen/phieu-hen/": ("/ho-so/ngoai-tuyen/phieu-hen/", "GET", "n y y y y y y"),
    "ho-so/so-theo-doi/": ("/ho-so/so-theo-doi/", "GET", "n n y y y y y"),
    "ho-so/nhat-ky-truy-cap/": ("/ho-so/nhat-ky-truy-cap/", "GET", "n n n n n n y"),
    "ho-so/thu-phi/": ("/ho-so/thu-phi/", "GET", "n n y n y n n"),
    "ho-so/thu-phi/chot/<int:pk>/": ("/ho-so/thu-phi/chot/{closing}/", "GET", "n n y n n n n"),
    "ho-so/<str:code>/": ("/ho-so/{code}/", "GET", "n n y y n y y"),
    "ho-so/<str:code>/tep/": ("/ho-so/{code}/tep/", "POST", "n n - - n - -"),
    "ho-so/<str:code>/tep/<int:pk>/": ("/ho-so/{code}/tep/{attachment}/", "GET", "n n y y n y y"),
    "ho-so/<str:code>/thu-phi/": ("/ho-so/{code}/thu-phi/", "POST", "n n - n n n n"),
    "ho-so/<str:code>/hoan-phi/": ("/ho-so/{code}/hoan-phi/", "POST", "n n - n n n n"),
    "ho-so/<str:code>/sua-thong-tin/": ("/ho-so/{code}/sua-thong-tin/", "POST", "n n - n n n n"),
    "ho-so/<str:code>/sua-to-khai/": ("/ho-so/{code}/sua-to-khai/", "POST", "n n - n n n n"),
    "ho-so/<str:code>/hanh-dong/<str:action>/": (
        "/ho-so/{code}/hanh-dong/transfer/",
        "POST",
        "n n - - n n n",  # counter and leader transfer
    ),
    # the civil-status register: its readers, each in their own scope (commune B's counter
    # reads B's register; A's entry looks absent to them)
    "ho-tich/": ("/ho-tich/", "GET", "n n y y y y y"),
    "ho-tich/muc/<int:pk>/": ("/ho-tich/muc/{entry}/", "GET", "n n y y n y y"),
    "bieu-mau-giu-lai/<str:token>/": ("/bieu-mau-giu-lai/{saved}/", "GET", "n n y n n n n"),
    "chu-ky-so/": ("/chu-ky-so/", "GET", "n n n n n y y"),
    "admin/": ("/admin/", "GET", "n n n n n n y"),
    # --- API (from the OpenAPI document) -----------------------------------------------------
    "GET /api/v1/units": ("/api/v1/units", "GET", "y y y y y y y"),
    "GET /api/v1/units/{code}": ("/api/v1/units/08716", "GET", "y y y y y y y"),
    "GET /api/v1/calendar/due": (
        "/api/v1/calendar/due?start=2026-12-01T08:00:00%2B07:00&working_days=1",
        "GET",
        "y y y y y y y",
    ),
    "GET /api/v1/calendar/days": (
        "/api/v1/calendar/days?year=2026",
        "GET",
        "y y y y y y y",
    ),
    "GET /api/v1/calendar/offline-pack": ("/api/v1/calendar/offline-pack", "GET", "y y y y y y y"),
    "GET /api/v1/procedures": ("/api/v1/procedures", "GET", "y y y y y y y"),
    "GET /api/v1/procedures/{code}": ("/api/v1/procedures/{procedure}", "GET", "y y y y y y y"),
    "GET /api/v1/procedures/{code}/versions": (
        "/api/v1/procedures/{procedure}/versions",
        "GET",
        "y y y y y y y",
    ),
    "GET /api/v1/public/dossiers/{code}": (
        "/api/v1/public/dossiers/{code}",
        "GET",
        "y y y y y y y",  # existence only without the token
    ),
    "POST /api/v1/public/verify": ("/api/v1/public/verify", "POST", "- - - - - - -"),
    "GET /api/v1/me": ("/api/v1/me", "GET", "n y y y y y y"),
    "GET /api/v1/officials": ("/api/v1/officials", "GET", "n n y y y y y"),
    "POST /api/v1/dossiers": ("/api/v1/dossiers", "POST", "n n - n - n n"),
    # each sees their own scope; a citizen an empty list
    "GET /api/v1/dossiers": ("/api/v1/dossiers", "GET", "n y y y y y y"),
    "GET /api/v1/dossiers/{code}": ("/api/v1/dossiers/{code}", "GET", "n n y y n y y"),
    "GET /api/v1/dossiers/{code}/events": (
        "/api/v1/dossiers/{code}/events",
        "GET",
        "n n y y n y y",
    ),
    "GET /api/v1/dossiers/{code}/verify": (
        "/api/v1/dossiers/{code}/verify",
        "GET",
        "n n y y n y y",
    ),
    "GET /api/v1/dossiers/{code}/attachments": (
        "/api/v1/dossiers/{code}/attachments",
        "GET",
        "n n y y n y y",
    ),
    "POST /api/v1/dossiers/{code}/attachments": (
        "/api/v1/dossiers/{code}/attachments",
        "POST",
        "n n - - n - -",
    ),
    "GET /api/v1/dossiers/{code}/attachments/{attachment_id}/file": (
        "/api/v1/dossiers/{code}/attachments/{attachment}/file",
        "GET",
        "n n y y n y y",
    ),
    "POST /api/v1/dossiers/{code}/actions/{action}": (
        "/api/v1/dossiers/{code}/actions/transfer",
        "POST",
        "n n - - n n n",  # counter and leader transfer
    ),
    "GET /api/v1/dossiers/{code}/payments": (
        "/api/v1/dossiers/{code}/payments",
        "GET",
        "n n y y n y y",
    ),
    "POST /api/v1/dossiers/{code}/payments": (
        "/api/v1/dossiers/{code}/payments",
        "POST",
        "n n - n n n n",
    ),
    "POST /api/v1/dossiers/{code}/payments/refunds": (
        "/api/v1/dossiers/{code}/payments/refunds",
        "POST",
        "n n - n n n n",
    ),
    "GET /api/v1/dossiers/{code}/documents/{form}.pdf": (
        "/api/v1/dossiers/{code}/documents/01.pdf",
        "GET",
        "n n y y n y y",
    ),
    "GET /api/v1/reports/tracking-book.xlsx": (
        "/api/v1/reports/tracking-book.xlsx?unit=08716&from=2026-01-01&to=2026-12-31",
        "GET",
        "n n y y n y y",
    ),
    "GET /api/v1/signing/dossiers/{code}": (
        "/api/v1/signing/dossiers/{code}",
        "GET",
        "n n y y n y y",
    ),
    # an official's own (none): the list is of the caller's own filings
    "GET /api/v1/citizen/dossiers": ("/api/v1/citizen/dossiers", "GET", "n y y y y y y"),
    "GET /api/v1/citizen/dossiers/{code}/supplement": (
        "/api/v1/citizen/dossiers/{code}/supplement",
        "GET",
        "n n n n n n n",  # the owner too: no supplement asked (404)
    ),
    "POST /api/v1/citizen/dossiers/{code}/supplement": (
        "/api/v1/citizen/dossiers/{code}/supplement",
        "POST",
        "n - n n n n n",
    ),
    "POST /api/v1/code-blocks": ("/api/v1/code-blocks", "POST", "n n - n - n n"),
    "GET /api/v1/code-blocks": ("/api/v1/code-blocks?date={today}", "GET", "n n y n y n n"),
    "GET /api/v1/code-blocks/need": (
        "/api/v1/code-blocks/need?device_id=may-1&date={today}",
        "GET",
        "n n y n y n n",
    ),
    "POST /api/v1/code-blocks/release": ("/api/v1/code-blocks/release", "POST", "n n - n - n n"),
    "GET /api/v1/civil-registry/entries": (
        "/api/v1/civil-registry/entries",
        "GET",
        "n n y y y y y",
    ),
    # a read by ID number in the body; the readers' answers are proven in tests/civilreg
    "POST /api/v1/civil-registry/entries/search": (
        "/api/v1/civil-registry/entries/search",
        "POST",
        "n n - - - - -",
    ),
    "GET /api/v1/civil-registry/entries/{entry_id}": (
        "/api/v1/civil-registry/entries/{entry}",
        "GET",
        "n n y y n y y",
    ),
}


# The body of each write, so that a denied role is refused for who it is, not for a missing
# field: were it let through, the write would apply (and the test would say so).
BODIES: dict[str, dict[str, Any]] = {
    "ho-so/<str:code>/hanh-dong/<str:action>/": {
        "assignee": "specialist_vp",
        "version": "{version}",
    },
    "ho-so/<str:code>/thu-phi/": {"amount": "8000", "method": "cash", "receipt_number": "T-2"},
    "ho-so/<str:code>/hoan-phi/": {"amount": "1", "method": "cash", "reason": "Thử"},
    "POST /api/v1/dossiers/{code}/actions/{action}": {"assignee": "specialist_vp"},
    "POST /api/v1/dossiers/{code}/payments": {"amount": 8000, "receipt_number": "T-2"},
    "POST /api/v1/dossiers/{code}/payments/refunds": {"amount": 1, "reason": "Thử"},
    "POST /api/v1/code-blocks": {"device_id": "may-1", "date": "{today}"},
    "POST /api/v1/civil-registry/entries/search": {"personal_id": "025040007788"},
    "POST /api/v1/code-blocks/release": {
        "device_id": "may-1",
        "date": "{today}",
        "first": 1,
        "last": 1,
    },
}
BODIES["can-bo/hop-thu-di/ | retry"] = {"id": "{message}"}
BODIES["can-bo/doi-lien-he/ | change"] = {
    "current": "0912345678",
    "field": "phone",
    "new_value": "0966000999",
    "document_kind": "id_card",
    "document_number": "025090123456",
    "checked": "1",
}
# Writes sent as a form (pages, multipart uploads) rather than JSON.
FORM_WRITES = {
    "ho-so/<str:code>/tep/",
    "POST /api/v1/dossiers/{code}/attachments",
    "POST /api/v1/citizen/dossiers/{code}/supplement",
}


def _patterns(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    """Every route of the URL conf, resolvers walked recursively."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def routes() -> set[str]:
    """The page routes (the admin site as one) and the API's operations, as the table names
    them: the API from its OpenAPI document, not from the ninja URL patterns."""
    found = set()
    for route in _patterns(get_resolver().url_patterns):
        if route.startswith("api/"):
            continue
        found.add("admin/" if route.startswith("admin/") else route)
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method in operations:
            found.add(f"{method.upper()} {path}")
    return found


def test_every_route_is_in_the_matrix():
    """A page or API operation added without a row here fails: judge it, then add it."""
    found = routes()
    judged = {route_of(key) for key in MATRIX}
    assert sorted(found - judged) == [], "not in MATRIX: add a row with its expectation"
    assert sorted(judged - found) == [], "in MATRIX but gone from the URL conf or API"
    for key, (_, _, row) in MATRIX.items():
        assert len(row.split()) == len(ROLES), key


def route_of(key: str) -> str:
    """The route a row is about: "route | what" rows check one more method of a route."""
    return key.split(" | ")[0]


def log_in(client: Client, user: User | AnonymousUser) -> Client:
    """The one place users log in for the matrix (session: pages and API alike)."""
    if user.is_authenticated:
        client.force_login(user)
    return client


@pytest.fixture
def people(
    citizen, counter_vp, leader_vp, counter_dt, province_supervisor, province_admin
) -> dict[str, User | AnonymousUser]:
    return {
        "anonymous": AnonymousUser(),
        "citizen": citizen,
        "counter_a": counter_vp,
        "leader_a": leader_vp,
        "official_b": counter_dt,
        "supervisor": province_supervisor,
        "admin": province_admin,
    }


@pytest.fixture
def records(citizen, counter_vp) -> dict[str, Any]:
    """Real records of commune A to fill the path parameters."""
    dossier = file_online(citizen)
    accept(dossier, actor=counter_vp)
    dossier.refresh_from_db()
    attachment = dossier.attachments.order_by("pk").first()
    assert attachment is not None
    draft = start_draft(owner=citizen, procedure=BIRTH, unit=VINH_PHUC)
    with_fee = receive(counter_vp, fee=8000)
    collect_fee(with_fee, actor=counter_vp, amount=8000, method="cash", receipt_number="T-1")
    closing = close_cash(counter_vp)
    saved = SavedForm.objects.create(
        owner_id=counter_vp.pk,
        path="/ho-so/tiep-nhan/",
        data={},
        created_at=dossier.received_at,
        expires_at=dossier.received_at.replace(year=dossier.received_at.year + 1),
    )
    message = queue_message(channel="sms", destination="0912000111", body="a", unit_id=VINH_PHUC)
    entry = register_entry(
        unit=Unit.objects.get(code=VINH_PHUC),
        kind=BookKind.DEATH,
        data={"deceased": {"full_name": "Nguyễn Văn Bảo", "id_number": "025040007788"}},
        subject_name="Nguyễn Văn Bảo",
        personal_id="025040007788",
        actor=counter_vp,
    )
    return {
        "code": dossier.code,
        "version": dossier.version,
        "attachment": attachment.pk,
        "draft": draft.pk,
        "closing": closing.pk,
        "today": timezone.localdate().isoformat(),
        "message": message.pk,
        "entry": entry.pk,
        "saved": signing.dumps(saved.pk, salt=SAVED_FORM_SALT + ".id"),
        "procedure": BIRTH,
        "event": next(iter(BY_SLUG)),
    }


def outcome(response: Any) -> str:
    """`y` allowed, `n` denied, or the unexpected status itself."""
    status = response.status_code
    if status in {301, 302, 303, 307, 308}:
        target = response.headers.get("Location", "")
        return "n" if "dang-nhap" in target or "/admin/login/" in target else "y"
    if 200 <= status < 300:
        return "y"
    if status in {401, 403, 404, 405}:
        return "n"
    return str(status)  # another status is written as itself in the table (409)


def request(client: Client, key: str, url: str, method: str, records: dict[str, Any]) -> Any:
    """One request of a matrix row: GET, or the row's write with its body."""
    if method == "GET":
        return client.get(url)
    body = {
        name: value.format(**records) if isinstance(value, str) else value
        for name, value in BODIES.get(key, {}).items()
    }
    if key in FORM_WRITES or not key.startswith(("GET ", "POST ")):
        data = {
            "file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
            "document": "giay-chung-sinh",
            **body,
        }
        return client.post(url, data)
    if key == "POST /api/v1/dossiers":
        body = api_body()
    return client.post(url, body, content_type="application/json")


def test_each_role_is_allowed_or_denied_as_the_matrix_says(people, records, specialist_vp):
    problems = []
    for key, (url, method, row) in MATRIX.items():
        target = url.format(**records)
        for role, expected in zip(ROLES, row.split(), strict=True):
            if expected == "-":
                continue
            client = log_in(Client(), people[role])
            got = outcome(request(client, key, target, method, records))
            if got != expected:
                problems.append(f"{key} as {role}: expected {expected}, got {got}")
    assert problems == [], "\n".join(problems)
