"""Choices for units and agencies."""

from django.db import models


class Level(models.TextChoices):
    """Two-tier local government since 1 July 2025: provinces and communes only."""

    PROVINCE = "province", "Cấp tỉnh"
    COMMUNE = "commune", "Cấp xã"


class DivisionType(models.TextChoices):
    """The division types `vietnam-provinces` gives (its VietNamDivisionType values)."""

    TINH = "tỉnh", "Tỉnh"
    THANH_PHO_TRUNG_UONG = "thành phố trung ương", "Thành phố trực thuộc trung ương"
    XA = "xã", "Xã"
    PHUONG = "phường", "Phường"
    DAC_KHU = "đặc khu", "Đặc khu"


class AgencyKind(models.TextChoices):
    """The bodies of a commune (DOMAIN.md); the last two only where a province sets the flag."""

    PEOPLES_COMMITTEE = "peoples_committee", "Ủy ban nhân dân"
    OFFICE = "office", "Văn phòng HĐND và UBND"
    ECONOMIC = "economic", "Phòng Kinh tế"
    CULTURE_SOCIETY = "culture_society", "Phòng Văn hóa - Xã hội"
    PSC = "psc", "Trung tâm Phục vụ hành chính công"
    PUBLIC_SERVICE_CENTRE = "public_service_centre", "Trung tâm Dịch vụ sự nghiệp công"
    HEALTH_STATION = "health_station", "Trạm Y tế"


# Agencies every commune has; the optional ones follow the unit's flags.
STANDARD_AGENCY_KINDS = (
    AgencyKind.PEOPLES_COMMITTEE,
    AgencyKind.OFFICE,
    AgencyKind.ECONOMIC,
    AgencyKind.CULTURE_SOCIETY,
    AgencyKind.PSC,
)
