"""Which account a line or a typed name means: exact names first, then typos, then contacts' names."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, select
from sqlmodel import Session

from kambot.core.cache import Cache
from kambot.core.name_index import NameCore, NameHit, NameIndex, name_cores
# The people half, re-exported: the log command, tests and benches import it from here.
from kambot.core.resolve_contacts import COMMON_WORDS, AmbiguousName, ContactMatch, resolve_contacts  # noqa: F401
from kambot.domain.parsing.line import ParsedLine
from kambot.domain.parsing.people import name_phrases
from kambot.domain.text import normalize_name
from kambot.storage.accounts import accounts_version, all_account_names
from kambot.storage.contacts import contacts_named
from kambot.storage.models import Account, AccountName, Contact

FUZZY_MIN = 84  # "Umbrela"~"umbrella" scores 93, "Globx"~"globex" 91; "Acne"~"acme" (75) is another word
SURE = 90  # a typo of a longer phrase this close beats an exact alias inside it
TIE_MARGIN = 4  # typos this close to two names are a question, not a guess
SUGGEST_MIN = 50
MAX_CANDIDATES = 8  # a first name found at more accounts than this says nothing about the account
MAX_FUZZY_CORES = 6  # bounds the cost of a long line without a known name
PREFIX_MIN = 3  # "Ini" begins Initech and Initrode: a question listing both; "In" begins too many names
# Typed account text this much longer than the name it contains is junk around a name ("Acme'; DROP TABLE…"):
# asked back ("did you mean Acme Corp?"), never acted on. So are two code characters beside the name.
JUNK_SLACK = 12
CODE_CHARS = frozenset(";=*%<>|{}[]\\$`^~")
MAX_JUNK_WORDS = 60  # a 20,000-character line is looked through for a name in its first words only


@dataclass
class AccountMatch:
    """The account a text means: found, ambiguous (with candidates) or unknown (with suggestions)."""

    status: str  # found | ambiguous | unknown
    account: Account | None = None
    candidates: list[Account] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    phrase: str | None = None
    via: str = ""  # name | typo | contact | prefix | picked: how the account was recognised
    meant: Account | None = None  # unknown: the one account the text names amid junk ("did you mean …?")


def name_index(session: Session, *, team_id: str, cache: Cache) -> NameIndex:
    """The team's trigram index, rebuilt only when storage bumped the team's accounts_version."""
    version = accounts_version(session, team_id=team_id)
    index = cache.get(("name_index", team_id))
    if index is None or index.version != version:
        index = NameIndex.build(all_account_names(session, team_id=team_id), version=version)
        cache[("name_index", team_id)] = index
    return index


class _Search:
    """Fuzzy lookups for one request: the index is validated at most once and each phrase searched once."""

    def __init__(self, session: Session, team_id: str, cache: Cache):
        self.session, self.team_id, self.cache = session, team_id, cache
        self._index: NameIndex | None = None
        self._hits: dict[str, list[NameHit]] = {}
        self.accounts: dict[int, Account] = {}  # loaded by the name lookup; the session only holds weak refs

    def __call__(self, norm: str) -> list[NameHit]:
        if self._index is None:
            self._index = name_index(self.session, team_id=self.team_id, cache=self.cache)
        if norm not in self._hits:
            self._hits[norm] = self._index.search(norm)
        return self._hits[norm]


def resolve_account(session: Session, *, team_id: str, query: str, cache: Cache) -> AccountMatch:
    """The account a phrase names ("Acme", "umbrella salud", "ACME", "Umbrela"), tolerating small typos.

    A phrase that begins two or more names ("Ini": Initech, Initrode) is ambiguous; a name amid junk
    ("Acme Corp'; DROP TABLE account;--") is unknown with that account as `meant`, never found.
    """
    norm = normalize_name(query)
    if not norm:
        return AccountMatch("unknown")
    typed = query.strip().lstrip("@")
    search = _Search(session, team_id, cache)
    ids = _exact(search, [norm]).get(norm)
    if ids:
        return _pick(search, ids, (), typed, "name")
    whole = NameCore(norm, typed, 2, True)
    found = _fuzzy(search, [whole], prefix=True)
    if found:  # the whole query before its words: "Stark Logistic" is not the alias "Stark"
        return _pick(search, found[0], (), found[1], "typo")
    match = _resolve(search, name_cores(tuple(name_phrases(query))), set(), by_contact=False)
    if match.status == "found" and _amid_junk(typed, match.phrase or ""):
        return AccountMatch("unknown", phrase=typed, suggestions=[match.account.name], meant=match.account)
    if match.status == "unknown":
        ids = _prefixed(search, norm)
        if ids:
            return _ambiguous(search, ids, typed)
        embedded = _embedded(search, norm) if len(typed) > JUNK_SLACK else None
        if embedded is not None and _amid_junk(typed, embedded[1]):
            return AccountMatch("unknown", phrase=typed, suggestions=[embedded[0].name], meant=embedded[0])
        match.phrase, match.suggestions = typed, _suggest(search, [whole])
    return match


def _amid_junk(typed: str, phrase: str) -> bool:
    """True when `typed` is much more than the `phrase` it was found by, or has code characters beside it."""
    rest = typed.casefold().replace(phrase.casefold(), " ", 1) if phrase else typed
    return len(typed) > 2 * len(phrase) + JUNK_SLACK or sum(ch in CODE_CHARS for ch in rest) >= 2


def find_account_in_line(session: Session, *, team_id: str, parsed: ParsedLine, cache: Cache) -> AccountMatch:
    """The account a free line talks about, from its names, typos, and the contacts it names."""
    people = {t for hint in parsed.new_contacts for t in normalize_name(hint.name).split()}
    search = _Search(session, team_id, cache)
    return _resolve(search, name_cores(parsed.phrases), people, by_contact=True)


def _resolve(search: _Search, cores: tuple[NameCore, ...], people: set[str], *, by_contact: bool) -> AccountMatch:
    """Exact names, then typos after account cues, then contacts' full names, other typos, first names."""
    session, team_id = search.session, search.team_id
    lookups = [c for c in cores if c.clean and len(c.norm) >= 4 and not set(c.norm.split()) <= people]
    exact = _exact(search, [c.norm for c in cores])
    hits = [(c, exact[c.norm]) for c in cores if c.norm in exact]
    if hits:  # cores are sorted strongest first: the first hit and any equally strong ones compete
        first = hits[0][0]
        longer = [c for c in lookups if c.words > first.words and f" {first.norm} " in f" {c.norm} "]
        found = longer and _fuzzy(search, longer, prefix=False, least=SURE)
        if found:  # "Inversines Radcliffe Steel" is a typo of a longer name, not the alias "Radcliffe"
            return _pick(search, found[0], cores, found[1], "typo")
        ids = [i for core, found in hits if (core.cue, core.words) == (first.cue, first.words) for i in found]
        return _pick(search, list(dict.fromkeys(ids)), cores, first.typed, "name")
    strong = [c for c in lookups if c.cue == 2][:MAX_FUZZY_CORES]
    if strong:
        found = _fuzzy(search, strong, prefix=True)
        if found:
            return _pick(search, found[0], cores, found[1], "typo")
    full = _named(session, team_id, _BY_FULL_NAME, [c.norm for c in lookups if 2 <= c.words <= 4]) \
        if by_contact else []
    if len({a for a, _, _ in full}) == 1:
        return _found(search, full[0][0], full[0][1], "contact")
    taken = {t for _, _, norm in full for t in norm.split()}
    weak = [c for c in lookups if c.cue < 2 and not set(c.norm.split()) <= taken][:MAX_FUZZY_CORES]
    if weak:
        found = _fuzzy(search, weak, prefix=False)
        if found:
            return _pick(search, found[0], cores, found[1], "typo")
    if by_contact and not full:
        full = _named(session, team_id, _BY_FIRST_NAME,
                      [c.norm for c in cores if c.words == 1 and c.clean and c.norm not in people])
        if len({a for a, _, _ in full}) == 1:
            return _found(search, full[0][0], full[0][1], "contact")
    accounts = list(dict.fromkeys(a for a, _, _ in full))
    if 1 < len(accounts) <= MAX_CANDIDATES:
        return _ambiguous(search, accounts, None)
    for core in [c for c in cores if c.cue == 2 and c.clean and not set(c.norm.split()) <= people | taken][:2]:
        ids = _prefixed(search, core.norm)  # "at Ini": Initech or Initrode, unless a named person decides
        if ids:
            return _pick(search, ids, cores, core.typed, "prefix")
    unnamed = [c for c in lookups if not set(c.norm.split()) <= taken]  # people's names suggest no account
    return AccountMatch("unknown", phrase=unnamed[0].typed if unnamed else None, suggestions=_suggest(search, unnamed))


