"""The telecom datasheet in Chinese (``README.zh.md``): every column meaning, parameter meaning
and source, and calibration target of the telecom world, keyed by name so it reads side by side
with ``telecom_spec.py`` / ``_telecom_traits.py``. A test fails when a name has no entry here."""

from __future__ import annotations

from ..base import register_world_zh

_MODEL = "建模假设（无公开数据）"
_ASSUMED = "明示的假设（无公开数据；取值使客户数据库保持校准）"
_ARPU = ("中国移动 49.3 元、中国电信 45.4 元、中国联通 44.3 元/月，2023 年公司年报"
         "（个人客户综合 ARPU 约 45–50 元）")
_CHURN = ("后付费手机用户流失率约 0.8–1.1 %/月，预付费约 2.8–4.2 %/月（T-Mobile、Verizon 季报）；"
          "校准使观察到的流失率与之相符")
_IBM = "IBM Telco 流失数据：按月付费流失 42.7 %，一年合约 11.3 %，两年合约 2.8 %"
_SELECTION = (_IBM + "；差距大部分来自自我选择（合约的约束作用见 contract_churn_factor）；"
              "倍数为明示的假设")
_RESPONSE = ("明示的假设；饱和形式取自 Blattberg 和 Deighton (1991)，以及 Lodish 的 CALLPLAN "
             "(1971, Management Science) 中拜访次数的凹形响应")

CUSTOMERS = {
    "customer_id": "客户编号，0..n−1",
    "segment": "key_account（政企大客户）、sme（中小企业）或 consumer（个人客户）",
    "plan": "postpaid（后付费，按月出账）或 prepaid（预付费，充值）；政企客户均为后付费",
    "region": "urban（城镇）或 rural（乡村）",
    "industry": "政企客户所属行业；个人客户为 'none'",
    "industry_growth": "客户所在行业公开的年增长率（个人客户：个人消费市场）；客户自身的增长与之不同"
                       "（见 truth.true_growth）",
    "lines": "期初持有的电话/数据线路（SIM 卡）数",
    "contract": "期初合约：month_to_month（按月）、12_month 或 24_month（合约期）",
    "contract_months_left": "期初合约剩余月数（含第 1 期）：若 t ≤ contract_months_left，则第 t "
                            "月仍在合约期内；在最后一个合约月末离网免费；按月付费为 0。合约到期不续约",
    "early_termination_fee": "合约期满前离网应付的违约金（期初值）：etf_share × 标准账单 × 剩余月数",
    "tenure_months": "第 1 期之前已在网的月数（0 = 第 1 期入网）",
    "acquisition_channel": "获得该客户的渠道",
    "acquisition_cost": "获得该客户的一次性成本（佣金、补贴、投标费用）；在入网时支出，不计入毛利",
    "discount": "政企客户谈判得到的折扣（议价能力：线路多、备选多、转换成本低 → 折扣深）；个人客户为 0",
    "cost_to_serve": "每月服务成本：客服与计费；政企客户还包括按线路的支持和他们索取的特殊服务"
                     "（定制方案、上门支持）；大客户还分摊客户经理的成本",
    "account_manager": "若有客户经理服务该客户则为 True（大客户）",
    "satisfaction": "期初满意度调查得分（5 = 非常满意）；对潜在满意度的带噪声读数",
    "switching_cost": "客户自己转到竞争对手的成本（携号转网、套餐，政企客户还有专线和 IT 集成）",
    "alternatives": "客户可以选择的竞争报价数（议价能力）",
    "orders_per_month": "观察期前一年每月的交易次数（订单、业务变更、充值）：频繁的小额交易说明客户"
                        "依赖我们、经营正常（种子 003，关注其交易频率）",
    "risk_sharing": "客户团队的判断：该客户有进取心，乐于分担风险、认可外购价值；个人客户为 False",
    "price_sensitivity": "客户团队根据以往谈判对价格敏感度的评分（1 = 接受涨价，5 = 锱铢必较）；"
                         "是 truth.true_price_headroom 的带噪声读数",
    "innovator": "客户团队判断其为本行业的技术领先型企业；个人客户为 False",
    "market_influence": "在本行业中的地位（5 = 行业龙头，别人跟随其选择）；个人客户为 1",
    "payment_days": "平均付款天数（信用记录）；是 truth.true_default_risk 的读数；预付费为 0",
    "needs_fit": "客户团队评定的、相对于公司能力的客户需求（与竞争对手相比，种子 000）；个人客户为 3",
    "segment_growth": "客户在本行业内所处细分市场公开的增长率（种子 000 的第二个条件）",
    "market_share_change": "客户在其细分市场中的份额过去一年的变化（自身增长减去细分市场增长，"
                           "来自行业报告，含噪声）；个人客户为 0",
    "transaction_cost": "客户自己的采购成本（招标、采购人员、审批：交易代价）；流程越昂贵，"
                        "议价能力越弱；个人客户为 0",
    "price_negotiations": "客户过去一年发起的重新议价次数：它运用议价能力的意图",
    "complaints": "观察期内的投诉次数",
    "months_active": "观察窗口内有账单的月数（activity 中的行数）",
    "churned": "若客户在观察期内流失则为 True",
    "churn_month": "离网前最后一个出账月；0 = 未流失",
    "total_revenue": "观察期内收入合计",
    "total_margin": "观察期内毛利合计",
    "avg_monthly_revenue": "total_revenue / months_active",
}

