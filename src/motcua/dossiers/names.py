"""Staff search by the applicant's name, read from the name words' keys (`NameWord`, ADR
0004 and 0006).

Each word of a query must start a word of the folded name, in any order: "ng van an"
finds Nguyễn Văn An, "an" finds An and Anh but not Lan. A name's keys are each of its
words alone and with each other word of the name, under the communes that see the dossier.
A query reads one range of keys under the user's communes: its rarest term's words, with
its next rarest term as the other word (a term that starts the same word, as "an" and "anh"
may, is not a partner: both could be one word), and checks any further term on the whole
name kept in the index. So a search reads about the dossiers that have both words, not all
the commune's dossiers with one of them (docs/performance.md, ninth pass).

The rarest terms are told by a sample of the newest name words (`word_counts`). Which
terms drive changes the cost, never the answer. The matches are counted up to
`listing.COUNT_CAP` (ADR 0007).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q

from .listing import NameMatch
from .models import WORD_LENGTH, Dossier, name_word_set

SAMPLE = 2_000  # the newest dossiers, whose names tell which words are common
SAMPLE_SECONDS = 3_600  # how long a process keeps its sample


@dataclass(frozen=True)
class WordCounts:
    """How often each word occurs in a sample of names, to rank a query's terms: the
    sampled words in order, and the running count before each."""

    words: tuple[str, ...] = ()
    before: tuple[int, ...] = (0,)

    @classmethod
    def of(cls, words: Sequence[str]) -> WordCounts:
        tally = Counter(words)
        ordered = sorted(tally)
        running = itertools.accumulate((tally[word] for word in ordered), initial=0)
        return cls(tuple(ordered), tuple(running))

    def starting(self, prefix: str) -> int:
        """How many sampled words start with `prefix`."""
        first = bisect.bisect_left(self.words, prefix)
        last = bisect.bisect_left(self.words, after(prefix))
        return self.before[last] - self.before[first]


def word_counts() -> WordCounts:
    """In how many of the newest `SAMPLE` dossiers' names (a few hours of the province's
    intake) each word occurs, read once per `SAMPLE_SECONDS` per process: the newest rows
    lie together at the end of the table."""
    return _word_counts(int(time.monotonic() // SAMPLE_SECONDS))


@functools.lru_cache(maxsize=1)
def _word_counts(period: int) -> WordCounts:
    newest = Dossier.objects.order_by("-id").values_list("applicant_name_folded", flat=True)
    return WordCounts.of([word for name in newest[:SAMPLE] for word in name_word_set(name)])


def forget_word_counts() -> None:
    """Read the sample again at the next search (tests, after loading data)."""
    _word_counts.cache_clear()


def after(prefix: str) -> str:
    """The least string after every word that starts with `prefix` (code point order,
    which is also the byte order of UTF-8 that the index compares). No character follows
    the last one (U+10FFFF): past it, the character before it is the one to raise, and
    a prefix of nothing else is below a string longer than any word of it."""
    stem = prefix.rstrip(chr(sys.maxunicode))
    if not stem:
        return chr(sys.maxunicode) * (WORD_LENGTH + 1)
    return stem[:-1] + chr(ord(stem[-1]) + 1)


def ranked_terms(terms: Sequence[str]) -> tuple[str, str | None, list[str]]:
    """The driving term (the rarest), its partner (the next rarest that cannot start the
    same word), and the terms left to check on the name. Ties go to the longer term."""
    counts = word_counts()
    ranked = sorted(terms, key=lambda term: (counts.starting(term), -len(term)))
    driving = ranked[0]
    partner = next(
        (term for term in ranked[1:] if not (term.startswith(driving) or driving.startswith(term))),
        None,
    )
    return driving, partner, [term for term in terms if term not in (driving, partner)]


def name_words(codes: Sequence[str], terms: Sequence[str]) -> NameMatch | None:
    """Dossiers whose applicant's name has a word starting with each term, under the
    user's communes `codes` (`scope_unit_codes`), as a condition on the name words' keys
    (`NameMatch`); None without terms or communes.

    The range of words a term starts is a prefix (LIKE 'term%'), which PostgreSQL reads as
    a range of the index's pattern operator class (`name_word_place_pair_idx`); the
    partner's range is read within each word's keys from the same index."""
    terms = list(dict.fromkeys(term[:WORD_LENGTH] for term in terms if term))
    if not terms or not codes:
        return None
    driving, partner, checked = ranked_terms(terms)
    condition = Q(place__in=list(codes), word__startswith=driving)
    if partner is None:
        condition &= Q(other="")
    else:
        condition &= Q(other__startswith=partner)
    for term in checked:  # the term starts a word of the whole name
        condition &= Q(name__startswith=term) | Q(name__contains=" " + term)
    return NameMatch(condition)
