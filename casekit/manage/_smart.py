"""The SMART checker: which letter of 具体的/可衡量的/可达到的/适当的/及时的 a goal misses.

A text check by rules, in English and Chinese. It can tell whether a goal names *what*
(S), gives a *number* (M) and a *date or deadline* (T), and whether it is about the account
(R); whether a number is *achievable* (A) it can only judge against a baseline you give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..labels import get_language

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|％|percent|万|千|百|元|rmb|yuan|lines?|条|个|户|"
                     r"部|小时|hours?|k\b)?|[一二三四五六七八九十百千万]+\s*(?:%|成|万元|元|条|个|户)",
                     re.I)
_TIME = re.compile(r"\b(?:by|before|within|until|in)\s+(?:the\s+end\s+of\s+)?(?:\d{4}|q[1-4]|"
                   r"(?:january|february|march|april|may|june|july|august|september|october|"
                   r"november|december)|\d+\s*(?:months?|weeks?|days?|years?|quarters?)|"
                   r"next\s+(?:month|quarter|year)|(?:this|the)\s+(?:month|quarter|year))|"
                   r"\b20\d\d\b|\bq[1-4]\b|\d{4}年|\d+月|年底|年末|季度|月底|月末|之前|以前|前完成|"
                   r"[一二三四五六七八九十\d]+个?(?:月|周|天|年)内", re.I)
_OBJECT = re.compile(r"revenue|margin|profit|lines?\b|arpu|arpa|share|churn|retention|"
                     r"satisfaction|complaints?|contract|renew|sales|"
                     r"收入|利润|毛利|线路|号码|份额|流失|保留|满意度|投诉|合同|续约|销售额|"
                     r"专线|宽带", re.I)
_ACCOUNT = re.compile(r"accounts?|customers?|clients?|客户|用户|业务", re.I)
_VAGUE = re.compile(r"\b(?:improve|better|more|increase|enhance|strengthen|good|best)\b\s*"
                    r"(?:the\s+)?(?:relationship|service|things|it)?\s*$|^(?:提高|加强|改善|"
                    r"做好|搞好|维护好)(?:关系|服务|合作)?$", re.I)

LETTERS = ("S", "M", "A", "R", "T")
LETTER_NAMES = {"S": ("specific", "具体的"), "M": ("measurable", "可衡量的"),
                "A": ("achievable", "可达到的"), "R": ("relevant", "适当的"),
                "T": ("time-bound", "及时的")}


@dataclass(frozen=True)
class SmartCheck:
    """What :func:`check_smart` found: each letter True (met), False (missed) or None (not
    judged: A without a baseline).

    Attributes
    ----------
    goal : str
        The goal as given.
    letters : dict
        Letter → True / False / None.
    notes : dict
        Letter → what to add to the goal, in English ("" when the letter is met).
    notes_zh : dict
        The same notes in Chinese; ``str(check)`` shows them after
        ``ck.labels.set_language("zh")``.
    """

    goal: str
    letters: dict
    notes: dict
    notes_zh: dict = field(default_factory=dict)

    @property
    def missing(self) -> tuple[str, ...]:
        """The letters the goal misses, in SMART order."""
        return tuple(k for k in LETTERS if self.letters[k] is False)

    @property
    def smart(self) -> bool:
        """True when no letter is missed (A may still be unjudged)."""
        return not self.missing

    def __str__(self) -> str:
        marks = " ".join(f"{k}{'✔' if v else ('✘' if v is False else '?')}"
                         for k, v in self.letters.items())
        notes = self.notes_zh if get_language() == "zh" and self.notes_zh else self.notes
        sep = "；" if notes is self.notes_zh else "; "
        return f"{marks} — " + (sep.join(notes[k] for k in LETTERS if notes.get(k)) or "SMART")


def _numbers(goal: str) -> list[float]:
    out = []
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(%|％|percent)?", goal):
        out.append(float(m.group(1)) / (100.0 if m.group(2) else 1.0))
    return out


def check_smart(goal: str, baseline_growth: float | None = None,
                max_growth: float = 0.5) -> SmartCheck:
    """Which SMART letters a goal misses (具体的、可衡量的、可达到的、适当的、及时的).

    Rules (English and Chinese):

    * **S** specific — names a measure that is to change (revenue, margin, lines, churn,
      satisfaction, 收入, 专线, 满意度 …), not only a wish ("improve the relationship with the
      customer", 加强与客户的合作);
    * **M** measurable — contains a number (with %, RMB, lines, 万元, 条 …);
    * **A** achievable — judged only when ``baseline_growth`` is given: a percentage target is
      achievable when it is at most ``max_growth`` above the baseline growth; otherwise None;
    * **R** relevant — concerns the account or its business (a measure as for S, or the
      customer/account itself);
    * **T** time-bound — a date or deadline ("by Q3 2025", "within 6 months", 年底前, 6个月内).

    Parameters
    ----------
    goal : str
        The goal, one sentence.
    baseline_growth : float, optional
        The account's current annual growth (a fraction), to judge A.
    max_growth : float
        How far above the baseline a target may reach and still count as achievable.

    Returns
    -------
    SmartCheck
        ``.missing`` — the letters missed, e.g. ``("M", "T")``.

    References
    ----------
    Seed 001: 客户目标的评估标准 a.具体的 b.可衡量的 c.可达到的 d.适当的 e.及时的 (Doran 1981,
    "There's a S.M.A.R.T. way to write management's goals and objectives").

    >>> check_smart("Increase account 28's revenue by 10% by Q4 2025").missing
    ()
    >>> check_smart("improve the relationship").missing
    ('S', 'M', 'R', 'T')
    """
    if not isinstance(goal, str):
        raise TypeError(f"check_smart(goal=...): expected a sentence (str), got "
                        f"{type(goal).__name__}")
    text = goal.strip()
    if not text:
        raise ValueError("check_smart(goal=''): the goal is empty; write one sentence")
    time_found = bool(_TIME.search(text))
    bare = _TIME.sub(" ", text)
    has_number = bool(re.search(r"\d", bare)) or bool(re.search(
        r"[一二三四五六七八九十百千]+\s*(?:%|成|万元|元|条|个|户|百分点)", bare))
    obj = bool(_OBJECT.search(text))
    relevant = obj or bool(_ACCOUNT.search(text))
    vague = bool(_VAGUE.search(text)) and not obj
    letters = {"S": obj and not vague, "M": has_number, "A": None, "R": relevant,
               "T": time_found}
    notes = {k: "" if letters[k] else _NOTES[k][0] for k in "SMRT"}
    notes_zh = {k: "" if letters[k] else _NOTES[k][1] for k in "SMRT"}
    if baseline_growth is not None:
        pct = [n for n in _numbers(bare) if n < 5]
        if pct:
            letters["A"] = bool(max(pct) <= float(baseline_growth) + max_growth)
            far = not letters["A"]
            notes["A"] = (f"{max(pct):.0%} is far above the account's growth of "
                          f"{baseline_growth:.0%}") if far else ""
            notes_zh["A"] = (f"{max(pct):.0%} 远高于该客户 {baseline_growth:.0%} 的增长"
                             if far else "")
    return SmartCheck(goal, letters, notes, notes_zh)


#: What a goal missing a letter should add, in English and Chinese.
_NOTES = {"S": ("say what changes (revenue, lines, churn …)", "说明要改变什么（收入、线路、流失……）"),
          "M": ("give a number: how much", "给出数字：改变多少"),
          "R": ("tie it to the account's business", "与客户的业务挂钩"),
          "T": ("give a date or a deadline", "给出日期或期限")}
