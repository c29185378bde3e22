"""Display labels in two languages, and the CJK-font fallback for Chinese plots."""

from __future__ import annotations

import re
import warnings

import pytest

from casekit import labels


def test_english_and_chinese_labels():
    labels.set_language("en")
    assert labels.label("whale_curve") == "Whale curve"
    labels._state["warned"] = True  # silence the font warning on font-less machines
    labels.set_language("zh")
    assert labels.label("whale_curve") == "鲸鱼曲线"
    assert labels.get_language() == "zh"


def test_unknown_key_falls_back_to_readable_text():
    labels.set_language("en")
    assert labels.label("total_revenue") == "total revenue"


def test_bad_language_is_named():
    with pytest.raises(ValueError, match=r"language='fr'.*\('en', 'zh'\)"):
        labels.set_language("fr")


def test_register_refuses_conflicting_text():
    labels.register({"test_only_key": ("a", "甲")})
    labels.register({"test_only_key": ("a", "甲")})  # same text: fine
    with pytest.raises(ValueError, match="test_only_key"):
        labels.register({"test_only_key": ("b", "乙")})
    with pytest.raises(TypeError, match="pair"):
        labels.register({"bad": "only english"})


def test_no_cjk_font_warns_once_and_plots_stay_english(monkeypatch):
    monkeypatch.setattr(labels, "cjk_font", lambda: None)
    labels._state["warned"] = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert labels.set_language("zh") == "en"
        labels.set_language("zh")
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1 and "fonts-noto-cjk" in messages[0]
    assert labels.label("whale_curve") == "鲸鱼曲线"        # text and widgets: Chinese
    assert labels.plot_label("whale_curve") == "Whale curve"  # plots: English fallback


def test_cjk_font_is_used_for_plots(monkeypatch):
    import matplotlib as mpl

    monkeypatch.setattr(labels, "cjk_font", lambda: "Noto Sans CJK SC")
    monkeypatch.setitem(mpl.rcParams, "font.sans-serif", ["DejaVu Sans"])
    assert labels.set_language("zh") == "zh"
    assert mpl.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
    assert labels.plot_label("whale_curve") == "鲸鱼曲线"


def test_cjk_font_detection_reads_matplotlib_font_list(monkeypatch):
    from matplotlib import font_manager

    class Font:
        def __init__(self, name):
            self.name = name

    monkeypatch.setattr(font_manager.fontManager, "ttflist",
                        [Font("DejaVu Sans"), Font("SimHei"), Font("Microsoft YaHei")])
    assert labels.cjk_font() == "Microsoft YaHei"  # earlier in CJK_FONTS than SimHei
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [Font("DejaVu Sans")])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: ["/fonts/DejaVuSans.ttf"])
    monkeypatch.setitem(labels._state, "scanned", False)
    assert labels.cjk_font() is None


def test_cjk_font_installed_after_matplotlib_cached_its_font_list(monkeypatch):
    """matplotlib's cached list lacks the font; the file is on disk: it is found and added."""
    from matplotlib import font_manager

    class Font:
        def __init__(self, name):
            self.name = name

    fonts = [Font("DejaVu Sans")]
    added = []

    def addfont(path):
        added.append(path)
        fonts.append(Font("Noto Sans CJK JP"))   # face 0 of NotoSansCJK-Regular.ttc

    monkeypatch.setattr(font_manager.fontManager, "ttflist", fonts)
    monkeypatch.setattr(font_manager.fontManager, "addfont", addfont)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"])
    monkeypatch.setitem(labels._state, "scanned", False)
    assert labels.cjk_font() == "Noto Sans CJK JP"
    assert added == ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]
    assert labels.cjk_font() == "Noto Sans CJK JP"      # no second scan needed
    assert len(added) == 1


