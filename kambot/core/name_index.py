"""Names as typed: the phrases of a line worth looking up, and a trigram index of a team's account names."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import numpy as np  # a dependency of matplotlib (the account map); counts postings 10x faster than Counter
from rapidfuzz.distance import Indel

from kambot.domain.parsing.people import STOP_WORDS
from kambot.domain.text import normalize_name

# Trigram lists longer than this share of all names (and COMMON_MIN) say little about a name ("ing", " co").
COMMON_SHARE = 0.03
COMMON_MIN = 300
# Most postings one query counts, rarest lists first (numpy: ~0.2 ms). Measured on 130,000 generated
# names (a small vocabulary, so harder than real ones): one dropped or swapped letter finds the right
# name 399 times in 400; a quarter of this budget finds it 343 times.
POSTINGS_BUDGET = 20_000
MAX_LISTS = 20  # a name within a typo of the query shares most of its rarest trigrams
SHORTLIST = 64  # names verified with rapidfuzz per query (about a microsecond each)
PREFIX_PENALTY = 8  # "Globe" for "Globe Tech": a good guess, but never as good as the whole name

ACCOUNT_CUES = frozenset(("at", "from", "for", "en", "de", "del", "para"))  # and "@acme"; not "in" (cities)
CONNECTORS = frozenset(("of", "and", "de", "del", "y", "la", "el", "los", "las", "the"))  # "Banco de Chile"


@dataclass(frozen=True)
class NameCore:
    """The core of a typed phrase (stop words trimmed from its ends) and how strongly its context says "account"."""

    norm: str
    typed: str
    cue: int  # 2 after at/from/for/@/en/de/para, 1 after another stop word (with, con, met), 0 none
    clean: bool  # no stop words inside except name connectors: worth a fuzzy or contact lookup

    @property
    def words(self) -> int:
        return self.norm.count(" ") + 1


def _core(phrase: str, known: frozenset[str] = frozenset()) -> NameCore | None:
    words = phrase.split()
    norms = [normalize_name(w) for w in words]
    cue = 2 if words[0].startswith("@") else 0
    # A known name keeps its words, even stop words at its ends: "Grupo Hoy", "Hoy Comunicaciones".
    while norms and (not norms[0] or norms[0] in STOP_WORDS) and _joined(norms) not in known:
        cue = max(cue, 2 if norms[0] in ACCOUNT_CUES or words[0] == "@" else 1)  # "w/ Lisa @ Initech"
        words, norms = words[1:], norms[1:]
    while norms and (not norms[-1] or norms[-1] in STOP_WORDS) and _joined(norms) not in known:
        words, norms = words[:-1], norms[:-1]
    if not norms:
        return None
    clean = all(n not in STOP_WORDS or n in CONNECTORS for n in norms) or _joined(norms) in known
    return NameCore(_joined(norms), " ".join(words).lstrip("@"), cue, clean)


def _joined(norms: list[str]) -> str:
    return " ".join(n for n in norms if n)


@lru_cache(maxsize=1024)
def name_cores(phrases: tuple[str, ...], known: frozenset[str] = frozenset()) -> tuple[NameCore, ...]:
    """Distinct trimmed phrases, strongest account cue first, then longest (cached: lines repeat per call);
    phrases in `known` (normalised names the line was read with) are kept whole."""
    best: dict[str, NameCore] = {}
    for phrase in phrases:
        core = _core(phrase, known)
        if core and (core.norm not in best or core.cue > best[core.norm].cue):
            best[core.norm] = core
    return tuple(sorted(best.values(), key=lambda c: (-c.cue, -c.words, -len(c.norm))))


@dataclass(frozen=True)
class NameHit:
    """One indexed name close to a query: plain similarity, and as a short form of the name (0-100)."""

    ratio: float
    prefix: float  # the query read as the name's first words ("Globe" for "Globe Tech"), minus a penalty
    name_norm: str
    account_id: int

    def score(self, *, prefix: bool) -> float:
        """The similarity to rank by: with prefix, a short form counts too."""
        return max(self.ratio, self.prefix) if prefix else self.ratio


def trigram_keys(norm: str) -> set[int]:
    """Character trigrams of a normalised name as integers, padded so word edges count (" ac", "me ")."""
    padded = f" {norm} ".encode("ascii", "replace")
    return {(a << 16) | (b << 8) | c for a, b, c in zip(padded, padded[1:], padded[2:])}


def _hit(query: str, words: int, name: str, account_id: int) -> NameHit:
    ratio = Indel.normalized_similarity(query, name) * 100
    head = " ".join(name.split(" ", words)[:words])
    prefix = Indel.normalized_similarity(query, head) * 100 - PREFIX_PENALTY if head != name else 0.0
    return NameHit(ratio, prefix, name, account_id)


class NameIndex:
    """Names and aliases of one team with trigram postings (int32 arrays of name positions); immutable."""

    __slots__ = ("version", "names", "account_ids", "postings", "common")

    def __init__(self, version: int, names: list[str], account_ids: np.ndarray, postings: dict[int, np.ndarray]):
        self.version = version
        self.names = names
        self.account_ids = account_ids
        self.postings = postings
        self.common = max(COMMON_MIN, int(len(names) * COMMON_SHARE))

    @classmethod
    def build(cls, rows: Iterable[tuple[str, int]], *, version: int) -> "NameIndex":
        """Index (name_norm, account_id) rows: ~0.3 s for 130,000 names, once per process and names version."""
        names, ids = [], []
        for norm, account_id in rows:
            names.append(norm)
            ids.append(account_id)
        if not names:
            return cls(version, names, np.zeros(0, np.int32), {})
        # All names, each padded with a space on both sides, in one buffer: its trigrams that do not
        # straddle two names are the names' trigrams, computed at C speed instead of per name.
        codes = np.frombuffer(f" {'  '.join(names)} ".encode("ascii", "replace"), np.uint8).astype(np.int64)
        owner = np.repeat(np.arange(len(names), dtype=np.int64), np.fromiter(map(len, names), np.int64, len(names)) + 2)
        inside = owner[:-2] == owner[2:]
        grams = ((codes[:-2] << 16) | (codes[1:-1] << 8) | codes[2:])[inside]
        keys = np.sort((grams << 32) | owner[:-2][inside])  # by trigram, then name position
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]  # a name repeating a trigram counts once
        gram_of, positions = keys >> 32, (keys & 0xFFFFFFFF).astype(np.int32)
        starts = np.flatnonzero(np.concatenate(([True], gram_of[1:] != gram_of[:-1])))
        ends = np.append(starts[1:], len(keys))
        postings = {g: positions[a:z] for g, a, z in zip(gram_of[starts].tolist(), starts.tolist(), ends.tolist())}
        return cls(version, names, np.array(ids, dtype=np.int32), postings)

    def __len__(self) -> int:
        return len(self.names)

    def search(self, query: str, *, limit: int = SHORTLIST) -> list[NameHit]:
        """Names sharing the most rare trigrams with `query`, verified by rapidfuzz, best first (one per account)."""
        found = sorted((self.postings[g] for g in trigram_keys(query) if g in self.postings), key=len)
        chosen, spent = [], 0
        for postings in found[:MAX_LISTS]:
            if len(postings) > self.common or (spent and spent + len(postings) > POSTINGS_BUDGET):
                break  # sorted by length: every later list is at least as common
            chosen.append(postings)
            spent += len(postings)
        if not chosen:
            return []
        counts = np.bincount(np.concatenate(chosen))
        # A name one typo away shares nearly all of these lists; one sharing a third of them is no match.
        floor = max(int(counts.max()) - 2, (len(chosen) + 2) // 3, 1)
        shortlist = np.flatnonzero(counts >= floor)
        if len(shortlist) > limit:
            shortlist = shortlist[np.argsort(-counts[shortlist], kind="stable")[:limit]]
        words = query.count(" ") + 1
        best: dict[int, NameHit] = {}
        for position in shortlist.tolist():
            hit = _hit(query, words, self.names[position], int(self.account_ids[position]))
            held = best.get(hit.account_id)
            if held is not None:  # an account's name and its aliases: keep the best of each score
                name = hit.name_norm if hit.score(prefix=True) > held.score(prefix=True) else held.name_norm
                hit = NameHit(max(hit.ratio, held.ratio), max(hit.prefix, held.prefix), name, hit.account_id)
            best[hit.account_id] = hit
        return sorted(best.values(), key=lambda h: (-h.score(prefix=True), h.name_norm))
