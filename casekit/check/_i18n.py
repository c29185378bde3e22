"""Feedback in the student's language: the generic messages of ``ck.check`` in Chinese.

The language is the one chosen with ``ck.labels.set_language`` ("en" or "zh"). Checks build
their messages in English, as before; when the language is "zh", :func:`localise` rewrites a
message at the one place where it is shown (``_question._result``) by matching it against the
catalogue :data:`_CATALOGUE` of the generic English messages (✔/✘ wording, "not answered
yet", tolerance notes, "expected one number, got …"). A message the catalogue does not know —
a per-question hint nobody has translated yet — stays English: the fallback is always the
English text, never an empty or garbled one.

Per-question texts are translated next to their English, as optional fields:
``Mistake(key, hint, wrong, hint_zh="…")`` and ``Question(…, reinforce_zh="…", retry_zh="…")``;
:func:`pick` chooses the Chinese one when the language is "zh" and it is not empty.

What stays English on purpose: the instructor's answer key, and errors raised for bad
arguments to casekit functions (``ValueError``/``TypeError``, documented in the README) —
they name Python parameters and values, which are English in the code too.
"""

from __future__ import annotations

import re
from typing import Callable

from ..labels import get_language


def pick(english: str, chinese: str = "") -> str:
    """``chinese`` when the display language is "zh" and it is given, else ``english``."""
    return chinese if chinese and get_language() == "zh" else english


def localise(message: str) -> str:
    """``message`` in the display language: unchanged in English; in Chinese when the
    catalogue knows it (else unchanged).

    Parameters
    ----------
    message : str
        A message built by a check, in English.

    Returns
    -------
    str
    """
    if get_language() != "zh":
        return message
    return _zh(message)


def _zh(text: str) -> str:
    """``text`` in Chinese when the catalogue knows each of its "; "-separated parts (a
    table's problems), or else the whole of it; otherwise unchanged."""
    parts = text.split("; ")
    if len(parts) > 1:
        done = [_zh(p) for p in parts]
        if all(d != p for d, p in zip(done, parts)):
            return "；".join(done)
    for pattern, make in _CATALOGUE:
        m = pattern.fullmatch(text)
        if m:
            return _spaced(make(m))
    return text


_CJK_THEN_LATIN = re.compile(r"([\u4e00-\u9fff])([A-Za-z0-9Δ])")
_LATIN_THEN_CJK = re.compile(r"([A-Za-z0-9Δ])([\u4e00-\u9fff])")


def _spaced(text: str) -> str:
    """A space between Chinese characters and Latin letters or digits, as Chinese technical
    writing does ("应给出 2 个数")."""
    return _LATIN_THEN_CJK.sub(r"\1 \2", _CJK_THEN_LATIN.sub(r"\1 \2", text))


# --- the pieces messages are made of ---------------------------------------------------------

_WORDS = {"rate": "比率", "share": "占比", "fraction": "比例", "margin": "利润率",
          "retention rate": "保留率", "churn rate": "流失率", "the figure": "关键数字"}


def _word(text: str) -> str:
    """A short English noun from a message (a figure's name, a unit) in Chinese, if known."""
    return _WORDS.get(text, text)


def _what(text: str) -> str:
    """What an answer should look like (a Kind's ``describe()``) in Chinese."""
    for pattern, make in _WHAT:
        m = pattern.fullmatch(text)
        if m:
            return make(m)
    return text


def _got(text: str) -> str:
    """What the student gave (``_kinds._describe``) in Chinese."""
    for pattern, make in _GOT:
        m = pattern.fullmatch(text)
        if m:
            return make(m)
    return " " + text            # a value as Python shows it: set apart from the Chinese


def _unit(u: str | None) -> str:
    return f"（{_word(u)}）" if u else ""


_Rule = tuple[re.Pattern, Callable[[re.Match], str]]


def _rules(pairs) -> list[_Rule]:
    return [(re.compile(p, re.S), f) for p, f in pairs]


