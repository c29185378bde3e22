"""Feedback in the student's language: the generic messages of ``ck.check`` in Chinese.

The language is the one chosen with ``ck.labels.set_language`` ("en" or "zh"). Checks build
their messages in English, as before; when the language is "zh", :func:`localise` rewrites a
message at the one place where it is shown (``_question._result``) by matching it against the
catalogue :data:`_CATALOGUE` of the generic English messages (✔/✘ wording, "not answered
yet", tolerance notes, "expected one number, got …"). A message the catalogue does not know —
a per-question hint nobody has translated yet — stays English: the fallback is always the
English text, never an empty or garbled one.

Per-question texts live beside the English, one module per chapter:
``casekit/exercises/zh/exNN.py`` (and ``zh/case_telecom.py``, ``zh/case_tobacco.py``) holds

* ``TEXTS`` — question short id → ``{"prompt": …, "reinforce": …, "retry": …, "why": …,
  "hints": {mistake key: hint}}``, in the order of the English module, so a reviewer reads
  both side by side;
* ``TERMS`` — English label → Chinese, for the short labels that checks build messages from:
  a judgement's figure name and rule, a unit, a rubric's criteria and levels.

Why a module beside each chapter rather than ``*_zh=`` fields inline: the chapters' modules
are close to the 500-line limit and hold computations; a separate module keeps every English
line (and its computation) untouched, keeps both under the limit, and lets a translator's
change be reviewed apart from a change of the question. ``TERMS`` are shared by all chapters
(one label, one Chinese), since the same label ("ΔNPV", "RMB") recurs across chapters.

The registry (``_registry._load_chapter``) applies a chapter's ``TEXTS`` with
``_registry.in_chinese`` to the fields ``Mistake.hint_zh``, ``Question.reinforce_zh`` and
``Question.retry_zh`` (new frozen copies; the English module is not changed) and registers its
``TERMS`` (:func:`term`); ``Question.prompt_zh`` is filled from ``"prompt"`` and shown by
``ex.questions()``. :func:`pick` chooses the Chinese field when the language is "zh" and
it is not empty. The worked explanations ("why") are read by
:func:`casekit.exercises.why.why` (and ``why_markdown``, the solution notebook's cell), which
pick by language too. A field may also be given
inline (``Mistake(key, hint, wrong, hint_zh="…")``); the zh module then overrides it. Keys that
name no question or no mistake are an error, so a renamed mistake cannot silently lose its
Chinese.

What stays English on purpose: the instructor's answer key, and errors raised for bad
arguments to casekit functions (``ValueError``/``TypeError``, documented in the README) —
they name Python parameters and values, which are English in the code too; the option words
a student types (``"yes"``, ``"let_go"``, ``"pyramid"``) and code in backticks; the exemplary
answers of the rubrics (long, with their figures; the criteria and levels are translated);
a judgement's composed ✔ (the Chinese reinforcement, then "数字正确，选择也由它推出。未检查：…")
is built by ``in_chinese`` as ``judgement_question`` builds the English one.
"""

from __future__ import annotations

import re
from typing import Callable, Mapping

from ..labels import get_language


def pick(english: str, chinese: str = "") -> str:
    """``chinese`` when the display language is "zh" and it is given, else ``english``."""
    return chinese if chinese and get_language() == "zh" else english


#: English label → Chinese, registered from the chapters' zh modules (see the module docs).
_TERMS: dict[str, str] = {}


def register_terms(terms: Mapping[str, str]) -> None:
    """Add English label → Chinese pairs (a chapter's ``TERMS``) to the ones :func:`term` knows.

    Parameters
    ----------
    terms : mapping of str to str
        English label → its Chinese; an empty Chinese text is refused.
    """
    empty = [k for k, v in terms.items() if not (isinstance(v, str) and v.strip())]
    if empty:
        raise ValueError(f"register_terms: no Chinese for {empty}")
    _TERMS.update(terms)


def term(english: str) -> str:
    """A short label (figure name, rule, unit, rubric criterion) in the display language:
    its registered Chinese when the language is "zh", else ``english`` unchanged."""
    if get_language() != "zh":
        return english
    return _TERMS.get(english, _WORDS.get(english, english))


def _chinese(english: str) -> str:
    """The registered Chinese of a label, whatever the display language."""
    return _TERMS.get(english, _WORDS.get(english, english))


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
    if text.startswith("correct. "):     # a reinforcement: written by hand, kept as it is
        return "正确。" + text[len("correct. "):]
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
          "retention rate": "保留率", "churn rate": "流失率", "the figure": "关键数字",
          "share of customers": "客户占比", "coefficient": "系数", "RMB": "元",
          "months": "月", "weeks": "周", "customers": "客户数", "accounts": "客户数",
          "retailers": "零售户数", "criterion": "评分项", "excellent": "优秀",
          "adequate": "合格", "strength": "优势", "weakness": "劣势", "opportunity": "机会",
          "threat": "威胁", "insufficient": "不足",
          "Exemplary answer.": "范例答案（英文原文，数字取自所用数据）：",
          "your reason in words, if you gave one — your instructor "
          "reads it": "你用文字写的理由（如果写了）—— 由老师批阅"}


