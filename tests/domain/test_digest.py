"""Weekly digest content, one section at a time."""
from datetime import date

import pytest

from kambot.domain.digest import (
    DigestAccount, DigestContact, DigestTouch, Metric, build_digest,
)

TODAY = date(2026, 11, 30)  # Monday: the digest reports Mon 23 .. Sun 29 November
WEEK = date(2026, 11, 23)


def d(month: int, day: int, year: int = 2026) -> date:
    """A date, briefly."""
    return date(year, month, day)


def acct(id, name=None, tier="B", **kw) -> DigestAccount:
    """An account named after its id unless named."""
    return DigestAccount(id=id, name=name or f"Acct {id}", tier=tier, **kw)


_ids = iter(range(1, 10_000))


def touch(account_id, day, contacts=(), **kw) -> DigestTouch:
    """A touchpoint with a fresh id."""
    return DigestTouch(id=kw.pop("id", next(_ids)), account_id=account_id, occurred_on=day,
                       contact_ids=tuple(contacts), **kw)


def digest(accounts, touches=(), contacts=(), **kw):
    """build_digest with the frozen dates."""
    return build_digest(accounts=accounts, contacts=contacts, touches=touches,
                        today=kw.pop("today", TODAY), week_start=kw.pop("week_start", WEEK), **kw)


def test_headline_this_week_against_last_week():
    accounts = [acct(1), acct(2), acct(3)]
    touches = [
        touch(1, d(11, 23), [10, 11]), touch(1, d(11, 25), [10]), touch(2, d(11, 29), [20]),
        touch(3, d(11, 16), [10]),  # last week's first day
        touch(3, d(11, 15), [30]),  # before last week
        touch(1, d(11, 30), [12]),  # today: after the reported week
        touch(9, d(11, 24), [90]),  # account outside the digest's scope
        touch(2, d(12, 2), [21]),  # in the future
    ]
    result = digest(accounts, touches)
    assert result.week_end == d(11, 29)
    assert result.headline == (
        Metric("touchpoints", 3, 1, 2),
        Metric("accounts_touched", 2, 1, 1),
        Metric("stakeholders_engaged", 3, 1, 2),
    )


def test_headline_can_go_down():
    result = digest([acct(1)], [touch(1, d(11, 17)), touch(1, d(11, 18))])
    assert result.headline[0] == Metric("touchpoints", 0, 2, -2)


def test_week_touches_grouped_by_account_busiest_first():
    contacts = [DigestContact(10, 1, "Priya"), DigestContact(11, 1, "Ben")]
    touches = [
        touch(2, d(11, 27), summary="demo"),
        touch(1, d(11, 26), [10, 11], kind="meeting", summary="QBR", logged_by="U1", id=501),
        touch(1, d(11, 24), [10], kind="call", summary="intro", id=500),
    ]
    result = digest([acct(1, "Acme"), acct(2, "Globex")], touches, contacts)
    assert [(g.account_id, len(g.touches)) for g in result.activity] == [(1, 2), (2, 1)]
    first = result.activity[0]
    assert [line.touch_id for line in first.touches] == [500, 501]
    assert first.touches[1].contact_names == ("Priya", "Ben")
    assert (first.touches[1].kind, first.touches[1].summary, first.touches[1].logged_by) == ("meeting", "QBR", "U1")


def test_went_cold_this_week():
    accounts = [
        acct(1, tier="A", last_touch_on=d(11, 8)),  # first stale day Nov 23: this week
        acct(2, tier="B", last_touch_on=d(10, 29)),  # first stale day Nov 29: this week
        acct(3, tier="A", last_touch_on=d(11, 7)),  # stale since Nov 22: last week
        acct(4, tier="A", last_touch_on=d(11, 15)),  # stale from Nov 30: next week's news
        acct(5, tier="A"),  # never touched: never warm, so never "went" cold
        acct(6, tier="A", last_touch_on=d(11, 8)),  # went cold, then touched below
    ]
    result = digest(accounts, [touch(6, d(11, 26))])
    cold = [(c.account_id, c.went_cold_on, c.days_since_last_touch) for c in result.went_cold]
    assert cold == [(1, d(11, 23), 22), (2, d(11, 29), 32)]


def test_went_cold_uses_touches_when_nothing_is_stored():
    result = digest([acct(1, tier="A")], [touch(1, d(11, 10))])
    assert [c.went_cold_on for c in result.went_cold] == [d(11, 25)]


def test_single_threaded_key_accounts():
    contacts = [
        DigestContact(10, 1, "Solo"),
        DigestContact(20, 2, "One"), DigestContact(21, 2, "Two"),
        DigestContact(30, 3, "Stays"), DigestContact(31, 3, "Gone", status="left"),
        DigestContact(40, 4, "Recent"), DigestContact(41, 4, "Long ago"),
    ]
    accounts = [
        acct(1, tier="A", annual_revenue=100), acct(2, tier="A"), acct(3, tier="A", annual_revenue=300),
        acct(4, tier="A", annual_revenue=50), acct(5, tier="B", annual_revenue=200), acct(6, tier="B"),
    ]
    touches = [
        touch(1, d(11, 20), [10]), touch(1, d(10, 1), [10]),
        touch(2, d(11, 20), [20]), touch(2, d(9, 15), [21]),
        touch(3, d(11, 20), [30, 31]),
        touch(4, d(11, 20), [40]), touch(4, d(8, 31), [41]),  # 91 days ago: outside the window
    ]
    result = digest(accounts, touches, contacts, key_ids={5})
    rows = [(s.account_id, s.engaged_contacts, s.contact_name, s.is_key) for s in result.single_threaded]
    # Largest revenue first; account 6 is neither tier A nor key.
    assert rows == [(3, 1, "Stays", False), (5, 0, None, True), (1, 1, "Solo", False), (4, 1, "Recent", False)]


