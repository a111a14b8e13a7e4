"""`/kam map <account>` (`/kam mapa`): the account map as a picture, with a text tree for terminals."""
from __future__ import annotations

from kambot.core.account_data import AccountData, display_names
from kambot.core.account_reply import asked_account, slug
from kambot.core.call import Call
from kambot.core.map_words import map_words
from kambot.core.reply import Image, Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.text import escape_mrkdwn
from kambot.orgmap import MapPerson, render_png, text_tree

MAX_HOLDERS = 3  # names per box: more would not fit, and the first ones know the person best
CHUNK = 2800  # characters of tree per section: Slack sections hold 3,000 and each needs its own fences


# DM phrasings that ask for this command (folded text; group "args" is what the command gets).
INTENTS = (
    r"^\s*(?:show\s+(?:me\s+)?|draw\s+(?:me\s+)?)?(?:the\s+|an?\s+)?(?:account\s+map|map|org\s*-?\s*chart)"
    r"\s+(?:of|for|at)\s+(?P<args>.+)$",
    r"^\s*¿?\s*(?:(?:me\s+)?(?:muestras|muestrame|ensenas|ensename|dibujas|dibujame)\s+)?"
    r"(?:el\s+)?(?:mapa|organigrama)"
    r"(?:\s+de\s+la\s+cuenta)?\s+(?:de|del|en)\s+(?P<args>.+)$",
)


def handle(call: Call) -> Reply:
    """Draw the account map: boxes by reporting line, coloured by our relationship, who holds it."""
    data = asked_account(call, command="map", usage="map_usage")
    if isinstance(data, Reply):
        return data
    account = data.account
    if not data.people:
        return call.reply("map_empty", kind=ReplyKind.NO_CONTACTS, account=account.name)
    people = map_people(call, data)
    tree = text_tree(people, words=map_words(call.lang))
    bands = [p.band for p in people if not p.departed]
    reply = call.reply("map_caption", kind=ReplyKind.MAP, account=account.name, count=len(bands),
                       gone=len(people) - len(bands), strong=bands.count("strong"), medium=bands.count("medium"),
                       weak=bands.count("weak"), nobody=bands.count("none"))
    reply.sections = tree_sections(tree)
    png = render_png(people, account_name=account.name, words=map_words(call.lang))
    # The title is plain text in Slack's file viewer: no mrkdwn escaping there.
    reply.image = Image(png=png, filename=f"map-{slug(account.name)}.png",
                        title=f"{map_words(call.lang).title}: {account.name}")
    reply.data = {"account_id": account.id, "people": len(people), "tree": tree}
    return reply


def map_people(call: Call, data: AccountData) -> list[MapPerson]:
    """Each contact with their relationship band and the names of our people who hold it."""
    strengths = {p.id: data.strength(p.id) for p in data.people}
    holders: dict[int, list[str]] = {}
    for person in data.people:
        ids = [person.relationship_owner] if person.relationship_owner else []
        ids += [user for user, _ in strengths[person.id].holders if user not in ids]
        holders[person.id] = ids[:MAX_HOLDERS]
    names = display_names(call.session, team_id=call.team_id, user_ids=[u for ids in holders.values() for u in ids],
                          lookup=call.ctx.user_names)  # colleagues who never used kambot: ask Slack
    return [
        MapPerson(id=p.id, name=p.name, title=p.title, role="_".join((p.role or "").lower().split()) or None,
                  reports_to=p.reports_to, status=p.status, strength=strengths[p.id].band,
                  holders=tuple(names[u] for u in holders[p.id]), stance=p.stance, influence=p.influence)
        for p in data.people
    ]


def tree_sections(tree: str) -> list[str]:
    """The tree as escaped code blocks under Slack's section size (a ``` typed in a name can't close one)."""
    safe = escape_mrkdwn(tree).replace("```", "`\u200b`\u200b`")
    sections, current = [], []
    size = 0
    for line in safe.split("\n"):
        if current and size + len(line) + 1 > CHUNK:
            sections.append("```\n" + "\n".join(current) + "\n```")
            current, size = [], 0
        current.append(line[:CHUNK])
        size += len(line[:CHUNK]) + 1
    if current:
        sections.append("```\n" + "\n".join(current) + "\n```")
    return sections
