"""The Chinese twin of :mod:`._responses`: the datasheet's section on the response models of
``ck.play_forward`` for ``README.zh.md``, one paragraph per action, with the same formulas and
the same values read from the base's own parameters (function for function, so a reviewer can
compare the pair). The order of the sections and which actions a world has are decided once,
by :func:`._responses.response_section`, which takes its words from this module."""

from __future__ import annotations

import sys
from typing import Any, Mapping

from ._responses import (CHANNEL_COST_TEXT, LINE_ACQ_COST_TEXT, _g, response_section,
                         service_rows)
from ._worlds import Params

_RESPONSE_SOURCE = ("明示的假设（本市场没有公开数据）；饱和形式取自 Blattberg 和 Deighton "
                    "(1991, Sloan Management Review)，以及 Lodish 的 CALLPLAN (1971, Management "
                    "Science) 中拜访次数的凹形响应。")


def response_section_zh(p: Params) -> list[str]:
    """Markdown lines in Chinese: the response models of a plan's actions in world ``p``
    (empty for a world ``play_forward`` cannot continue).

    Parameters
    ----------
    p : Params
        The base's parameters.

    Returns
    -------
    list of str
        :func:`._responses.response_section` with this module's words.
    """
    return response_section(p, sys.modules[__name__])


#: Period units in Chinese.
UNIT = {"month": "月", "week": "周"}


def intro(v: Mapping[str, Any], unit: str) -> list[str]:
    return ["## 经营方案的响应模型（ck.play_forward）", "",
             "`ck.play_forward(base, plan)` 在同一组随机数上，把这个世界分别按方案和不按方案继续"
             f"模拟下去。方案中的每项行动按下面的方式改变世界（取值：本数据库的参数；h = 每位客户每"
             f"{unit}的小时数）。按期发生的成本在每期期初为仍在网的客户支付，一次性成本和固定成本"
             f"现在支付；毛利在每期期末收到；年贴现率 {float(v['discount_rate']) * 100:g} %。", ""]


_ABSENT = {"ServicePackage": ["### ServicePackage（差异服务）", "",
                              "本世界没有这项行动（烟草世界的行动）。", ""],
           "SupplyAllocation": ["### SupplyAllocation（货源投放）", "",
                                "本世界没有这项行动（烟草世界的行动）。", ""],
           "Acquisition": ["### Acquisition（获取新客户）", "", "本世界没有这项行动：烟草公司是专卖"
                           "批发商，每个持证零售户本来就向它进货。", ""]}


def not_here(action: str) -> list[str]:
    return list(_ABSENT[action])


def scenario(telecom: bool, unit: str) -> list[str]:
    mapping = (
        "在本世界里留存率 r = k·e^(−λp)（k 为合约部分，e^(−λp) 为投诉部分）：两种合约状态下的"
        "水平都乘以 ρ = r'/r（k 超过 1 的部分由投诉部分承担），于是模拟第一个月的期望留存率为 "
        "r'，合约到期的客户在较低的按月付费水平上保持同样的比值 ρ。" if telecom else
        "在本世界里零售户一周存活的概率为 r = 1 − q·p（q 为订货率，p 为订货后歇业的概率）："
        "方案下的歇业概率为 p' = (1 − r')/q，于是 1 − q·p' = r'。")
    return ["### Scenario（客户保留方案）", "",
            "`ck.Scenario` 按其 `uplift_kind` 把每位目标客户的期望留存率 r 改为 r'：points 为 "
            "r' = r + u，relative 为 r' = r(1 + u)，churn 为 r' = 1 − (1 − r)(1 − u)——作用于年留存率"
            f"（r^每年期数，再换算回来）或每{unit}的留存率。其 `margin_uplift` u 把每期期望毛利的 "
            f"u 倍作为收入加上。成本为每年 `cost_per_customer`（等额分期）、每{unit}或一次性支付，"
            "另加现在支付的 `fixed_cost`。" + mapping + "来源：方案的各项数字由学生决定；时间约定"
            "与 `ck.what_if` 相同（Fader 和 Hardie，2012）。", ""]


def hours(v: Mapping[str, Any], telecom: bool, unit: str) -> list[str]:
    cap = (f"数据库中每个大客户每月额外 {_g(v['am_capacity_per_key_account'])} 小时" if telecom
           else f"每名客户经理每周 {_g(v['manager_hours_per_week'])} 小时")
    acts_on = ("流失（留存率 r' = 1 − (1 − r)(1 − c(h))）" if telecom else
               "订货后的歇业概率（p' = p(1 − c(h))）")
    return ["### AccountHours（客户经理工时）", "",
            f"每{unit}额外投入的小时数，按档位（按客户金字塔的 60/30/10 分配、平均分配或按给定比例）"
            "或按客户给出，同一档位内平均分摊。收益递减："
            f"c(h) = {_g(v['am_churn_cut_max'])} · (1 − e^(−{_g(v['am_response_k'])}·h)) 降低"
            f"{acts_on}；客户{'业务量' if telecom else '订货金额'}的年增长提高 "
            f"Δg(h) = {_g(v['am_growth_max'])} · (1 − e^(−{_g(v['am_response_k'])}·h))。"
            f"成本：每小时 {_g(v['am_hour_cost'])} 元。容量：{cap}。参数 "
            "`am_churn_cut_max`、`am_growth_max`、`am_response_k`、`am_hour_cost`。来源："
            + _RESPONSE_SOURCE, ""]


