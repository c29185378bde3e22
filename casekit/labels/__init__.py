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

The words of the analysis modules (column names, categories, titles) are registered here;
plots and widgets register their own captions next to their code with :func:`register`.
Analysis results carry codes (``"key"``, ``"strategy_key"``); only views translate them.
"""

from __future__ import annotations

import math
import numbers
import os
import warnings
from typing import Mapping

from ._words import WORDS as _WORDS

__all__ = ["set_language", "get_language", "label", "plot_label", "register", "cjk_font",
           "money", "LANGUAGES", "CJK_FONTS"]

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

    Parameters
    ----------
    entries : mapping
        ``{key: (english, chinese)}``, each text a str.
    """
    if not isinstance(entries, Mapping):
        raise TypeError(f"register(entries={entries!r}): expected a mapping "
                        "{key: (english, chinese)}")
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

    For ``"zh"`` matplotlib is pointed at an installed CJK font (``font.sans-serif``,
    ``font.family``, ``axes.unicode_minus``); ``"en"`` puts those settings back as they were.
    If no CJK font is found, a single warning says so and plots fall back to English.

    Parameters
    ----------
    language : {"en", "zh"}
        The display language of widgets, text and plots.

    Returns
    -------
    str
        The language plots will use: ``"en"`` when ``"zh"`` was asked for without a CJK font.
    """
    if language not in LANGUAGES:
        raise ValueError(f"set_language(language={language!r}): allowed values are {LANGUAGES}")
    _state["language"] = language
    _state["plot_language"] = language
    if language == "en":
        _restore_rc_params()
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

            if "saved_rc" not in _state:          # what "en" puts back
                _state["saved_rc"] = {k: mpl.rcParams[k] for k in _RC_KEYS}
            fonts = list(mpl.rcParams["font.sans-serif"])
            mpl.rcParams["font.sans-serif"] = [font] + [f for f in fonts if f != font]
            mpl.rcParams["font.family"] = "sans-serif"
            mpl.rcParams["axes.unicode_minus"] = False
    return _state["plot_language"]


#: The matplotlib settings ``set_language("zh")`` changes (and ``"en"`` restores).
_RC_KEYS = ("font.sans-serif", "font.family", "axes.unicode_minus")


def _restore_rc_params() -> None:
    """Put back the matplotlib settings as they were before ``set_language("zh")``."""
    saved = _state.pop("saved_rc", None)
    if saved is not None:
        import matplotlib as mpl

        for key, value in saved.items():
            mpl.rcParams[key] = value


def get_language() -> str:
    """The current display language (``"en"`` or ``"zh"``).

    Returns
    -------
    str
    """
    return _state["language"]


def cjk_font() -> str | None:
    """The name of the first installed font from :data:`CJK_FONTS`, or None.

    matplotlib keeps its list of fonts in a cache built the first time it runs, so a font
    installed afterwards (``apt install fonts-noto-cjk`` after the first plot) is not in it.
    When no CJK font is in the list, the font files on the system are searched once and any
    CJK one found is added (``FontManager.addfont``), so installing the font and restarting
    the kernel is enough.

    Returns
    -------
    str or None
        The font's family name, or None when no CJK font is installed.
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


def _check_key(key: object, where: str) -> str:
    if not isinstance(key, str):
        raise TypeError(f"{where}(key={key!r}): expected a text key such as 'key_account'")
    return key


def label(key: str) -> str:
    """Display text for ``key`` in the current language (unknown keys: underscores → spaces).

    Parameters
    ----------
    key : str
        A label key, e.g. ``"key_account"``.

    Returns
    -------
    str
    """
    return _lookup(_check_key(key, "label"), _state["language"])


def plot_label(key: str) -> str:
    """Like :func:`label`, but English when Chinese was asked for and no CJK font is installed.

    Parameters
    ----------
    key : str
        A label key, e.g. ``"whale_curve"``.

    Returns
    -------
    str
    """
    return _lookup(_check_key(key, "plot_label"), _state["plot_language"])


def money(value: float, decimals: int = 0) -> str:
    """An amount in RMB as casekit shows it everywhere: thousands separators, the sign before
    the currency sign, ``decimals`` places; a missing or infinite amount is a dash.

    One format for plots (axis ticks, legends) and dashboards (their figures and text), so a
    student never reads ``¥-344`` in one place and ``-¥300,000`` in another.

    Parameters
    ----------
    value : float
        The amount in RMB.
    decimals : int
        Decimal places, 0..10.

    Returns
    -------
    str

    >>> money(12000), money(-1500.4), money(-0.3), money(-1234.567, decimals=2)
    ('¥12,000', '-¥1,500', '¥0', '-¥1,234.57')
    >>> money(float("nan"))
    '—'
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"money(value={value!r}): expected a number (RMB)")
    if isinstance(decimals, bool) or not isinstance(decimals, numbers.Integral) \
            or not 0 <= decimals <= 10:
        raise ValueError(f"money(decimals={decimals!r}): allowed: whole numbers 0..10")
    value = float(value)
    if not math.isfinite(value):
        return "—"
    text = f"{abs(value):,.{decimals}f}"
    negative = value < 0 and any(c not in "0.," for c in text)
    return f"-¥{text}" if negative else f"¥{text}"


# The words of the analysis modules and worlds (their tables: casekit.labels._words).
for _block in _WORDS:
    register(_block)
del _block
