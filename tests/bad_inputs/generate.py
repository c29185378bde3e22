"""Bad inputs to the two world generators."""

import casekit as ck
from bad_inputs import Case

CASES = [
    Case("generate.telecom.customers_negative", lambda: ck.telecom(customers=-1), ValueError,
         "customers"),
    Case("generate.tobacco.weeks_zero", lambda: ck.tobacco(retailers=100, weeks=0), ValueError,
         "weeks"),
]