ACTIVITY = {
    "customer_id": "客户编号",
    "period": "观察月份，从 1 开始计数",
    "revenue": "当月账单（预付费：充值消费）",
    "data_gb": "当月移动数据用量",
    "voice_minutes": "当月通话分钟数",
    "complaints": "当月投诉次数",
    "service_cost": "当月服务成本：data_gb × cost_per_gb + voice_minutes × cost_per_minute + "
                    "lines × line_cost + complaints × complaint_cost",
    "margin": "revenue − service_cost − cost_to_serve（客户每月的服务成本，见 customers）；可以为负",
}

TRUTH = {
    "customer_id": "客户编号",
    "true_churn_propensity": "θ：基础月流失概率（按月付费、无投诉），取自 Beta 分布（10 位小数）",
    "true_complaint_rate": "λ：每月期望投诉次数（泊松率；10 位小数）",
    "true_retention": "第 T+1 月末留存的概率（T = 最后观察月）：(1 − θ·c) · exp(−λ·p)，c 为仍在合约期内"
                      "时的合约系数，p 为一次投诉导致客户离网的概率；潜在值（已流失客户也给出）；10 位小数",
    "true_margin": "若仍在网，第 T+1 月的期望毛利（潜在值，已流失客户也给出）：G·v − F，G = 业务量为 1 时的"
                   "毛利，v = 业务量指数，F = cost_to_serve + lines × line_cost + λ × complaint_cost；精确到分",
    "true_growth": "客户业务量（账单与用量，因而毛利 G·v）的真实年增长率；在 T 之后持续 growth_years 年。"
                   "固定成本不增长，所以一个增长中的亏损客户可能转为盈利",
    "true_clv": "在生成器自身过程下，未来各月 T+1、T+2、…毛利的期望贴现值，按第 T 月末（观察期末）计值；"
                "已流失客户为 0。时间约定：第 T+k 月的毛利在该月末收到，客户在第 T+1 月一定在网："
                "CLV = Σ_{k≥1} E[m_{T+k}] · Π_{j<k} r_{T+j} · δ^k，δ = (1 + discount_rate)^(−1/12)——"
                "m 和 r 不变时即每月 m/(1 + d − r)（Fader 和 Hardie，2012）。E[m_{T+k}] = G·v_k − F 在 T 之后"
                "growth_years 年内随业务量指数 v_k 增长；合约到期时 r 改变。按分段几何级数精确求和；"
                "不含获客成本（客户已经获得）；精确到分",
    "true_tier": "按 true_clv 排名的真实价值档位：前 10 % 为 key（重点），其后 30 % 为 normal（一般），"
                 "其余为 small（小客户）（课程中的客户金字塔）",
    "true_implicit_value": "仍在网客户的隐性价值（种子 003）：有影响力客户带来的推荐（最多 2 年标准账单 × "
                           "影响度²）和从创新型客户身上学到的东西（最多 1 年 × 创新度）；已流失为 0",
    "true_price_headroom": "在不失去客户的前提下价格还能上涨多少（价格不敏感度，最多 15 %；议价能力越强越低）",
    "true_default_risk": "一年内陷入财务困境（坏账）的概率；低于 5 % 视为财务健康",
    "true_elastic": "弹性客户（种子 003）：仍在网，眼下亏损（true_margin < 0），把隐性价值和提价空间算进来后"
                    "在整个生命周期内值得保留（true_clv + true_implicit_value + 提价空间 × 预期生命周期内"
                    "账单 > 0），且财务健康（true_default_risk < 5 %）",
    "true_needs_fit": "我们的能力比竞争对手更好地满足客户需求的程度（标准正态；个人客户为 0）",
    "true_bargaining_power": "由业务量、备选、转换成本和谈判地位决定的内在议价能力 1/(1 + e^(−power))"
                             "（折扣背后的力量）；个人客户为 0",
    "true_price_pressure": "议价能力 × 用它压价的意图（种子 000 所说的结构性地位，对企业不利）；个人客户为 0",
}

