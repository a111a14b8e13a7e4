"""`/kam map`: a real PNG of the account map, and a text tree that terminals and Slack can show safely."""
from __future__ import annotations

import io

from PIL import Image as PILImage

from kambot.storage.db import session_scope
from kambot.storage.models import UserProfile
from tests.core.test_who import build

PEOPLE = [
    {"name": "Vera Boss", "title": "CEO", "role": "decision_maker"},
    {"name": "Elena Buyer", "title": "CFO", "role": "economic_buyer", "reports_to": "Vera Boss"},
    {"name": "Chris Champ", "title": "IT Director", "role": "champion", "reports_to": "Vera Boss"},
    {"name": "Ivan Eng", "title": "Engineer", "reports_to": "Chris Champ", "relationship_owner": "U_CARL"},
    {"name": "Olga Old", "title": "VP Sales", "status": "left", "reports_to": "Vera Boss"},
]


def tree_text(reply) -> str:
    """The text tree as a terminal shows it (the sections hold it in code blocks)."""
    return "\n".join(reply.sections)


def test_map_is_a_valid_png_with_a_caption_and_a_tree(engine, kam):
    build(engine, PEOPLE, [{"who": "Elena Buyer", "ago": ago, "by": "U_BEN"} for ago in (1, 8, 15)])
    reply = kam("/kam map Acme Corp")
    assert reply.kind == "map"
    picture = PILImage.open(io.BytesIO(reply.image.png))
    assert picture.format == "PNG" and picture.size[0] > 200 and picture.size[1] > 100
    picture.verify()
    assert reply.image.filename == "map-acme-corp.png"
    assert reply.image.title == "Account map: Acme Corp"
    assert reply.text.startswith(":world_map: *Account map of Acme Corp*: 4 people (1 gone).")
    assert "1 strong, 0 medium, 0 weak, 3 with nobody yet" in reply.text
    tree = tree_text(reply)
    assert tree.startswith("```\n") and tree.endswith("\n```")
    for person in PEOPLE:
        assert person["name"] in tree
    assert "Olga Old (left)" in tree
    assert "├── Elena Buyer — CFO · Economic buyer · strong · ours: BEN" in tree
    assert "Ivan Eng — Engineer · no relationship · ours: CARL" in tree  # the assigned owner holds it


def test_our_people_appear_by_their_slack_names_when_known(engine, kam):
    with session_scope(engine) as session:
        session.add(UserProfile(team_id="T1", user_id="U_BEN", name="Ben Ortiz"))
        session.add(UserProfile(team_id="T2", user_id="U_ANA", name="Not in this team"))
    build(engine, PEOPLE, [{"who": "Elena Buyer", "ago": 3, "by": "U_BEN"},
                           {"who": "Vera Boss", "ago": 3, "by": "U_ANA"}])
    tree = tree_text(kam("/kam map Acme Corp"))
    assert "ours: Ben Ortiz" in tree and "ours: ANA" in tree and "Not in this team" not in tree


def test_the_map_in_spanish(engine, kam):
    build(engine, PEOPLE)
    reply = kam("/kam mapa Acme Corp")
    assert reply.lang == "es"
    assert reply.text.startswith(":world_map: *Mapa de la cuenta Acme Corp*: 4 personas (1 ya no está).")
    assert "Olga Old (se fue)" in tree_text(reply) and "Decisor" in tree_text(reply)
    assert reply.image.title == "Mapa de la cuenta: Acme Corp"


def test_hostile_names_cannot_ping_or_break_out_of_the_code_block(engine, kam):
    build(engine, [{"name": "<!channel> ```", "title": "<@U999>"}], account="Evil & Co")
    reply = kam("/kam map Evil & Co")
    tree = tree_text(reply)
    assert "<!channel>" not in tree and "<@U999>" not in tree and "&lt;!channel&gt;" in tree
    assert tree.count("```") == 2  # only our own fences
    assert reply.image.filename == "map-evil-co.png"
    assert reply.image.title == "Account map: Evil & Co"  # plain text in Slack's file viewer: not escaped


def test_a_150_person_account_fits_slack_sections(engine, kam):
    people = [{"name": "Chief Person", "title": "CEO", "role": "decision_maker"}]
    people += [{"name": f"Person {i:03d}", "title": "Manager" if i < 10 else "Engineer",
                "reports_to": "Chief Person" if i < 10 else f"Person {i % 10:03d}"} for i in range(149)]
    build(engine, people, [{"who": "Person 005", "ago": 2}])
    reply = kam("/kam map Acme Corp")
    assert reply.kind == "map" and reply.data["people"] == 150
    assert all(len(section) <= 3000 and section.startswith("```\n") and section.endswith("\n```")
               for section in reply.sections)
    tree = tree_text(reply)
    assert all(f"Person {i:03d}" in tree for i in range(149))
    PILImage.open(io.BytesIO(reply.image.png)).verify()


def test_an_account_without_people_says_how_to_add_them(engine, kam):
    build(engine, [])
    reply = kam("/kam map Acme Corp")
    assert reply.image is None and "/kam contact Acme Corp:" in reply.text


def test_unknown_account_gets_suggestions_not_a_picture(engine, kam):
    build(engine, PEOPLE)
    reply = kam("/kam map Acmo")
    assert reply.kind == "unknown_account" and reply.image is None
    assert "`/kam map Acme Corp`" in reply.text


def test_plain_language_asks_for_the_map(engine, kam):
    build(engine, PEOPLE)
    assert kam("show me the org chart of Acme Corp").kind == "map"
    assert kam("¿me enseñas el organigrama de Acme Corp?").kind == "map"
    assert kam("mapa de Acme Corp").kind == "map"