def _word(text: str) -> str:
    """A short English noun from a message (a figure's name, a unit) in Chinese, if known."""
    return _chinese(text)


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
    (r"a list of (\d+) options(?: from (.+))?, best first",
     lambda m: f"由 {m[1]} 个选项组成的列表" + (f"（从 {m[2].replace(', ', '、')} 中选）"
                                              if m[2] else "") + "，最好的排在最前"),
    (r"a list of options(?: from (.+))? \(order does not matter\)",
     lambda m: "一个选项列表" + (f"（从 {m[1].replace(', ', '、')} 中选）" if m[1] else "")
               + "，顺序不限"),
    (r"a pair \(choice, figure\): the choice as (.+?) and (.+) as (.+?) \(a reason in words "
     r"may follow\)",
     lambda m: f"一对 (选择, 数字)：选择为{_what(m[1])}，{_word(m[2])}为{_what(m[3])}"
               "（后面可以再写一句理由）"),
    (r"a text of at least (\d+) words", lambda m: f"一段至少 {m[1]} 个词的文字"),
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
    (r"the choice is not answered yet", lambda m: "选择部分尚未作答"),
    (r"(.+) is not answered yet", lambda m: f"{_word(m[1])}尚未作答"),
    (r"(.+) is right, but the decision does not follow from it",
     lambda m: f"{_word(m[1])}对了，但决策与它不符"),
    (r"the decision is right but (.+?) is not(?: \((.+)\))? — the figure is what decides it",
     lambda m: f"决策对了，但{_word(m[1])}不对" + (f"（{_zh(m[2])}）" if m[2] else "")
               + " —— 决策要由这个数字来定"),
    # judgements (casekit/check/_judgement.py): one line per part, joined by "; "
    (r"(.+): right on your data", lambda m: f"{_word(m[1])}：与你的数据算出的一致"),
    (r"(.+): not what your data give(?: \((.+)\))?",
     lambda m: f"{_word(m[1])}：与你的数据算出的不一致" + (f"（{_zh(m[2])}）" if m[2] else "")),
    (r"choice: follows from your figure", lambda m: "选择：由你的数字推得出"),
    (r"choice: follows from your figure — so your reasoning holds, the number does not",
     lambda m: "选择：由你的数字推得出 —— 推理没错，错在数字"),
    (r"choice: does not follow from your figure \(rule: (.+)\)",
     lambda m: f"选择：不能由你的数字推出（规则：{_word(m[1])}）"),
    (r"not checked: (.+)", lambda m: f"未检查：{_word(m[1])}"),
    (r"the reason must be text, got (.+)", lambda m: f"理由必须是文字，你给的是{_got(m[1])}"),
    (r"expected (.+?); a dict needs the keys 'choice' and 'figure' \(and optionally 'why'\), "
     r"got (.+)",
     lambda m: f"应给出{_what(m[1])}；字典必须有 'choice' 和 'figure' 两个键（'why' 可有可无），"
               f"你给的键是 {m[2]}"),
    (r"expected (.+?), got (.+?) — write it as a tuple \(choice, figure\)",
     lambda m: f"应给出{_what(m[1])}，你给的是{_got(m[2])} —— 请写成元组 (选择, 数字)"),
    (r"expected (.+?), got (.+?) — give a list",
     lambda m: f"应给出{_what(m[1])}，你给的是{_got(m[2])} —— 请给一个列表"),
    (r"expected (\d+) options, got (\d+)", lambda m: f"应给出 {m[1]} 个选项，你给了 {m[2]} 个"),
    (r"an option appears twice in (\[.*\])", lambda m: f"{m[1]} 中有选项重复出现"),
    (r"(\[.*\]) not among the options (\[.*\])",
     lambda m: f"{m[1]} 不在可选项 {m[2]} 之中"),
    (r"expected an option, got (.+)", lambda m: f"应给出一个选项，你给的是{_got(m[1])}"),
    (r"expected an option name or id, got (.+)",
     lambda m: f"应给出选项的名称或编号，你给的是{_got(m[1])}"),
    # written answers
    (r"not answered yet — write your answer between the quotes",
     lambda m: "尚未作答 —— 请把答案写在引号之间"),
    (r"your text has (\d+) words", lambda m: f"你的文字只有 {m[1]} 个词"),   # "; " follows
    (r"write at least (\d+)", lambda m: f"请至少写 {m[1]} 个"),
    (r"it does not mention (.+)", lambda m: f"没有提到 {m[1]}"),
    (r"text received \(at least (\d+) words(?:, naming (.+?))?\) — its content is NOT checked: "
     r"your instructor grades it with the rubric in the solution notebook",
     lambda m: f"已收到文字（至少 {m[1]} 个词" + (f"，提到了 {'、'.join(map(_word, m[2].split(', ')))}"
                                                 if m[2] else "")
               + "）—— 内容并未检查：老师会按答案本中的评分标准批阅"),
    # numbers that are not numbers
    (r"your answer is too large to be a number \((\d+) digits\) — check the units and the "
     r"formula", lambda m: f"你的答案太大，不像一个数（{m[1]} 位）—— 请检查单位和公式"),
    (r"your answer is infinite — look for a division by zero \(or by a count that is 0\)",
     lambda m: "你的答案是无穷大 —— 检查是否除以零（或除以一个为 0 的计数）"),
    (r"some of your numbers are too large to be numbers — check the units and the formula",
     lambda m: "你的数中有的太大，不像数 —— 请检查单位和公式"),
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
