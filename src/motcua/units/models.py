"""Administrative units and agencies.

Unit codes are the official statistical codes as strings: provinces two digits ("25"),
communes five digits zero-padded ("08914"). The code is the primary key, so every reference
(officials, dossiers) reads as the official code and survives a re-import.
"""

from __future__ import annotations

from django.db import models

from motcua.core.models import TimeStampedModel

from .choices import AgencyKind, DivisionType, Level

# QCVN 102:2016/BTTTT electronic identifier of an agency: NNN.NN.NN.HNN.
ECODE_REGEX = r"^\d{3}\.\d{2}\.\d{2}\.H\d{2}$"


class Unit(TimeStampedModel):
    """A province or a commune (đơn vị hành chính), as `vietnam-provinces` gives it.

    Never deleted: a unit that disappears from a package upgrade is marked inactive, so the
    dossiers and officials that point at it keep their references.
    """

    code = models.CharField("mã", max_length=5, primary_key=True)
    name = models.CharField("tên", max_length=120)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    codename = models.CharField("tên mã", max_length=120, blank=True)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    division_type = models.CharField("loại", max_length=24, choices=DivisionType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="tỉnh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_active = models.BooleanField("còn hiệu lực", default=True)
    has_public_service_centre = models.BooleanField(
        "có Trung tâm Dịch vụ sự nghiệp công", default=False
    )
    has_health_station = models.BooleanField("có Trạm Y tế", default=False)

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "parent"], name="unit_level_parent_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(level=Level.PROVINCE, parent__isnull=True)
                    | models.Q(level=Level.COMMUNE, parent__isnull=False)
                ),
                name="unit_commune_has_province",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_ward(self) -> bool:
        return self.division_type == DivisionType.PHUONG

    @property
    def province_code(self) -> str:
        return self.code if self.level == Level.PROVINCE else (self.parent_id or "")

    @property
    def short_name(self) -> str:
        """The name with its division type in lower case: "xã Đạo Trù", for agency names."""
        for division in (DivisionType.PHUONG, DivisionType.XA, DivisionType.DAC_KHU):
            prefix = division.value.capitalize() + " "
            if self.name.startswith(prefix):
                return division.value + " " + self.name[len(prefix) :]
        return self.name


class Agency(TimeStampedModel):
    """A body of a commune (cơ quan): People's Committee, its divisions, the PSC...

    `ecode` is its QCVN 102 electronic identifier, the prefix of every dossier code it
    receives. Codes the province has not supplied are generated and flagged `ecode_is_demo`.
    """

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="agencies"
    )
    kind = models.CharField("loại cơ quan", max_length=32, choices=AgencyKind.choices)
    name = models.CharField("tên", max_length=200)
    ecode = models.CharField(
        "mã định danh điện tử", max_length=13, unique=True, null=True, blank=True
    )
    ecode_is_demo = models.BooleanField("mã minh họa (demo)", default=True)
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["unit_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="agency_unique_kind_per_unit"),
            models.CheckConstraint(
                condition=models.Q(ecode__isnull=True) | models.Q(ecode__regex=ECODE_REGEX),
                name="agency_ecode_qcvn102_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.name
