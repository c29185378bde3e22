"""The exercises' and cases' own feedback in Chinese (casekit/exercises/zh/): every question and
mistake has its Chinese text, a mistaken answer under ``set_language("zh")`` gets the Chinese
hint and a right one the Chinese reinforcement, the worked explanations ("why") pick by
language, and the labels judgements and rubrics are built from are translated.

The per-mistake check in Chinese runs inside the existing hint tests (tests/test_exercises.py,
tests/test_cases.py call :func:`in_chinese_too`), on the same data, so nothing is generated
twice.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

import casekit as ck
from casekit import check as C
from casekit.check._i18n import _TERMS, localise, term
from casekit.check._registry import in_chinese
from casekit.exercises.why import WHY, why, why_markdown

CJK = re.compile(r"[\u4e00-\u9fff]")
QUESTIONS = [q for ch in C.chapters() for q in ch.questions]
DEFAULT_RETRY = C.Question.__dataclass_fields__["retry"].default
# English words of the generic wording: none may be left in a Chinese message (code in
# backticks, quoted values and lists, option words like 'yes' are allowed).
ENGLISH = re.compile(r"\b(expected|got|answer|answered|correct|wrong|close|tolerance|right|"
                     r"should|checked|missing|values?|numbers?|decision|figure|choice|follows|"
                     r"rule|text|words|mention|not)\b")


@contextmanager
def chinese():
    ck.labels.set_language("zh")
    try:
        yield
    finally:
        ck.labels.set_language("en")


def _body(message: str) -> str:
    """A message without its "✘ exNN.qM: " head, code, quoted values and lists."""
    text = message.split(": ", 1)[1]
    return re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\[[^\]]*\]", "", text)


def in_chinese_too(q, mistake, answer, expected, base) -> None:
    """Called by the English hint tests: the same mistaken answer in Chinese gets the Chinese
    hint (no generic English left), and the right answer's ✔ carries the Chinese
    reinforcement."""
    with chinese():
        r = q.check(answer, base)
        right = q.check(expected, base)
    assert r.ok is False and r.mistake == mistake.key, r.message
    if mistake.hint_zh:
        assert mistake.hint_zh in r.message
    else:                                   # a generic mistake (percent): the catalogue's text
        assert mistake.key == "percent" and mistake.hint not in r.message, r.message
    assert CJK.search(r.message) and not ENGLISH.findall(_body(r.message)), r.message
    if right.status == "correct":
        assert right.message.startswith(f"✔ {q.id}: 正确。")
        if q.reinforce_zh:
            assert q.reinforce_zh in right.message


# --------------------------------------------------------------------------------------------
# Every text has its Chinese
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_every_question_and_mistake_has_chinese(q):
    assert CJK.search(q.prompt_zh), f"{q.id}: no Chinese prompt"
    if q.reinforce not in ("", "correct."):
        assert CJK.search(q.reinforce_zh), f"{q.id}: no Chinese reinforcement"
    if q.retry != DEFAULT_RETRY:
        assert CJK.search(q.retry_zh), f"{q.id}: no Chinese retry text"
    for m in q.mistakes:
        if m.hint_zh:
            assert CJK.search(m.hint_zh) and m.hint_zh != m.hint, (q.id, m.key)
        else:
            with chinese():
                text = localise(m.hint)
            assert m.key == "percent" and CJK.search(text) and \
                not ENGLISH.findall(text), f"{q.id} {m.key}: no Chinese hint ({text!r})"


def _labels(kind) -> list[str]:
    """The English labels a kind builds its messages from."""
    out = []
    if isinstance(kind, (C.Judgement, C.Decision)):
        out.append(kind.figure_name)
        out += _labels(kind.figure)
    if isinstance(kind, C.Judgement):
        out += [kind.rule_text, kind.unchecked]
    if isinstance(kind, C.Number) and kind.unit:
        out.append(kind.unit)
    if isinstance(kind, C.Written):
        out += [text for c in kind.rubric.criteria for text in (c.name, *c.levels)]
    return out


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_every_label_of_a_message_has_chinese(q):
    with chinese():
        missing = [label for label in _labels(q.kind)
                   if not (CJK.search(term(label)) or label in _TERMS)]
    assert not missing, f"{q.id}: no Chinese for {missing}"


def test_the_questions_table_shows_the_prompts_in_the_display_language():
    english = C.exercise_questions("ex01")
    with chinese():
        chinese_table = C.exercise_questions("ex01")
    assert english.loc[0, "prompt"] == "How many customers are in the base?"
    assert chinese_table.loc[0, "prompt"] == "客户基础里有多少个客户？"
    assert (english["question"] == chinese_table["question"]).all()


def test_the_zh_modules_name_only_existing_questions_and_mistakes():
    q = C.Question("ex99.q1", "prompt", lambda base: 1.0, C.Number(), needs_base=False,
                   mistakes=(C.Mistake("sign", "wrong sign", lambda b, e: -e),))
    with pytest.raises(ValueError, match=r"\['q2'\]"):
        in_chinese((q,), {"q2": {"reinforce": "对"}})
    with pytest.raises(ValueError, match="ascending"):
        in_chinese((q,), {"q1": {"hints": {"ascending": "升序"}}})
    with pytest.raises(ValueError, match="hint"):
        in_chinese((q,), {"q1": {"hint": {"sign": "符号"}}})
    (done,) = in_chinese((q,), {"q1": {"reinforce": "对", "hints": {"sign": "正负号反了"}}})
    assert done.reinforce_zh == "对" and done.mistakes[0].hint_zh == "正负号反了"
    assert q.reinforce_zh == "" and done.reinforce == q.reinforce      # English untouched


# --------------------------------------------------------------------------------------------
# Messages read in Chinese, English ones unchanged
# --------------------------------------------------------------------------------------------


def test_a_hint_with_the_chapter_constants_reads_as_written_by_hand():
    base = ck.telecom(customers=300, seed=3)
    q = C.question("ex01.q3")
    expected = q.answer(base)
    wrong = next(m for m in q.mistakes if m.key == "off_by_one").wrong(base, expected)
    with chinese():
        message = q.check(wrong, base).message
    assert message == ("✘ ex01.q3: 错了一期：你算的是第 11 月到第 12 月之间的流失；题目问的是"
                       "第 12 月在网、到第 13 月已经离开的客户")
    assert q.check(wrong, base).message.startswith("✘ ex01.q3: off by one period: you "
                                                   "measured churn between months 11 and 12")


def test_judgement_verdicts_are_chinese_part_by_part():
    base = ck.telecom(customers=400, seed=5)
    q = C.question("ex09.q3")                              # growth / dormancy / neither
    with chinese():
        wrong_figure = q.check(("growth", 0.5), base).message
        unanswered = q.check(("growth", ...), base).message
        right = q.check(q.answer(base), base).message
    assert wrong_figure.startswith("✘ ex09.q3: 账单趋势：与你的数据算出的不一致；")
    assert "选择：由你的数字推得出 —— 推理没错，错在数字" in wrong_figure
    assert wrong_figure.endswith("未检查：你用文字写的理由（如果写了）—— 由老师批阅")
    assert unanswered == "· ex09.q3: 账单趋势尚未作答"
    assert right == ("✔ ex09.q3: 正确。数字正确，选择也由它推出。未检查：你用文字写的理由"
                     "（如果写了）—— 由老师批阅。")
    assert q.check(("growth", 0.5), base).message.startswith(
        "✘ ex09.q3: the bill trend: not what your data give")


def test_a_choice_that_does_not_follow_names_the_rule_in_chinese():
    base = ck.telecom(customers=400, seed=5)
    q = C.question("ex09.q4")                              # yes when the net value > 0
    choice, figure = q.answer(base)
    with chinese():
        message = q.check(("no" if choice == "yes" else "yes", figure), base).message
    assert "选择：不能由你的数字推出（规则：净价值大于 0 时答 yes）" in message
    assert not ENGLISH.findall(_body(message)), message


def test_written_answers_in_chinese():
    q = C.question("ex09.q12")
    with chinese():
        short = q.check("太短了").message
        blank = q.check("   ").message
        full = q.check("strength weakness opportunity threat " * 20).message
    assert short.startswith("✘ ex09.q12: 你的文字只有 2 个词；请至少写 60 个；没有提到 strength")
    assert blank == "· ex09.q12: 尚未作答 —— 请把答案写在引号之间"
    assert full == ("◐ ex09.q12: 已收到文字（至少 60 个词，提到了 优势、劣势、机会、威胁）—— "
                    "内容并未检查：老师会按答案本中的评分标准批阅")


def test_rubric_tables_in_both_languages():
    rubric = C.question("case_tobacco.q10").kind.rubric
    english = rubric.to_markdown()
    with chinese():
        chinese_table = rubric.to_markdown()
    assert english.startswith("| criterion | excellent | adequate | insufficient |\n")
    assert "| Courteous and short | five sentences, polite |" in english
    assert chinese_table.startswith("| 评分项 | 优秀 | 合格 | 不足 |\n")
    assert "| 礼貌、简短 | 五句话左右，有礼貌 |" in chinese_table
    # the exemplary answer stays English (documented in casekit/check/_i18n.py)
    assert rubric.example() in english and rubric.example() in chinese_table


# --------------------------------------------------------------------------------------------
# The worked explanations
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("qid", sorted(WHY))
def test_every_why_has_its_chinese(qid):
    zh = why(qid, "zh")
    assert zh and CJK.search(zh) and zh != WHY[qid]
    assert why(qid, "en") == why(qid) == WHY[qid]
    with chinese():
        assert why(qid) == zh


def test_why_as_the_solution_notebook_heads_it():
    assert why_markdown("ex02.q3", "en") == "**Why (Q3).** " + WHY["ex02.q3"]
    assert why_markdown("ex02.q3", "zh") == "**解题思路（第 3 题）：** " + why("ex02.q3", "zh")
    with chinese():
        assert why_markdown("ex09.q12").startswith("**解题思路（第 12 题）：** SWOT 把数字")
    assert why_markdown("ex99.q1", "zh") is None


def test_why_refuses_an_unknown_language():
    with pytest.raises(ValueError, match=r"lang='fr'.*'en' or 'zh'"):
        why("ex01.q1", "fr")
    assert why("ex99.q1", "zh") is None and why("ex99.q1") is None


# Wrong answers of the judgement kinds: every generic message they produce reads in Chinese.
_JUDGE = C.Judgement(C.Choice(("keep", "drop")), C.Number(unit="RMB"),
                     lambda v: "keep" if v > 0 else "drop", "keep when ΔNPV > 0", "ΔNPV")
JUDGEMENT_BATTERY = [
    (C.OptionRanking(("a", "b", "c")), ("a", "b", "c"),
     [("a", "b"), ("a", "a", "b"), ("a", "b", "x"), (True, "a", "b"), (1.5, "a", "b"), 7,
      ("c", "b", "a")]),
    (C.Selection(("a", "b", "c")), frozenset({"a"}), [("x",), 7, ("a", "b")]),
    (_JUDGE, ("keep", 10.0),
     [("keep", ...), (..., 10.0), ("drop", 10.0), ("keep", 12.0), ("keep", 10.0, 3),
      {"choice": "keep"}, 5, ("keep", "10")]),
]


@pytest.mark.parametrize("kind, expected, answers", JUDGEMENT_BATTERY,
                         ids=["OptionRanking", "Selection", "Judgement"])
def test_every_judgement_message_has_chinese(kind, expected, answers):
    q = C.Question("ex99.q1", "prompt", lambda base: expected, kind, needs_base=False)
    for answer in answers:
        with chinese():
            message = q.check(answer).message
        assert CJK.search(message) and not ENGLISH.findall(_body(message)), \
            f"{answer!r}: {message!r}"
