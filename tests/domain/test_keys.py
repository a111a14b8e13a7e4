"""80/20 key accounts and tier mismatch flags."""
import pytest

from kambot.domain.keys import KEY_NOT_TIER_A, NO_REVENUE, TIER_A_NOT_KEY, KeyFlag, key_accounts


def test_exactly_eighty_percent_closes_the_key_set():
    report = key_accounts([
        (3, "Gamma", 10, "B"), (1, "Alpha", 50, "A"), (5, "Eps", 5, "C"),
        (2, "Beta", 30, "A"), (4, "Delta", 5, "C"),
    ])
    assert report.key_ids == {1, 2}
    assert [r.account_id for r in report.rows] == [1, 2, 3, 4, 5]
    assert [r.rank for r in report.rows] == [1, 2, 3, 4, 5]
    assert report.rows[1].cumulative_share == pytest.approx(0.8)
    assert report.rows[0].share == pytest.approx(0.5)
    assert report.total_revenue == 100
    assert report.key_revenue_share == pytest.approx(0.8)
    assert report.flags == ()


def test_just_under_eighty_needs_one_more_and_flags_it():
    report = key_accounts([(1, "A1", 50, "A"), (2, "A2", 29, "A"), (3, "B1", 11, "B"), (4, "C1", 10, "C")])
    assert report.key_ids == {1, 2, 3}
    assert report.flags == (KeyFlag(KEY_NOT_TIER_A, 3, "B1", "B"),)


def test_one_dominant_account():
    report = key_accounts([(1, "Big", 900, "B"), (2, "Small A", 50, "A"), (3, "Small C", 50, "C")])
    assert report.key_ids == {1}
    assert report.flags == (
        KeyFlag(KEY_NOT_TIER_A, 1, "Big", "B"),
        KeyFlag(TIER_A_NOT_KEY, 2, "Small A", "A"),
    )


def test_missing_revenue_counts_as_zero():
    report = key_accounts([(1, "Unknown", None, "C"), (2, "Known", 100, "a")])
    assert report.key_ids == {2}
    assert [(r.account_id, r.revenue, r.is_key) for r in report.rows] == [(2, 100, True), (1, 0, False)]
    assert report.rows[0].tier == "A"
    assert report.flags == ()


def test_zero_total_revenue_has_no_key_accounts_and_one_flag():
    report = key_accounts([(1, "A", None, "A"), (2, "B", 0, "B")])
    assert report.key_ids == frozenset()
    assert report.flags == (KeyFlag(NO_REVENUE),)
    assert not any(r.is_key for r in report.rows)
    assert report.key_revenue_share == 0.0


def test_no_accounts_at_all():
    report = key_accounts([])
    assert report.rows == () and report.key_ids == frozenset()
    assert report.flags == (KeyFlag(NO_REVENUE),)


def test_equal_revenues_are_ordered_by_name_for_a_stable_set():
    report = key_accounts([(2, "Zeta", 40, "A"), (1, "Alpha", 40, "A"), (3, "Mid", 20, "A")])
    assert [r.account_id for r in report.rows] == [1, 2, 3]
    assert report.key_ids == {1, 2}
    assert report.flags == (KeyFlag(TIER_A_NOT_KEY, 3, "Mid", "A"),)


def test_eighty_twenty_shape():
    # 10 accounts: two hold 80% of revenue.
    revenues = [500, 300] + [25] * 8
    report = key_accounts([(i, f"Acct {i:02d}", rev, "A" if i < 2 else "C") for i, rev in enumerate(revenues)])
    assert report.key_ids == {0, 1}
    assert report.flags == ()
