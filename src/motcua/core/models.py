"""Abstract base models shared by every app."""

from django.db import models


class TimeStampedModel(models.Model):
    """Adds created_at / updated_at, stored in UTC (invariant 3)."""

    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True
