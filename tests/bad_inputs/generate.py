"""Bad inputs to the two world generators."""

import casekit as ck
from bad_inputs import Case

CASES = [
    Case("generate.telecom.customers_negative", lambda: ck.telecom(customers=-1), ValueError,
         "customers"),
    Case("generate.tobacco.weeks_zero", lambda: ck.tobacco(retailers=100, weeks=0), ValueError,
         "weeks"),
    Case("generate.telecom.customers_fraction", lambda: ck.telecom(customers=10.5), TypeError,
         "customers"),
    Case("generate.telecom.months_too_many", lambda: ck.telecom(customers=10, months=1001),
         ValueError, "months"),
    Case("generate.telecom.seed_negative", lambda: ck.telecom(customers=10, seed=-3),
         ValueError, "seed"),
    Case("generate.telecom.unknown_param", lambda: ck.telecom(customers=10, churn=0.1),
         TypeError, "churn"),
    Case("generate.telecom.power_lines_text",
         lambda: ck.telecom(customers=10, power_lines="strong"), TypeError, "power_lines"),
    Case("generate.telecom.satisfaction_mean_out_of_scale",
         lambda: ck.telecom(customers=10, satisfaction_mean=7.0), ValueError,
         "satisfaction_mean"),
    Case("generate.telecom.shares_over_one",
         lambda: ck.telecom(customers=10, key_account_share=0.6, sme_share=0.6), ValueError,
         "sme_share"),
    # memory bounds: refused up front with the estimate and the bound (not a MemoryError)
    Case("generate.telecom.memory_50M_customers",
         lambda: ck.telecom(customers=50_000_000), ValueError, "GB of memory"),
    Case("generate.telecom.memory_long_window",
         lambda: ck.telecom(customers=1_000_000, months=1000), ValueError,
         "customer-periods"),
    Case("generate.tobacco.memory_10M_retailers_year",
         lambda: ck.tobacco(retailers=10_000_000, weeks=520), ValueError, "retailers"),
    Case("generate.tobacco.new_licence_weeks_zero",
         lambda: ck.tobacco(retailers=10, new_licence_weeks=0), ValueError,
         "new_licence_weeks"),
    Case("generate.tobacco.progress_text",
         lambda: ck.tobacco(retailers=10, progress="yes"), TypeError, "progress"),
]