_WHAT: list[_Rule] = _rules([
    (r"one number(?: \((.+)\))?", lambda m: "一个数" + _unit(m[1])),
    (r"a whole number(?: \((.+)\))?", lambda m: "一个整数" + _unit(m[1])),
    (r"a list of (\d+) (\w+) values, best first",
     lambda m: f"由 {m[1]} 个 {m[2]} 组成的列表（最好的排在最前）"),
    (r"one of (.+)", lambda m: f"{m[1].replace(', ', '、')} 之一"),
    (r"a pair \(decision, figure\): the decision (.+) and (.+) as a number",
     lambda m: f"一对 (决策, 数字)：决策为 {_what(m[1])}，{_word(m[2])}为一个数"),
    (r"(\d+) numbers in the order (.+)", lambda m: f"{m[1]} 个数，顺序为 {m[2]}"),
    (r"(\d+) numbers", lambda m: f"{m[1]} 个数"),
    (r"a DataFrame", lambda m: "一个 DataFrame"),
    (r"an answer", lambda m: "一个答案"),
])

_GOT: list[_Rule] = _rules([
    (r"a DataFrame of shape (.+)", lambda m: f"一个形状为 {m[1]} 的 DataFrame"),
    (r"a Series of (\d+) values", lambda m: f"一个含 {m[1]} 个值的 Series"),
    (r"a numpy array of shape (.+)", lambda m: f"一个形状为 {m[1]} 的 numpy 数组"),
    (r"a (list|tuple|set) of (\d+) items", lambda m: f"一个含 {m[2]} 项的 {m[1]}"),
    (r"the text (.+)", lambda m: f"文字 {m[1]}"),
])

