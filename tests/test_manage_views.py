"""Plots of notebook 09: each returns a labelled Figure drawn from the public analysis."""

import matplotlib

matplotlib.use("Agg")

import casekit as ck  # noqa: E402


def test_manage_plots_draw_and_are_labelled():
    base = ck.telecom(customers=600, months=24, seed=11)
    cid = int(ck.accounts(base)["customer_id"].iloc[0])
    fig = ck.plots.stakeholder_map(base, cid)
    ax = fig.axes[0]
    assert ax.get_title() and len(ax.collections[0].get_offsets()) == len(ck.contacts(base, cid))
    fig = ck.plots.stage_confusion_plot(base)
    assert [t.get_text() for t in fig.axes[0].texts]          # counts written in the cells
    total = sum(int(t.get_text()) for t in fig.axes[0].texts)
    assert total == len(ck.accounts(base))
    fig = ck.plots.classification_matrix_plot(base)
    n = sum(len(c.get_offsets()) for c in fig.axes[0].collections)
    assert n == len(ck.classification_matrix(base))


def test_team_hours_lab_shows_the_pyramid_hours_worked_by_hand():
    base = ck.telecom(customers=600, months=24, seed=11)
    team = {"A": "account_manager", "B": "service_rep"}     # 160 h × 0.6 and 160 h × 0.5
    total = 160 * 0.6 + 160 * 0.5
    active = ~base.customers["churned"].to_numpy(dtype=bool)
    tiers = base.truth["true_tier"].astype(str).to_numpy()
    n = {t: int(((tiers == t) & active).sum()) for t in ("key", "normal", "small")}
    box = ck.widgets.team_hours_lab(base, team)
    want = {t: total * s / n[t] for t, s in {"key": 0.6, "normal": 0.3, "small": 0.1}.items()}
    assert all(f"{want[t]:.2f}" in box.number.value for t in want)
    box.key.value = 0.5                                       # small tier gets 20 %
    assert f"{total * 0.5 / n['key']:.2f}" in box.number.value
    assert f"{total * 0.2 / n['small']:.2f}" in box.number.value
    assert "<table" in box.table.value and ">A<" in box.table.value
    box.normal.value = 0.6                                    # 0.5 + 0.6 > 1: no allocation
    assert "100 %" in box.number.value and box.table.value == ""


def test_views_of_notebook_09_speak_chinese():
    import warnings

    from casekit import labels
    base = ck.telecom(customers=600, months=24, seed=11)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)    # no CJK font: English plots
        labels.set_language("zh")
    box = ck.widgets.team_hours_lab(base, {"A": "account_manager"})
    assert "<th>重点</th>" in box.table.value and "<th>层级</th>" in box.table.value
    assert "<th>key</th>" not in box.table.value
    cid = int(ck.accounts(base)["customer_id"].iloc[0])
    roles = set(ck.contacts(base, cid)["role"])
    shown = {t.get_text() for t in ck.plots.stakeholder_map(base, cid).axes[0].texts}
    if labels._state["plot_language"] == "zh":          # a CJK font is installed
        assert "决策者" in shown and not any("_" in t or "decision" in t for t in shown)
    else:
        assert shown == {r.replace("_", " ") for r in roles}
