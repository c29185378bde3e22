"""The judgement kind of question (issue 14 §3): a choice and the figure that decides it.

Each verdict is derived by hand from a toy rule ("keep when the margin is above 0"), so every
part of the message — figure right/wrong, choice follows/does not, what was not checked — is
tested on an answer built to trigger it.
"""

from __future__ import annotations

import numpy as np
import pytest

from casekit import check as C
from casekit.check import (Choice, Criterion, Judgement, Mistake, Number, OptionRanking,
                           Question, Rubric, Selection, Vector, Written, judgement,
                           judgement_question)

KEEP = judgement(("keep", "let_go"), lambda m: "keep" if m > 0 else "let_go",
                 "keep when the margin is above 0", figure_name="the margin", rtol=1e-3)


def _q(kind, expected, mistakes=()):
    return judgement_question("ex99.q1", "toy", lambda base: expected, kind,
                              mistakes=mistakes, needs_base=False)


def test_right_figure_and_choice_is_correct_and_says_what_was_not_checked():
    r = _q(KEEP, ("keep", 120.0)).check(("keep", 120.0))
    assert r.ok is True and r.status == "correct"
    assert "Not checked" in r.message and "reason in words" in r.message


def test_all_answer_forms_are_read():
    q = _q(KEEP, ("keep", 120.0))
    for ans in [("keep", 120.0), (120.0, "keep"), ("Keep", 120.0, "it pays"),
                {"choice": "keep", "figure": 120.0}, {"decision": "keep", "figure": 120.0,
                                                      "why": "because"}]:
        assert q.check(ans).ok is True, ans


def test_wrong_figure_with_a_choice_that_follows_from_it():
    # the student's margin is -50 (wrong), and "let_go" does follow from -50
    r = _q(KEEP, ("keep", 120.0)).check(("let_go", -50.0))
    assert r.ok is False
    assert "the margin: not what your data give" in r.message
    assert "choice: follows from your figure" in r.message and "reasoning holds" in r.message
    assert "not checked" in r.message


def test_right_figure_with_a_choice_that_does_not_follow():
    r = _q(KEEP, ("keep", 120.0)).check(("let_go", 120.0))
    assert r.ok is False
    assert "the margin: right on your data" in r.message
    assert "does not follow from your figure (rule: keep when the margin is above 0)" in r.message


def test_unanswered_parts():
    q = _q(KEEP, ("keep", 120.0))
    assert q.check(("keep", ...)).status == "unanswered"
    assert q.check((..., ...)).status == "unanswered"
    assert "not answered yet" in q.check((..., 3.0)).message


def test_bad_shapes_are_refused_with_a_message():
    q = _q(KEEP, ("keep", 120.0))
    assert "tuple (choice, figure)" in q.check(["keep", 120.0]).message
    assert "not among" not in q.check(("maybe", 1.0)).message  # Choice says what is allowed
    assert "one of 'keep', 'let_go'" in q.check(("maybe", 1.0)).message
    assert "'choice'" in q.check({"figure": 1.0}).message
    assert "reason must be text" in q.check(("keep", 1.0, 5)).message


def test_a_mistake_given_as_a_bare_figure_gets_its_hint():
    m = Mistake("revenue_for_margin", "you used revenue", lambda base, exp: 900.0)
    q = _q(KEEP, ("keep", 120.0), mistakes=(m,))
    r = q.check(q.kind.as_answer(900.0, ("keep", 120.0)))
    assert r.mistake == "revenue_for_margin" and "you used revenue" in r.message


def test_a_ranking_decided_by_several_figures():
    # three options ranked by their scores, highest first: b (3.0), c (2.0), a (1.0)
    kind = Judgement(OptionRanking(("a", "b", "c")), Vector(3, names=("a", "b", "c")),
                     lambda s: tuple(np.array(["a", "b", "c"])[np.argsort(-np.asarray(s))]),
                     "highest score first", figure_name="the scores")
    q = _q(kind, (("b", "c", "a"), [1.0, 3.0, 2.0]))
    assert q.check((["b", "c", "a"], [1.0, 3.0, 2.0])).ok is True
    r = q.check((["a", "b", "c"], [1.0, 3.0, 2.0]))
    assert r.ok is False and "does not follow" in r.message
    assert "option appears twice" in q.check((["a", "a", "c"], [1.0, 3.0, 2.0])).message
    assert kind.parse_key(kind.key((("b", "c", "a"), [1.0, 3.0, 2.0])))[0] == ("b", "c", "a")


def test_a_plan_is_a_set_of_options_and_keys_round_trip():
    kind = Judgement(Selection(), Number(), lambda cost: frozenset({"7", "12"}) if cost < 10
                     else frozenset({"7"}), "both accounts while the cost is below 10")
    q = _q(kind, ({7, 12}, 5.0))
    assert q.check(([12, 7], 5.0)).ok is True
    assert q.check(([7], 5.0)).ok is False
    cell = kind.key(({7, 12}, 5.0))
    assert cell == "12|7; 5"
    choice, fig = kind.parse_key(cell)
    assert kind.same(kind.normalise(([7, 12], 5.0)), (choice, fig))


def test_written_answers_are_only_partly_checked_and_say_so():
    rubric = Rubric((Criterion("uses figures", ("quotes 3 figures", "quotes 1", "none")),),
                    exemplary="Keep account 28: its margin ...")
    kind = Written(rubric, min_words=5, must_mention=(("strength", "优势"),))
    q = _q(kind, {})
    r = q.check("Our strength is the network coverage in the city.")
    assert r.ok is None and r.status == "partial" and "NOT checked" in r.message
    assert q.check("我们的优势是网络覆盖率高并且服务及时").status == "partial"
    r = q.check("too short")
    assert r.ok is False and "at least 5" in r.message
    assert "does not mention strength" in q.check("one two three four five six").message
    assert q.check("   ").status == "unanswered"
    md = rubric.to_markdown()
    assert "| uses figures | quotes 3 figures | quotes 1 | none |" in md
    assert "Exemplary answer" in md


def test_rubric_levels_must_match_the_level_names():
    with pytest.raises(ValueError, match="levels"):
        Rubric((Criterion("x", ("a", "b")),), exemplary="")


def test_judgement_question_refuses_other_kinds():
    with pytest.raises(TypeError, match="kind"):
        judgement_question("ex99.q1", "p", lambda b: 1.0, Number())
    with pytest.raises(TypeError, match="rule"):
        Judgement(Choice(), Number(), rule=None, rule_text="")
    assert isinstance(judgement_question("ex99.q2", "p", lambda b: ("yes", 1.0),
                                         KEEP, needs_base=False), Question)
    assert C.Judgement is Judgement