# One indexed query for every phrase of a line: (team_id, name_norm) on AccountName, then the Account rows
# by primary key, so a found account needs no second query (accounts_by_norms + accounts_by_ids, joined).
_ACCOUNTS_NAMED = (select(AccountName.name_norm, Account).join(Account, Account.id == AccountName.account_id)
                   .where(AccountName.team_id == bindparam("team"),
                          AccountName.name_norm.in_(bindparam("norms", expanding=True))))
_ACCOUNTS_BY_ID = select(Account).where(Account.team_id == bindparam("team"),
                                        Account.id.in_(bindparam("ids", expanding=True)))


def _exact(search: _Search, norms: list[str]) -> dict[str, list[int]]:
    """Account ids for each normalised name or alias among `norms`, keeping the accounts for the reply."""
    found: dict[str, list[int]] = {}
    if norms:
        params = {"team": search.team_id, "norms": sorted(set(norms))}
        for norm, account in search.session.execute(_ACCOUNTS_NAMED, params):
            found.setdefault(norm, []).append(account.id)
            search.accounts[account.id] = account
    return found


_PREFIXED = (select(AccountName.name_norm, AccountName.account_id)
             .where(AccountName.team_id == bindparam("team"), AccountName.name_norm >= bindparam("low"),
                    AccountName.name_norm < bindparam("high")).limit(4 * MAX_CANDIDATES))


