"""The Chinese datasheet (``README.zh.md``) of a saved folder, written beside ``README.md``
from the same specs.

Each world registers its Chinese texts with :func:`register_world_zh` — one table per world
module, keyed by column and parameter name, so a reviewer reads the English spec and its
Chinese twin side by side (``casekit/generate/_telecom_zh.py``, ``_tobacco_zh.py``). The units
shared by the worlds are translated here (:data:`UNITS_ZH`). Text a table lacks falls back to
the English (a base you built yourself has no Chinese texts); :func:`missing_zh` lists what a
registered world lacks, and a test fails on any entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ._responses_zh import response_section_zh
from ._schema import TABLES, Column
from ._worlds import Params, world_spec

#: The Chinese name of each period unit, and how a count of periods is written ("24 个月").
PERIOD_ZH = {"month": "月", "week": "周"}
PERIODS_ZH = {"month": " 个月", "week": " 周"}

#: The Chinese name of each world in the datasheet's title.
WORLD_ZH = {"telecom": "电信", "tobacco": "烟草零售"}

#: Units as the Chinese datasheet writes them (English unit → Chinese).
UNITS_ZH = {
    "": "", "0–1": "0–1", "0–100": "0–100", "GB": "GB", "GB per line-month": "GB/线·月",
    "RMB": "元", "RMB per GB": "元/GB", "RMB per carton": "元/条", "RMB per complaint": "元/次投诉",
    "RMB per hour": "元/小时", "RMB per line": "元/线", "RMB per line-month": "元/线·月",
    "RMB per minute": "元/分钟", "RMB per month": "元/月", "RMB per order": "元/次订货",
    "RMB per retailer-week": "元/户·周", "RMB per week": "元/周", "RMB per year": "元/年",
    "a + b": "a + b", "cartons": "条", "cartons per week per 1,000 retailers": "条/周·千户",
    "complaints per month": "次投诉/月", "concentration": "集中度", "correlation": "相关系数",
    "count": "计数", "days": "天", "elasticity": "弹性", "hours per month": "小时/月",
    "hours per retailer-week": "小时/户·周", "hours per week": "小时/周", "index": "指数",
    "lines": "条（线路）", "log per alternative": "对数/每个备选", "log per log-month":
    "对数/每对数月", "log per sd": "对数/每个标准差", "log ratio": "对数比",
    "log-odds per alternative": "对数几率/每个备选", "log-odds per sd": "对数几率/每个标准差",
    "log-odds per decade of lines":
    "对数几率/线数每十倍", "log-odds per log-month": "对数几率/每对数月", "log-odds sd":
    "对数几率标准差", "log-scale sd": "对数标准差", "minutes": "分钟",
    "minutes per line-month": "分钟/线·月", "month": "月", "months": "月",
    "multiplier": "倍数", "orders per month": "笔/月", "orders per week": "次订货/周",
    "per hour per month": "每小时·月", "per hour per week": "每小时·周", "per month": "每月",
    "per year": "每年", "persons per day": "人/天", "probability": "概率", "ratio": "比值",
    "retailers": "户", "score 1–5": "1–5 分", "score points": "分", "sd": "标准差",
    "shape": "形状参数", "share": "比例", "share of accounts": "占政企客户比例",
    "share of audits": "占检查次数比例", "share of cartons": "占条数比例",
    "share of churn": "占流失比例", "share of consumers": "占个人客户比例",
    "share of customers": "占客户比例", "share of list bill": "占标准账单比例",
    "share of list price": "占标准价比例", "share of orders": "占订货次数比例",
    "share of payments": "占付款次数比例", "share of price": "占价格比例",
    "share of remaining bills": "占剩余账单比例", "share of retailers": "占零售户比例",
    "week": "周", "weeks": "周", "years": "年",
}


@dataclass(frozen=True)
class WorldZh:
    """The Chinese texts of one world's datasheet.

    Attributes
    ----------
    columns : dict
        ``{table: {column name: meaning}}``.
    params : dict
        ``{parameter name: (meaning, source)}``.
    calibration : dict
        ``{English target: (target, value reached, source)}``.
    units : dict
        Units of this world beyond :data:`UNITS_ZH` (English → Chinese).
    """

    columns: Mapping[str, Mapping[str, str]]
    params: Mapping[str, tuple[str, str]]
    calibration: Mapping[str, tuple[str, str, str]]
    units: Mapping[str, str]


_ZH: dict[str, WorldZh] = {}

def register_world_zh(name: str, *, columns: Mapping[str, Mapping[str, str]],
                      params: Mapping[str, tuple[str, str]],
                      calibration: Mapping[str, tuple[str, str, str]] | None = None,
                      units: Mapping[str, str] | None = None) -> None:
    """Register the Chinese datasheet texts of world ``name`` (see :class:`WorldZh`).

    Parameters
    ----------
    name : str
        The world, as given to :func:`register_world`.
    columns : dict
        ``{table: {column: meaning}}`` for the tables ``customers``, ``activity``, ``truth``.
    params : dict
        ``{parameter: (meaning, source)}``.
    calibration : dict, optional
        ``{English target: (target, value reached, source)}``.
    units : dict, optional
        Units beyond :data:`UNITS_ZH`, English → Chinese.
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"register_world_zh: name={name!r}; expected a world name (text)")
    unknown = [t for t in columns if t not in TABLES]
    if unknown:
        raise ValueError(f"register_world_zh({name!r}): columns for unknown table(s) {unknown}; "
                         f"tables are {TABLES}")
    for key, text in params.items():
        if not (isinstance(text, tuple) and len(text) == 2
                and all(isinstance(x, str) for x in text)):
            raise TypeError(f"register_world_zh({name!r}): params[{key!r}]={text!r}; expected "
                            "a (meaning, source) pair of texts")
    _ZH[name] = WorldZh({t: dict(columns.get(t, {})) for t in TABLES}, dict(params),
                        dict(calibration or {}), dict(units or {}))