PARAMS = {
    "key_account_share": ("政企大客户占客户的比例",
                          "中国移动 2023 年：政企客户 2,837 万，移动客户 9.91 亿（约 3 %）：政企客户少而大；"
                          "取 2 % 使前 20 % 客户贡献约 86 % 的收入（种子 000：80 % 的收入来自 20 % 的大客户）"),
    "sme_share": ("中小企业占客户的比例", _MODEL),
    "prepaid_share": ("个人客户中预付费的比例", _MODEL),
    "urban_share": ("个人客户中城镇客户的比例（政企客户：中小企业 +10 个百分点，大客户 +20）",
                    "2023 年中国城镇化率 66 %（国家统计局）"),
    "new_customer_share": ("第 1 期入网（在网时长 0）的客户比例：一批新获得的客户", _MODEL),
    "max_tenure_months": ("观察期初最长的在网时长（在网时长按流失倾向抽取，在此截断）", _MODEL),
    "arpu_postpaid": ("后付费个人客户每条线路的平均账单", _ARPU + "；后付费高于预付费"),
    "arpu_prepaid": ("预付费个人客户每条线路的平均消费", _ARPU),
    "arpu_sme": ("中小企业每条线路的标准价（折扣前）", _MODEL),
    "arpu_key_account": ("大客户每条线路的标准价（数据、专线和云业务套餐；谈判折扣前）",
                         _MODEL + "；政企客户 ARPU 的分布没有公开"),
    "rural_price_factor": ("乡村账单相对城镇的比值", _MODEL),
    "concentration": ("价值集中度：调节个人客户消费与中小企业规模的离散程度以及大客户规模的尾部"
                      "（0 = 同一细分内人人相同，1 = 默认，2 = 极端）",
                      "校准使前 20 % 客户贡献约 80 % 收入（课程中的 80/20 法则）"),
    "spend_sigma": ("个人客户每线消费的离散度（集中度为 1 时的对数正态 σ）", _MODEL),
    "sme_median_lines": ("中小企业线路数的中位数", _MODEL),
    "sme_lines_sigma": ("中小企业线路数的离散度（对数正态 σ）", _MODEL),
    "key_account_min_lines": ("最小的大客户线路数（帕累托分布最小值）", _MODEL),
    "key_account_tail_index": ("集中度为 1 时大客户线路数的帕累托尾指数 α（越小尾部越重）",
                               "企业规模服从 α ≈ 1 的帕累托分布（Axtell，2001，Science）"),
    "max_lines": ("单个政企客户线路数的上限", _MODEL),
    "max_discount": ("议价能力强的政企客户可谈到的最深折扣", _MODEL),
    "data_gb_per_line": ("个人客户每条线路的平均数据用量",
                         "2023 年中国移动互联网户均流量约 16–18 GB/月（工信部）；向下取整"),
    "minutes_per_line": ("个人客户每条线路的平均通话分钟数", _MODEL),
    "usage_sigma": ("账单相同的客户之间每线数据用量的离散度（对数正态 σ；语音取其一半）：包月套餐的重度用户"
                    "成本可能高于其付费（σ = 1.2 时前 5 % 个人客户的用量约为均值的 3 倍）",
                    _MODEL + "；许多小亏损客户，而不是少数巨额亏损客户"),
    "cost_per_gb": ("承载 1 GB 的网络成本", _MODEL),
    "cost_per_minute": ("一分钟通话的网络与互联互通成本", _MODEL),
    "line_cost": ("一条线路的固定成本：SIM 卡、号码、计费、牌照分摊", _MODEL),
    "care_cost_consumer": ("个人客户的平均服务成本（客服、计费、挽留优惠）",
                           _MODEL + "；配合下面的离散度，使约 30 % 客户不盈利（Sherden 所说的后 30 %），"
                           "鲸鱼曲线峰值保持在约 140–150 %"),
    "care_cost_sigma": ("个人客户服务成本的离散度（对数正态 σ）：少数客户来电、去营业厅、拿挽留优惠远多于他人",
                        "服务成本的差异造成鲸鱼曲线（Kaplan 和 Cooper，1998）"),
    "care_cost_sme": ("中小企业或大客户的服务成本（客服、计费、销售支持），不含按线路的支持", _MODEL),
    "care_cost_per_line": ("中小企业或大客户每条线路的支持成本", _MODEL),
    "account_service_cost": ("10 条线路的政企客户所索取特殊服务（定制方案、上门支持、服务等级赔付）的平均成本，"
                             "以占其标准账单的比例表示（封顶前，封顶使均值降低约 10 %）；随议价能力乘以 0–2；"
                             "单个客户按 lines^account_service_elasticity 增长，所以按每线计小客户最贵",
                             "大客户不一定是好客户（课程资料，讲义 003）；服务成本的差异造成鲸鱼曲线"
                             "（Kaplan 和 Cooper，1998）；水平为建模假设，校准使大客户整体贡献约 70 % 的利润"
                             "（种子 000：客户利润率高），同时约 25 % 的大客户亏损（种子 003），且每个客户"
                             "数据库整体盈利"),
    "account_service_elasticity": ("政企客户特殊服务成本随线路数增长的弹性（1 = 与线路数成正比，0 = 每个客户相同）："
                                   "一个方案团队、一组上门拜访可以服务任何规模的客户",
                                   _MODEL + "；服务政企客户的规模经济（Kaplan 和 Cooper，1998：服务成本由拜访、"
                                   "定制等作业驱动，而不是由业务量驱动）"),
    "account_service_sigma": ("这项特殊服务成本在政企客户之间的离散度（倍数 M 的对数正态 σ，均值 1）", _MODEL),
    "account_service_cap": ("倍数 M 的上限：任何客户索取的特殊服务都不超过同类客户期望值的这个倍数"
                            "（使单个客户的亏损有界，不会因一个客户使整个数据库亏损）", _MODEL),
    "account_manager_cost": ("每个大客户分摊的客户经理成本",
                             _MODEL + "；一名客户经理（全成本约 18,000 元/月）负责约 15 个客户"),
    "complaint_rate": ("一般个人客户一条线路的投诉次数；乘以 lines^0.3，满意时更低", _MODEL),
    "complaint_cost": ("处理一次投诉的成本", _MODEL),
    "churn_postpaid": ("数据库中后付费个人客户的平均基础流失倾向 θ（按月付费、无投诉）", _CHURN),
    "churn_prepaid": ("数据库中预付费个人客户的平均基础流失倾向 θ", _CHURN),
    "churn_sme": ("中小企业的平均基础流失倾向 θ", _MODEL),
    "churn_key_account": ("大客户的平均基础流失倾向 θ", _MODEL),
    "churn_concentration": ("θ 的 Beta 分布的集中度（越小客户差异越大；sBG 模型的异质性）",
                            "Fader 和 Hardie（2007，sBG 模型）"),
    "contract_churn_factor": ("12 或 24 个月合约仍有约束力时 θ 乘以此数", _IBM),
    "complaint_churn": ("一次投诉使个人客户在当月末离网的概率（中小企业 × 0.3，大客户 × 0.1）", _MODEL),
    "etf_share": ("违约金占合约剩余标准账单的比例", _MODEL),
    "consumer_market_growth": ("个人移动通信市场的增长（个人客户的“行业增长”）",
                               "2021–2023 年个人客户 ARPU 持平（公司年报）"),
    "consumer_growth_sd": ("个人客户自身增长的离散度", _MODEL),
    "account_growth_sd": ("政企客户增长围绕其行业增长的离散度", _MODEL),
    "high_growth_share": ("年增长 30–90 % 的中小企业和大客户所占比例（蚂蚁能够长成大象）",
                          "课程资料，讲义 003"),
    "growth_discount": ("给快速成长的政企客户的额外优惠折扣（在蚂蚁长成大象之前赢得它）：许多客户眼下不盈利"
                        "——这就是弹性客户", "课程资料，讲义 003（刘东昌，弹性客户）"),
    "growth_years": ("观察期结束后增长持续的年数，之后业务量保持不变", _MODEL),
    "power_lines": ("政企客户的议价能力中规模的权重：power = power_lines·(log10 lines − 1.5) + "
                    "power_alternatives·(alternatives − 2) + power_switching·(ln(1 + 转换成本月数) − 1.2) + "
                    "power_noise·Z；discount = max_discount / (1 + e^(−power))",
                    _ASSUMED + "；方向取自 Porter (1979)：大批量采购的买方议价能力更强"),
    "power_alternatives": ("议价能力中备选报价数的权重（见 power_lines）",
                           _ASSUMED + "；Porter (1979)：可替代的选择提高买方议价能力"),
    "power_switching": ("议价能力中转换成本（以账单月数计，ln(1 + x)）的权重；为负：转换代价高削弱买方"
                        "（见 power_lines）", _ASSUMED + "；Porter (1979)：转换成本锁住买方"),
    "power_noise": ("规模、备选和转换成本解释不了的议价能力离散度（谈判技巧、关系）", _ASSUMED),
    "switching_cost_consumer": ("个人客户一条线路的平均转换成本（时间、失去的套餐优惠；携号转网本身自 2019 年起免费），"
                                "对数正态离散度为 switching_cost_consumer_sigma",
                                _ASSUMED + "；工信部 2019 年 11 月在全国推行携号转网且不收费，所以成本由客户自己承担"),
    "switching_cost_consumer_sigma": ("个人客户转换成本的离散度（对数正态 σ，均值不变）", _ASSUMED),
    "switching_cost_account_base": ("政企客户每条线路转换成本的固定部分（重新发放 SIM 卡）", _ASSUMED),
    "switching_cost_account": ("政企客户每条线路转换成本可变部分的均值（专线、IT 集成、合同），"
                               "对数正态离散度为 switching_cost_account_sigma",
                               _ASSUMED + "；政企客户的系统集成使转换比个人客户昂贵得多"),
    "switching_cost_account_sigma": ("政企客户转换成本可变部分的离散度（对数正态 σ，均值不变）", _ASSUMED),
    "satisfaction_mean": ("潜在满意度均值；调查得分为 round(mean + sd·Z + noise·E)，截断在 1–5"
                          "（Z 驱动投诉和流失，E 为调查噪声）", _ASSUMED + "；常见的 5 分制调查均值在 3.5 到 4 之间"),
    "satisfaction_sd": ("潜在满意度的离散度", _ASSUMED),
    "satisfaction_noise": ("调查噪声：得分偏离潜在满意度的程度", _ASSUMED),
    "complaint_lines_elasticity": ("投诉次数按 lines^elasticity 增长（政企客户通过少数联系人投诉，而不是每条线路都投诉）",
                                   _ASSUMED),
    "complaint_satisfaction_effect": ("投诉率 × exp(−effect·Z − effect²/2)：满意的客户投诉更少（均值不变）", _ASSUMED),
    "churn_satisfaction_effect": ("θ × exp(−effect·Z − effect²/2)：满意的客户流失更少（均值不变）",
                                  _ASSUMED + "；满意度降低客户流失（Anderson 和 Sullivan，1993，Marketing Science）"),
    "churn_alternatives_effect": ("θ × exp(effect·(alternatives − 2))：报价越多，流失越多", _ASSUMED),
    "churn_switching_effect": ("θ × exp(−effect·(ln(1 + 转换成本月数) − 1))：转换代价高留住客户",
                               _ASSUMED + "；转换成本降低流失（Burnham、Frels 和 Mahajan，2003，JAMS）"),
    "contract_selection_month_to_month": ("选择不签合约的后付费客户的 θ 倍数（忠诚度较低的客户自己选择按月付费）",
                                          _SELECTION),
    "contract_selection_12_month": ("选择 12 个月合约的后付费客户的 θ 倍数", _SELECTION),
    "contract_selection_24_month": ("选择 24 个月合约的后付费客户的 θ 倍数", _SELECTION),
    "am_churn_cut_max": ("play_forward：增加客户经理工时最多能避免的客户流失比例（c(h) = max·(1 − e^(−k·h)) 的上限，"
                         "h 为每客户每月的小时数）", _RESPONSE),
    "am_growth_max": ("play_forward：客户经理工时最多能带来的额外年业务量增长（同一饱和曲线）", _RESPONSE),
    "am_response_k": ("play_forward：响应饱和的速度：每客户每月 1/k 小时达到上限的 63 %", _RESPONSE),
    "am_hour_cost": ("play_forward：客户经理一小时的成本",
                     "account_manager_cost 的全成本 18,000 元/月 ÷ 160 小时"),
    "am_capacity_per_key_account": ("play_forward：按数据库中每个大客户计、每月可额外投入的客户经理工时"
                                    "（一名客户经理 160 小时负责约 15 个客户）", _MODEL),
    "discount_rate": ("计算 true_clv 的年贴现率（实际利率；月贴现因子 (1 + d)^(−1/12)）",
                      "教科书常用的贴现率（Gupta、Lehmann 和 Stuart (2004) 用 12 %）"),
}

