"""Changing a citizen account's phone or e-mail (đổi số điện thoại, thư điện tử), issue 24.

The phone or e-mail is the login: whoever changes it owns the account. So it changes only
- by the citizen: a code sent to the old address (`start_change`, `confirm_old`), then a code
  sent to the new one, proving it is theirs (`confirm_new`); or
- at a counter: an officer who has seen the citizen's identity document records it
  (`change_at_counter`: officer, name, commune, document kind and the last four characters);
and every change is a `ContactChange` row written with it, and told to the old address.
The admin shows phone and e-mail read only (accounts/admin.py).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.models import Account
from motcua.accounts.queries import official_of, standing_of
from motcua.notifications.actions import queue_message
from motcua.notifications.models import mask_destination

from .actions import CitizenError, account_by_destination, normalize_destination
from .codes import channel_of, issue_code, verify_code
from .models import CodePurpose, ContactChange, ContactChangeMethod, ContactField, IdentityDocument

WRONG_CODE = "Mã xác thực không đúng hoặc đã hết hạn."


def old_destination(account: Account, field: str) -> str:
    """Where the first code goes: the address being changed, or, when the account has none
    of that kind yet (adding an e-mail), the one it logs in with now."""
    current = account.phone if field == ContactField.PHONE else account.email
    return current or account.phone or account.email


def check_new_value(account: Account, field: str, value: str) -> str:
    """The new phone or e-mail, normalised; `CitizenError` when it is of the wrong kind, the
    same as now, or another account's."""
    if field not in ContactField.values:
        raise CitizenError("Hãy chọn đổi số điện thoại hay thư điện tử.")
    new = normalize_destination(value)
    if (field == ContactField.EMAIL) != ("@" in new):
        raise CitizenError(
            "Thư điện tử mới không hợp lệ."
            if field == ContactField.EMAIL
            else "Số điện thoại mới phải gồm 10 chữ số, bắt đầu bằng 0."
        )
    current = account.phone if field == ContactField.PHONE else account.email
    if new == current.lower():
        raise CitizenError("Địa chỉ mới trùng với địa chỉ đang dùng.")
    other = account_by_destination(new)
    if other is not None and other.pk != account.pk:
        raise CitizenError("Số điện thoại hoặc thư điện tử này đã được dùng cho tài khoản khác.")
    return new


def start_change(account: Account, *, field: str, new_value: str, ip: str | None = None) -> str:
    """Step 1 of the citizen's change: check the new address, send a code to the old one.
    Returns the new address, normalised."""
    new = check_new_value(account, field, new_value)
    issue_code(old_destination(account, field), purpose=CodePurpose.CONTACT_OLD, ip=ip)
    return new


def confirm_old(
    account: Account, *, field: str, new_value: str, code: str, ip: str | None = None
) -> None:
    """Step 2: the code from the old address is right; send one to the new address.

    The code is checked in its own transaction (`verify_code`): a wrong try counts."""
    if not verify_code(old_destination(account, field), code, purpose=CodePurpose.CONTACT_OLD):
        raise CitizenError(WRONG_CODE)
    new = check_new_value(account, field, new_value)
    issue_code(new, purpose=CodePurpose.CONTACT_NEW, ip=ip)


def confirm_new(account: Account, *, field: str, new_value: str, code: str) -> ContactChange:
    """Step 3: the code sent to the new address is right: the change is made.

    The caller (the page) lets this run only after `confirm_old` succeeded for this change."""
    new = check_new_value(account, field, new_value)
    if not verify_code(new, code, purpose=CodePurpose.CONTACT_NEW):
        raise CitizenError(WRONG_CODE)
    return _apply(account, field=field, new=new, method=ContactChangeMethod.CODE)


def change_at_counter(
    account: Account,
    *,
    field: str,
    new_value: str,
    actor: AbstractBaseUser,
    document_kind: str,
    document_number: str,
) -> ContactChange:
    """A counter officer changes the phone or e-mail of a citizen standing before them,
    having checked their identity document; the check is recorded with the officer's name.

    Only an official with the counter role (any commune: a citizen may go to any counter)."""
    counter_units = [unit for unit, role in standing_of(actor).positions if role == Role.COUNTER]
    official = official_of(actor)
    if not counter_units or official is None:
        raise CitizenError("Chỉ cán bộ một cửa được đổi liên hệ của công dân tại quầy.", 403)
    if document_kind not in IdentityDocument.values:
        raise CitizenError("Hãy chọn loại giấy tờ tùy thân đã đối chiếu.")
    number = "".join(ch for ch in (document_number or "") if ch.isalnum()).upper()
    if len(number) < 6:
        raise CitizenError("Hãy nhập số giấy tờ tùy thân đã đối chiếu (ít nhất 6 ký tự).")
    new = check_new_value(account, field, new_value)
    return _apply(
        account,
        field=field,
        new=new,
        method=ContactChangeMethod.COUNTER,
        officer=actor,
        officer_name=official.full_name,
        unit_id=counter_units[0],
        document_kind=document_kind,
        document_tail=number[-4:],
    )


@transaction.atomic
def _apply(
    account: Account,
    *,
    field: str,
    new: str,
    method: str,
    officer: AbstractBaseUser | None = None,
    officer_name: str = "",
    unit_id: str | None = None,
    document_kind: str = "",
    document_tail: str = "",
) -> ContactChange:
    """Change the account and record it, in one transaction; tell the old address."""
    locked = Account.objects.select_for_update().get(pk=account.pk)
    old = getattr(locked, field)
    setattr(locked, field, new)
    try:
        with transaction.atomic():
            locked.save(update_fields=[field, "updated_at"])
    except IntegrityError as error:
        raise CitizenError(
            "Số điện thoại hoặc thư điện tử này đã được dùng cho tài khoản khác."
        ) from error
    change = ContactChange.objects.create(
        account=locked,
        field=field,
        old_value=old,
        new_value=new,
        method=method,
        changed_at=timezone.now(),
        officer_id=officer.pk if officer is not None else None,
        officer_name=officer_name,
        unit_id=unit_id,
        document_kind=document_kind,
        document_tail=document_tail,
    )
    label = ContactField(field).label.lower()
    where = f" tại quầy ({officer_name})" if method == ContactChangeMethod.COUNTER else ""
    for destination in {old, new} - {""}:
        queue_message(
            channel=channel_of(destination),
            destination=destination,
            body=(
                f"Tài khoản dịch vụ công của {locked.full_name} đã đổi {label} sang "
                f"{mask_destination(new)}{where} lúc {timezone.localtime():%H:%M %d/%m/%Y}. "
                "Nếu không phải ông/bà yêu cầu, hãy báo ngay cho bộ phận một cửa."
            ),
            subject="Đổi thông tin liên hệ",
            purpose="contact_change",
            unit_id=unit_id,
        )
    account.refresh_from_db()
    return change
