"""`/kam who <account> [about <topic>]` (`/kam quién`): who to contact at an account, why, and how to reach them."""
from __future__ import annotations

import re
from typing import Mapping

from kambot.core.account_reply import account_question, resolve_for
from kambot.core.call import Call
from kambot.core.i18n import label
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.core.resolve import AccountMatch
from kambot.core.stored_relationships import account_relationships
from kambot.domain.parsing.language import fold
from kambot.domain.recommend import Candidate, Person, Recommendation, approach_text, recommend
from kambot.domain.strength import explain
from kambot.domain.text import Mrkdwn, normalize_name
from kambot.storage.accounts import accounts_by_norms, get_account
from kambot.storage.channels import linked_account
from kambot.storage.models import Account

_TALK = (r"(?:contact|talk\s+to|talk\s+with|speak\s+to|speak\s+with|call|reach\s+out\s+to|reach|email|write\s+to"
         r"|approach|ask|go\s+to|meet|see)")
_HABLAR = (r"(?:hablo|hablamos|hablar|debo\s+hablar|deberia\s+hablar|puedo\s+hablar|tengo\s+que\s+hablar"
           r"|me\s+comunico|me\s+pongo\s+en\s+contacto|contacto|trato)")
_CONTACTAR = (r"(?:contacto|contactamos|contactar|debo\s+contactar|deberia\s+contactar|puedo\s+contactar|llamo"
              r"|llamar|escribo|escribir|le\s+escribo|acudo|pregunto|busco|conocemos|conozco)")
_REST = r"\s+(?:at|in|from|with)\s+(?P<args>.+)$"
_RESTO = r"\s+(?:en|de|del)\s+(?P<args>.+)$"
INTENTS = (
    rf"^\s*whom?\s+(?:should|shall|do|can|could|would|must)\s+(?:i|we)\s+{_TALK}{_REST}",
    rf"^\s*whom?\s+to\s+{_TALK}{_REST}",
    r"^\s*who(?:'s|’s|\s+is|\s+are)\s+(?:our|the|my)\s+(?:(?:best|main|key|primary|go-to|right)\s+)?"
    r"(?:contacts?|person|people)" + _REST,
    r"^\s*who\s+do\s+(?:we|i)\s+know" + _REST,
    rf"^\s*¿?\s*con\s+quien(?:es)?\s+{_HABLAR}{_RESTO}",
    rf"^\s*¿?\s*a\s+quien(?:es)?\s+{_CONTACTAR}{_RESTO}",
    r"^\s*¿?\s*quien(?:es)?\s+(?:es|son)\s+(?:el|la|los|las|nuestro|nuestra|nuestros|mi)\s+"
    r"(?:(?:mejor|mejores|principal)\s+)?(?:contactos?|personas?|interlocutor(?:a|es)?)"
    r"(?:\s+(?:clave|principal))?" + _RESTO,
)
# Words that separate the account from the topic: "Acme about billing", "Acme sobre facturación".
_TOPIC_SPLIT = re.compile(
    r"\s+(?:about|on|regarding|for|re:?|concerning|in|sobre|acerca\s+de|para|respecto\s+(?:a|al|de|del)"
    r"|en\s+cuanto\s+a|en)\s+|\s*\bre:\s*")
# "/kam who should I contact at Acme": what the slash form may carry before the account.
_FILLER = re.compile(
    r"^(?:(?:is|are|es|son)\s+)?(?:(?:should|do|can)\s+(?:i|we)\s+\w+(?:\s+(?:to|with|out\s+to))?\s+)?"
    r"(?:(?:the|our|my|el|la|nuestro|nuestra|mi)\s+(?:(?:best|main|mejor|principal)\s+)?"
    r"(?:contact|contacto|person|persona)\s+)?(?:at|en)\s+")
MAX_SPLIT_TRIES = 3


_TOPIC_WORD = re.compile(r"^(?:about|on|re|regarding|sobre|acerca\s+de|de)\s+", re.IGNORECASE)


