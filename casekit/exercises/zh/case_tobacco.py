"""案例：烟草专卖局客户分析员 —— 中文反馈（对照 ``casekit/exercises/case_tobacco.py``）。

评分标准（RUBRICS）的评分项和各档描述译成中文；范例答案篇幅长、引用数据中的数字，保留英文原文。
"""

from __future__ import annotations

from ..case_tobacco import BAND, MAX_VIOLATIONS_AT_TOP, TOP

TERMS = {
    # judgements
    "the member with the highest CR (above Saaty's 0.10) goes back":
        "CR 最高（超过 Saaty 的 0.10）的成员退回重做",
    "the members' CRs": "各成员的 CR",
    "fits when the hours booked are at most the managers' capacity":
        "占用的工时不超过客户经理的能力时为 fits",
    "(hours booked, capacity) per week": "每周（占用工时, 工时能力）",
    "the option with the highest ΔNPV; none if no ΔNPV is above 0":
        "选 ΔNPV 最高的方案；没有一个 ΔNPV 大于 0 时选 none",
    "ΔNPV of options A–D (0 for one that does not fit)": "方案 A–D 的 ΔNPV（能力不够的方案记 0）",
    f"downgrade when violations > {MAX_VIOLATIONS_AT_TOP}":
        f"违规次数 > {MAX_VIOLATIONS_AT_TOP} 时降档（downgrade）",
    "violations": "违规次数",
    f"the published grade changes when the drop is more than {BAND} grades":
        f"下降超过 {BAND} 档时，公布的档位才改变",
    "drop": "下降的档数",
    "grades": "档",
    # rubric "smart_rules"
    "Specific: names the grades and the service or supply each gets":
        "具体的：写明各档位及其对应的服务或货源投放",
    "every grade range with its package and supply": "每个档位区间都有服务包和货源",
    "some ranges": "部分区间",
    "'good shops get more'": "“好的店多给一点”",
    "Measurable: a figure a clerk can compute from the records": "可衡量的：办事员能从档案中算出的数字",
    "each rule has a figure": "每条规则都有数字",
    "some rules": "部分规则有",
    "none": "没有",
    "Achievable: within the managers' hours and the scarce pool": "可达到的：不超出客户经理的工时和紧俏货源总量",
    "hours and pool checked against capacity": "工时和货源都与能力做了核对",
    "mentioned, not checked": "提到了，但没有核对",
    "ignored": "没有考虑",
    "Relevant: tied to the bureau's aims (sales, compliance, fairness)":
        "适当的：与专卖局的目标（销量、守法、公平）挂钩",
    "each rule serves a named aim": "每条规则都服务于一个明确的目标",
    "some": "部分有",
    "Time-bound: when grades are set and revised": "及时的：何时定档、何时调整",
    "dates of grading and re-grading": "写明定档和重新定档的日期",
    "'regularly'": "“定期”",
    "no timing": "没有时间安排",
    # rubric "rural_reply"
    "States the shop's figures (its grades and drop)": "说明这家店的数字（档位和下降幅度）",
    "both grades and the drop": "前后两个档位和下降幅度都有",
    "the drop only": "只有下降幅度",
    "no figure": "没有数字",
    "Explains the rule (band of 3, urban/rural graded separately)": "解释规则（3 档的滞后带、城乡分开定档）",
    "band and separate scales": "滞后带和城乡分开都有",
    "one of them": "只有其中之一",
    "no rule": "没有规则",
    "Says what the shop can do to move up (orders, compliance, e-settlement)":
        "说明这家店怎样才能升档（订货、守法经营、电子结算）",
    "concrete steps": "具体的做法",
    "a vague encouragement": "笼统的鼓励",
    "nothing": "什么都没说",
    "Courteous and short": "礼貌、简短",
    "five sentences, polite": "五句话左右，有礼貌",
    "long or curt": "太长或太生硬",
    "a refusal or a promise the rule does not allow": "一口回绝，或者许下规则不允许的承诺",
    # rubric "leadership_note"
    "The recommendation first (option, ΔNPV, hours used)": "结论先行（方案、ΔNPV、占用工时）",
    "first, with all three figures": "放在开头，三个数字都有",
    "present but late or without figures": "有结论，但放在后面或没有数字",
    "no recommendation": "没有建议",
    "How the weights were agreed (panel, CR, revision)": "权重是怎样确定的（评审小组、CR、修改）",
    "panel, CR and the revision": "评审小组、CR 和修改都有",
    "weights only": "只有权重",
    "not said": "没有说明",
    "What the played year showed against the forecast, and its uncertainty":
        "推演的一年与预测相比结果如何，以及它的不确定性",
    "result and its spread over futures": "结果及其在不同未来情景下的波动范围",
    "result only": "只有结果",
    "Risks and the next decision": "风险与下一步决策",
    "a named risk and when to re-check": "点明一个风险和何时复查",
    "a generic risk": "泛泛的风险",
}

