"""Display labels in English and Chinese, and a CJK font for Chinese plots.

Data columns always keep their English snake_case names; only what a student *reads* changes
with the language: plot titles, axis labels, segment names, widget captions.

>>> from casekit import labels
>>> labels.set_language("en")
'en'
>>> labels.label("key_account")
'key account'
>>> labels.label("whale_curve")
'Whale curve'

Chinese needs a font with CJK glyphs for matplotlib. ``set_language("zh")`` looks for one among
the fonts matplotlib can see (:data:`CJK_FONTS`, in order). When none is installed it warns once
and plots keep English labels (widgets and text, drawn by the browser, still show Chinese).

Other modules add their own labels with :func:`register` at import time, so each part of the
kit keeps its words next to its code.
"""

from __future__ import annotations

import os
import warnings
from typing import Mapping

__all__ = ["set_language", "get_language", "label", "plot_label", "register", "cjk_font",
           "LANGUAGES", "CJK_FONTS"]

#: The languages casekit speaks.
LANGUAGES = ("en", "zh")

#: CJK fonts tried for Chinese plots, in order of preference (Linux, Windows, macOS).
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Noto Sans CJK JP",
    "Noto Sans CJK TC", "Microsoft YaHei", "PingFang SC", "Heiti SC", "STHeiti", "SimHei",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Arial Unicode MS",
)

_state = {"language": "en", "plot_language": "en", "warned": False}

# key -> (English, Chinese). Keys are data names (columns, segments) or plot/widget phrases.
_LABELS: dict[str, tuple[str, str]] = {}


def register(entries: Mapping[str, tuple[str, str]]) -> None:
    """Add display labels: ``{key: (english, chinese)}``.

    Registering a key again with the same text is fine; with different text it is an error,
    so two parts of the kit cannot silently disagree on a word.
    """
    for key, pair in entries.items():
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(s, str) for s in pair)):
            raise TypeError(f"register: label {key!r} must be a pair (english, chinese) of "
                            f"strings, got {pair!r}")
        old = _LABELS.get(key)
        if old is not None and old != pair:
            raise ValueError(f"register: label {key!r} is already {old!r}; refusing {pair!r}")
        _LABELS[key] = pair


def set_language(language: str) -> str:
    """Choose the display language, ``"en"`` or ``"zh"``; returns the language plots will use.

    For ``"zh"`` matplotlib is pointed at an installed CJK font. If none is found, a single
    warning says so and plots fall back to English.
    """
    if language not in LANGUAGES:
        raise ValueError(f"set_language(language={language!r}): allowed values are {LANGUAGES}")
    _state["language"] = language
    _state["plot_language"] = language
    if language == "zh":
        font = cjk_font()
        if font is None:
            _state["plot_language"] = "en"
            if not _state["warned"]:
                _state["warned"] = True
                warnings.warn(
                    "No Chinese (CJK) font is installed for matplotlib, so plots keep English "
                    f"labels. Install one of: {', '.join(CJK_FONTS[:6])}, … (Debian/Ubuntu: "
                    "`sudo apt install fonts-noto-cjk`), then restart the kernel.",
                    UserWarning, stacklevel=2)
        else:
            import matplotlib as mpl

            fonts = list(mpl.rcParams["font.sans-serif"])
            mpl.rcParams["font.sans-serif"] = [font] + [f for f in fonts if f != font]
            mpl.rcParams["font.family"] = "sans-serif"
            mpl.rcParams["axes.unicode_minus"] = False
    return _state["plot_language"]


def get_language() -> str:
    """The current display language (``"en"`` or ``"zh"``)."""
    return _state["language"]


def cjk_font() -> str | None:
    """The name of the first installed font from :data:`CJK_FONTS`, or None.

    matplotlib keeps its list of fonts in a cache built the first time it runs, so a font
    installed afterwards (``apt install fonts-noto-cjk`` after the first plot) is not in it.
    When no CJK font is in the list, the font files on the system are searched once and any
    CJK one found is added (``FontManager.addfont``), so installing the font and restarting
    the kernel is enough.
    """
    from matplotlib import font_manager

    found = _first_cjk(font_manager.fontManager)
    if found is None and not _state.get("scanned"):
        _state["scanned"] = True
        for path in font_manager.findSystemFonts():
            if any(part in os.path.basename(path).lower() for part in _CJK_FILE_HINTS):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):    # unreadable font file
                    continue
        found = _first_cjk(font_manager.fontManager)
    return found


#: Parts of the file names of the fonts in CJK_FONTS (lower case).
_CJK_FILE_HINTS = ("notosanscjk", "notosanssc", "sourcehansans", "msyh", "pingfang",
                   "stheiti", "simhei", "wqy-", "arial unicode", "arialuni")


def _first_cjk(manager) -> str | None:
    installed = {f.name for f in manager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            return name
    return None


def _lookup(key: str, language: str) -> str:
    pair = _LABELS.get(key)
    if pair is None:
        return key.replace("_", " ")
    return pair[0] if language == "en" else pair[1]


def label(key: str) -> str:
    """Display text for ``key`` in the current language (unknown keys: underscores → spaces)."""
    return _lookup(key, _state["language"])


def plot_label(key: str) -> str:
    """Like :func:`label`, but English when Chinese was asked for and no CJK font is installed."""
    return _lookup(key, _state["plot_language"])


register({
    # segments and tiers
    "key_account": ("key account", "政企大客户"),
    "sme": ("SME", "中小企业"),
    "consumer": ("consumer", "个人客户"),
    "consumer_postpaid": ("consumer (postpaid)", "个人客户（后付费）"),
    "consumer_prepaid": ("consumer (prepaid)", "个人客户（预付费）"),
    "key": ("key", "重点客户"),
    "normal": ("normal", "普通客户"),
    "small": ("small", "小客户"),
    "prospect": ("prospect", "潜在客户"),
    "unattractive": ("unattractive", "没有吸引力的对象"),
    "lost": ("lost", "流失"),
    "urban": ("urban", "城镇"),
    "rural": ("rural", "乡村"),
    # columns
    "customer_id": ("customer", "客户编号"),
    "period": ("period", "期"),
    "month": ("month", "月"),
    "week": ("week", "周"),
    "revenue": ("revenue (RMB)", "收入（元）"),
    "margin": ("margin (RMB)", "利润（元）"),
    "profit": ("profit (RMB)", "利润（元）"),
    "retention": ("retention rate", "保留率"),
    "churn": ("churn rate", "流失率"),
    "clv": ("customer lifetime value (RMB)", "客户终身价值（元）"),
    "acquisition_cost": ("acquisition cost (RMB)", "获取成本（元）"),
    "discount_rate": ("discount rate", "贴现率"),
    "segment": ("segment", "客户类型"),
    "region": ("region", "地区"),
    "tier": ("tier", "层级"),
    "grade": ("grade", "档位"),
    # course vocabulary and plot titles
    "key_customer": ("key customer", "重点客户"),
    "customer_share": ("share of customers", "客户占比"),
    "value_share": ("share of value", "价值占比"),
    "pareto_curve": ("Pareto curve (80/20)", "帕累托曲线（二八法则）"),
    "whale_curve": ("Whale curve", "鲸鱼曲线"),
    "customer_pyramid": ("Customer pyramid", "客户金字塔"),
    "lifetime_value": ("Customer lifetime value", "客户终身价值"),
    # widget captions used across the kit
    "seed": ("seed", "随机种子"),
    "language": ("language", "语言"),
    "customers": ("customers", "客户数"),
    "run": ("Run", "运行"),
})
