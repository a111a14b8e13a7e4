"""CSV import and export of success plans: one row per objective or action, round trip, bad rows, teams."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from kambot.storage.db import session_scope
from kambot.storage.models import Contact
from kambot.storage.plan_models import PlanAction, PlanObjective
from tests.importexport.helpers import export, load, load_sample
from tests.support.factories import make_account, make_action, make_objective

HEADER = "account,type,number,what,measure,target,due,owner,owner_contact,sponsor,status,objective\n"

PLANS = HEADER + """\
Acme Corp,action,1,ROI study,,,2026-12-04,U_ANA,,,open,2
Acme Corp,objective,1,Expand to 3 plants,plants live,3,2027-09-30,U_ANA,,Sarah Mitchell,on_track,
Acme Corp,objective,2,"Renew, with the new module",contract,"$1.2M, 3 years",2027-03-31,,,robert@acme.example,at risk,
Acme Corp,action,2,Site visit,,,,,Robert Hale,,done,1
ACME,action,3,Pricing call,,,2026-11-20,U_BEN,,,dropped,
Globex,objective,,Pilot in one plant,,,,,,Kevin Walsh,,
Globex,action,,Pilot kickoff,,,2026-12-10,U_BEN,,,,
"""


def _plans(engine, team: str = "T1") -> tuple[list[PlanObjective], list[PlanAction]]:
    with session_scope(engine) as session:
        objectives = list(session.execute(select(PlanObjective).where(PlanObjective.team_id == team)
                                          .order_by(PlanObjective.account_id, PlanObjective.number)).scalars())
        actions = list(session.execute(select(PlanAction).where(PlanAction.team_id == team)
                                       .order_by(PlanAction.account_id, PlanAction.number)).scalars())
        return objectives, actions


def _contact_names(engine) -> dict[int, str]:
    with session_scope(engine) as session:
        return {c.id: c.name for c in session.execute(select(Contact)).scalars()}


def test_an_import_writes_objectives_and_actions_with_their_links(engine):
    load_sample(engine)
    result = load(engine, "plans", PLANS)
    assert not result.problems, result.problems
    assert (result.new, result.updated) == (7, 0)
    objectives, actions = _plans(engine)
    people = _contact_names(engine)
    renew = objectives[1]
    assert (renew.title, renew.measure, renew.target, renew.target_date, renew.status, people[renew.sponsor_id]) == (
        "Renew, with the new module", "contract", "$1.2M, 3 years", date(2027, 3, 31), "at_risk", "Robert Hale")
    assert objectives[2].number == 1 and objectives[2].status == "on_track"  # Globex: numbered, the default status
    by_number = {(a.account_id, a.number): a for a in actions}
    roi = by_number[(objectives[0].account_id, 1)]
    assert roi.objective_id == renew.id and roi.owner_user == "U_ANA" and roi.closed_at is None  # a forward reference
    visit = by_number[(objectives[0].account_id, 2)]
    assert people[visit.owner_contact_id] == "Robert Hale" and visit.owner_user is None
    assert visit.status == "done" and visit.closed_at is not None and visit.objective_id == objectives[0].id
    assert by_number[(objectives[0].account_id, 3)].status == "dropped"  # ACME is an alias of Acme Corp


def test_export_then_import_into_an_empty_team_keeps_everything(engine):
    load_sample(engine)
    assert not load(engine, "plans", PLANS).problems
    first = export(engine, "plans")
    assert first.splitlines()[0] + "\n" == HEADER
    assert first.splitlines()[1:4] == [
        "Acme Corp,objective,1,Expand to 3 plants,plants live,3,2027-09-30,U_ANA,,Sarah Mitchell,on_track,",
        'Acme Corp,objective,2,"Renew, with the new module",contract,"$1.2M, 3 years",2027-03-31,,,Robert Hale,'
        "at_risk,",
        "Acme Corp,action,1,ROI study,,,2026-12-04,U_ANA,,,open,2",
    ]
    for kind in ("accounts", "contacts"):
        assert not load(engine, kind, export(engine, kind), team="T2").problems
    result = load(engine, "plans", first, team="T2")
    assert not result.problems and result.new == 7
    assert export(engine, "plans", team="T2") == first
    again = load(engine, "plans", first, team="T2")  # the same file again changes nothing
    assert (again.new, again.updated, again.unchanged) == (0, 0, 7)
    assert export(engine, "plans", team="T2") == first


def test_a_row_with_a_number_updates_that_objective_or_action(engine):
    load_sample(engine)
    assert not load(engine, "plans", PLANS).problems
    result = load(engine, "plans", HEADER + "Acme Corp,action,1,ROI study,,,2026-12-04,U_ANA,,,done,2\n"
                                            "Acme Corp,objective,2,Renew early,,,,,,,,\n")
    assert not result.problems and (result.new, result.updated) == (0, 2)
    objectives, actions = _plans(engine)
    assert actions[0].status == "done" and actions[0].closed_at is not None
    renew = objectives[1]
    assert (renew.title, renew.measure, renew.sponsor_id, renew.status) == ("Renew early", None, None, "at_risk")


def test_bad_rows_are_reported_by_line_and_nothing_is_written(engine):
    load_sample(engine)
    text = HEADER + """\
