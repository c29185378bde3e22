"""Managing key accounts (大客户管理, notebook 09): the managerial half of seeds 001, 003, 004.

* ``_stages`` — the relationship life cycle (突破期 … 暂停期), accounts, the TRUE stage
* ``_details`` — contacts, contract events, complaints, service requests, drawn on demand
* ``_information`` — the four levels of customer information and their cost
* ``_stakeholders`` — the stakeholder map (roles × influence × attitude)
* ``_lifecycle`` — stage diagnosis from observable signals, confusion table
* ``_smart`` — the SMART checker
* ``_plan`` — the key-account plan: analysis → SWOT → goals → action plan → revenue plan
* ``_team`` — team hours, the pyramid's time allocation, multi-level management
* ``_selection`` — classification matrix, fuzzy judgement, fit scores, seed 003's guidelines
* ``_effect`` — CRM effect evaluation: before/after and against a control
"""

from ._stages import ACCOUNT_SEGMENTS, STAGE_NAMES, STAGES, accounts, true_stage
from ._details import (ATTITUDES, ROLES, AccountDetails, account_complaints, account_contacts,
                       account_details, account_events, complaints, contacts, contract_events,
                       service_requests)
from ._information import INFO_LEVELS, information_cost, information_levels, known_at_level
from ._stakeholders import QUADRANTS, stakeholder_map, support_score
from ._lifecycle import diagnose_stage, stage_accuracy, stage_confusion, stage_signals
from ._smart import LETTER_NAMES, SmartCheck, check_smart
from ._plan import AccountPlan, account_analysis, account_plan, swot
from ._team import (MANAGEMENT_LEVELS, TEAM_ROLES, management_level, pyramid_allocation, team_action,
                    team_hours)
from ._selection import (MATRIX_CELLS, TARGET_INDUSTRIES, classification_matrix, fit_scores,
                         fuzzy_accounts, relationship_kinds, target_guidelines)
from ._effect import programme_effect

__all__ = ["STAGES", "STAGE_NAMES", "ACCOUNT_SEGMENTS", "accounts", "true_stage",
           "ROLES", "ATTITUDES", "AccountDetails", "account_details", "account_contacts",
           "account_events", "account_complaints", "contacts", "contract_events", "complaints",
           "service_requests", "INFO_LEVELS", "information_cost", "information_levels",
           "known_at_level", "QUADRANTS", "stakeholder_map", "support_score",
           "stage_signals", "diagnose_stage", "stage_confusion", "stage_accuracy",
           "LETTER_NAMES", "SmartCheck", "check_smart", "AccountPlan", "account_analysis",
           "swot", "account_plan", "TEAM_ROLES", "MANAGEMENT_LEVELS", "team_hours", "pyramid_allocation",
           "team_action", "management_level", "MATRIX_CELLS", "TARGET_INDUSTRIES",
           "classification_matrix", "fit_scores", "fuzzy_accounts", "relationship_kinds",
           "target_guidelines", "programme_effect"]
