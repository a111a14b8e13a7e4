"""Which people at one account a line names: known contacts, first names to ask about, and new people."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, select
from sqlmodel import Session

from kambot.core.name_index import NameCore, name_cores
from kambot.domain.parsing.language import fold
from kambot.domain.parsing.line import ParsedLine
from kambot.domain.parsing.people import STOP_WORDS, NewContactHint, named_with
from kambot.domain.text import normalize_name
from kambot.storage.models import Account, Contact

# Words that are also first names ("will", "may"): a person only when capitalised.
COMMON_WORDS = STOP_WORDS | frozenset(("may", "mark", "bill", "grant", "rose", "hope", "sol", "luz", "pat", "art"))

# Built once, one column and no ORDER BY, so SQLite uses the (team_id, account_id) index.
_PEOPLE_AT = select(Contact).where(Contact.team_id == bindparam("team"), Contact.account_id == bindparam("account"))


@dataclass
class AmbiguousName:
    """A first name shared by several people at the account."""

    typed: str
    candidates: list[Contact]


@dataclass
class ContactMatch:
    """People a line names at one account: known, ambiguous first names, and new people to add."""

    known: list[Contact] = field(default_factory=list)
    ambiguous: list[AmbiguousName] = field(default_factory=list)
    new: list[NewContactHint] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # named after "with"/"con", nobody at the account

    @property
    def status(self) -> str:
        return "ambiguous" if self.ambiguous else "ok"


def resolve_contacts(session: Session, *, team_id: str, account_id: int, parsed: ParsedLine,
                     cache: dict | None = None) -> ContactMatch:
    """Known contacts by full name or unique first name, shared first names to ask about, and new people."""
    # Not contacts_of_account: its ORDER BY makes SQLite scan the whole team through the name index.
    people = session.execute(_PEOPLE_AT, {"team": team_id, "account": account_id})
    by_full: dict[str, list[Contact]] = {}
    by_first: dict[str, list[Contact]] = {}
    for person in people.scalars():
        by_full.setdefault(person.name_norm, []).append(person)
        by_first.setdefault(person.first_norm, []).append(person)
    match, taken = ContactMatch(), set()
    for hint in parsed.new_contacts:
        norm = normalize_name(hint.name)
        if norm in by_full:
            match.known.extend(by_full[norm])  # already known: log them, add nobody
        else:
            match.new.append(hint)
        taken.update(norm.split())
    account = session.get(Account, account_id)
    account_norms = {normalize_name(n) for n in [account.name, *account.aliases.split(";")]} if account else set()
    cores = [c for c in name_cores(parsed.phrases, parsed.name_norms) if c.clean and c.norm not in account_norms]
    cores += _capitalised_stop_words(parsed.report, by_first)
    for core in sorted(cores, key=lambda c: -c.words):
        if core.norm in by_full and not set(core.norm.split()) <= taken:
            match.known.extend(by_full[core.norm])
            taken.update(core.norm.split())
    for core in cores:
        named = by_first.get(core.norm)
        if core.words != 1 or not named or core.norm in taken:
            continue
        if core.norm in COMMON_WORDS and not core.typed[:1].isupper():
            continue  # "will send the deck" names nobody
        if len(named) == 1:
            match.known.append(named[0])
        elif not any(p in match.known for p in named):
            match.ambiguous.append(AmbiguousName(core.typed, sorted(named, key=lambda p: p.name_norm)))
    order = fold(parsed.text)
    match.known = sorted({p.id: p for p in match.known}.values(), key=lambda p: _position(order, p))
    new = {normalize_name(h.name) for h in match.new}
    for name in named_with(parsed.report):
        norm = normalize_name(name)
        words = norm.split()
        if norm in by_full or words[0] in by_first or norm in new or norm in account_norms:
            continue
        if not any(norm == a or norm in a.split() or a.startswith(f"{norm} ") for a in account_norms):
            match.unknown.append(name)  # "with Lucía at Acme": nobody called Lucía at Acme yet
    return match


def _capitalised_stop_words(report: str, by_first: dict[str, list[Contact]]) -> list[NameCore]:
    """First names that are also stop words ("Will", "May") when typed capitalised mid-sentence."""
    found: dict[str, NameCore] = {}
    for word in report.split()[1:]:  # the first word is capitalised by grammar, not because it is a name
        norm = normalize_name(word)
        if word[:1].isupper() and norm in STOP_WORDS and norm in by_first:
            found.setdefault(norm, NameCore(norm, word.strip(",.;:!?"), 1, True))
    return list(found.values())


def _position(text: str, person: Contact) -> int:
    """Where a person is first named in the line, so people are listed in the order they were typed."""
    where = text.find(fold(person.name.split()[0]))
    return where if where >= 0 else len(text)
