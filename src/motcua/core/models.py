"""Abstract base models shared by every app."""

from typing import Any, ClassVar, NoReturn

from django.db import models


class TimeStampedModel(models.Model):
    """Adds created_at / updated_at, stored in UTC (invariant 3)."""

    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class WriteOnceQuerySet[M: "WriteOnce"](models.QuerySet[M]):
    """Refuses bulk updates and deletes of a `WriteOnce` model, with its own error."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise self.model.TAMPERING(self.model.CHANGED)

    def delete(self) -> NoReturn:
        raise self.model.TAMPERING(self.model.DELETED)


class WriteOnce(models.Model):
    """A row written once and never changed or deleted (a dossier's events, its snapshot):
    `save` on a saved row, `delete`, and its `WriteOnceQuerySet`'s bulk `update`/`delete`
    raise `TAMPERING` with the Vietnamese message `CHANGED` or `DELETED`."""

    TAMPERING: ClassVar[type[Exception]]
    CHANGED: ClassVar[str]
    DELETED: ClassVar[str]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise self.TAMPERING(self.CHANGED)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise self.TAMPERING(self.DELETED)