Acme Corp,objective,1,Expand,,,2027-09-30,,,,on_track,
Nowhere Inc,objective,,Ghost,,,,,,,,
Acme Corp,task list,,Huh,,,,,,,,
Acme Corp,action,,,,,,,,,,
Acme Corp,action,,Bad day,,,31/31/2026,,,,,
Acme Corp,action,,Wrong status,,,,,,,at risk,
Acme Corp,action,,Serves nothing,,,,,,,,7
Acme Corp,action,,Stranger,,,,,Nobody Known,,,
Acme Corp,objective,1,Twice,,,,,,,,
Acme Corp,action,,Has a measure,revenue,,,,,,,
Acme Corp,action,,Two owners,,,,U_ANA,Robert Hale,,,
Acme Corp,action,,Fine,,,2026-12-01,U_ANA,,,,1
"""
    result = load(engine, "plans", text)
    lines = result.skipped_lines
    assert lines == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    messages = "\n".join(str(p) for p in result.problems)
    for expected in ("line 3: unknown account 'Nowhere Inc'", "line 4: type: unknown type 'task list'",
                     "line 5: missing what", "line 6: due: bad date", "line 7: status: unknown action status",
                     "line 8: objective: Acme Corp has no objective 7", "line 9: owner_contact: 'Nobody Known'",
                     "line 10: number: objective 1 of Acme Corp is also on line 2", "line 11: measure:",
                     "line 12: owner and owner_contact"):
        assert expected in messages, messages
    assert _plans(engine) == ([], [])
    skipped = load(engine, "plans", text, skip_invalid=True)
    assert skipped.new == 2
    objectives, actions = _plans(engine)
    assert [o.title for o in objectives] == ["Expand"]
    assert [(a.title, a.number, a.objective_id) for a in actions] == [("Fine", 1, objectives[0].id)]


def test_plans_stay_in_their_team(engine):
    mine = make_account(engine, "Acme Corp", team="T1")
    theirs = make_account(engine, "Acme Corp", team="T2")
    goal = make_objective(engine, mine, "Ours")
    make_action(engine, mine, "Our step", owner_user="U1", objective_id=goal.id)
    make_objective(engine, theirs, "Theirs")
    exported = export(engine, "plans", team="T1")
    assert "Ours" in exported and "Theirs" not in exported
    result = load(engine, "plans", HEADER + "Acme Corp,action,1,Their step,,,,,,,,1\n", team="T2")
    assert not result.problems and result.new == 1
    _, t1_actions = _plans(engine, "T1")
    _, t2_actions = _plans(engine, "T2")
    assert [a.title for a in t1_actions] == ["Our step"] and [a.title for a in t2_actions] == ["Their step"]
    assert t2_actions[0].objective_id != goal.id  # objective 1 of T2's Acme Corp, not T1's
    result = load(engine, "plans", HEADER + "Initech,objective,,Elsewhere,,,,,,,,\n", team="T2")
    assert [str(p) for p in result.problems] == ["line 2: unknown account 'Initech'"]


def test_bot_py_import_and_export_plans(cli, engine, tmp_path):
    load_sample(engine)
    path = tmp_path / "plans.csv"
    path.write_text(PLANS, encoding="utf-8")
    status, out, err = cli("import", "plans", str(path), "--team", "T1")
    assert status == 0 and "imported 7 plans: 7 new" in out, err
    status, out, _ = cli("export", "plans", "--team", "T1")
    assert status == 0 and out == export(engine, "plans")
    path.write_text(HEADER + "Acme Corp,objective,,,,,,,,,,\n", encoding="utf-8")
    status, _, err = cli("import", "plans", str(path), "--team", "T1")
    assert status == 1 and "rejected, nothing imported" in err and "line 2: missing what" in err
