"""Choices for officials, positions and accounts."""

from django.db import models


class Role(models.TextChoices):
    """What an official may do (vai trò): the union of their active positions' roles."""

    COUNTER = "counter", "Tiếp nhận và trả kết quả (một cửa)"
    SPECIALIST = "specialist", "Chuyên viên thụ lý"
    LEADER = "leader", "Lãnh đạo phê duyệt"
    REGISTRAR = "registrar", "Công chức hộ tịch"
    COMMUNE_ADMIN = "commune_admin", "Quản trị cấp xã"
    PROVINCE_SUPERVISOR = "province_supervisor", "Giám sát cấp tỉnh"
    PROVINCE_ADMIN = "province_admin", "Quản trị cấp tỉnh"


# Roles held at the province unit; they see every commune of the province.
PROVINCE_ROLES = frozenset({Role.PROVINCE_SUPERVISOR, Role.PROVINCE_ADMIN})


class Title(models.TextChoices):
    """The post an official holds (chức danh), as written on documents."""

    CHAIRMAN = "chairman", "Chủ tịch UBND"
    VICE_CHAIRMAN = "vice_chairman", "Phó Chủ tịch UBND"
    PSC_DIRECTOR = "psc_director", "Giám đốc Trung tâm Phục vụ hành chính công"
    PSC_DEPUTY_DIRECTOR = "psc_deputy_director", "Phó Giám đốc Trung tâm Phục vụ hành chính công"
    OFFICE_CHIEF = "office_chief", "Chánh Văn phòng HĐND và UBND"
    OFFICE_DEPUTY_CHIEF = "office_deputy_chief", "Phó Chánh Văn phòng HĐND và UBND"
    DIVISION_HEAD = "division_head", "Trưởng phòng"
    DIVISION_DEPUTY_HEAD = "division_deputy_head", "Phó Trưởng phòng"
    OFFICER = "officer", "Công chức"
    CIVIL_STATUS_OFFICER = "civil_status_officer", "Công chức Tư pháp - Hộ tịch"
    SPECIALIST = "specialist", "Chuyên viên"
    PROVINCE_SPECIALIST = "province_specialist", "Chuyên viên cấp tỉnh"


# A commune People's Committee has one chairman and at most two vice-chairmen (DOMAIN.md).
MAX_VICE_CHAIRMEN = 2

# The title a position gets when none is given.
DEFAULT_TITLE: dict[str, Title] = {
    Role.COUNTER: Title.OFFICER,
    Role.SPECIALIST: Title.OFFICER,
    Role.LEADER: Title.VICE_CHAIRMAN,
    Role.REGISTRAR: Title.CIVIL_STATUS_OFFICER,
    Role.COMMUNE_ADMIN: Title.OFFICER,
    Role.PROVINCE_SUPERVISOR: Title.PROVINCE_SPECIALIST,
    Role.PROVINCE_ADMIN: Title.PROVINCE_SPECIALIST,
}


class AccountKind(models.TextChoices):
    """Who a non-official account belongs to: a citizen or a digital volunteer."""

    CITIZEN = "citizen", "Công dân"
    VOLUNTEER = "volunteer", "Tình nguyện viên số"