def test_english_restores_the_matplotlib_settings_chinese_changed(monkeypatch):
    import matplotlib as mpl

    monkeypatch.setattr(labels, "cjk_font", lambda: "Noto Sans CJK SC")
    mpl.rcParams["font.sans-serif"] = ["DejaVu Sans", "Arial"]
    mpl.rcParams["font.family"] = "serif"
    mpl.rcParams["axes.unicode_minus"] = True
    labels.set_language("zh")
    labels.set_language("zh")                      # twice: still restores the original
    assert mpl.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
    assert mpl.rcParams["axes.unicode_minus"] is False
    labels.set_language("en")
    assert mpl.rcParams["font.sans-serif"] == ["DejaVu Sans", "Arial"]
    assert mpl.rcParams["font.family"] == ["serif"]
    assert mpl.rcParams["axes.unicode_minus"] is True


CJK = re.compile(r"[\u4e00-\u9fff]")


def _visible_texts(widget) -> list[str]:
    """What a student reads in a dashboard: captions, option labels and the HTML outputs
    (tags stripped), collected from every widget in the box."""
    import ipywidgets as widgets

    texts = []
    if getattr(widget, "description", ""):
        texts.append(widget.description)
    if isinstance(widget, (widgets.Dropdown, widgets.ToggleButtons)):
        texts.extend(text for text, _value in widget.options)
    if isinstance(widget, widgets.HTML) and widget.value:
        texts.append(re.sub(r"<[^>]*>", " ", widget.value))
    for child in getattr(widget, "children", ()):
        texts.extend(_visible_texts(child))
    return texts


def test_dashboards_of_chapters_01_to_03_read_chinese_after_set_language_zh(monkeypatch):
    import casekit as ck

    monkeypatch.setitem(labels._state, "warned", True)    # font-less machines: no warning
    tel = ck.telecom(customers=200, months=6, seed=1)
    tob = ck.tobacco(retailers=200, weeks=8, seed=1)
    try:
        labels.set_language("zh")
        pareto = ck.widgets.pareto_explorer({"telecom": tel, "tobacco": tob})
        whale = ck.widgets.whale_explorer({"telecom": tel, "tobacco": tob})
        world = ck.widgets.world_explorer(world="tobacco", size=200, seed=1)
        pareto.world.value = "tobacco"                  # the tobacco measures are listed too
        for box in (pareto, whale, world):
            texts = _visible_texts(box)
            assert len(texts) >= 5
            assert [t for t in texts if not CJK.search(t)] == []
        # the choices show labels; their values stay the codes the analysis functions take
        assert whale.world.options == (("电信", "telecom"), ("卷烟零售", "tobacco"))
        assert ("一类烟（条）", "cartons_class1") in pareto.measure.options
        assert pareto.measure.value == "revenue"
        assert "<th>ABC 类</th>" in pareto.table.value
        assert "<th>客户占比</th>" in pareto.table.value
        # Chinese word order: "前 20% 贡献了 x% 的总量", not "拥有 x% 占总量"
        assert re.search(r"贡献了 <span class='casekit-result'>[\d.]+%</span> 的总量",
                         pareto.number.value)
    finally:
        labels.set_language("en")
    english = ck.widgets.pareto_explorer({"telecom": tel})
    assert english.measure.options[0] == ("revenue (RMB)", "revenue")
    assert english.world.options == (("telecom", "telecom"),)


def test_revenue_distribution_names_its_median_in_the_plot_language(monkeypatch):
    import casekit as ck

    tel = ck.telecom(customers=200, months=6, seed=1)
    monkeypatch.setattr(labels, "cjk_font", lambda: "Noto Sans CJK SC")
    try:
        labels.set_language("zh")
        legend = ck.plots.revenue_distribution(tel).axes[0].get_legend()
        assert any(re.fullmatch(r"中位数 ¥[\d,]+", t.get_text()) for t in legend.get_texts())
    finally:
        labels.set_language("en")
    legend = ck.plots.revenue_distribution(tel).axes[0].get_legend()
    assert any(re.fullmatch(r"median ¥[\d,]+", t.get_text()) for t in legend.get_texts())