def handle(call: Call) -> Reply:
    """Recommend the person to talk to, two alternatives and the way in; never an error for a bad name."""
    text = _without_filler(call.args.strip().strip("?¿!¡. "))
    linked = linked_account(call.session, team_id=call.team_id, channel_id=call.ctx.channel_id)
    if not text and linked is None:
        return call.reply("who_usage", kind=ReplyKind.USAGE)
    if not text:  # in an account's channel: that account
        account, topic, question = linked, None, None
    else:
        account, topic, question = _account_and_topic(call, text)
    if question is not None and linked is not None and question.kind == ReplyKind.UNKNOWN_ACCOUNT:
        # "who about pricing" in an account's channel: the channel's account, the words a topic
        account, topic, question = linked, _TOPIC_WORD.sub("", text).strip() or None, None
    if question is not None:
        return question
    # Everyone's score, and the named people's strength, from the running totals the database keeps.
    today = call.ctx.today
    people, relationships = account_relationships(call.session, team_id=account.team_id, account_id=account.id,
                                                  today=today)
    if not people:
        return call.reply("who_no_contacts", kind=ReplyKind.NO_CONTACTS, account=account.name)
    rec = recommend(people, relationships, asker=call.ctx.user_id, today=today, topic=topic)
    people_by_id = {p.id: p for p in people}
    reply = call.reply("who_answer", kind=ReplyKind.WHO, **_view(call, account, people_by_id, rec, topic))
    reply.data = {
        "account_id": account.id, "topic": topic, "top": rec.top.person.id if rec.top else None,
        "alternatives": [c.person.id for c in rec.alternatives], "departed": [d.person.id for d in rec.departed],
        "no_relationships": rec.no_relationships,
    }
    return reply


def _without_filler(text: str) -> str:
    found = _FILLER.match(fold(text))
    return text[found.end():] if found else text


def _account_and_topic(call: Call, text: str) -> tuple[Account | None, str | None, Reply | None]:
    """(account, topic, None), or (None, topic, reply) when the account is unknown or ambiguous."""
    folded = fold(text)
    splits = [(text, None)] + [(text[:m.start()].strip(), text[m.end():].strip() or None)
                               for m in _TOPIC_SPLIT.finditer(folded) if m.start() > 0]
    # An exact name wins, the longest first: "Bank for Life about billing" keeps "for Life" in the name.
    exact = accounts_by_norms(call.session, team_id=call.team_id, norms=[normalize_name(a) for a, _ in splits])
    for part, topic in sorted(splits, key=lambda s: -len(s[0])):
        ids = exact.get(normalize_name(part))
        if ids and len(ids) == 1:
            return get_account(call.session, team_id=call.team_id, account_id=ids[0]), topic, None
    # No exact name: the first split is the likeliest reading, then the whole text (typos and aliases are
    # the resolver's job; a shared alias comes back ambiguous from it).
    tries = (splits[1:] + splits[:1])[:MAX_SPLIT_TRIES]
    first = None
    for part, topic in tries:
        match = resolve_for(call, part)
        if match.status == "found":
            return match.account, topic, None
        if match.status == "ambiguous":
            return None, topic, _question(call, match, part, topic)
        first = first or (match, part, topic)
    match, part, topic = first
    return None, topic, _question(call, match, part, topic)


def _question(call: Call, match: AccountMatch, part: str, topic: str | None) -> Reply:
    return account_question(call, match, part, command="who", example_rest=_topic_example(call.lang, topic))


def _topic_example(lang: str, topic: str | None) -> str:
    if not topic:
        return ""
    return f" {'sobre' if lang == 'es' else 'about'} {topic}"


def _person(call: Call, people_by_id: Mapping[int, Person], candidate: Candidate) -> dict:
    p, lang = candidate.person, call.lang
    role = p.role_key
    return {
        "name": p.name, "title": p.title or "", "role": label(lang, "role", role) if role else "",
        "reason": candidate.reason_code,
        # explain() builds its line from numbers, band words and <@user> mentions of our own users only
        "why": Mrkdwn(explain(candidate.strength, lang)),
        "how": Mrkdwn(approach_text(candidate, people_by_id, lang, today=call.ctx.today)),
    }


def _view(call: Call, account: Account, people_by_id: Mapping[int, Person], rec: Recommendation,
          topic: str | None) -> dict:
    departed = [{"name": d.person.name, "title": d.person.title or "",
                 "replacement": d.replaced_by.name if d.replaced_by else ""} for d in rec.departed]
    return {
        "account": account.name, "topic": topic or "", "no_relationships": rec.no_relationships,
        "top": _person(call, people_by_id, rec.top) if rec.top else None,
        "alternatives": [_person(call, people_by_id, c) for c in rec.alternatives], "departed": departed,
    }