def _prefixed(search: _Search, norm: str, *, least: int = 2) -> list[int]:
    """Accounts whose name or alias begins with `norm`, when there are `least` to MAX_CANDIDATES of them."""
    if len(norm) < PREFIX_MIN:
        return []
    params = {"team": search.team_id, "low": norm, "high": norm[:-1] + chr(ord(norm[-1]) + 1)}
    rows = search.session.execute(_PREFIXED, params).all()  # a range on (team_id, name_norm): the index
    ids = list(dict.fromkeys(i for name, i in rows if name.startswith(norm)))
    return ids if least <= len(ids) <= MAX_CANDIDATES and len(rows) < 4 * MAX_CANDIDATES else []


def _embedded(search: _Search, norm: str) -> tuple[Account, str] | None:
    """The one account whose name or alias is the longest run of words inside `norm`, and that run."""
    words = norm.split()[:MAX_JUNK_WORDS]
    runs = {" ".join(words[i:i + n]) for n in range(1, 5) for i in range(len(words) - n + 1)}
    found = _exact(search, [r for r in runs if len(r) >= PREFIX_MIN])
    if not found:  # "Acme SELECT * FROM …": the first words begin one account's name
        for lead in (" ".join(words[:n]) for n in (3, 2, 1) if n <= len(words)):
            ids = _prefixed(search, lead, least=1)
            if len(ids) == 1:
                found = {lead: ids}
                break
        else:
            return None
    best = max(found, key=lambda r: (len(r), r))
    ids = list(dict.fromkeys(found[best]))
    account = _accounts(search, ids).get(ids[0]) if len(ids) == 1 else None
    return (account, best) if account is not None else None


