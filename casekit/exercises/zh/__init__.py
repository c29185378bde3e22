"""The exercises' and cases' feedback in Chinese (中文反馈), one module per chapter.

Each module ``zh/<chapter>.py`` sits beside ``casekit/exercises/<chapter>.py`` and holds, in the
English module's order, ``TEXTS`` (question short id → reinforcement, retry text, worked
explanation "why", and the hint of each usual mistake by its key) and ``TERMS`` (the short
English labels of the chapter — figure names, judgement rules, units, rubric criteria — and
their Chinese). The check registry applies them (:func:`casekit.check._i18n.in_chinese`); they
are shown after ``ck.labels.set_language("zh")``. Written as a Chinese CRM teacher would say it,
with the seed texts' terms (客户ARPA值, ARPU值, 流失率, 保留率, 客户终身价值, 弹性客户, 档位 …).
"""

from __future__ import annotations

import importlib
import importlib.util

__all__ = ["texts", "why_zh"]


def texts(chapter: str) -> dict:
    """The ``TEXTS`` of ``chapter``'s zh module (empty when it has none).

    Parameters
    ----------
    chapter : str
        ``"ex01"`` … ``"case_tobacco"``.

    Returns
    -------
    dict
        Question short id → its Chinese texts.
    """
    name = f"{__name__}.{chapter}"
    if not chapter.isidentifier() or importlib.util.find_spec(name) is None:
        return {}
    return importlib.import_module(name).TEXTS


def why_zh(question_id: str) -> str | None:
    """The Chinese worked explanation of ``question_id`` (``"ex02.q3"``), or None."""
    chapter, _, short = str(question_id).partition(".")
    return texts(chapter).get(short, {}).get("why") or None
