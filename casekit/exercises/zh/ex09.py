"""练习 09 大客户管理 —— 中文反馈（对照 ``casekit/exercises/ex09.py``）。"""

from __future__ import annotations

from ..ex09 import BUDGET_LEVEL
from ..ex09 import GOALS, HOURS_PER_LINE, INSIGHT_LIFT

L = BUDGET_LEVEL

TERMS = {
    # judgements: figure names and rules
    "the bill trend": "账单趋势",
    "growth above +0.05 a year, dormancy below −0.05, else neither":
        "年增长高于 +0.05 为成长期，低于 −0.05 为冬眠期，其余为两者都不是",
    "the net value": "净价值",
    "yes when the net value is above 0": "净价值大于 0 时答 yes",
    "the weights": "权重",
    "highest weight first (ties: decision maker, buyer, user)":
        "权重最高的排在最前（相同时依次为决策者、采购者、使用者）",
    "the cells' margins": "各象限的利润",
    "the cell with the most margin": "利润最多的象限",
    "their monthly margin": "他们的月利润",
    "yes when the total monthly margin is below 0": "月利润合计小于 0 时答 yes",
    "the coverage": "覆盖率",
    "yes when the coverage is at least 1": "覆盖率不低于 1 时答 yes",
    "the effect": "效果",
    "yes when the effect against the control is above 0": "相对于对照组的效果大于 0 时答 yes",
    "the ΔNPVs": "各方案的 ΔNPV",
    "highest ΔNPV first": "ΔNPV 最高的排在最前",
    "the accuracy": "准确率",
    "yes when the accuracy is at least 0.6": "准确率不低于 0.6 时答 yes",
    # the SWOT rubric
    "uses the account's figures": "引用客户的数据",
    "every quadrant quotes a figure from the data (margin, trend, complaints, contract end)":
        "每个象限都引用了数据中的数字（利润、趋势、投诉、合约到期）",
    "some figures": "部分引用了数字",
    "no figures: opinions only": "没有数字：只有观点",
    "SWOT logic": "SWOT 的逻辑",
    "strengths/weaknesses are ours inside the account, opportunities/threats come from outside "
    "(market, competitors)": "优势/劣势是我们在这个客户内部的情况，机会/威胁来自外部（市场、"
                             "竞争对手）",
    "quadrants partly mixed up": "象限部分混淆",
    "a list without the four quadrants": "只是一张清单，没有四个象限",
    "stakeholders and stage": "关键人物与关系阶段",
    "names the champion/blocker and the relationship stage and acts on them":
        "点出支持者/阻碍者和关系所处的阶段，并据此采取行动",
    "mentions one of them": "只提到其中之一",
    "neither": "两者都没有",
    "leads to action": "落实到行动",
    "ends with a SMART goal and the action it implies": "最后给出一个 SMART 目标及其对应的行动",
    "an action without a measurable goal": "有行动，但没有可衡量的目标",
    "no action": "没有行动",
}