CALIBRATION = {
    "top 20 % of customers bring ≈ 80 % of revenue (tolerance 74–88 %)":
        ("前 20 % 客户贡献约 80 % 收入（容差 74–88 %）", "86 %",
         "课程种子 000：电信企业80%的收入来自于占客户总数20%的大客户"),
    "key accounts as a group bring most of the profit (at least half)":
        ("大客户整体贡献大部分利润（至少一半）", "约 70 %",
         "种子 000：重点客户“客户利润率高”，是收入和利润的主要来源"),
    "a minority of key accounts lose money (10–40 %), through bargaining power (deeper discount) "
    "and cost to serve":
        ("少数大客户亏损（10–40 %），原因是议价能力（折扣更深）和服务成本", "约 24–29 %",
         "种子 003：大客户不一定是好客户"),
    "≈ 30 % of customers are unprofitable (tolerance 15–40 %)":
        ("约 30 % 客户不盈利（容差 15–40 %）", "约 34 %", "Sherden (1994)：后约 30 % 的客户亏损"),
    "whale curve peak well above 100 % (tolerance 140–350 % at 50,000 customers)":
        ("鲸鱼曲线峰值远高于 100 %（50,000 个客户时容差 140–350 %）", "约 142 %（2,000 个客户时约 147 %）",
         "Kaplan 和 Cooper (1998)：鲸鱼曲线峰值在 150–300 %"),
    "every class-sized base (800 customers) is profitable in total":
        ("每个班级规模的客户数据库（800 个客户）整体盈利", "种子 0–19",
         "鲸鱼曲线需要（利润以正的总额的百分比表示）"),
}

register_world_zh("telecom", columns={"customers": CUSTOMERS, "activity": ACTIVITY,
                                      "truth": TRUTH},
                  params=PARAMS, calibration=CALIBRATION)