TEXTS = {
    "q1": {
        "prompt": "评审小组三位成员的三套判断：谁的要退回去修改？回答 (成员, 其一致性比率 CR)",
        "hints": {
            "ci_for_cr": "这是一致性指标 CI = (λmax − n)/(n − 1)；CR = CI / RI，4 个指标时 RI = 0.90",
        },
        "reinforce": "CR ≥ 0.10：专卖科的判断自相矛盾 —— 请他们重新判断，不要靠平均把矛盾抹掉。",
    },
    "q2": {
        "prompt": "评审小组的权重：对三位成员的判断取几何平均（专卖科用修改后的那一套），再求最大特征值对应的特征向量（总和为 1）",
        "hints": {
            "unrevised": "你用的是专卖科第一次给出的、不一致的判断；请用 ENFORCEMENT_REVISED",
            "arithmetic_mean": "判断的算术平均会破坏互反性（3 和 1/3 的平均不是 1）；请用几何平均来"
                               "汇总",
            "mean_of_weights": "你对各成员的权重求了平均（AIP）；题目要求先汇总他们的判断（AIJ）",
        },
        "reinforce": "评审小组用一个矩阵，按构造就是互反的。",
    },
    "q3": {
        "prompt": f"用评审小组的权重给你的零售户分档，城镇和乡村分开（区别城乡）。有多少乡村零售户进入第 {TOP}–30 档？",
        "hints": {
            "together": "你把城镇和乡村放在同一个尺度上分档（只按经营业态）；请按区域分别分档",
            "off_by_one": f"第 {TOP}–30 档包括第 {TOP} 档",
        },
        "reinforce": "分开定档后，乡村零售户也能用上整个档位区间。",
    },
    "q4": {
        "prompt": "服务菜单中的方案 A：客户经理的工时够不够？回答 (\"fits\"/\"exceeds\", 它为许可"
                  "证仍有效的零售户每周占用的客户经理工时)",
        "hints": {
            "closed_counted": "许可证已注销的零售户不享受服务：只算 licence_closed == False 的",
            "premium_only": "标准档的零售户也要占用工时（每户每周 0.25 小时）",
        },
        "reinforce": "每一项服务承诺，都要占用客户经理的工时。",
    },
    "q5": {
        "prompt": "把每个工时够用的方案向前推演 52 周（ck.play_forward）。你推荐哪一个（没有方案胜过什么"
                  "都不做时答 \"none\"）？回答 (方案, 最佳方案相对于没有方案的 ΔNPV)",
        "hints": {
            "npv_not_delta": "这是实施方案一组的 NPV；决策取决于与“没有方案”相比的差额（delta_npv）",
        },
        "reinforce": "在人手允许的范围内选最好的方案，并与没有它的同一个未来相比 —— "
                     "什么都不做也是一个选项。",
    },
    "q6": {
        "prompt": f"申诉卡 1：第 {TOP}–30 档中许可证违规次数最多的零售户（相同时取档位较高的，再相同取编号较小的"
                  f"）对降档提出申诉。专卖局规则：一年内违规超过 {MAX_VIOLATIONS_AT_TOP} 次，档位最"
                  f"高为 {TOP - 1} 档。回答 (\"uphold\"/\"downgrade\", 它的违规次数)",
        "reinforce": "申诉由公布的规则来裁决，而不是看谁嗓门大。",
    },
    "q7": {
        "prompt": f"申诉卡 2：从第 1 季度到第 2 季度档位下降最多的乡村零售户来投诉。在 {BAND} 档的滞后带下，"
                  "它公布的档位会变吗？回答 (\"yes\"/\"no\", 它下降的档数)",
        "reinforce": "滞后带吸收的是噪声，不是真实的下滑。",
    },
    "q8": {
        "prompt": f"在 {BAND} 档的滞后带下，从第 1 季度到第 2 季度，有多少零售户公布的档位发生了变化？",
        "hints": {
            "no_band": f"这样数的是每一次变化；有滞后带时，档位变化超过 {BAND} 档才重新公布",
            "at_least": f"“超过 {BAND} 档”不包括恰好变化 {BAND} 档的",
        },
        "reinforce": "变化次数更少、幅度更大：零售户和客户经理都可以按档位做计划。",
    },
    "q9": {
        "prompt": "书面题 —— 用 SMART 形式写出你的分档规则（至少 40 个词）",
    },
    "q10": {
        "prompt": "书面题 —— 你给那家乡村零售户的答复（至少 30 个词）",
    },
    "q11": {
        "prompt": "书面题 —— 给领导的报告（至少 60 个词，写明方案和 ΔNPV）",
    },
}
