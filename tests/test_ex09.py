"""Exercise 09's judgement questions on real data: each part of the verdict, made by hand."""

import pytest

import casekit as ck
from casekit import check as C
from casekit.exercises import ex09


@pytest.fixture(scope="module")
def base():
    return ck.telecom(customers=600, months=24, seed=11)


def test_at_least_eight_judgement_questions():
    qs = C.questions("ex09")
    assert sum(isinstance(q.kind, C.Judgement) for q in qs) >= 8
    assert any(isinstance(q.kind, C.Written) for q in qs)


def test_before_after_figure_with_a_consistent_choice_is_told_its_reasoning_holds(base):
    q = C.question("ex09.q9")
    ba = ex09.effect(base, before_after=True)
    # made by hand: a student who reports after − before and decides by its sign
    r = q.check(("yes" if ba > 0 else "no", ba), base)
    assert r.ok is False and r.mistake == "before_after"
    # a figure of their own (not a known mistake) with a choice that follows from it
    r = q.check(("no", -1.0), base)
    assert "choice: follows from your figure" in r.message and "not checked" in r.message


def test_right_figure_wrong_choice_is_told_the_choice_does_not_follow(base):
    q = C.question("ex09.q11")
    choice, acc = q.answer(base)
    r = q.check(("no" if choice == "yes" else "yes", acc), base)
    assert r.ok is False and "does not follow" in r.message and "0.6" in r.message


def test_bill_trend_by_hand_matches(base):
    import numpy as np
    cid = ex09.focus(base)
    a = base.activity[base.activity["customer_id"] == cid].sort_values("period").tail(12)
    x, y = a["period"].to_numpy(float), np.log(a["revenue"].to_numpy(float))
    slope = ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()
    stage = "growth" if 12 * slope > 0.05 else ("dormancy" if 12 * slope < -0.05 else "neither")
    assert C.question("ex09.q3").check((stage, 12 * slope), base).ok is True


def test_the_memo_is_only_partly_checked_and_the_rubric_has_an_example(base):
    q = C.question("ex09.q12")
    assert q.check("Strength weakness opportunity threat", base).ok is False
    text = " ".join(["Strength: satisfied. Weakness: loss. Opportunity: growth. Threat: rivals."]
                    * 10)                      # 80 words
    r = q.check(text, base)
    assert r.status == "partial" and "NOT checked" in r.message
    md = q.kind.rubric.to_markdown(base)
    assert f"Account {ex09.focus(base)}" in md
