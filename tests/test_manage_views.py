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
