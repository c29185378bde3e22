"""案例：政企客户经理 —— 中文反馈（对照 ``casekit/exercises/case_telecom.py``）。

评分标准（RUBRICS）的评分项和各档描述译成中文；范例答案篇幅长、引用数据中的数字，保留英文原文。
"""

from __future__ import annotations
from ..case_telecom import HOURS, HOURS_MONTHS, LET_GO_MONTHS

TERMS = {
    # judgements
    "they agree (yes) only when none of the key accounts lost money":
        "只有当这些重点客户都没有亏损时，两者才一致（yes）",
    "loss-making key accounts": "亏损的重点客户数",
    "the pyramid when its ΔNPV exceeds the equal split's (difference > 0)":
        "金字塔分配的 ΔNPV 高于平均分配时选 pyramid（差额 > 0）",
    "ΔNPV difference": "ΔNPV 差额",
    "let go when ΔNPV > 0 (keep at 0: nobody to let go)":
        "ΔNPV > 0 时放弃（let_go）；为 0 时保留（keep）：没有要放弃的客户",
    # rubric "swot_plan"
    "SWOT items each backed by a figure from the account's bills or record":
        "SWOT 的每一条都有客户账单或档案中的数字支撑",
    "every item with its figure": "每一条都有数字",
    "some items": "部分条目有数字",
    "generic ('strong brand')": "泛泛而谈（“品牌强”）",
    "SMART goals (a number, a date, an owner) that follow from the SWOT":
        "由 SWOT 推出的 SMART 目标（有数字、有日期、有负责人）",
    "ck.check_smart passes and the goal answers the SWOT": "通过 ck.check_smart，且目标回应了 SWOT",
    "SMART but unrelated to the SWOT": "符合 SMART，但与 SWOT 无关",
    "a wish": "只是一个愿望",
    "Actions that are casekit actions with their cost (hours, RMB)":
        "行动是 casekit 中的行动，并给出成本（工时、元）",
    "a ck.Plan with its cost": "一个带成本的 ck.Plan",
    "actions without cost": "有行动，没有成本",
    "none": "没有",
    "A revenue plan: the played-forward figures, not a wish": "收入计划：推演得出的数字，而不是愿望",
    "played-forward figures quoted": "引用了推演得出的数字",
    "a forecast without play": "有预测，但没有推演",
    # rubric "memo"
    "One page, recommendation first": "一页纸，结论先行",
    "decisions in the first lines": "开头几行就给出决策",
    "decisions at the end": "决策放在最后",
    "no decision": "没有决策",
    "Portfolio figures: ARPA, loss-makers, whale peak": "客户组合的数字：客户ARPA值、亏损客户数、鲸鱼曲线峰值",
    "all three": "三个都有",
    "one or two": "有一两个",
    "Hours: split and its ΔNPV; the three accounts: decision per account and why (elastic or "
    "not)": "工时：分配方式及其 ΔNPV；三个客户：逐个给出决策和理由（是不是弹性客户）",
    "each decision with its figure": "每个决策都有数字",
    "decisions without figures": "有决策，没有数字",
    "no decisions": "没有决策",
    "What could go wrong and what you will watch": "可能出什么问题，你会盯住什么",
    "a named risk and a signal to watch": "点明一个风险和一个要盯住的信号",
    "a generic risk": "泛泛的风险",
}

TEXTS = {
    "q1": {
        "prompt": "你的客户组合去年（第 13–24 月）的客户ARPA值：每个客户每个在网月的收入",
        "hints": {
            "arpu_for_arpa": "这是按号码算的（ARPU值）；客户ARPA值除以“客户·月”数",
            "whole_period": "你用了全部 24 个月；去年是第 13–24 月",
        },
        "reinforce": "一个客户为很多号码付费：客户经理管理的是客户ARPA值。",
    },
    "q2": {
        "prompt": "你的客户组合去年的ARPU值：每个号码每个在网月的收入",
        "hints": {
            "arpa_for_arpu": "这是按客户算的（客户ARPA值）；ARPU值除以“号码·月”数（号码数 × 在网月数）",
        },
        "reinforce": "ARPU值可以和个人市场比较；客户ARPA值要和客户的预算比较。",
    },
    "q3": {
        "prompt": "你的客户中有多少个去年亏钱（第 13–24 月的利润 < 0）？",
        "hints": {
            "whole_period": "你加总了全部 24 个月；去年是第 13–24 月",
        },
        "reinforce": "鲸鱼的尾巴：这些客户吃掉了其他客户赚来的一部分利润。",
    },
    "q4": {
        "prompt": "你的客户组合去年鲸鱼曲线的峰值：最高累计利润 ÷ 总利润（最赚钱的在前）",
        "hints": {
            "revenue": "用收入的话没有人亏钱，曲线峰值就是 1；鲸鱼曲线用的是利润",
        },
        "reinforce": "大于 1：赚钱的客户赚到的，比整个组合的总利润还多。",
    },
    "q5": {
        "prompt": "重点客户评价体系（ck.key_account_evaluation）和鲸鱼曲线一致吗 —— 它在你的客"
                  "户组合中认定的重点客户，是不是都赚钱？回答 (\"yes\"/\"no\", 其中去年亏钱的个数)",
        "hints": {
            "whole_base": "只数你的客户组合（仍在网的重点客户和中小企业客户）",
        },
        "reinforce": "一个看潜力和地位的评价框架是不看账单的：投入之前，先用利润核对一遍。",
    },
    "q6": {
        "prompt": f"每月额外投入 {HOURS:g} 小时，持续 {HOURS_MONTHS} 个月：按金字塔分配（按去年收"
                  "入排名的前 10%/中间 30%/后 60% 客户分得 60%/30%/10% 的工时），还是平均分配？"
                  "回答 (分配方式, 金字塔分配的 ΔNPV 减去平均分配的 ΔNPV)",
        "hints": {
            "pyramid_only": "这是金字塔分配自己相对于“没有计划”的 ΔNPV；选择取决于两种分配方式"
                            "之间的差额",
        },
        "reinforce": "时间的回报是递减的：把它用在价值所在的地方。",
    },
    "q7": {
        "prompt": "去年利润最低的三个在网重点客户：其中有几个是弹性客户（ck.elastic_customers，用 ck"
                  ".customer_clv 估计的客户终身价值）？",
        "hints": {
            "descending": "你取的是利润*最高*的三个重点客户；案例说的是利润最低的三个（按升序排）",
        },
        "reinforce": "不赚钱不等于没有价值。",
    },
    "q8": {
        "prompt": f"放弃这三个中不是弹性客户的那些（ck.LetGo）？向前推演 {LET_GO_MONTHS} 个月。回答"
                  " (\"let_go\"/\"keep\", ΔNPV；三个都是弹性客户时答 0 和 keep)",
        "hints": {
            "all_three": "你把三个都放弃了；弹性客户要留下（种子文本 003）",
        },
        "reinforce": "只放弃那些扭转不了的客户 —— 并且要在同一个未来里核对。",
    },
    "q9": {
        "prompt": "书面题 —— 客户计划：SWOT → SMART 目标 → 行动 → 收入计划（至少 60 个词，写出一"
                  "条优势、一条劣势、一个机会和一个威胁）",
    },
    "q10": {
        "prompt": "书面题 —— 给总监的一页纸备忘录（至少 80 个词）",
    },
}