def test_single_threaded_counts_the_stored_engaged_contacts_with_the_touches():
    contacts = [DigestContact(10, 1, "Stored"), DigestContact(11, 1, "Touched"), DigestContact(20, 2, "Solo"),
                DigestContact(21, 2, "Gone", status="left")]
    accounts = [acct(1, tier="A", engaged=(10,)), acct(2, tier="A", engaged=(20, 21))]
    result = digest(accounts, [touch(1, d(11, 20), [11]), touch(2, d(11, 20), [20])], contacts)
    assert [(s.account_id, s.engaged_contacts, s.contact_name) for s in result.single_threaded] == [(2, 1, "Solo")]

def test_single_threaded_key_set_defaults_to_80_20_of_the_accounts():
    accounts = [acct(1, tier="C", annual_revenue=900), acct(2, tier="C", annual_revenue=100)]
    result = digest(accounts)
    assert [(s.account_id, s.is_key) for s in result.single_threaded] == [(1, True)]


def test_silent_champions_and_decision_makers():
    contacts = [
        DigestContact(1, 1, "Thirty", role="champion"),
        DigestContact(2, 1, "TwentyNine", role="champion"),
        DigestContact(3, 1, "Never", role="Decision Maker"),
        DigestContact(4, 1, "Influencer", role="influencer"),
        DigestContact(5, 1, "Left", role="champion", status="left"),
        DigestContact(6, 1, "Stored", role="decision_maker", last_touch_on=d(9, 1)),
        DigestContact(7, 1, "Stored recent", role="champion", last_touch_on=d(11, 20)),
    ]
    touches = [touch(1, d(10, 31), [1]), touch(1, d(11, 1), [2]), touch(1, d(9, 1), [4, 5, 7])]
    result = digest([acct(1, "Acme")], touches, contacts)
    silent = [(s.name, s.role, s.days_silent) for s in result.silent_contacts]
    assert silent == [("Never", "decision_maker", None), ("Stored", "decision_maker", 90), ("Thirty", "champion", 30)]
    assert result.silent_contacts[0].account_name == "Acme"


def test_next_steps_overdue_and_due_soon():
    accounts = [acct(i) for i in range(1, 8)] + [acct(8, last_touch_on=d(11, 29))]
    touches = [
        touch(1, d(11, 20), next_step="send proposal", next_step_due=d(11, 25)),  # overdue
        touch(2, d(11, 10), next_step="old promise", next_step_due=d(11, 15)),
        touch(2, d(11, 20)),  # a later touch supersedes the old promise
        touch(3, d(11, 28), next_step="call back", next_step_due=d(12, 3)),  # due in 3 days
        touch(4, d(11, 28), next_step="far", next_step_due=d(12, 7)),  # 7 days: not this week
        touch(5, d(11, 27), next_step="today", next_step_due=TODAY),
        touch(5, d(11, 27), next_step="sibling", next_step_due=d(12, 1)),  # same day: both stay open
        touch(6, d(11, 27), next_step="no date"),
        touch(7, d(11, 27), next_step_due=d(11, 28)),  # a date without a step
        touch(8, d(11, 20), next_step="stored later touch", next_step_due=d(11, 22)),
    ]
    result = digest(accounts, touches)
    assert [(s.account_id, s.text, s.days_until) for s in result.next_steps_overdue] == [(1, "send proposal", -5)]
    assert [(s.account_id, s.text, s.days_until) for s in result.next_steps_due_soon] == [
        (5, "today", 0), (5, "sibling", 1), (3, "call back", 3)]


def test_next_step_superseded_whatever_the_input_order():
    touches = [touch(1, d(11, 20)), touch(1, d(11, 10), next_step="old", next_step_due=d(11, 15))]
    assert digest([acct(1)], touches).next_steps_overdue == ()


def test_renewals_in_the_next_90_days():
    accounts = [
        acct(1, renewal_date=TODAY, annual_revenue=10, last_touch_on=d(11, 29)),
        acct(2, renewal_date=d(2, 27, 2027)),  # 89 days: in
        acct(3, renewal_date=d(2, 28, 2027)),  # 90 days: out
        acct(4, renewal_date=d(11, 29)),  # already past
        acct(5),
    ]
    result = digest(accounts)
    assert [(r.account_id, r.days_until, r.is_stale) for r in result.renewals] == [(1, 0, False), (2, 89, True)]


def test_revenue_at_risk_sums_stale_accounts():
    accounts = [
        acct(1, tier="A", annual_revenue=100.0, last_touch_on=d(11, 1)),  # stale
        acct(2, tier="B", annual_revenue=None),  # never touched: stale, adds nothing
        acct(3, tier="C", annual_revenue=50.0, last_touch_on=d(9, 1)),  # stale (90 days)
        acct(4, tier="A", annual_revenue=1000.0, last_touch_on=d(11, 1)),  # touched below: fresh
    ]
    result = digest(accounts, [touch(4, d(11, 28))])
    assert result.revenue_at_risk == pytest.approx(150.0)
    assert [(r.account_id, r.days_since_last_touch) for r in result.at_risk] == [(1, 29), (3, 90), (2, None)]


def test_partial_week_counts_up_to_today():
    result = digest([acct(1)], [touch(1, d(11, 24)), touch(1, d(11, 26))], today=d(11, 25))
    assert result.headline[0] == Metric("touchpoints", 1, 0, 1)


def test_week_start_after_today_is_an_error():
    with pytest.raises(ValueError):
        digest([acct(1)], today=d(11, 22))


def test_empty_scope():
    result = digest([])
    assert result.activity == () and result.at_risk == () and result.revenue_at_risk == 0