def _accounts(search: _Search, ids: list[int]) -> dict[int, Account]:
    """Accounts by id: those the name lookup loaded, and the rest in one query."""
    missing = [i for i in ids if i not in search.accounts]
    if missing:
        rows = search.session.execute(_ACCOUNTS_BY_ID, {"team": search.team_id, "ids": missing}).scalars()
        search.accounts.update((a.id, a) for a in rows)
    return {i: search.accounts[i] for i in ids if i in search.accounts}


def _named_query(column):
    return (select(Contact.account_id, Contact.name, Contact.name_norm)
            .where(Contact.team_id == bindparam("team"), column.in_(bindparam("norms", expanding=True))).limit(60))


# Built once: SQLAlchemy then skips statement construction (a third of a small query's cost). One column
# per query and no ORDER BY, so SQLite uses (team_id, name_norm) / (team_id, first_norm); ORed or sorted
# it walks every contact of the team (100 ms at 300,000 contacts).
_BY_FULL_NAME = _named_query(Contact.name_norm)
_BY_FIRST_NAME = _named_query(Contact.first_norm)


def _named(session: Session, team_id: str, query, norms: list[str]) -> list[tuple[int, str, str]]:
    """(account id, name, name_norm) of people with one of these full or first names, anywhere in the team."""
    if not norms:
        return []
    return [tuple(row) for row in session.execute(query, {"team": team_id, "norms": sorted(set(norms))})]


def _fuzzy(search: _Search, cores: list[NameCore], *, prefix: bool, least: float = FUZZY_MIN
           ) -> tuple[list[int], str] | None:
    """The first phrase (strongest cue, longest) within a typo of some names: those accounts, and the phrase."""
    for core in cores:  # "Bridge Grainte Capital" decides before its first word "Bridge" matches ten names
        scored = sorted(((h.score(prefix=prefix and core.cue == 2), h.account_id) for h in search(core.norm)),
                        reverse=True)
        if scored and scored[0][0] >= least:
            return [i for score, i in scored if score >= max(least, scored[0][0] - TIE_MARGIN)], core.typed
    return None


def _pick(search: _Search, ids: list[int], cores, typed: str, via: str) -> AccountMatch:
    """One account, or the one a named contact works at, or a question listing them all."""
    if len(ids) == 1:
        return _found(search, ids[0], typed, via)
    norms = [c.norm for c in cores if c.clean]
    people = contacts_named(search.session, team_id=search.team_id, norms=norms, account_ids=ids) if norms else []
    decided = {c.account_id for c in people}
    if len(decided) == 1:
        return _found(search, decided.pop(), typed, "contact")
    return _ambiguous(search, ids, typed)


def _found(search: _Search, account_id: int, typed: str | None, via: str) -> AccountMatch:
    account = _accounts(search, [account_id]).get(account_id)
    if account is None:  # an index built inside a transaction that was rolled back: not a real name
        return AccountMatch("unknown", phrase=typed)
    return AccountMatch("found", account=account, phrase=typed, via=via)


def _ambiguous(search: _Search, ids: list[int], typed: str | None) -> AccountMatch:
    accounts = _accounts(search, ids[:MAX_CANDIDATES])
    candidates = sorted(accounts.values(), key=lambda a: a.name_norm)
    if len(candidates) == 1:
        return AccountMatch("found", account=candidates[0], phrase=typed, via="typo")
    return AccountMatch("ambiguous", candidates=candidates, phrase=typed)


def _suggest(search: _Search, cores: list[NameCore]) -> list[str]:
    """Up to three account names closest to what was typed, for "did you mean"."""
    scores: dict[int, float] = {}
    for core in cores[:MAX_FUZZY_CORES]:
        for hit in search(core.norm):
            if hit.score(prefix=True) >= SUGGEST_MIN:
                scores[hit.account_id] = max(scores.get(hit.account_id, 0), hit.score(prefix=True))
    ids = sorted(scores, key=lambda i: -scores[i])[:3]
    accounts = _accounts(search, ids)
    return [accounts[i].name for i in ids if i in accounts]
