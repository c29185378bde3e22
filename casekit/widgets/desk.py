"""The instructor's dashboard (issue 17): load a class, see its grades, its hardest questions
and most frequent mistakes, one student's answers, and the case debrief.

A thin view over :mod:`casekit.desk` (tables) and :mod:`casekit.plots.desk` (pictures);
``dashboards/instructor.ipynb`` shows it through Voilà (``make dashboard``).
"""

from __future__ import annotations

import html
import io
import os

import ipywidgets as widgets
import pandas as pd

from .. import labels
from ..desk import (debrief, frequent_mistakes, grade, hardest_questions, student_answers)
from ..plots.desk import desk_debrief, desk_grade_distribution, desk_hardest_questions

__all__ = ["instructor_dashboard"]

labels.register({
    "desk_pack": ("class pack folder", "班级数据包文件夹"),
    "desk_class": ("collected class folder", "收集的作业文件夹"),
    "desk_load": ("Load the class", "载入班级"),
    "desk_hardest": ("The hardest questions", "最难的题目"),
    "desk_mistakes": ("The most frequent mistakes, with the hint the students saw",
                      "最常见的错误及学生看到的提示"),
    "desk_one_student": ("One student's answers", "单个学生的答案"),
    "desk_debrief": ("Case debrief: every plan played on its student's data",
                     "案例复盘：每个方案在该学生自己的数据上推演"),
    "desk_flags": ("Flagged files (not scored)", "被标记的文件（不计分）"),
    "desk_no_plans": ("no answers file of this class holds a plan", "本班没有包含方案的答案文件"),
})

_STYLE = {"description_width": "initial"}
_WIDE = widgets.Layout(width="520px")
_PICTURE = widgets.Layout(max_width="640px")


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return buf.getvalue()


def _html_table(frame: pd.DataFrame, css: str) -> str:
    return frame.to_html(index=False, classes=css, float_format=lambda v: f"{v:,.3g}",
                         na_rep="", escape=True)


def _heading(key: str) -> widgets.HTML:
    return widgets.HTML(f"<h3>{html.escape(labels.label(key))}</h3>")


def instructor_dashboard(pack: str | None = None, submissions: str | None = None
                         ) -> widgets.VBox:
    """The instructor's dashboard.

    Parameters
    ----------
    pack, submissions : str, optional
        The class pack and the collected class folder; default the environment variables
        ``CASEKIT_PACK`` and ``CASEKIT_CLASS`` (set by ``make dashboard``). When both are
        given the class is loaded at once.

    Returns
    -------
    ipywidgets.VBox
        Attributes: ``load`` (button), ``status``, ``distribution`` (Image), ``hardest``,
        ``mistakes``, ``student`` (Dropdown), ``answers``, ``debrief_table`` (HTML),
        ``debrief_plot`` (Image), ``book`` (the :class:`casekit.desk.Gradebook` loaded).
    """
    pack = pack if pack is not None else os.environ.get("CASEKIT_PACK", "")
    submissions = submissions if submissions is not None else os.environ.get("CASEKIT_CLASS", "")
    pack_box = widgets.Text(str(pack), description=labels.label("desk_pack"), style=_STYLE,
                            layout=_WIDE)
    class_box = widgets.Text(str(submissions), description=labels.label("desk_class"),
                             style=_STYLE, layout=_WIDE)
    load = widgets.Button(description=labels.label("desk_load"), button_style="primary")
    status = widgets.HTML()
    distribution = widgets.Image(format="png", layout=_PICTURE)
    hard_plot = widgets.Image(format="png", layout=widgets.Layout(max_width="640px"))
    hardest = widgets.HTML()
    mistakes = widgets.HTML()
    flags = widgets.HTML()
    student = widgets.Dropdown(options=[], description=labels.label("desk_student"),
                               style=_STYLE)
    answers = widgets.HTML()
    debrief_table = widgets.HTML()
    debrief_plot = widgets.Image(format="png", layout=widgets.Layout(max_width="560px"))
    for w, css in ((hardest, "casekit-desk-hardest"), (mistakes, "casekit-desk-mistakes"),
                   (answers, "casekit-desk-student"), (debrief_table, "casekit-desk-debrief"),
                   (distribution, "casekit-desk-distribution"), (student,
                                                                 "casekit-desk-selector")):
        w.add_class(css)
    box = widgets.VBox([pack_box, class_box, load, status, distribution,
                        _heading("desk_hardest"), hard_plot, hardest,
                        _heading("desk_mistakes"), mistakes, _heading("desk_flags"), flags,
                        _heading("desk_one_student"), student, answers,
                        _heading("desk_debrief"), debrief_plot, debrief_table])
    box.book = None

    def show_student(change=None) -> None:
        if box.book is None or not student.value:
            answers.value = ""
            return
        answers.value = _html_table(student_answers(box.book, student.value),
                                    "casekit-desk-student-table")

    def press(_b=None) -> None:
        try:
            book = grade(pack_box.value.strip(), class_box.value.strip())
            played = debrief(pack_box.value.strip(), class_box.value.strip())
        except (ValueError, TypeError, FileNotFoundError) as err:
            status.value = f"<p style='color:#D55E00'>{html.escape(str(err))}</p>"
            return
        box.book = book
        t = book.table
        status.value = (f"<p class='casekit-desk-status'>{len(t)} students, "
                        f"{len(book.questions)} questions, mean score {t['score'].mean():.1%}, "
                        f"{len(book.flags)} flagged files</p>")
        distribution.value = _png(desk_grade_distribution(book))
        hard_plot.value = _png(desk_hardest_questions(book))
        hardest.value = _html_table(hardest_questions(book, top=10), "casekit-desk-hardest-table")
        mistakes.value = _html_table(frequent_mistakes(book), "casekit-desk-mistakes-table")
        flags.value = _html_table(book.flags, "casekit-desk-flags-table")
        student.options = t["student_id"].tolist()
        student.value = t["student_id"].iloc[0]
        show_student()
        if (played["status"] == "played").any():
            debrief_plot.value = _png(desk_debrief(played))
            debrief_table.value = _html_table(played, "casekit-desk-debrief-table")
        else:
            debrief_table.value = f"<p>{html.escape(labels.label('desk_no_plans'))}</p>"

    load.on_click(press)
    student.observe(show_student, names="value")
    box.load, box.status, box.distribution, box.hardest, box.mistakes = (load, status,
                                                                         distribution, hardest,
                                                                         mistakes)
    box.student, box.answers, box.debrief_table, box.debrief_plot = (student, answers,
                                                                     debrief_table, debrief_plot)
    box.press = press
    if pack_box.value and class_box.value:
        press()
    return box
