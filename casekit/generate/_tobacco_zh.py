"""The tobacco datasheet in Chinese (``README.zh.md``): every column meaning, parameter meaning
and source of the tobacco (卷烟零售户) world, keyed by name so it reads side by side with
``tobacco_spec.py`` and the trait modules. A test fails when a name has no entry here."""

from __future__ import annotations

from ..base import register_world_zh

_WEAK = "依据不足：建模假设"
_ASSUMED = "明示的假设（无公开数据）"
_LOADING = "明示的假设：标准正态潜在得分上的载荷（无公开数据；取值使读数有信息量但含噪声）"
_RESPONSE = ("明示的假设；饱和形式取自 Blattberg 和 Deighton (1991)，以及 Lodish 的 CALLPLAN "
             "(1971, Management Science) 中拜访次数的凹形响应")
_SERVICE = ("明示的假设（无公开的响应数据；种子 002 描述了按档位的差异服务，但没有给出效果）；"
            "高级服务包大约相当于每周拜访一次")
_TELECOM_RULE = "明示的假设，沿用电信世界的规则（种子 003 只提到这种价值，未给出大小）"

CUSTOMERS = {
    "customer_id": "零售户编号，0..n−1",
    "segment": "课程中的业态类别（与 format_class 相同）",
    "format": "经营业态",
    "format_class": "成都文章中的业态大类；烟酒店计入 grocery_convenience（食杂便利）",
    "region": "市场：urban（城镇）或 rural（乡村）",
    "district": "城区（district_*）或农村县（county_*）",
    "account_manager": "客户经理编号；客户经理只在一个区县内工作",
    "scale": "业态内的规模：按登记的经营规模，前 20 % 为 large（大），其后 40 % 为 medium（中），其余为 small（小）",
    "licensed_week": "许可证生效的周；0 = 观察期之前已持证",
    "foot_traffic": "估计的过往人流（影响度）",
    "location_score": "客户经理对经营位置的评分（影响度）",
    "licence_violations": "近三年记录在案的违反烟草专卖法规次数（守法度）",
    "late_payments": "观察期内延迟付款的订货次数（诚信度）",
    "order_honesty": "抽查的 12 次订货中被认定为如实订货的比例（诚信度）",
    "e_settlement_share": "电子结算占付款次数的比例",
    "price_class1": "零售户一类烟的平均批发价（反映其品牌结构）",
    "price_class2": "零售户二类烟的平均批发价（反映其品牌结构）",
    "price_class3": "零售户三类烟的平均批发价（反映其品牌结构）",
    "price_class4": "零售户四类烟的平均批发价（反映其品牌结构）",
    "price_class5": "零售户五类烟的平均批发价（反映其品牌结构）",
    "orders": "观察期内有订货的周数",
    "total_cartons": "观察期内订货条数",
    "total_revenue": "观察期内订货金额合计",
    "total_margin": "观察期内订货毛利合计",
    "first_order_week": "观察到的第一次订货所在周；0 = 没有订货",
    "last_order_week": "观察到的最后一次订货所在周；0 = 没有订货",
    "licence_closed": "观察期末已登记注销许可证（在最后一次订货数周之后才登记，所以许多歇业尚未显现）",
    "cost_to_serve": "配送之外每周服务该零售户的成本（客户经理拜访、订货终端、培训）；不从订货毛利中扣除",
    "growth_outlook": "客户经理对该店观察期第一年销售增长的估计（附近新建小区、扩店、新店成长）："
                      "是向潜力增长的一个读数",
    "risk_sharing": "参加公司的试点（新品、新服务）并共享其销售数据（信息共享）：种子 003 所说的"
                    "乐于分担风险、认可外购价值",
    "price_sensitivity": "客户经理对零售户抵制品牌结构提升和价格调整程度的评分（1 = 接受，5 = 抵制）；"
                         "是 truth.true_price_headroom 的读数",
    "innovator": "现代业态（自选、网上订货、率先上新品）：种子 003 所说的技术领先型",
    "market_influence": "客户经理对零售户在当地影响力的评分（5 = 别人跟随其选择；影响度）",
}

