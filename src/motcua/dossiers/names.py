"""Staff search by the applicant's name, read from the name words' keys (`NameWord`, ADR
0004 and 0006).

Each word of a query must start a word of the folded name, in any order: "ng van an"
finds Nguyễn Văn An, "an" finds An and Anh but not Lan. A name's keys are each of its
words alone and with each other word of the name, under the communes that see the dossier.
A query reads one key range under the user's communes: its rarest term's words, with its
next rarest term as the other word (a term that starts the same word, as "an" and "anh"
may, is not a partner: both could be one word), and checks any further term on the whole
name kept in the index. So a search reads about the dossiers that have both words, not all
the commune's dossiers with one of them (at 10M dossiers: a given name's range of ~13,000
keys in a busy ward, against a few hundred; docs/performance.md, ninth pass).

The rarest terms are told by a sample of the newest name words (`word_counts`). A prefix
term stands for every word it starts ("an": an, anh), which a key range cannot seek with
the other word after it; the words it starts in each commune are found first, one index
step each (a loose index scan, `_keys_starting`), and each is then read with its partner
as one range. Which terms drive changes the cost, never the answer.

The same walk finds, under each such word, the other words in the partner's range, so a
search knows every key it reads (`listing.NameKeys`); each key's newest entries are read
backwards, and the count stops at `listing.COUNT_CAP` (ADR 0007).
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

from django.db import connection

from motcua.core.sql import placeholders, rows

from .listing import NOTHING, TABLE, WORDS, Condition, NameKeys, like_pattern, name_check
from .models import WORD_LENGTH, name_word_set

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
    sql = f"SELECT applicant_name_folded FROM {TABLE} ORDER BY id DESC LIMIT %s"  # noqa: S608
    return WordCounts.of([word for name, *_ in rows(sql, [SAMPLE]) for word in name_word_set(name)])


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


def name_words(codes: Sequence[str], terms: Sequence[str]) -> Condition | None:
    """Dossiers whose applicant's name has a word starting with each term, under the
    user's communes `codes` (`scope_unit_codes`): a condition on the name words' keys
    aliased `w` (one row or more per dossier) with the keys it reads (`NameKeys`),
    `NOTHING` where no key is there to read, None without terms or communes."""
    terms = list(dict.fromkeys(term[:WORD_LENGTH] for term in terms if term))
    if not terms or not codes:
        return None
    driving, partner, checked = ranked_terms(terms)
    vendor = connection.vendor
    end = after(driving)
    walk = [driving, end, *codes, end]
    if partner is not None:
        walk += [partner, after(partner), after(partner)]
    keys = tuple(rows(_keys_starting(vendor, len(codes), paired=partner is not None), walk))
    if not keys:
        return NOTHING
    words = sorted({word for _, word, _ in keys})
    # The words as values, not as the statement above inside this one: there PostgreSQL
    # guessed a hundred words a commune, and for a province's 148 communes it walked the
    # whole index to join each key against fifteen thousand guessed words (minutes).
    sql = [f"w.place IN ({placeholders(len(codes))})", f"w.word IN ({placeholders(len(words))})"]
    params = [*codes, *words]
    if partner is None:
        sql.append("w.other = ''")
    else:
        sql.append(_from("w.other", vendor))
        params += [partner, after(partner)]
    checks = tuple(like_pattern(" " + term, before="%", after="%") for term in checked)
    sql += [name_check()] * len(checks)
    return NameKeys(" AND ".join(sql), (*params, *checks), keys=keys, checks=checks)


def _from(column: str, vendor: str) -> str:
    """`column` in [%s, %s): the words from a prefix to `after` it, as an index range
    (PostgreSQL: the pattern operators, which compare bytes as the index does)."""
    if vendor == "postgresql":
        return f"{column} ~>=~ %s AND {column} ~<~ %s"
    return f"{column} >= %s AND {column} < %s"


@functools.cache
def _keys_starting(vendor: str, places: int, *, paired: bool) -> str:
    """Every (place, word, other) of the name words' index with a word in [%s, %s) under
    any of `places` communes (%s each), and, `paired`, an other word in [%s, %s): one
    index step per key found. First the words, the least in range under each commune,
    then the least after it up to the range's end (%s), and so on (a loose index scan);
    then, `paired`, under each word found the other words in their range the same way
    (%s, %s, then the range's end, %s); unpaired, each word's own key (other empty). A
    word of one commune looked up under another finds nothing there, at the cost of one
    step."""
    if vendor == "postgresql":
        later, order = "x.{0} ~>~ v.{0} AND x.{0} ~<~ %s", " USING ~<~"
    else:
        later, order = "x.{0} > v.{0} AND x.{0} < %s", ""
    communes = " UNION ALL ".join(["SELECT CAST(%s AS TEXT) AS place"] * places)
    words = (
        "v(place, word) AS ("  # noqa: S608
        f"SELECT p.place, (SELECT CAST(x.word AS TEXT) FROM {WORDS} x"
        f" WHERE x.place = p.place AND {_from('x.word', vendor)}"
        f" ORDER BY x.word{order} LIMIT 1)"
        f" FROM ({communes}) p"
        " UNION ALL"
        f" SELECT v.place, (SELECT CAST(x.word AS TEXT) FROM {WORDS} x"
        f" WHERE x.place = v.place AND {later.format('word')} ORDER BY x.word{order} LIMIT 1)"
        " FROM v WHERE v.word IS NOT NULL)"
    )
    if not paired:
        return f"WITH RECURSIVE {words} SELECT place, word, '' FROM v WHERE word IS NOT NULL"  # noqa: S608
    same = "x.place = v.place AND x.word = v.word"
    others = (
        "o(place, word, other) AS ("  # noqa: S608
        f"SELECT v.place, v.word, (SELECT CAST(x.other AS TEXT) FROM {WORDS} x"
        f" WHERE {same} AND {_from('x.other', vendor)} ORDER BY x.other{order} LIMIT 1)"
        " FROM v WHERE v.word IS NOT NULL"
        " UNION ALL"
        f" SELECT v.place, v.word, (SELECT CAST(x.other AS TEXT) FROM {WORDS} x"
        f" WHERE {same} AND {later.format('other')} ORDER BY x.other{order} LIMIT 1)"
        " FROM o v WHERE v.other IS NOT NULL)"  # `v`: the key found last
    )
    return (
        f"WITH RECURSIVE {words}, {others}"  # noqa: S608
        " SELECT place, word, other FROM o WHERE other IS NOT NULL"
    )
