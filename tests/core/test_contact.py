"""`/kam contact`: keep the account map current from Slack; bad input changes nothing and says why."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from kambot.storage.db import session_scope
from kambot.storage.models import Contact, UserProfile
from tests.core.test_who import build, top_line

PEOPLE = [
    {"name": "Vera Boss", "title": "CEO", "role": "decision_maker"},
    {"name": "Chris Champ", "title": "IT Director", "role": "champion", "reports_to": "Vera Boss"},
]


def contact(engine, name: str, team: str = "T1") -> Contact | None:
    with session_scope(engine) as session:
        found = session.execute(
            select(Contact).where(Contact.team_id == team, Contact.name == name)).scalar_one_or_none()
        if found is not None:
            session.expunge(found)
        return found


def snapshot(engine) -> list[tuple]:
    """Every contact row, to prove a refused command changed nothing."""
    with session_scope(engine) as session:
        return [tuple(c.model_dump().items()) for c in session.execute(select(Contact).order_by(Contact.id)).scalars()]


def test_add_a_contact_with_every_field(engine, kam):
    ids = build(engine, PEOPLE)
    reply = kam("/kam contact Acme Corp: Jane Doe, title VP, Finance, department Finance, email Jane.Doe@Acme.com, "
                "role economic buyer, reports to Vera Boss, owner <@U_BEN|ben>")
    assert reply.kind == "contact_added"
    assert reply.text.startswith(":bust_in_silhouette: Added *Jane Doe* to *Acme Corp*.")
    for line in ("• *Title:* VP, Finance", "• *Department:* Finance", "• *Email:* jane.doe@acme.com",
                 "• *Role:* economic buyer", "• *Reports to:* Vera Boss", "• *Relationship owner:* <@U_BEN>",
                 "• *Status:* active"):
        assert line in reply.text
    jane = contact(engine, "Jane Doe")
    assert (jane.title, jane.department, jane.email, jane.role, jane.reports_to_id, jane.relationship_owner,
            jane.status) == ("VP, Finance", "Finance", "jane.doe@acme.com", "economic_buyer", ids["Vera Boss"],
                             "U_BEN", "active")


def test_add_in_spanish_with_spanish_field_names_and_role_labels(engine, kam):
    ids = build(engine, PEOPLE)
    reply = kam("/kam contacto Acme Corp: Lucía Paredes, cargo CISO, departamento Tecnología, correo lucia@acme.com, "
                "rol comprador económico, depende de Vera, responsable yo")
    assert reply.lang == "es" and reply.kind == "contact_added"
    assert "Añadí a *Lucía Paredes* a *Acme Corp*." in reply.text and "• *Rol:* comprador económico" in reply.text
    lucia = contact(engine, "Lucía Paredes")
    assert (lucia.role, lucia.reports_to_id, lucia.relationship_owner) == ("economic_buyer", ids["Vera Boss"], "U_ANA")


@pytest.mark.parametrize("typed, canonical", [
    ("decision maker", "decision_maker"), ("decisor", "decision_maker"), ("Economic Buyer", "economic_buyer"),
    ("campeón", "champion"), ("champion", "champion"), ("blocker", "blocker"), ("bloqueador", "blocker"),
    ("technical_buyer", "technical_buyer"), ("influenciador", "influencer"), ("none", None),
])
def test_roles_in_canonical_form_or_human_labels(engine, kam, typed, canonical):
    build(engine, PEOPLE)
    reply = kam(f"/kam contact Acme Corp: Chris Champ, role {typed}")
    assert reply.ok
    assert contact(engine, "Chris Champ").role == canonical


def test_edit_changes_only_what_was_written_and_says_what_changed(engine, kam):
    build(engine, PEOPLE)
    reply = kam("/kam contact Acme Corp: Chris Champ, title CTO, email chris@acme.com")
    assert reply.kind == "contact_saved"
    assert ":pencil2: Updated *Chris Champ* at *Acme Corp* (title, email)." in reply.text
    chris = contact(engine, "Chris Champ")
    assert (chris.title, chris.email, chris.role) == ("CTO", "chris@acme.com", "champion")


def test_a_unique_first_name_edits_that_person_and_a_dash_clears_a_field(engine, kam):
    build(engine, PEOPLE)
    kam("/kam contact Acme Corp: Chris, title -, reports to -")
    chris = contact(engine, "Chris Champ")
    assert chris.title is None and chris.reports_to_id is None
    with session_scope(engine) as session:
        assert session.execute(select(func.count()).select_from(Contact)).scalar() == 2


def test_rename_and_reactivate(engine, kam):
    build(engine, PEOPLE + [{"name": "Gus Gone", "status": "left"}])
    reply = kam("/kam contact Acme Corp: Gus Gone, name Gus Back, status active")
    assert "(name, status)" in reply.text
    assert contact(engine, "Gus Back").status == "active"


def test_nothing_to_change(engine, kam):
    build(engine, PEOPLE)
    assert "Nothing to change: *Chris Champ* at *Acme Corp* already reads like this." in \
        kam("/kam contact Acme Corp: Chris Champ, role champion").text


@pytest.mark.parametrize("line, says", [
    ("/kam contact Acme Corp: Chris Champ, title CTO, role boss",
     "I don't know the role “boss”. Use one of: decision maker, economic buyer, champion, technical buyer, "
     "influencer, user, blocker"),
    ("/kam contact Acme Corp: Newbie, title CTO, reports to Nobody Known",
     "I don't know anyone called “Nobody Known” at *Acme Corp* to report to."),
    ("/kam contact Acme Corp: Newbie, reports to Vera Bos", "Did you mean Vera Boss?"),
    ("/kam contact Acme Corp: Newbie, email not-an-email", "“not-an-email” doesn't look like an email address."),
    ("/kam contact Acme Corp: Newbie, CFO", "I didn't understand “CFO”."),
    ("/kam contact Acme Corp: Vera Boss, reports to Chris Champ", "That would make a loop in the org chart"),
    ("/kam contact Acme Corp: Chris Champ, reports to Chris Champ", "can't report to (or replace) themselves"),
    ("/kam contact Acme Corp: Newbie, owner @someone", "I don't know who “@someone” is."),
    ("/kam contact left Acme Corp: Nobody Here", "I don't know “Nobody Here” at *Acme Corp*."),
    ("/kam contact Acme Corp: Chris Champ, replaced by Dan", "“replaced by” goes with someone who left"),
    ("/kam contact Acme Corp: Chris Champ, status maybe", "The status can be `active` or `left`"),
])
def test_bad_input_gets_a_clear_answer_and_changes_nothing(engine, kam, line, says):
    build(engine, PEOPLE)
    before = snapshot(engine)
    reply = kam(line)
    assert not reply.ok and reply.kind in ("error", "not_found")
    assert says in reply.text and "Nothing was changed." in reply.text
    assert snapshot(engine) == before


def test_bad_role_in_spanish_lists_spanish_roles(engine, kam):
    build(engine, PEOPLE)
    reply = kam("/kam contacto Acme Corp: Chris Champ, rol jefazo")
    assert "No conozco el rol “jefazo”. Usa uno de estos: decisor, comprador económico, campeón" in reply.text
    assert "No cambié nada." in reply.text


def test_unknown_account_suggests_and_adds_nobody(engine, kam):
    build(engine, PEOPLE)
    before = snapshot(engine)
    reply = kam("/kam contact Acmo: Jane Doe, title CFO")
    assert reply.kind == "unknown_account" and "Did you mean *Acme Corp*?" in reply.text
    assert "`/kam contact Acme Corp: Jane Doe, title CFO`" in reply.text
    assert snapshot(engine) == before


def test_without_a_colon_the_syntax_is_explained(engine, kam):
    build(engine, PEOPLE)
    assert kam("/kam contact Acme Corp Jane Doe").kind == "usage"
    assert "/kam contacto Acme:" in kam("/kam contacto").text


def test_mark_as_left_with_a_replacement_who_takes_the_seat(engine, kam):
    people = PEOPLE + [{"name": "Elena Buyer", "title": "CFO", "department": "Finance", "role": "economic_buyer",
                        "reports_to": "Vera Boss"},
                       {"name": "Ali Analyst", "title": "Analyst", "reports_to": "Elena Buyer"}]
    ids = build(engine, people, [{"who": "Elena Buyer", "ago": ago} for ago in (1, 8, 15)])
    reply = kam("/kam contact left Acme Corp: Elena Buyer, replaced by Rosa Nueva")
    assert reply.kind == "contact_left"
    assert ":wave: *Elena Buyer* has left *Acme Corp*: I won't recommend them any more. *Rosa Nueva* took over, " \
           "and their 1 direct report now reports to Rosa Nueva." in reply.text
    assert "• *Status:* left the company" in reply.text
    rosa = contact(engine, "Rosa Nueva")
    assert (rosa.title, rosa.department, rosa.role, rosa.reports_to_id) == ("CFO", "Finance", "economic_buyer",
                                                                           ids["Vera Boss"])
    assert contact(engine, "Ali Analyst").reports_to_id == rosa.id
    who = kam("/kam who Acme Corp about finance")
    assert "Rosa Nueva" in top_line(who) and "*Elena Buyer* (CFO) has left" in who.text


@pytest.mark.parametrize("verb", ["salió", "se fue"])
def test_mark_as_left_in_spanish(engine, kam, verb):
    build(engine, PEOPLE)
    reply = kam(f"/kam contacto {verb} Acme Corp: Chris Champ")
    assert reply.lang == "es" and "*Chris Champ* ya no está en *Acme Corp*" in reply.text
    assert contact(engine, "Chris Champ").status == "left"


def test_owner_by_cached_slack_name(engine, kam):
    with session_scope(engine) as session:
        session.add(UserProfile(team_id="T1", user_id="U_BEN", name="Ben Ortiz"))
    build(engine, PEOPLE)
    kam("/kam contact Acme Corp: Chris Champ, owner @ben")
    assert contact(engine, "Chris Champ").relationship_owner == "U_BEN"


def test_hostile_contact_fields_are_shown_escaped_and_hostile_names_refused(engine, kam):
    build(engine, PEOPLE)
    refused = kam("/kam contact Acme Corp: <!channel>, title <@U999> & co")
    assert refused.kind == "error" and "as a person's name" in refused.text  # a new person needs a person's name
    assert "<!channel>" not in refused.text and "&lt;!channel&gt;" in refused.text
    reply = kam("/kam contact Acme Corp: Dana Scully, title <!channel> <@U999> & co")
    assert reply.kind == "contact_added"
    assert "<!channel>" not in reply.text and "&lt;!channel&gt; &lt;@U999&gt; &amp; co" in reply.text
    assert contact(engine, "Dana Scully").title == "<!channel> <@U999> & co"  # stored as typed; escaped when shown


def test_another_teams_people_are_untouched(engine, kam):
    build(engine, PEOPLE, team="T2")
    build(engine, PEOPLE)
    kam("/kam contact Acme Corp: Chris Champ, title CTO")
    assert contact(engine, "Chris Champ", team="T2").title == "IT Director"


# --- the contact form (Slack modal) saves through the core action ------------------------------------------

def save_form(core, make_ctx, **form):
    return core.action(make_ctx(), "contact_save_form", json.dumps(form))


def test_form_creates_and_edits_with_the_same_rules(engine, core, make_ctx):
    ids = build(engine, PEOPLE)
    added = save_form(core, make_ctx, account_id=ids["Acme Corp"], contact_id=None, name="Nora Form", title="COO",
                      department="Ops", email="NORA@acme.com", role="Decision Maker",
                      reports_to_id=ids["Vera Boss"], relationship_owner="U_BEN", status="active")
    assert added.kind == "contact_added"
    nora = contact(engine, "Nora Form")
    assert (nora.email, nora.role, nora.reports_to_id, nora.relationship_owner) == (
        "nora@acme.com", "decision_maker", ids["Vera Boss"], "U_BEN")
    edited = save_form(core, make_ctx, account_id=ids["Acme Corp"], contact_id=nora.id, name="Nora Formal",
                       title="CEO", role="", reports_to_id=None, status="left")
    assert edited.kind == "contact_left"
    nora = contact(engine, "Nora Formal")
    assert (nora.title, nora.role, nora.reports_to_id, nora.status, nora.department) == (
        "CEO", None, None, "left", "Ops")


@pytest.mark.parametrize("changes, problem", [
    ({"role": "boss"}, "bad_role"),
    ({"email": "nope"}, "bad_email"),
    ({"status": "maybe"}, "bad_status"),
    ({"name": "  "}, "missing_name"),
    ({"reports_to_id": 999999}, "unknown_manager"),
    ({"contact_id": 999999}, "not_found"),
    ({"account_id": 999999}, "unknown_account"),
])
def test_form_refuses_bad_input_and_changes_nothing(engine, core, make_ctx, changes, problem):
    ids = build(engine, PEOPLE)
    before = snapshot(engine)
    form = dict(account_id=ids["Acme Corp"], contact_id=ids["Chris Champ"], name="Chris Champ", title="CTO") | changes
    reply = save_form(core, make_ctx, **form)
    assert reply.kind in ("error", "not_found") and reply.data["problem"] == problem
    assert problem in reply.data["errors"] and "Nothing was changed." in reply.text
    assert snapshot(engine) == before


def test_form_cannot_reach_another_teams_account_or_manager(engine, core, make_ctx):
    theirs = build(engine, PEOPLE, team="T2")
    ours = build(engine, PEOPLE)
    assert save_form(core, make_ctx, account_id=theirs["Acme Corp"], name="Spy").data["problem"] == "unknown_account"
    reply = save_form(core, make_ctx, account_id=ours["Acme Corp"], name="Spy", reports_to_id=theirs["Vera Boss"])
    assert reply.data["problem"] == "unknown_manager"


def test_editing_someone_who_already_left_is_an_update(engine, kam):
    build(engine, PEOPLE + [{"name": "Gus Gone", "status": "left"}])
    reply = kam("/kam contact Acme Corp: Gus Gone, title Former CTO")
    assert reply.kind == "contact_saved" and ":pencil2: Updated *Gus Gone* at *Acme Corp* (title)." in reply.text
    assert "• *Status:* left the company" in reply.text


def test_an_account_whose_name_starts_with_left_is_not_a_departure(engine, kam):
    build(engine, PEOPLE, account="Left Bank")
    reply = kam("/kam contact Left Bank: Chris Champ, title CTO")
    assert reply.kind == "contact_saved" and contact(engine, "Chris Champ").status == "active"
