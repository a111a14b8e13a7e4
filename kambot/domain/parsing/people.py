"""People in a line: Slack mentions, contacts introduced as new, and name-like spans for lookup."""
from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from kambot.domain.parsing.language import fold

MENTION_RE = re.compile(r"<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>")


def slack_mentions(text: str) -> tuple[str, ...]:
    """Slack user ids mentioned in text, in order of first appearance, without repeats."""
    return tuple(dict.fromkeys(MENTION_RE.findall(text)))


@dataclass(frozen=True)
class NewContactHint:
    """A person the user says is new to the account, as written, with a title next to it if any."""

    name: str
    title: str | None


# Words that can make up a job title between "new" and the name (folded). A title may also
# contain acronyms (CFO, VP, EMEA) and the connectors below.
_TITLE_WORDS = frozenset("""
contact point person stakeholder champion sponsor buyer owner decision maker hire
ceo cfo cto coo cmo cio cpo cro ciso vp svp evp avp gm md
chief officer president vice director head manager lead leader coordinator analyst engineer
architect specialist partner executive deputy assistant senior junior general regional global
country account category key principal associate
procurement purchasing sales marketing finance financial operations ops engineering it hr legal
compliance supply chain product technology technical commercial business development strategy
logistics quality people talent customer success
contacto persona responsable interlocutor interlocutora comprador compradora
director directora gerente jefe jefa presidente presidenta vicepresidente vicepresidenta
coordinador coordinadora analista ingeniero ingeniera encargado encargada socio socia
consejero consejera administrador administradora delegado delegada subdirector subdirectora
compras ventas finanzas operaciones tecnologia sistemas comercial cuentas cuenta recursos humanos
logistica calidad producto negocio desarrollo estrategia
""".split())
_CONNECTORS = frozenset(("of", "for", "and", "&", "de", "del", "y", "la", "el"))
_NOT_A_TITLE = frozenset(("contact", "contacto", "person", "persona", "point of contact",
                          "stakeholder", "hire", "interlocutor", "interlocutora"))

# A name word: capitalised and with at least one lower-case letter ("Ravi", "McDonald", "O'Neil",
# "Gómez"), so acronyms such as "CFO" or "VP" are never taken for names.
_NAME_WORD = r"\p{Lu}[\p{Lu}'’-]*\p{Ll}[\p{L}'’-]*"
_PARTICLE = r"(?:de\s+la|de\s+los|de\s+las|del|van\s+der|van\s+den|van|von|da|di|dos|du|le)"
# Two or more name words, particles allowed between them ("María José de la Fuente"). A bare
# "de" is only taken right after a first name ("Ana de Armas"): after a surname it is far more
# often "from" ("Luis Pérez de Acme").
_NAME = regex.compile(
    rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD})+|{_NAME_WORD}\s+de\s+{_NAME_WORD}")
_NEW = regex.compile(r"(?<!\w)(?:new|nuev[oa]s?)\s+", regex.IGNORECASE)
# Someone named right after "with"/"con" (or "and"/"y" in a list of them): one to three name words.
_WITH = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:with|w/|con|c/|and|y|&)\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})")
_TOKEN = regex.compile(r"\S+")
_GAP = regex.compile(r"[\s,:;]*")
_BEFORE = regex.compile(
    rf"(?P<name>{_NAME.pattern}),\s*(?:(?:our|their|the|his|her|a|su|sus|el|la|nuestro|nuestra)\s+)?$")


def _title_end(text: str, pos: int) -> int:
    """End of the run of title words starting at pos; a comma or colon closes the title."""
    end = pos
    for count, tok in enumerate(_TOKEN.finditer(text, pos)):
        word = tok.group().rstrip(",:;")
        folded = fold(word)
        is_acronym = 2 <= len(word) <= 5 and word.isupper() and word.isalpha()
        if count >= 6 or not (folded in _TITLE_WORDS or folded in _CONNECTORS or is_acronym):
            break
        end = tok.start() + len(word)
        if tok.group() != word:
            break
    return end


def _clean_title(raw: str) -> str | None:
    words = raw.strip(" ,:;").split()
    while words and fold(words[-1]) in _CONNECTORS:
        words.pop()
    title = " ".join(words)
    return None if not title or fold(title) in _NOT_A_TITLE else title