_CATALOGUE: list[_Rule] = _rules([
    # status words
    (r"correct\.", lambda m: "正确。"),
    (r"correct\. (.+)", lambda m: "正确。" + m[1]),
    (r"not answered yet — replace the `\.\.\.` with your answer and run the cell again",
     lambda m: "尚未作答 —— 把 `...` 换成你的答案，再运行一次这个单元格"),
    (r"not the expected answer — re-read the question and recheck your computation",
     lambda m: "与标准答案不一致 —— 请重读题目，再检查一遍计算过程"),
    (r"no dataset to check against — run (`.+`) first, then (`.+`)",
     lambda m: f"没有可以对照的数据 —— 请先运行 {m[1]}，再运行 {m[2]}"),
    (r"this question is written for the (.+) world; your base is (.+)",
     lambda m: f"这道题是针对 {m[1].replace(' or ', ' 或 ')} 数据出的；你的数据是 {m[2]}"),
    (r"could not compute the expected answer on this dataset \((.+)\) — this is a casekit "
     r"problem, not yours; tell your instructor",
     lambda m: f"无法在这份数据上算出标准答案（{m[1]}）—— 这是 casekit 的问题，不是你的错，"
               "请告诉老师"),
    # numbers
    (r"close, but not within the tolerance \(±(.+)%\) — do not round; give the "
     r"full-precision value",
     lambda m: f"很接近，但超出了允许误差（±{m[1]}%）—— 不要四舍五入，请给出完整精度的数值"),
    (r"right size, wrong sign", lambda m: "大小对了，但正负号反了"),
    (r"off by one — check whether the boundary case belongs in \(< or ≤\?\)",
     lambda m: "差了 1 —— 检查边界情况该不该算进去（用 < 还是 ≤？）"),
    (r"your answer is NaN \(not a number\) — look for missing values or a division by zero",
     lambda m: "你的答案是 NaN（不是一个数）—— 检查是否有缺失值或除以零"),
    (r"this looks like a percentage: casekit writes a (.+) as a fraction \(0\.25 means 25%\) "
     r"— divide by 100",
     lambda m: f"这看起来是百分数：casekit 里的{_word(m[1])}用小数表示（0.25 表示 25%）"
               "—— 请除以 100"),
    # rankings
    (r"the right customers, in the wrong order — list the best first",
     lambda m: "客户选对了，但顺序不对 —— 请把最好的排在最前"),
    (r"(\d+) of your (\d+) ids are right", lambda m: f"你给的 {m[2]} 个编号中有 {m[1]} 个是对的"),
    (r"expected (\d+) ids, got (\d+)", lambda m: f"应给出 {m[1]} 个编号，你给了 {m[2]} 个"),
    # decisions
    (r"the decision part is not answered yet", lambda m: "决策部分尚未作答"),
    (r"(.+) is not answered yet", lambda m: f"{_word(m[1])}尚未作答"),
    (r"(.+) is right, but the decision does not follow from it",
     lambda m: f"{_word(m[1])}对了，但决策与它不符"),
    (r"the decision is right but (.+?) is not(?: \((.+)\))? — the figure is what decides it",
     lambda m: f"决策对了，但{_word(m[1])}不对" + (f"（{_zh(m[2])}）" if m[2] else "")
               + " —— 决策要由这个数字来定"),
    # vectors and tables
    (r"expected (\d+) numbers, got (\d+)", lambda m: f"应给出 {m[1]} 个数，你给了 {m[2]} 个"),
    (r"some of your numbers are NaN or infinite", lambda m: "你的数中有 NaN 或无穷大"),
    (r"expected (\d+) rows \(one per customer\), got (\d+)",
     lambda m: f"应有 {m[1]} 行（每个客户一行），实际有 {m[2]} 行"),
    (r"columns (\[.*\]) are missing \(present: (\[.*\])\)",
     lambda m: f"缺少列 {m[1]}（现有的列：{m[2]}）"),
    (r"values of (\[.*\]) must lie in (.+)\.\.(.+)",
     lambda m: f"{m[1]} 的值必须在 {m[2]} 到 {m[3]} 之间"),
    (r"shape is right \((\d+) rows, columns (.+?)\)(?: and every value lies in (.+)\.\.(.+))? "
     r"— values not checked",
     lambda m: f"形状正确（{m[1]} 行，列 {m[2]}）"
               + (f"，且所有值都在 {m[3]} 到 {m[4]} 之间" if m[3] else "")
               + " —— 具体数值未检查"),
    # "expected …, got …" with what to do about it
    (r"expected (.+?), got (.+?) — a yes/no is not a number here",
     lambda m: f"应给出{_what(m[1])}，你给的是 {m[2]} —— 这里要的是数，不是“是/否”"),
    (r"expected (.+?), got (.+?) — give the number itself, without quotes",
     lambda m: f"应给出{_what(m[1])}，你给的是{_got(m[2])} —— 请直接写数，不要加引号"),
    (r"expected (.+?), got (.+?) — reduce it to one number \(e\.g\. with (.+)\)",
     lambda m: f"应给出{_what(m[1])}，你给的是{_got(m[2])} —— 请把它归结为一个数"
               f"（例如用 {m[3].replace(' or ', ' 或 ')}）"),
    (r"expected (.+?), got (.+?) without a '(.+)' column — give e\.g\. (.+)",
     lambda m: f"应给出{_what(m[1])}，你给的是{_got(m[2])}，其中没有 '{m[3]}' 列 —— "
               f"例如写 {m[4]}"),
    (r"expected (.+?), got a Series of (.+) values — if the ids are its index, give (.+)",
     lambda m: f"应给出{_what(m[1])}，你给的是一个 {m[2]} 类型的 Series —— "
               f"如果编号在它的索引里，请写 {m[3]}"),
    (r"expected (.+?) \(whole numbers\), got (.+)",
     lambda m: f"应给出{_what(m[1])}（整数），你给的是{_got(m[2])}"),
    (r"expected (.+?); a dict needs exactly the keys 'decision' and 'figure', got (.+)",
     lambda m: f"应给出{_what(m[1])}；字典必须恰好有 'decision' 和 'figure' 两个键，"
               f"你给的键是 {m[2]}"),
    (r"expected (.+?), got (.+)", lambda m: f"应给出{_what(m[1])}，你给的是{_got(m[2])}"),
])
