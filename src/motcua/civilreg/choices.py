"""Choices of the civil-status register (Circular 04/2020/TT-BTP, ../shared/DOMAIN.md)."""

from django.db import models


class BookKind(models.TextChoices):
    """The kind of a civil-status book (loại sổ hộ tịch): one series of books per kind, per
    commune, per year (Circular 04/2020/TT-BTP)."""

    BIRTH = "birth", "Sổ đăng ký khai sinh"
    DEATH = "death", "Sổ đăng ký khai tử"
    MARRIAGE = "marriage", "Sổ đăng ký kết hôn"
    MARITAL_STATUS = "marital_status", "Sổ cấp Giấy xác nhận tình trạng hôn nhân"
    RECOGNITION = "recognition", "Sổ đăng ký nhận cha, mẹ, con"
    GUARDIANSHIP = "guardianship", "Sổ đăng ký giám hộ"
    CHANGE = "change", "Sổ đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch"
    OTHER = "other", "Sổ ghi vào sổ hộ tịch việc hộ tịch khác"


class EntryStatus(models.TextChoices):
    """Whether an entry stands (hiệu lực) or was voided because it was made in error; a void
    entry is never deleted and keeps its number (the book's numbers stay gap-free)."""

    ACTIVE = "active", "Có hiệu lực"
    VOID = "void", "Đã hủy (ghi nhầm)"


class PersonalIdState(models.TextChoices):
    """Where the personal identification number (số định danh cá nhân) of an entry's subject
    stands: a newborn's number comes from the national population register, often late."""

    NOT_APPLICABLE = "not_applicable", "Không áp dụng"
    WAITING = "waiting", "Chờ số định danh"
    ISSUED = "issued", "Đã có số định danh"
    FAILED = "failed", "Cần cập nhật"