def _trim_name(name: str) -> str | None:
    # A name found before "their new CFO" may start with a capitalised verb: "Met Dana Scully".
    words = name.split()
    while len(words) > 2 and fold(words[0]) in STOP_WORDS:
        words.pop(0)
    return " ".join(words) if fold(words[0]) not in STOP_WORDS else None


def named_with(text: str) -> tuple[str, ...]:
    """Names as typed after "with"/"con" ("call with Lucía", "lunch w/ Dan Ross and Eva"), in order."""
    return tuple(dict.fromkeys(m["name"] for m in _WITH.finditer(text)))


def new_contact_hints(text: str) -> list[NewContactHint]:
    """Names introduced as new ("our new CFO, Dana Scully", "la nueva directora, Ana Gómez")."""
    hints: dict[str, NewContactHint] = {}
    for new in _NEW.finditer(text):
        end = _title_end(text, new.end())
        if end == new.end():
            continue  # "new" must be followed by a role word: "new proposal for Acme Corp" is no person
        name = _NAME.match(text, _GAP.match(text, end).end())
        if name is None:  # "Dana Scully, their new CFO"
            name = _BEFORE.search(text, max(0, new.start() - 120), new.start())
            name = name and _NAME.match(name["name"])
        full = name and _trim_name(name.group())
        if full and full not in hints:
            hints[full] = NewContactHint(full, _clean_title(text[new.end():end]))
    return list(hints.values())


# Words that never name an account or a person on their own, in either language: function
# words, touchpoint words and date words. Spans made only of these are skipped.
STOP_WORDS = frozenset("""
a an the and or of to for on in at by with from about after before into over via per re is was
were be been we i you he she they it this that these those our their his her my your its our
me us them will would should can could have has had do did done not no yes also just then
call called calls phoned phone rang email emailed emails mail mailed sent send meeting meetings
met meet sync demo qbr visit visited workshop lunch dinner coffee breakfast drinks conference
webinar event message messaged text texted whatsapp linkedin slack sms dm quick catch up follow
today yesterday tomorrow tonight morning afternoon evening night last next ago week weeks day
days month months year new contact step steps
monday tuesday wednesday thursday friday saturday sunday
el la los las lo le les un una unos unas y o u de del al con en por para sin sobre entre hasta
desde que como su sus mi mis tu nuestro nuestra es fue era ha han hemos he muy mas tambien ya
llamada llamadas llame llamamos llamo correo correos envie escribi mensaje reunion reunimos nos
visita visite almuerzo comida cena desayuno cafe evento feria congreso conferencia
hoy ayer anoche anteayer manana tarde noche semana pasada pasado proximo proxima hace dias
mes nuevo nueva contacto paso pasos siguiente
lunes martes miercoles jueves viernes sabado domingo
yday yest ystd tmrw tmw tmr mtg mtgs f2f vc fup nxt w x q c tb tmb tambien mnn finde weekend antier
anteanoche reu tel wsp wa brunch summit expo seminar meetup events eventos ferias congresos videollamada
""".split())

_CHUNK_BREAK = re.compile(r"""[,;:()\[\]{}!?"“”«»]|<[^>]*>|\s[-–—]\s|\.(?=\s|$)|\s/\s""")
_EDGE = "'\"‘’“”.-–—*_`~"


def _words(chunk: str) -> list[str]:
    out = []
    for raw in chunk.split():
        word = raw.strip(_EDGE)
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if word:
            out.append(word)
    return out


def _is_stop(word: str) -> bool:
    folded = fold(word)
    return folded in STOP_WORDS or not any(ch.isalpha() for ch in folded)


def name_phrases(text: str, max_words: int = 4) -> list[str]:
    """Spans of 1..max_words words for account/contact lookup, longest first, none all stop words."""
    chunks = [_words(c) for c in _CHUNK_BREAK.split(text)]
    stops = [[_is_stop(w) for w in words] for words in chunks]
    found: dict[str, None] = {}
    for size in range(max_words, 0, -1):
        for words, stop in zip(chunks, stops):
            for i in range(len(words) - size + 1):
                if not all(stop[i:i + size]):
                    found.setdefault(" ".join(words[i:i + size]))
    return list(found)