def missing_zh(name: str) -> list[str]:
    """What registered world ``name`` lacks in Chinese for its datasheet ``README.zh.md``.

    Parameters
    ----------
    name : str
        A world registered with ``register_world`` (e.g. ``"telecom"``).

    Returns
    -------
    list of str
        ``"table.column"``, ``"param:name"``, ``"calibration:target"`` and ``"unit:text"``
        entries; empty when every text has its Chinese.

    Raises
    ------
    ValueError
        ``name`` is not a registered world.
    """
    spec, zh = world_spec(name), _ZH.get(name)
    if spec is None:
        raise ValueError(f"missing_zh(name={name!r}): no such world is registered")
    if zh is None:
        return [f"world {name!r} has no Chinese texts (register_world_zh)"]
    out = [f"{t}.{c.name}" for t in TABLES for c in spec.columns[t]
           if not zh.columns[t].get(c.name)]
    out += [f"param:{p.name}" for p in spec.params if not zh.params.get(p.name, ("",))[0]]
    out += [f"calibration:{row[0]}" for row in spec.calibration if row[0] not in zh.calibration]
    units = {c.unit for t in TABLES for c in spec.columns[t]} | {p.unit for p in spec.params}
    out += [f"unit:{u}" for u in sorted(units) if u not in UNITS_ZH and u not in zh.units]
    return out


def _unit(unit: str, zh: WorldZh | None) -> str:
    return UNITS_ZH.get(unit, zh.units.get(unit, unit) if zh else unit)


def datasheet_markdown_zh(p: Params, columns: Mapping[str, Iterable[Column]], n_customers: int,
                          n_activity: int, describe: Any) -> str:
    """The Chinese datasheet of a base: the same tables as ``README.md``, texts in Chinese.

    ``describe`` is ``p.describe()`` (parameter, value, unit, meaning, source rows).
    """
    zh = _ZH.get(p.world)
    unit = PERIOD_ZH.get(p.period_unit, p.period_unit)
    count = PERIODS_ZH.get(p.period_unit, " " + p.period_unit)
    lines = [f"# 数据说明：{WORLD_ZH.get(p.world, p.world)}客户数据库（{p.world}，种子 {p.seed}）", "",
             "本数据由 casekit 模拟生成（非真实客户）。用下面的命令可以逐字节重新生成：", "",
             "```", "python -m casekit generate --params params.json --out <新文件夹>", "```", "",
             f"- 客户数：{n_customers:,}（customers.csv 和 truth.csv 中每位客户一行）",
             f"- 活动记录行数：{n_activity:,}（每位客户在有活动的每个{unit}各占一行）",
             f"- 观察期：{p.periods}{count}，按{unit}从 1 开始计数", "",
             "`truth.csv` 保存生成器使用的潜在真值。在真实企业里这些值无从得知；"
             "在这里可以用它们检验每一个估计。", "",
             "英文版数据说明见 [README.md](README.md)。", ""]
    for table in TABLES:
        lines += [f"## {table}.csv", "", "| 字段 | 类型 | 单位 | 含义 |", "|---|---|---|---|"]
        texts = zh.columns[table] if zh else {}
        for c in columns[table]:
            kind = c.dtype if c.categories is None else (
                "category（" + ", ".join(c.categories) + "）")
            meaning = texts.get(c.name) or c.meaning
            lines.append(f"| `{c.name}` | {kind} | {_unit(c.unit, zh)} | {meaning} |")
        lines.append("")
    if len(describe):
        lines += ["## 参数（params.json）", "",
                  "| 参数 | 取值 | 单位 | 含义 | 来源 |", "|---|---|---|---|---|"]
        for r in describe.itertuples(index=False):
            meaning, source = (zh.params.get(r.parameter) if zh else None) or (r.meaning,
                                                                               r.source)
            lines.append(f"| `{r.parameter}` | {r.value} | {_unit(r.unit, zh)} | {meaning} | "
                         f"{source} |")
        lines.append("")
    spec = world_spec(p.world)
    if spec is not None and spec.calibration:
        lines += ["## 校准目标", "", "默认参数所要达到的目标，由测试检查。", "",
                  "| 目标 | 默认参数达到的值 | 来源 |", "|---|---|---|"]
        for row in spec.calibration:
            t, v, src = (zh.calibration.get(row[0]) if zh else None) or row
            lines.append(f"| {t} | {v} | {src} |")
        lines.append("")
    lines += response_section_zh(p)
    return "\n".join(lines)