ACTIVITY = {
    "customer_id": "零售户编号",
    "period": "订货周，从 1 开始计数",
    "cartons_class1": "一类烟条数",
    "cartons_class2": "二类烟条数",
    "cartons_class3": "三类烟条数",
    "cartons_class4": "四类烟条数",
    "cartons_class5": "五类烟条数",
    "cartons": "本次订货条数（五类之和）",
    "revenue": "订货金额：Σ 条数 × 该零售户该类烟的批发价",
    "margin": "烟草公司的毛利：Σ 条数 × 价格 × 该类毛利率，减去本次订货的配送成本",
}

TRUTH = {
    "customer_id": "零售户编号",
    "true_order_rate": "q = 1 − exp(−λ)：许可证有效期间一周内订货的概率",
    "true_dropout": "p：一次订货之后许可证注销（歇业）的概率",
    "true_order_value": "最后观察周的期望订货金额 V(T)",
    "true_order_value_potential": "V∞：经营正在趋近的期望订货金额",
    "true_margin_rate": "每元订货金额的期望毛利（由零售户的品类结构决定）",
    "true_margin": "第 T 周、许可证有效时的每周期望毛利：q·(毛利率·V(T) − 配送成本)",
    "true_potential_margin": "达到潜力后、许可证有效时的每周期望毛利",
    "true_growth": "未来 52 周订货金额和毛利的期望增长：V(T+52)/V(T) − 1",
    "true_clv": "T 之后各周毛利的期望贴现值（周末收款，周贴现 (1+d)^(−1/52)）；许可证已注销为 0",
    "true_tier": "按 true_clv 排名：前 10 % 为 key（重点），其后 30 % 为 normal（一般），其余为 small（小客户）",
    "true_alive": "第 T 周末许可证仍然有效",
    "true_dropout_week": "歇业前最后一次订货所在周；0 = 仍在经营",
    "true_compliance": "潜在的守法度得分，Φ(z)",
    "true_integrity": "潜在的诚信度得分，Φ(z)",
    "true_influence": "潜在的影响度得分，Φ(z)",
    "true_net_margin": "true_margin − cost_to_serve：扣除服务成本后的短期价值",
    "true_net_clv": "true_clv − 许可证有效期间服务成本的现值；已注销为 0",
    "true_implicit_value": "有效许可证的隐性价值（种子 003）：默认参数下为一年的购买额 × "
                           "(2·影响度² + 创新度)；已注销为 0",
    "true_price_headroom": "在不失去该零售户的前提下，通过品牌结构提升毛利还能提高多少"
                           "（价格不敏感度；最多 max_price_headroom）",
    "true_innovation": "潜在的创新度（innovator 是它的读数）",
    "true_risk_sharing": "潜在的分担风险、共享数据的意愿（risk_sharing 是它的读数）",
    "true_late_payment_rate": "一次订货延迟付款的概率（诚信度）；低于 sound_late_payment_rate 视为财务健康",
    "true_elastic": "弹性客户（种子 003）：许可证有效，真实毛利低于服务成本，净生命周期价值 + 隐性价值 + "
                    "提价空间的价值 > 0，且财务健康",
}

