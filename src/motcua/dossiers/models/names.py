"""The name words' keys of the staff search by name (ADR 0004, 0006)."""

from django.db import models

from .dossier import WORD_LENGTH, Dossier


class NameWord(models.Model):
    """One key of a dossier's folded applicant name, filed under one commune that sees the
    dossier: its competent commune, and also the receiving PSC's commune when it was filed
    away (phi địa giới). A key is a word of the name alone (`other` empty), or a word with
    another word of the same name (`other`): a name of n distinct words has n² keys under
    each commune. Staff search by name reads, under the commune, the keys of the query's
    rarest word with its next rarest as `other`, and checks any further word on the whole
    `name` kept beside it in the index, so its cost follows the commune's dossiers that
    have both words, not all those with one of them nor the province's history (ADR 0004,
    0006; docs/performance.md). Written with the dossier by the intake, never changed after.
    """

    place = models.CharField("xã, phường", max_length=5)
    word = models.CharField("từ (không dấu)", max_length=WORD_LENGTH)
    other = models.CharField(
        "từ khác cùng họ tên (không dấu)", max_length=WORD_LENGTH, blank=True, default=""
    )
    name = models.CharField("họ tên (không dấu)", max_length=120)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "từ trong họ tên người nộp"
        verbose_name_plural = "từ trong họ tên người nộp"
        indexes = [
            # Ranges of words compare bytes on PostgreSQL (the pattern operator class, any
            # collation); `name` rides in the index so a search reads the index alone.
            models.Index(
                fields=["place", "word", "other", "dossier"],
                name="name_word_place_pair_idx",
                opclasses=[
                    "varchar_pattern_ops",
                    "varchar_pattern_ops",
                    "varchar_pattern_ops",
                    "int8_ops",
                ],
                include=["name"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place}: {self.word} {self.other}".rstrip()


def name_words(dossier: Dossier, receiving_unit: str) -> list[NameWord]:
    """The `NameWord` rows of `dossier`'s applicant name, unsaved, for `bulk_create` (the
    intake, an online filing, a corrected name)."""
    folded = dossier.applicant_name_folded
    return [
        NameWord(dossier=dossier, place=place, word=word, other=other, name=folded)
        for place, word, other in name_word_keys(dossier.unit_id, receiving_unit, folded)
    ]


def name_word_set(folded: str) -> list[str]:
    """The distinct words of a folded name as its keys hold them, in order."""
    return sorted({word[:WORD_LENGTH] for word in folded.split() if word})


def name_word_keys(unit: str, receiving_unit: str, folded: str) -> list[tuple[str, str, str]]:
    """(commune, word, other word or "") of a folded name: each distinct word alone and with
    each other distinct word, once per commune that sees the dossier. A name's length is
    bounded (120 characters), so are its keys."""
    words = name_word_set(folded)
    return [
        (place, word, other)
        for place in sorted({unit, receiving_unit})
        for word in words
        for other in ["", *(other for other in words if other != word)]
    ]
