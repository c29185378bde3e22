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


def _check_key(key: object, where: str) -> str:
    if not isinstance(key, str):
        raise TypeError(f"{where}(key={key!r}): expected a text key such as 'key_account'")
    return key


def label(key: str) -> str:
    """Display text for ``key`` in the current language (unknown keys: underscores → spaces)."""
    return _lookup(_check_key(key, "label"), _state["language"])


def plot_label(key: str) -> str:
    """Like :func:`label`, but English when Chinese was asked for and no CJK font is installed."""
    return _lookup(_check_key(key, "plot_label"), _state["plot_language"])


def money(value: float, decimals: int = 0) -> str:
    """An amount in RMB as casekit shows it everywhere: thousands separators, the sign before
    the currency sign, ``decimals`` places; a missing or infinite amount is a dash.

    One format for plots (axis ticks, legends) and dashboards (their figures and text), so a
    student never reads ``¥-344`` in one place and ``-¥300,000`` in another.

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
    "all": ("all", "全部"),
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
    # the Pareto explorer's measures and ABC table (casekit.widgets.identify)
    "service_cost": ("service cost (RMB)", "服务成本（元）"),
    "abc": ("ABC class", "ABC 类"),
    "value": ("value", "价值"),
    "median": ("median", "中位数"),
})

# what-if scenarios, migration and allocation (casekit.scenarios)
register({
    "scn_baseline": ("do nothing (baseline)", "不采取行动（基准）"),
    "scn_scenario": ("scenario", "方案"),
    "scn_retention_uplift": ("retention uplift", "保留率提升"),
    "scn_margin_uplift": ("margin uplift", "利润提升"),
    "scn_cost_per_customer": ("cost per customer", "每位客户成本"),
    "scn_fixed_cost": ("fixed cost", "固定成本"),
    "scn_programme_cost": ("programme cost (RMB)", "方案成本（元）"),
    "scn_npv": ("NPV (RMB)", "净现值（元）"),
    "scn_delta_npv": ("ΔNPV vs doing nothing (RMB)", "相对不行动的净现值增量（元）"),
    "scn_roi": ("ROI", "投资回报率"),
    "scn_payback": ("payback", "回收期"),
    "scn_horizon": ("horizon", "时间跨度"),
    "scn_target": ("target customers", "目标客户"),
    "scn_retained_customers": ("customers retained", "保留的客户数"),
    "scn_defection_rate": ("defection rate (per year)", "年流失率"),
    "scn_customer_equity": ("customer equity (RMB)", "客户资产（元）"),
    "scn_transition_matrix_title": ("Tier migration (Markov chain)", "客户层级迁移（马尔可夫链）"),
    "scn_tier_projection": ("Projected customers by tier", "各层级客户数预测"),
    "scn_budget": ("budget (RMB per year)", "预算（元/年）"),
    "scn_allocation_rule": ("allocation rule", "分配规则"),
    "scn_pyramid_rule": ("pyramid 60/30/10", "金字塔 60/30/10"),
    "scn_equal_rule": ("equal per customer", "每位客户平均"),
    "scn_optimal_rule": ("optimised", "最优分配"),
    "scn_planned": ("planned (estimated retention)", "计划值（估计保留率）"),
    "scn_realised": ("realised (true retention)", "实际值（真实保留率）"),
    "scn_all_customers": ("all customers", "全部客户"),
})

# evaluation words (casekit.evaluate)
register({
    "contribution": ("contribution", "贡献度"),
    "law_abiding": ("law-abiding", "守法度"),
    "integrity": ("integrity", "诚信度"),
    "influence": ("influence", "影响度"),
    "format_class": ("format class", "业态类别"),
    "score": ("score", "得分"),
    "weight": ("weight", "权重"),
    "excellent": ("excellent", "优"),
    "good": ("good", "良"),
    "fair": ("fair", "中"),
    "poor": ("poor", "差"),
    "up": ("up", "升档"),
    "same": ("same", "不变"),
    "down": ("down", "降档"),
})

# identifying key customers (casekit.identify)
register({
    # Pareto / ABC / Lorenz
    "abc_class": ("ABC class", "ABC 分类"),
    "A": ("A", "A 类"),
    "B": ("B", "B 类"),
    "C": ("C", "C 类"),
    "lorenz_curve": ("Lorenz curve", "洛伦兹曲线"),
    "gini": ("Gini coefficient", "基尼系数"),
    "equality_line": ("perfect equality", "绝对平均线"),
    "customers_ranked_desc": ("share of customers, largest first", "客户占比（从大到小）"),
    "customers_ranked_asc": ("share of customers, smallest first", "客户占比（从小到大）"),
    "cum_value_share": ("cumulative share of value", "累计价值占比"),
    # whale curve
    "cum_profit_share": ("cumulative profit, % of total", "累计利润占总利润的百分比"),
    "customers_ranked_profit": ("share of customers, most profitable first",
                                "客户占比（按利润从高到低）"),
    "whale_cost_to_serve": ("extra cost to serve per customer-period (RMB)",
                            "每客户每期追加服务成本（元）"),
    "peak_share": ("peak of the whale", "鲸鱼曲线峰值"),
    "unprofitable_share": ("unprofitable customers", "亏损客户占比"),
    "top_customers": ("top", "前"),
    "bottom_customers": ("bottom", "后"),
    "make": ("make", "创造"),
    "lose": ("lose", "亏损"),
    "total_profit": ("total profit", "总利润"),
    # pyramid
    "time_share": ("share of sales time", "销售时间占比"),
    "strategy": ("strategy", "对策"),
    "strategy_key": ("Build relationships with their top management; aim for partnership or "
                     "a strategic alliance.",
                     "与其企业高层建立并精心维护各种关系，争取建立合作伙伴或战略联盟关系。"),
    "strategy_normal": ("Widen your difference from competitors, reach their key people and "
                        "try to move them up to key customers.",
                        "扩大与竞争者的差别，争取接近关键人物，设法将其转变为重点客户。"),
    "strategy_small": ("Serve through low-cost channels (web, phone); watch for growth and move "
                       "them up when they grow.",
                       "通过低成本渠道（网络、电话）服务；关注其成长，成长后向上提升。"),
    "strategy_prospect": ("Win a first (or larger) deal with active steps, then move them to "
                          "normal customers.",
                          "采取积极措施做成第一笔生意，设法将其转变为普通客户。"),
    "strategy_unattractive": ("Pursue only if their potential is large; otherwise serve at "
                              "lowest cost.",
                              "只有当其潜力很大时才值得争取；否则以最低成本服务。"),
    # RFM
    "rfm_recency": ("recency (periods since last purchase)", "最近一次消费（距今期数）"),
    "rfm_frequency": ("frequency (periods with purchases)", "消费频率（有消费的期数）"),
    "rfm_monetary": ("monetary (RMB)", "消费金额（元）"),
    "r_score": ("R score", "R 得分"),
    "f_score": ("F score", "F 得分"),
    "m_score": ("M score", "M 得分"),
    "rfm_score": ("RFM score", "RFM 总分"),
    "rfm_heatmap": ("RFM: customers by R and F score", "RFM：按 R、F 得分的客户分布"),
    "champions": ("champions", "冠军客户"),
    "loyal": ("loyal", "忠诚客户"),
    "potential_loyalist": ("potential loyalist", "潜力客户"),
    "new_customer": ("new customer", "新客户"),
    "need_attention": ("need attention", "需要关注"),
    "about_to_sleep": ("about to sleep", "即将沉睡"),
    "at_risk": ("at risk", "流失风险"),
    "hibernating": ("hibernating", "沉睡客户"),
    # value matrix / elastic
    "current_value": ("current value", "当前价值"),
    "potential_value": ("potential value", "潜在价值"),
    "value_matrix": ("Current × potential value", "当前价值 × 潜在价值矩阵"),
    "maintain": ("maintain and invest", "维持这个客户群"),
    "cultivate": ("cultivate", "培养这个客户群"),
    "keep_efficiently": ("keep efficiently", "高效维持"),
    "reconsider": ("think before investing", "在投入资源之前慎重考虑"),
    "elastic_customer": ("elastic customer", "弹性客户"),
    # key-account evaluation
    "growth_potential": ("growth potential", "增长潜力"),
    "structural_position": ("structural position", "结构地位"),
    "evaluation_score": ("evaluation score", "评价得分"),
    # against the truth
    "precision": ("precision", "查准率"),
    "recall": ("recall", "查全率"),
})

# the telecom world's columns and codes (casekit.generate.telecom)
register({
    "postpaid": ("postpaid", "后付费"),
    "prepaid": ("prepaid", "预付费"),
    "plan": ("plan", "付费方式"),
    "lines": ("lines", "号码数"),
    "contract": ("contract", "合约"),
    "month_to_month": ("month to month", "无合约"),
    "12_month": ("12-month contract", "12个月合约"),
    "24_month": ("24-month contract", "24个月合约"),
    "industry": ("industry", "行业"),
    "industry_growth": ("industry growth", "行业增长率"),
    "tenure_months": ("tenure (months)", "在网时长（月）"),
    "acquisition_channel": ("acquisition channel", "获取渠道"),
    "complaints": ("complaints", "投诉次数"),
    "satisfaction": ("satisfaction", "满意度"),
    "switching_cost": ("switching cost (RMB)", "转换成本（元）"),
    "alternatives": ("alternatives", "可选供应商数"),
    "early_termination_fee": ("early-termination fee (RMB)", "违约金（元）"),
    "account_manager": ("account manager", "客户经理"),
    "data_gb": ("data (GB)", "流量（GB）"),
    "voice_minutes": ("voice minutes", "通话分钟数"),
    "telecom": ("telecom", "电信"),
    "arpu": ("ARPU (RMB per line-month)", "ARPU（元/号码/月）"),
    "orders_per_month": ("orders per month", "月交易次数"),
    "risk_sharing": ("shares risk, values outsourcing", "乐于分担风险、认可外购价值"),
    "price_sensitivity": ("price sensitivity (1–5)", "价格敏感度（1–5）"),
    "innovator": ("technology leader", "技术领先型"),
    "market_influence": ("market influence (1–5)", "市场影响力（1–5）"),
    "payment_days": ("days to pay", "回款天数"),
    "needs_fit": ("needs vs our capability (1–5)", "相对于公司能力的客户需求（1–5）"),
    "segment_growth": ("segment growth", "细分市场增长率"),
    "market_share_change": ("change of market share", "市场占有率变化"),
    "transaction_cost": ("transaction cost (RMB/year)", "交易代价（元/年）"),
    "price_negotiations": ("price negotiations", "压价谈判次数"),
})

# the tobacco world's formats, classes and columns (casekit.generate.tobacco)
register({
    "supermarket_chain": ("supermarket chain", "超市连锁"),
    "department_store": ("department store", "百货商场"),
    "catering_entertainment": ("catering/entertainment", "餐饮娱乐"),
    "leisure_resort": ("leisure/resort", "休闲度假"),
    "grocery": ("grocery", "食杂店"),
    "convenience_store": ("convenience store", "便利店"),
    "tobacco_liquor_shop": ("tobacco & liquor shop", "烟酒店"),
    "supermarket_department": ("supermarkets & department stores", "超市连锁、百货商场类"),
    "catering_leisure": ("catering, entertainment & leisure", "餐饮娱乐、休闲度假类"),
    "grocery_convenience": ("grocery & convenience", "干杂零售、便利小店类"),
    "format": ("retail format", "经营业态"),
    "retailer": ("retailer", "零售客户"),
    "retailers": ("retailers", "零售客户数"),
    "price_class": ("price class", "价类"),
    "cartons": ("cartons", "条"),
    "cartons_class1": ("cartons of price class 1", "一类烟（条）"),
    "cartons_class2": ("cartons of price class 2", "二类烟（条）"),
    "cartons_class3": ("cartons of price class 3", "三类烟（条）"),
    "cartons_class4": ("cartons of price class 4", "四类烟（条）"),
    "cartons_class5": ("cartons of price class 5", "五类烟（条）"),
    "district": ("district", "区县"),
    "order_rate": ("orders per active week", "每周订货概率"),
    "order_value": ("order value (RMB)", "订单金额（元）"),
})

# customer lifetime value (casekit.clv)
register({
    "clv_timing_start": ("first margin now", "首笔利润立即获得"),
    "clv_timing_end_at_risk": ("margins at period end, all at risk (Gupta–Lehmann)",
                               "期末获得，首期也有流失风险（Gupta–Lehmann）"),
    "clv_timing_end": ("margins at period end, first one certain", "期末获得，首期确定"),
    "survival": ("probability still a customer", "仍为客户的概率"),
    "present_value": ("present value (RMB)", "现值（元）"),
    "cumulative_value": ("cumulative value (RMB)", "累计价值（元）"),
    "discount_factor": ("discount factor", "贴现因子"),
    "expected_margin": ("expected margin (RMB)", "期望利润（元）"),
    "recurring_revenue": ("recurring revenue (RMB)", "经常性收入（元）"),
    "recurring_cost": ("recurring cost (RMB)", "经常性费用（元）"),
    "estimated_clv": ("estimated CLV (RMB)", "估计的客户终身价值（元）"),
    "true_clv": ("true CLV (RMB)", "真实客户终身价值（元）"),
})

# elastic customers: traits, strategies, preconditions (casekit.identify)
register({
    "long_term_value": ("positive lifetime value", "终身价值为正"),
    "frequent": ("frequent transactions", "交易频率高"),
    "price_insensitive": ("price-insensitive", "对价格不敏感"),
    "innovative": ("innovative", "有创新能力"),
    "influential": ("market influence", "有市场影响力"),
    "partnership": ("partnership: help it find profit, build loyalty", "结成伙伴关系"),
    "best_effort": ("keep as best we can (influence, technology)", "尽力维持"),
    "switching_barriers": ("cultivate behind switching barriers", "建立战略壁垒"),
    "drop": ("let go", "忍痛割爱"),
    "none": ("not elastic", "非弹性客户"),
    "cash_drain": ("large cash drain", "大量现金净流出"),
    "finances": ("unsound finances", "财务状况差"),
    "capacity": ("beyond service capacity", "超出服务能力"),
})
