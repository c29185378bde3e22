"""``ck.check`` speaks the language of ``ck.labels.set_language``: the generic messages in
Chinese, per-question texts in Chinese when given (``hint_zh``, ``reinforce_zh``, ``retry_zh``),
English otherwise — and English exactly as before when the language is English."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import casekit as ck
from casekit.check import (Choice, Count, Decision, Mistake, Number, Question, Ranking, Shape,
                           Vector, percent)

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def zh():
    ck.labels.set_language("zh")
    yield
    ck.labels.set_language("en")


def _q(kind, expected, **kw):
    return Question("ex99.q1", "prompt", lambda base: expected, kind, needs_base=False, **kw)


def test_english_messages_are_unchanged():
    q = _q(Number(), 0.25, mistakes=(percent("share"),))
    assert q.check(None).message == ("· ex99.q1: not answered yet — replace the `...` with your "
                                     "answer and run the cell again")
    assert q.check(0.25).message == "✔ ex99.q1: correct."
    assert q.check(25.0).message.startswith("✘ ex99.q1: this looks like a percentage")
    assert q.check(-0.25).message == "✘ ex99.q1: right size, wrong sign"


def test_generic_messages_in_chinese(zh):
    q = _q(Number(), 0.25, mistakes=(percent("share"),))
    assert q.check(...).message == "· ex99.q1: 尚未作答 —— 把 `...` 换成你的答案，再运行一次这个单元格"
    assert q.check(0.25).message == "✔ ex99.q1: 正确。"
    assert q.check(25.0).message == ("✘ ex99.q1: 这看起来是百分数：casekit 里的占比用小数表示"
                                     "（0.25 表示 25%）—— 请除以 100")
    assert q.check(-0.25).message == "✘ ex99.q1: 大小对了，但正负号反了"
    assert q.check(0.251).message == ("✘ ex99.q1: 很接近，但超出了允许误差（±0.1%）—— 不要四舍五入，"
                                      "请给出完整精度的数值")
    assert q.check("0.25").message == ("✘ ex99.q1: 应给出一个数，你给的是文字 '0.25' —— "
                                       "请直接写数，不要加引号")
    assert _q(Count(), 7).check(8).message == \
        "✘ ex99.q1: 差了 1 —— 检查边界情况该不该算进去（用 < 还是 ≤？）"
    assert _q(Ranking(3), (1, 2, 3)).check([3, 2, 1]).message == \
        "✘ ex99.q1: 客户选对了，但顺序不对 —— 请把最好的排在最前"


def test_status_is_the_same_in_both_languages(zh):
    q = _q(Number(), 0.25, mistakes=(percent("share"),))
    statuses = [(r.status, r.ok, r.mistake) for r in (q.check(a) for a in (None, 0.25, 25, 3))]
    ck.labels.set_language("en")
    assert statuses == [(r.status, r.ok, r.mistake) for r in (q.check(a) for a in
                                                               (None, 0.25, 25, 3))]


def test_per_question_texts_in_chinese_with_english_fallback(zh):
    sorted_up = Mistake("ascending", "you sorted smallest first", lambda b, e: e[::-1],
                        hint_zh="你把最小的排在了前面")
    untranslated = Mistake("other", "an English-only hint", lambda b, e: (9, 8, 7))
    q = _q(Ranking(3), (1, 2, 3), mistakes=(sorted_up, untranslated),
           reinforce="the top three", reinforce_zh="前三名")
    assert q.check([3, 2, 1]).message == "✘ ex99.q1: 你把最小的排在了前面"
    assert q.check([9, 8, 7]).message == "✘ ex99.q1: an English-only hint"
    assert q.check([1, 2, 3]).message == "✔ ex99.q1: 正确。前三名"
    plain = _q(Number(), 1.0, reinforce="one", retry="try again", retry_zh="再试一次")
    assert plain.check(1.0).message == "✔ ex99.q1: 正确。one"     # no reinforce_zh: English
    assert plain.check(5.0).message == "✘ ex99.q1: 再试一次"


# Every generic message a student can meet, produced by a wrong answer of each kind. In Chinese
# none may keep the English wording (a new English message without a Chinese one fails here).
BATTERY = [
    (Number(unit="RMB"), 100.0, [None, "100", True, [1, 2], float("nan"), 101.0, -100.0, 300.0,
                                 {"a": 1}]),
    (Count(), 5, [6, 5.5]),
    (Ranking(3), (1, 2, 3), [(3, 2, 1), (1, 2, 9), (1, 2), ["a", "b", "c"],
                             pd.DataFrame({"x": [1]}), pd.Series([1.0, 2, 3]), 7]),
    (Choice(), "yes", ["maybe"]),
    (Decision(figure_name="the figure"), ("yes", 10.0),
     [("yes", ...), (..., 10.0), ("no", 10.0), ("yes", 11.0), ("yes", 10.1), {"a": 1}, 3]),
    (Vector(2), [1.0, 2.0], [[1], [1, np.nan], "ab", [5, 6]]),
    (Shape(), {"rows": 3, "columns": ["a"], "range": (0, 1)},
     [pd.DataFrame({"a": [0.5] * 3}), pd.DataFrame({"b": [1]}), pd.DataFrame({"a": [2] * 3}),
      5]),
]
ENGLISH = re.compile(r"\b(expected|got|answer|answered|correct|wrong|close|tolerance|right|"
                     r"should|checked|missing|values?|numbers?|decision|figure)\b")


@pytest.mark.parametrize("kind, expected, answers", BATTERY,
                         ids=lambda v: type(v).__name__ if hasattr(v, "normalise") else "")
def test_every_generic_message_has_chinese(zh, kind, expected, answers):
    q = _q(kind, expected)
    for answer in answers:
        text = q.check(answer).message.split(": ", 1)[1]
        words = ENGLISH.findall(re.sub(r"'[^']*'|`[^`]*`|\[[^\]]*\]", "", text))
        assert CJK.search(text) and not words, f"{answer!r}: {text!r} keeps English {words}"