PARAMS = {
    "discount_rate": ("计算 true_clv 的实际年贴现率（周贴现率：(1+d)^(1/52) − 1）", "课程约定；教科书常用值"),
    "share_supermarket_chain": ("超市连锁的比例；六种业态比例之外的都是食杂店",
                                _WEAK + "（食杂店是持证户的主体）"),
    "share_department_store": ("百货商场的比例", _WEAK),
    "share_catering_entertainment": ("餐饮娱乐（饭店、酒吧、KTV）的比例", _WEAK),
    "share_leisure_resort": ("休闲度假场所的比例", _WEAK),
    "share_convenience_store": ("便利店的比例", _WEAK),
    "share_tobacco_liquor_shop": ("烟酒店的比例", _WEAK),
    "urban_share": ("城镇零售户的期望比例；各业态围绕它偏向城镇或乡村",
                    _WEAK + "；接近中国 66 % 的城镇人口比例（国家统计局，2023），零售许可证在城镇更密集"),
    "retailers_per_manager": ("一名客户经理在一个区县内服务的零售户数", _WEAK + "（实际中每名客户经理几百户）"),
    "new_licence_share": ("观察期内新发许可证的比例（在第 2 周及以后均匀抽取生效周）", _WEAK),
    "new_licence_weeks": ("新许可证在第 2 … new_licence_weeks + 1 周中均匀抽取的一周生效（默认为第一年）；"
                          "在最后观察周之后生效的许可证还没有订货",
                          _WEAK + "；以周数固定，而不随观察窗口变化，所以延长观察期仍是同一个世界"),
    "order_r": ("r：每周订货强度 λ 的 Gamma(r, α) 异质性的形状参数", _WEAK + "；校准使大多数活跃零售户多数周都订货"),
    "order_alpha": ("α：订货强度 Gamma(r, α) 的率参数；乘以业态与乡村系数之前，λ 的均值为每周 r/α", _WEAK),
    "rural_order_factor": ("乡村零售户的 λ 倍数（可用的订货周期较少）", _WEAK),
    "dropout_a": ("一次订货后许可证注销概率 Beta(a, b) 的 a", _WEAK + "；约 8–10 % 的零售户一年内歇业"),
    "dropout_b": ("歇业概率 Beta(a, b) 的 b；均值 p = a/(a+b)", _WEAK),
    "compliance_dropout_correlation": ("守法度与继续经营之间的高斯 copula 相关系数", _WEAK + "（违规会被吊销许可证）"),
    "spend_p": ("p：同一零售户订货金额 Gamma 分布的形状参数（变异系数 1/√p）", _WEAK),
    "spend_q": ("q：零售户之间 ν 的 Gamma(q, γ) 异质性的形状参数；越小收入越集中（均值有限须大于 1）", _WEAK),
    "spend_gamma": ("γ：ν 的 Gamma(q, γ) 率参数；默认参数下城镇食杂店的平均订货金额 = pγ/(q−1) = 1,200 元"
                    "（约每周 25 条）", _WEAK),
    "concentration": ("价值集中度：调节零售户之间订货金额的离散程度（0 = 同一业态、同一地区的零售户全都相同，"
                      "1 = 默认，2 = 极端）；ν ~ Gamma(q_c, γ_c)，q_c = 1 + (q − 1)/c²，"
                      "γ_c = γ·(q_c − 1)/(q − 1)，所以平均订货金额保持 pγ/(q − 1)",
                      "与电信世界的 concentration 含义相同；教学用调节参数"),
    "rural_value_factor": ("乡村零售户的订货金额倍数", _WEAK),
    "format_effect": ("各业态订货与金额倍数的强度（0：所有业态相同，于是 λ 和 ν 恰好服从 BG/NBD 和 Gamma-Gamma "
                      "模型所假设的 Gamma 分布）", _WEAK),
    "value_frequency_correlation": ("订货强度与经营规模的高斯 copula 相关系数；0 使消费金额与频率独立"
                                    "（Gamma-Gamma 模型的假设）", "教学用调节参数"),
    "premium_share_urban": ("平均规模的城镇食杂店一、二类烟占条数的比例",
                            "领域简介：城镇店销售更多一、二类烟（数值依据不足：建模假设）"),
    "premium_share_rural": ("平均规模的乡村食杂店一、二类烟占条数的比例", _WEAK),
    "mix_concentration": ("零售户品类结构围绕其期望结构的 Dirichlet 集中度", _WEAK),
    "delivery_cost_urban": ("给城镇零售户配送一次订货的成本（配送成本）", _WEAK),
    "delivery_cost_rural": ("给乡村零售户配送一次订货的成本", _WEAK),
    "growth_mean": ("η 的均值，η 为潜力订货金额与初始订货金额之比的对数（蚂蚁能够长成大象）", _WEAK),
    "growth_sd": ("η 在零售户之间的离散度", _WEAK),
    "new_licence_growth": ("当年新发许可证的额外 η（新店逐步成长）", _WEAK),
    "growth_time_years": ("趋近潜力的时间常数：每周 ρ_g = exp(−1/(52·τ))", _WEAK),
    "violation_rate": ("每户每年平均记录的违规次数（守法度）", _WEAK),
    "late_payment_rate": ("延迟付款订货的平均比例（诚信度）", _WEAK),
    "order_honesty_mean": ("抽查订货中被认定如实订货的平均比例（无窜货、无虚报需求）", _WEAK),
    "e_settlement_urban": ("城镇食杂店电子结算的平均比例", _WEAK),
    "e_settlement_rural": ("乡村食杂店电子结算的平均比例", _WEAK),
    "influence_size_loading": ("潜在影响度 z_inf = w·z_size + √(1 − w²)·z_loc：零售户的影响度有多少来自经营规模"
                               "而不是位置", _LOADING + "；0.5：规模和位置都重要，位置更重要"),
    "premium_size_tilt": ("经营规模每增加一个标准差，一、二类烟占比的倾斜（店越大，高档品牌卖得越多）", _WEAK),
    "price_urban_shift": ("批发价在各类价格区间内的位置：城镇减乡村的偏移（z_price 各得其一半的 ±）",
                          _WEAK + "（城镇店经营更贵的品牌）"),
    "price_size_loading": ("经营规模每个标准差对应的、批发价在各类价格区间内的位置", _WEAK),
    "price_format_loading": ("业态一、二类烟倾斜（FORMAT_TABLE）每单位对应的、批发价在各类价格区间内的位置", _WEAK),
    "price_noise_sd": ("各类价格区间内价格位置的零售户与品类噪声（价格 = 下限 + (上限 − 下限)·Φ(z_price)）", _WEAK),
    "price_class1_offset": ("一类烟价格位置的偏移（其区间 100–260 很宽，大多数一类烟在区间下部成交）", _WEAK),
    "scale_noise_sd": ("``scale`` 背后登记经营规模的噪声（z_size + 噪声，在业态内排名）", _WEAK),
    "traffic_urban_shift": ("城镇零售户相对其业态中位数的对数人流偏移", _WEAK),
    "traffic_rural_shift": ("乡村零售户相对其业态中位数的对数人流偏移", _WEAK),
    "traffic_influence_loading": ("潜在影响度 z_inf 每个标准差对应的对数人流（影响度）", _LOADING),
    "traffic_noise_sd": ("对数人流估计的噪声", _LOADING),
    "location_influence_loading": ("位置评分 = 100·Φ(w·z_inf + 噪声)：客户经理的评分以此载荷反映潜在影响度",
                                   _LOADING),
    "location_noise_sd": ("位置评分的噪声（0.436 ≈ √(1 − 0.9²)：评分的方差约为 1）", _LOADING),
    "violation_compliance_loading": ("记录的违规次数 ~ Poisson(3·rate·业态系数·exp(−b·z_comp − b²/2))：守法的零售户违规更少"
                                     "（守法度）；−b²/2 使平均违规率不变", _LOADING),
    "honesty_integrity_loading": ("抽查中不如实订货的比例 = (1 − order_honesty_mean)·exp(−b·z_int − b²/2)，上限为 1"
                                  "（诚信度）", _LOADING),
    "late_payment_integrity_loading": ("一次订货延迟付款的概率 = late_payment_rate·exp(−b·z_int − b²/2)，上限为 1"
                                       "（诚信度）", _LOADING),
    "e_settlement_concentration": ("电子结算比例围绕其均值 m 的 Beta(m·κ, (1 − m)·κ) 集中度（越大，同一业态、同一地区的"
                                   "零售户越相似）", _WEAK),
    "cost_to_serve_urban": ("配送之外，每周服务一个城镇零售户的平均成本：客户经理拜访、订货终端、培训（不计入订货毛利）",
                            _ASSUMED + "；约每周一次 20 分钟拜访，按每小时 75 元计，另加系统费用"),
    "cost_to_serve_rural": ("每周服务一个乡村零售户的平均成本（拜访路程更远）", _ASSUMED),
    "cost_to_serve_sd": ("服务成本围绕其均值的对数正态离散度（均值不变）", _ASSUMED),
    "growth_outlook_noise_sd": ("客户经理的增长预估围绕观察期第一年真实增长的噪声", _ASSUMED),
    "innovation_logit": ("典型零售户创新度的对数几率（现代业态、网上订货、率先上新品）；创新度 = expit(logit + N(0, 1))",
                         _ASSUMED),
    "risk_sharing_logit": ("零增长的零售户参加试点并共享销售数据（信息共享）的对数几率", _ASSUMED),
    "risk_sharing_growth_loading": ("成长中的零售户更有进取心：每单位年增长对应的分担风险对数几率（与电信世界相同）",
                                    _ASSUMED),
    "max_price_headroom": ("一个完全不在乎价格的零售户，通过品牌结构提升（结构提升）最多能提高的毛利比例，"
                           "而不会失去其订货", _ASSUMED),
    "price_sensitivity_noise_sd": ("1–5 分价格敏感度评分围绕 5 − 4·headroom/max 的噪声", _ASSUMED),
    "influence_rating_noise_sd": ("1–5 分市场影响力评分围绕 1 + 4·influence 的噪声", _ASSUMED),
    "implicit_influence_years": ("影响度的隐性价值（口碑效应）：这么多年的零售户购买额（订货金额）× 影响度²", _TELECOM_RULE),
    "implicit_innovation_years": ("创新度的隐性价值（公司从中学到的东西）：这么多年的购买额 × 创新度", _TELECOM_RULE),
    "sound_late_payment_rate": ("一次订货延迟付款的概率低于此值时，零售户视为财务健康（种子 003 的第三个前提）", _ASSUMED),
    "am_churn_cut_max": ("play_forward：增加客户经理工时最多能避免的订货后歇业概率比例（c(h) = max·(1 − e^(−k·h)) 的上限，"
                         "h 为每户每周小时数）", _RESPONSE),
    "am_growth_max": ("play_forward：客户经理工时最多能带来的额外年订货金额增长", _RESPONSE),
    "am_response_k": ("play_forward：每户每周 1/k 小时达到上限的 63 %", _RESPONSE),
    "am_hour_cost": ("play_forward：客户经理一小时的成本", _WEAK),
    "manager_hours_per_week": ("play_forward：每名客户经理每周可用于额外服务的小时数（工时和服务包的容量）", _WEAK),
    "scarce_cartons_per_week": ("play_forward：公司每周可投放的紧俏一类烟条数（货源）", _WEAK),
    "service_standard_hours": ("play_forward，标准服务包（差异服务）：该服务包每户每周占用的客户经理工时（计入客户经理容量）",
                               _SERVICE),
    "service_standard_order_cut": ("play_forward，标准服务包（差异服务）：无订货周数的减少：q' = 1 − (1 − q)(1 − cut)",
                                   _SERVICE),
    "service_standard_dropout_cut": ("play_forward，标准服务包（差异服务）：订货后歇业概率的降低：p' = p(1 − cut)", _SERVICE),
    "service_standard_late_cut": ("play_forward，标准服务包（差异服务）：延迟付款概率的降低（诚信度）", _SERVICE),
    "service_standard_cost": ("play_forward，标准服务包（差异服务）：每户每周的服务包成本，许可证有效期间支付", _SERVICE),
    "service_premium_hours": ("play_forward，高级服务包（差异服务）：该服务包每户每周占用的客户经理工时（计入客户经理容量）",
                              _SERVICE),
    "service_premium_order_cut": ("play_forward，高级服务包（差异服务）：无订货周数的减少：q' = 1 − (1 − q)(1 − cut)",
                                  _SERVICE),
    "service_premium_dropout_cut": ("play_forward，高级服务包（差异服务）：订货后歇业概率的降低：p' = p(1 − cut)", _SERVICE),
    "service_premium_late_cut": ("play_forward，高级服务包（差异服务）：延迟付款概率的降低（诚信度）", _SERVICE),
    "service_premium_cost": ("play_forward，高级服务包（差异服务）：每户每周的服务包成本，许可证有效期间支付", _SERVICE),
    "closure_record_lag": ("歇业零售户最后一次订货到登记注销许可证之间的平均周数（几何分布）", _WEAK),
}

UNITS = {
    "log persons": "对数人数", "log persons per sd": "对数人数/每个标准差", "sd per sd": "标准差/每个标准差",
    "sd per unit of tilt": "标准差/每单位倾斜", "log rate per sd": "对数率/每个标准差", "log sd": "对数标准差",
    "log-odds": "对数几率", "log-odds per unit of growth": "对数几率/每单位增长",
    "share of gross margin": "占毛利比例", "years of gross margin": "年（毛利）",
}

register_world_zh("tobacco", columns={"customers": CUSTOMERS, "activity": ACTIVITY, "truth": TRUTH},
                  params=PARAMS, units=UNITS)
