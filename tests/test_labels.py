"""Display labels in two languages, and the CJK-font fallback for Chinese plots."""

from __future__ import annotations

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
