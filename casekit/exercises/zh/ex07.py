"""练习 07 挽留方案模拟 —— 中文反馈（对照 ``casekit/exercises/ex07.py``）。"""

from __future__ import annotations

from ..ex07 import AFTER, CARE_COST, CHURN_CUT, HORIZON, LAB_CUT

TERMS = {
    "ROI": "投资回报率",
    "ΔNPV": "ΔNPV",
}

TEXTS = {
    "q1": {
        "prompt": f"观察期结束时仍在网的客户中，预计 {AFTER} 个月后（第 {AFTER} 个月末）还有多少人是客户？"
                  "用 truth.true_retention（月保留率）。",
        "hints": {
            "off_by_one": f"差了一个月：到第 {AFTER} 个月末，客户已经经历了 {AFTER} 次按月续约："
                          f"Σ r^{AFTER}",
            "churn_for_retention": "你对*流失率*求了幂；存活要用保留率：r^t",
        },
        "reinforce": "预期留存人数，就是把每个客户的存活概率加起来。",
        "why": f"{AFTER} 个月后的预期留存人数 = 对所有在网客户求和 r_i^{AFTER}，即每个客户"
               f"自己的月保留率的 {AFTER} 次方 —— 而不是 (平均 r)^{AFTER} × n。",
    },
    "q2": {
        "prompt": f"在网重点客户（truth.true_tier == 'key'）{HORIZON} 个月的基准 NPV，"
                  "不考虑增长，利润在月末到账（元）",
        "hints": {
            "timing_start": f"你把每月的利润算在了月*初*（第一笔利润现在收到）；在这个模拟世界"
                            f"里，利润在月末到账：第 t 月按 v^t 贴现，t = 1 … {HORIZON}",
        },
        "reinforce": "what_if(..., growth=False) 给出同样的基准值。",
        "why": f"NPV = Σ_i Σ_{{t=1}}^{{{HORIZON}}} m_i · r_i^t/(1+d)^t，对在网的重点客户求和"
               "（利润在月末到账，d 为月贴现率）：每个月的利润都乘以客户那时仍在网的概率。",
    },
    "q3": {
        "prompt": f"重点客户维系：花每客户每年 {CARE_COST:g} 元，把重点客户的年流失率降低 "
                  f"{CHURN_CUT:.0%}（uplift_kind='churn'）。与什么都不做相比，"
                  f"{HORIZON} 个月的 ΔNPV 是多少（不考虑增长；元）？",
        "hints": {
            "cost_forgotten": "你漏掉了方案的成本：ΔNPV 是新增的利润*减去*方案成本（的现值）",
            "per_period": f"你把*月*流失率降低了 {CHURN_CUT:.0%}；方案降低的是年流失率"
                          "（uplift_per='year'）：R = r^12，R' = 1 − 0.8·(1 − R)，"
                          "r' = R'^(1/12)",
        },
        "reinforce": "ΔNPV 比较的是同一批客户在有方案和没有方案时的差别。",
        "why": f"挽回 {CHURN_CUT:.0%} 的年流失后，年保留率 R = r^12 变成 1 − 0.8(1 − R)，再换算回"
               f"月保留率；ΔNPV = 有方案的 NPV − 没有方案的 NPV − 成本的现值，成本是对仍在网的"
               f"每个重点客户每月 {CARE_COST:g}/12 元。",
    },
    "q4": {
        "prompt": "重点客户维系的投资回报率：ΔNPV ÷ 方案成本的现值（用小数表示）",
        "hints": {
            "gross_return": "ΔNPV 已经减去了成本；你又把它加了回来（新增毛利 ÷ 成本）。"
                            "投资回报率 = ΔNPV ÷ 成本",
        },
        "reinforce": "投资回报率是每花一元钱的净回报：小于 0 说明方案收回的比花出去的少，"
                     "大于 0 说明它值得。",
        "why": "投资回报率 = ΔNPV ÷ 成本现值：每花一元钱的净回报。小于 0 说明方案带来的少于"
               "它的花费。",
    },
    "q5": {
        "prompt": "判断：企业应该按设定实施重点客户维系吗？回答 (\"yes\"/\"no\", 作为依据的 ΔNPV)",
        "hints": {
            "cost_forgotten": "你的数字漏掉了方案成本 —— 只看新增利润，任何方案看起来都划算",
            "decision_ignores_figure": "ΔNPV 对了，但决策与它不符：只有 ΔNPV > 0 时才实施方案",
        },
        "reinforce": "只有当保留客户的花费少于它带来的收益时，才值得去“买”保留率。",
        "why": "ΔNPV > 0 时才实施；决定性的数字就是 ΔNPV 本身（而不是有方案时的 NPV —— "
               "不管方案如何，那个数都很大）。",
    },
    "q6": {
        "prompt": "客户层级迁移（Pfeifer 和 Carraway，2000）：用 ck.migration_model"
                  "(base) 的季度转移矩阵 P 和回报 R，求一个重点客户的客户资产 V = (I − P/(1+d)"
                  ")⁻¹ R，d 为季度贴现率（元）",
        "hints": {
            "timing_end": "你从 t = 1 开始求和（漏掉了本季度的回报）；V = Σ_{t≥0} [P/(1+d)]^t R "
                          "把本季度也算进去：V = R + P·V/(1+d)",
            "annual_rate": "你每个季度都按*年*利率贴现；请换算：d = (1 + D)^(3/12) − 1",
        },
        "reinforce": "一个重点客户的价值，包含了他降级的可能 —— 也包含了他重新升级的可能。",
        "why": "客户资产满足 V = R + P V/(1+d)，所以 V = (I − P/(1+d))⁻¹ R，d 为季度贴现率"
               "（Pfeifer 和 Carraway，2000）。一个重点客户的价值，算进了他降为普通客户、"
               "小客户或流失的可能。",
    },
    "q7": {
        "prompt": f"小部件：在挽留实验室中（核心层、挽回流失、每年 {CARE_COST:g} 元、5 年），把挽回幅度滑块"
                  f"设为 {LAB_CUT:.0%}。它显示的 ΔNPV 是多少（元；实验室按真实数据让利润增长）？",
        "hints": {
            "slider_not_moved": f"这是滑块初始位置（20%）时的 ΔNPV；请把它移到 {LAB_CUT:.0%}",
            "growth_ignored": "这是关闭增长时的价值；挽留实验室（和 what_if 的默认设置一样）"
                              "让利润按 true_growth 增长 —— 请读它显示的数字",
        },
        "reinforce": "同一个方案，实时估值：试试更便宜的维系，或者更大的挽回幅度。",
        "why": f"挽留实验室按真实数据中的增长实时评估方案：把挽回幅度设为 {LAB_CUT:.0%}，读出 "
               "ΔNPV。它与第 3 题不同，因为第 3 题忽略了增长。",
    },
}
