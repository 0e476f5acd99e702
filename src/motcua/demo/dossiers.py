"""Demo dossiers: sample dossiers in the demo communes, in every status the lifecycle reaches.

Demo data, labelled so: every applicant's name ends in "(demo)" and every dossier carries an
idempotency key "demo-..." of its receiving officer. They are built through the same actions
as real work (receive, transfer, appraise, approve...), so their codes, due times and event
chains are what real dossiers would have; some are received days ago so that they are overdue.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from motcua.accounts.actions import create_citizen_account
from motcua.accounts.models import Account
from motcua.catalog.queries import procedure_version
from motcua.civilreg.actions import register_entry
from motcua.civilreg.choices import BookKind, PersonalIdState
from motcua.civilreg.models import Entry
from motcua.documents.pdf import OfficialDocument
from motcua.dossiers.actions import ACTIONS, Applicant, OnlineFile, receive_dossier, submit_online
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from motcua.workcal.deadlines import TZ

from .officials import DEMO_COMMUNES
from .signing import DEMO_PIN

DEMO_KEY_PREFIX = "demo-"

_NAMES = (
    "Nguyễn Văn Bình",
    "Trần Thị Cúc",
    "Lê Minh Dũng",
    "Phạm Thu Giang",
    "Hoàng Văn Hải",
    "Đặng Thị Hương",
    "Bùi Quốc Khánh",
    "Đỗ Thị Loan",
    "Hồ Văn Mạnh",
    "Ngô Thị Nga",
    "Dương Văn Phúc",
    "Vũ Thị Quyên",
)


@dataclass(frozen=True)
class Scenario:
    """One sample: a procedure, how long ago it was received, and the actions taken since."""

    key: str
    procedure: str
    days_ago: int
    steps: tuple[tuple[str, str, dict], ...]  # (action, who: counter/specialist/leader, body)


def _scenarios() -> list[Scenario]:
    supplement = {
        "reason": "Bản sao giấy tờ chưa rõ, cần bổ sung (demo).",
        "documents": ["Bản sao giấy tờ tùy thân rõ nét"],
    }
    return [
        Scenario("received", "2.000815", 0, ()),
        Scenario("processing", "1.004222", 2, (("transfer", "counter", {}),)),
        Scenario("overdue", "1.004222", 14, (("transfer", "counter", {}),)),
        Scenario(
            "awaiting-approval",
            "1.001193",
            1,
            (
                ("transfer", "counter", {}),
                ("appraise", "specialist", {"proposal": "approve", "note": "Đủ điều kiện."}),
            ),
        ),
        Scenario(
            "supplement",
            "1.004873",
            1,
            (("transfer", "counter", {}), ("request-supplement", "specialist", supplement)),
        ),
        Scenario(
            "refused",
            "2.000884",
            0,
            (
                (
                    "refuse",
                    "counter",
                    {"reason": "Người yêu cầu không xuất trình bản chính (demo)."},
                ),
            ),
        ),
        Scenario(
            "withdrawn", "1.001776", 3, (("withdraw", "counter", {"reason": "Công dân xin rút."}),)
        ),
        Scenario(
            "stopped",
            "1.004222",
            4,
            (
                ("transfer", "counter", {}),
                ("stop", "leader", {"reason": "Công dân đề nghị dừng giải quyết (demo)."}),
            ),
        ),
        Scenario(
            "result-ready",
            "2.000635",
            0,
            (
                ("transfer", "counter", {}),
                ("appraise", "specialist", {"proposal": "approve", "note": ""}),
                ("approve", "leader", {"pin": DEMO_PIN}),
            ),
        ),
        Scenario(
            "returned",
            "1.000656",
            0,
            (
                ("transfer", "counter", {}),
                ("appraise", "specialist", {"proposal": "approve", "note": ""}),
                ("approve", "leader", {"pin": DEMO_PIN}),
                ("return", "counter", {}),
            ),
        ),
    ]


COPY_OF_EXTRACT = "2.000635"


def _old_book_birth(unit: Unit) -> Entry:
    """A birth of 10/10/2025 from the commune's pre-merger book, as digitised into the
    register (demo data, from the birth form's example): what the demo's request for a copy
    of an extract (2.000635) is issued from."""
    version = procedure_version("1.001193")
    if version is None:  # the catalog is loaded before the demo dossiers
        raise RuntimeError("Chưa nạp thủ tục 1.001193 (motcua catalog load).")
    example = version.form_schema["examples"][0]
    child = example["child"]
    return register_entry(
        unit=unit,
        kind=BookKind.BIRTH,
        data={
            "child": child,
            "mother": example["mother"],
            "father": example["father"],
            "declarant": {"full_name": example["father"]["full_name"], "relationship": "father"},
            "demo": "Sổ cũ trước sáp nhập, số hóa (dữ liệu minh họa)",
        },
        subject_name=child["full_name"],
        subject_birth_date=date.fromisoformat(child["date_of_birth"]),
        personal_id_state=PersonalIdState.NOT_APPLICABLE,
        actor=None,
        at=datetime(2025, 10, 10, 9, 0, tzinfo=TZ),
    )


def _id_number(rng: random.Random, born: date) -> str:
    century = {1900: 0, 2000: 2}[born.year // 100 * 100] + rng.randint(0, 1)
    return f"025{century}{born.year % 100:02d}{rng.randint(0, 999_999):06d}"


def _applicant(rng: random.Random, index: int, unit_name: str) -> Applicant:
    born = date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
    return Applicant(
        full_name=f"{_NAMES[index % len(_NAMES)]} (demo)",
        id_number=_id_number(rng, born),
        date_of_birth=born,
        address=f"Thôn {rng.randint(1, 12)}, {unit_name}",
        phone=f"09{rng.randint(10_000_000, 99_999_999)}",
    )


def _received_at(days_ago: int) -> datetime:
    """A morning office hour `days_ago` calendar days back (now, for 0)."""
    now = timezone.now()
    if days_ago == 0:
        return now
    local = (now - timedelta(days=days_ago)).astimezone(TZ)
    return local.replace(hour=9, minute=15, second=0, microsecond=0)


def _staff(prefix: str) -> dict[str, User]:
    return {
        "counter": User.objects.get(username=f"{prefix}.motcua"),
        "specialist": User.objects.get(username=f"{prefix}.chuyenvien"),
        "leader": User.objects.get(username=f"{prefix}.chutich"),
    }


def _body(action: str, staff: dict[str, User], body: dict, dossier: Dossier) -> dict:
    if action == "transfer":
        return {"assignee": staff["specialist"].get_username()}
    if action == "return":  # the applicant collects it in person (or it goes by post)
        return {
            "collector_name": dossier.applicant_name,
            "collector_id_number": dossier.applicant_id_number,
            "tracking_number": f"EB{dossier.pk:09d}VN",
        }
    return dict(body)


DEMO_CITIZEN_PHONE = "0900000025"


def _demo_scan(title: str) -> bytes:
    """A one-page PDF standing in for a scanned paper, marked as demo."""
    doc = OfficialDocument(title=title)
    doc.paragraph(f"{title}: bản quét minh họa (DỮ LIỆU DEMO, không phải giấy tờ thật).")
    return doc.render()


def _online_dossier(unit: str, unit_name: str, rng: random.Random) -> Dossier:
    """A birth registration filed online by the demo citizen, waiting at the counter (status 1)."""
    account = Account.objects.filter(phone=DEMO_CITIZEN_PHONE).select_related("user").first()
    if account is None:
        account = create_citizen_account(full_name="Lương Thị Mai (demo)", phone=DEMO_CITIZEN_PHONE)
    version = procedure_version("1.001193")
    if version is None:  # the catalog is loaded before the demo dossiers
        raise RuntimeError("Chưa nạp thủ tục 1.001193 (motcua catalog load).")
    files = [
        OnlineFile(document=item["id"], name=f"{item['id']}.pdf", content=_demo_scan(item["name"]))
        for item in version.required_documents
        if item.get("mandatory") and not str(item["id"]).startswith("to-khai")
    ]
    return submit_online(
        actor=account.user,
        procedure="1.001193",
        unit=unit,
        applicant=_applicant(rng, 11, unit_name),
        data=version.form_schema["examples"][0],
        files=files,
    )


@transaction.atomic
def ensure_demo_dossiers(communes: Sequence[tuple[str, str]] = DEMO_COMMUNES) -> int:
    """Create the sample dossiers once; a second call finds them and creates nothing.

    Each demo commune also gets one dossier filed online by the demo citizen (phone
    0900000025), waiting for its counter to accept it (status 1).
    """
    if Dossier.objects.filter(idempotency_key__startswith=DEMO_KEY_PREFIX).exists():
        return 0
    rng = random.Random(2025)  # fixed seed: the same demo every time  # noqa: S311
    created = 0
    for prefix, unit in communes:
        staff = _staff(prefix)
        unit_name = staff["counter"].official.unit.name
        old_book = _old_book_birth(staff["counter"].official.unit)
        for index, scenario in enumerate(_scenarios()):
            version = procedure_version(scenario.procedure)
            if version is None:
                continue
            documents = [
                {"document": item["id"], "originals": 1, "copies": 0}
                for item in version.required_documents
                if item.get("mandatory")
            ]
            data = dict(version.form_schema["examples"][0])
            if scenario.procedure == COPY_OF_EXTRACT:
                # The copy asks for the birth of the commune's digitised old book.
                data["registration_number"] = f"{old_book.number}/{old_book.year}"
                data["registration_date"] = f"{old_book.registered_at:%Y-%m-%d}"
            dossier = receive_dossier(
                actor=staff["counter"],
                procedure=scenario.procedure,
                unit=unit,
                channel=1 + index % 2,
                applicant=_applicant(rng, index, unit_name),
                data=data,
                documents=documents,
                idempotency_key=f"{DEMO_KEY_PREFIX}{prefix}-{scenario.key}",
                received_at=_received_at(scenario.days_ago),
            )
            for action, who, body in scenario.steps:
                ACTIONS[action].run(
                    dossier, actor=staff[who], **_body(action, staff, body, dossier)
                )
            created += 1
        _online_dossier(unit, unit_name, rng)
        created += 1
    return created