TEXTS = {
    "q1": {
        "prompt": f"信息的四个层次：获得重点关注客户第 {L} 层信息的成本（到这一层为止的所有层次：按 am_hour_c"
                  "ost 计的工时加上各项费用），占该客户年收入（12 × 月均收入）的比例是多少？",
        "hints": {
            "level_alone": f"这只是第 {L} 层本身的成本；要达到这一层，下面每一层的成本也都要付"
                           "（累计成本）",
        },
        "reinforce": "信息越私密就越贵 —— 它的价值也随之上升。",
        "why": f"信息是一层一层买来的：达到第 {L} 层，要付第 1–{L} 层的客户经理工时（按工时成本"
               "计）加上各层费用。拿它和这个客户一年带来的收入（12 × 月均收入）相比，就知道是"
               "便宜还是贵。",
    },
    "q2": {
        "prompt": "SMART（种子文本 001：具体的、可衡量的、可达到的、适当的、及时的）：目标 (b) 缺了哪个字母？"
                  f"(b) \"{GOALS['b']}\"（为客户的新分支机构增加 30 条专线）",
        "hints": {
            "measurable": "它有数字（30 个号码）—— 是可衡量的；找一找日期",
        },
        "reinforce": "没有期限，谁也说不清目标到底达成了没有。",
        "why": "SMART 目标要写出一个数字、一个日期和一个基准；“增加 30 个号码”是具体的、可衡量的，"
               "却没说什么时候完成，所以缺了 T（及时的）。",
    },
    "q3": {
        "prompt": "判断 —— 按账单看重点关注客户所处的阶段：成长期（账单年趋势高于 +5%）、冬眠期（低于 −5%），还"
                  "是两者都不是？回答 (阶段, 换算成年率的账单趋势)。",
        "hints": {
            "not_annualised": "这是每月的斜率；乘以 12 才是年趋势",
            "no_log": "你拟合的是以元计的收入；请拟合收入的对数，这样斜率才是增长率",
        },
        "why": "阶段由账单的趋势决定：把账单（取对数）对月份的斜率换算成年率，再与规则中 ±5% 的"
               "界限比较。",
    },
    "q4": {
        "prompt": f"判断 —— 信息：假设第 4 层的洞察能让重点关注客户的年利润提升 {INSIGHT_LIFT:.0%}"
                  "。值得为第 3、4 层付费吗？回答 (\"yes\"/\"no\", 净价值：0.05 × 12 × 月"
                  "均利润 − 第 3、4 层的成本)。",
        "hints": {
            "level3_forgotten": "第 4 层要经过第 3 层才能达到：两层的成本都要算",
            "revenue_for_margin": "提升作用在利润上，不是收入上",
        },
        "why": "信息值不值得买，要看它带来的是否多于它的成本：一年利润的 5%（0.05 × 12 × "
               "月均利润）减去第 3、4 层的成本。",
    },
    "q5": {
        "prompt": "判断 —— 关键人物：按反对的分量 影响力 × (2 − 态度)，给重点关注客户的决策者、采购者和使用者"
                  "从高到低排序。回答 (排序, 按 decision_maker、buyer、user 顺序的三个权重)。",
        "hints": {
            "attitude_only": "影响力也要算：一个持怀疑态度的使用者，分量比不上一个持怀疑态度的"
                             "决策者",
            "support_for_opposition": "影响力 × 态度衡量的是支持；反对的分量是 影响力 × "
                                      "(2 − 态度)",
        },
        "why": "反对的分量 = 影响力 × (2 − 态度)：有权力的反对者分量最重，有权力的支持者最轻。"
               "先算出三个人的权重，再排序。",
    },
    "q6": {
        "prompt": "判断 —— 客户分类矩阵图：按月利润和账单趋势的中位数，把在网客户（key_account 和 sme）"
                  "分成四格。哪一格带来的月利润最多？回答 (格, 按 star、cash_cow、question_mar"
                  "k、dog 顺序的四格月利润，元)。",
        "hints": {
            "revenue_for_margin": "你加总的是收入；客户分类矩阵看的是客户给我们赚了多少：利润",
        },
        "why": "按月利润和账单趋势的中位数把客户分成四格，加总每格的月利润：利润最多的那一格，"
               "就是今天利润之所在，不管趋势如何。",
    },
    "q7": {
        "prompt": "判断 —— 种子文本 003 的“大客户不等于好客户”：客户经理该不该重新审视那些“大而不好”的客户（c"
                  "k.relationship_kinds）的定价？他们合起来亏钱时答 yes。回答 (\"yes\"/"
                  "\"no\", 他们的月利润合计，元)。",
        "hints": {
            "total_not_monthly": "这是他们整个观察期的利润；请把每个客户的利润除以其在网月数",
        },
        "why": "大客户不等于好客户：当这些“大而不好”的客户合起来在亏钱，即他们的月利润合计小于 "
               "0 时，就要重新审视定价。",
    },
    "q8": {
        "prompt": "判断 —— 团队（客户经理李娜和王伟，解决方案工程师赵磊，客服代表陈静，每人每月 160 小时）按金字塔"
                  f"分配客户工时。在网的核心层客户每个号码每月需要 {HOURS_PER_LINE:g} 小时。核心层分到的"
                  "工时够不够？回答 (\"yes\"/\"no\", 覆盖率：核心层工时 ÷ 所需工时)。",
        "hints": {
            "segment_for_tier": "金字塔的核心层是按价值排在前 10% 的客户（truth.true_tier == "
                                "'key'），不是 key_account 这个细分市场",
            "equal_split": "金字塔给核心层 60% 的工时，而不是按客户数成比例分配",
        },
        "why": "金字塔把团队 60% 的客户工时分给核心层；除以在网的核心客户数，得到每个客户分到的"
               "工时，再与他们需要的工时比较。",
    },
    "q9": {
        "prompt": "判断 —— 客户关系管理的效果（种子文本 004）：方案给每个在网的重点客户每月增加 8 小时。它在之后"
                  " 12 个月里提高了他们的利润吗？回答 (\"yes\"/\"no\", 相对于对照组对利润的效果)。",
        "hints": {
            "before_after": "这是“之后 − 之前”：它把方案的作用和客户本来就会有的变化混在了一起；"
                            "请与对照组比较（同一批客户在没有方案时推演的结果）",
        },
        "why": "效果要与对照组比较：不实施方案时推演出的世界，给出了这些客户本来就会赚到的利润"
               "（种子文本 004）。",
    },
    "q10": {
        "prompt": "判断 —— 行动计划：按 12 个月的 ΔNPV（ck.play_forward）给重点关注客户的三个计"
                  "划排序。回答 (排序, 按 care、hours、light_care 顺序的三个 ΔNPV)。",
        "hints": {
            "cost_forgotten": "ΔNPV 要扣除方案的成本",
        },
        "why": "按各方案相对于“什么都不做”所增加的价值排序：在同一组随机数下，每个方案 12 个月的 "
               "ΔNPV，从高到低。",
    },
    "q11": {
        "prompt": "判断 —— 要不要把阶段诊断交给信号规则（ck.diagnose_stage）？对照真实阶段，它至少判对"
                  " 60% 的客户时答 yes。回答 (\"yes\"/\"no\", 准确率)。",
        "hints": {
            "churned_dropped": "所有客户都要保留 —— 暂停的客户也是这个组合的一部分，规则必须对"
                               "它们作出诊断",
        },
        "why": "诊断准确得够多时才可以交给规则去做：诊断出的阶段与真实阶段相同的客户所占比例，"
               "与 60% 的门槛比较。",
    },
    "q12": {
        "prompt": "书面题 —— 关于重点关注客户的 SWOT 备忘录（至少 60 个词，写出一条优势、一条劣势、一个机会和"
                  "一个威胁，每条都带一个数字）。",
        "why": "SWOT 把数字变成一个判断：每一条优势、劣势、机会和威胁，都应该引用这个客户自己"
               "数据中的一个数字（见评分标准）。",
    },
}