def let_go() -> list[str]:
    return ["### LetGo（剔除客户）", "",
            "选中的客户在最后一个观察期末离开：其收入、毛利和服务成本都停止。没有成本。来源："
            "明示的假设——退出成本（退还的违约金、许可证转让）没有建模。", ""]


def service(v: Mapping[str, Any]) -> list[str]:
    rows = service_rows(v)
    return ["### ServicePackage（差异服务）", "",
            "为一组零售户选定一个服务包。服务包的降幅为 a、b、l 时：订货率 "
            "q' = 1 − (1 − q)(1 − a)，订货后歇业概率 p' = p(1 − b)，延迟付款概率乘以 (1 − l)；"
            "其工时计入客户经理的容量，其成本在许可证有效期间按每户每周支付。`basic` 是现有服务"
            "（不变，无成本）。", "",
            "| 服务包 | 每户每周小时数 | 订货降幅 a | 歇业降幅 b | 延迟付款降幅 l | 每户每周元 |",
            "|---|---|---|---|---|---|", *rows, "",
            "参数 `service_<服务包>_<效果>`。来源：种子 002（成都关于零售客户服务的文章）描述了按档位"
            "的差异服务，但没有给出效果；取值为明示的假设（高级服务包大约相当于每周拜访一次）。", ""]


def supply(v: Mapping[str, Any], size: int) -> list[str]:
    per = float(v["scarce_cartons_per_week"])
    return ["### SupplyAllocation（货源投放，紧俏品牌）", "",
            "目标零售户每次订货额外投放 x 条一类烟，使其期望订货金额 V 提高到 V + x·P₁"
            "（P₁ 为其一类烟每条价格）；订货率和歇业不变，货源本身没有额外成本。每周投放的条数 "
            f"Σ x·q 不得超过每千户 {_g(per)} 条（本数据库每周 {per * size / 1000.0:,.0f} 条；"
            "`scarce_cartons_per_week`）。来源：种子 002（货源投放）；货源总量为明示的假设。", ""]


def acquisition() -> list[str]:
    chan = "，".join(f"{c} {x:,} 元" for c, x in CHANNEL_COST_TEXT.items())
    line = "，".join(f"{s} {x} 元" for s, x in LINE_ACQ_COST_TEXT.items())
    return ["### Acquisition（获取新客户）", "",
            "在某个渠道上的投入按固定顺序买下这个世界的潜在客户——他们按与数据库中新入网客户相同的"
            "规则生成——只要预算够付每一位的成本（后一轮从已买下的客户之后继续）。一位潜在客户的成本为"
            "（渠道成本 + 每线成本 × 线路数）× M，M 服从均值 1、σ 0.3 的对数正态分布；渠道成本："
            f"{chan}；每条线路：{line}。每个渠道找到的客户类型不同：80 % 的大客户和 20 % 的中小企业"
            "来自直销（个人客户不来自直销）；个人客户来自营业厅、网上、电话营销和代理商。新客户在模拟的"
            "第一个月以新合约入网；投入现在支付。来源：电信世界的明示假设（其 `acquisition_cost` "
            "字段按同一公式计算）。", ""]


def forecast(telecom: bool) -> list[str]:
    if telecom:
        text = ("`ck.what_if` 把每位客户的留存率固定在下个月的值，并让全部毛利按 `true_growth` 增长。"
                "在这一前提成立时它是无偏的（留存率不变、没有增长：tests/test_play.py 中的简单世界）。"
                "这里合约会到期（`contract_months_left` 之后留存率降到按月付费的水平），业务量增长而"
                "固定成本不增长。在默认参数下（2,000 个客户，观察 6–24 个月，模拟 12 个月）用 100–200 "
                "个未来测量：客户保留方案的 ΔNPV 与预测在噪声范围内一致（20 个方案，|z| ≤ 2.6）；两组的"
                "毛利都比预测高约 2 %，提高毛利的方案（`margin_uplift`）回报比预测多 2.5–4 %"
                "（z 为 5 到 14）。第 08 章的 notebook 打印了这一差距。")
    else:
        text = ("`ck.what_if` 把每个零售户的周留存率固定为 1 − q·p，并让全部毛利按 `true_growth` 增长；"
                "在这一前提成立时它是无偏的（没有增长、没有待生效的许可证：tests/test_play.py 中的简单"
                "世界）。在默认参数下（1,500 个零售户，观察 52 周，模拟 52 周）用 60 个未来测量：三个方案"
                "（保留和毛利）的 ΔNPV 与预测在噪声范围内一致（|z| ≤ 1.9）；两组的毛利都比预测高 0.4 %"
                "（z 为 2.5）。")
    return ["### 预测与结果", "", text, ""]
