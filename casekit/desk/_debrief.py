"""The case debrief: every student's recorded plan played forward on their own dataset."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..base import load
from ..check import SUFFIX, read_answers
from ..play import Plan, play_forward
from ._grade import _fingerprints, _manifest
from ._verify import verify

COLUMNS = ["student_id", "name", "case", "status", "actions", "periods", "forecast_delta_npv",
           "realised_delta_npv", "gap", "key_accounts", "kept_key_plan", "kept_key_no_plan",
           "budget_used", "message"]


def debrief(pack: str | os.PathLike, submissions: str | os.PathLike,
            case: str | None = None) -> pd.DataFrame:
    """Play every recorded plan (``ck.record_plan``) forward on its student's own dataset.

    Works on any notebook whose answers file holds a plan. Each plan is played with
    :func:`casekit.play_forward` for the periods the student recorded, on the student's
    class-pack dataset — the same world the student saw, the same future.

    Parameters
    ----------
    pack : path
        The class pack.
    submissions : path
        The collected class folder.
    case : str, optional
        Only this case's answers file (``<case>.answers.json``); default every file with a plan.

    Returns
    -------
    DataFrame
        One row per plan: student_id, name, case, status (``played``; ``not_playable`` when
        the world refuses the plan, e.g. more manager hours than the capacity; or the problem
        code of a flagged file, which is not played), actions (how many), periods,
        forecast_delta_npv (the student's forecast, RMB; empty when none), realised_delta_npv,
        gap (realised − forecast), key_accounts (key accounts at the start),
        kept_key_plan / kept_key_no_plan (key accounts still there at the end, with and
        without the plan), budget_used (PV of the plan's costs, RMB), message (why a plan
        was not played).
    """
    pack, subs = Path(pack), Path(submissions)
    if not subs.is_dir():
        raise FileNotFoundError(f"submissions={str(subs)!r}: no such folder")
    manifest = _manifest(pack)
    prints = _fingerprints(pack, manifest)
    pattern = f"{case}{SUFFIX}" if case is not None else f"*{SUFFIX}"
    rows = []
    for sid, name, folder in zip(manifest["student_id"], manifest["name"], manifest["folder"]):
        for file in sorted((subs / sid).glob(pattern)):
            try:
                rec = read_answers(file)
            except ValueError:
                continue
            if "plan" not in rec:
                continue
            row = {"student_id": sid, "name": name, "case": rec.get("notebook")}
            flags = verify(rec, sid, file.name, prints)
            if flags:
                rows.append({**row, "status": flags[0].problem, "message": flags[0].message})
                continue
            try:
                rows.append({**row, **_play(rec["plan"], load(pack / folder))})
            except (ValueError, TypeError, KeyError) as exc:   # a plan the world refuses
                rows.append({**row, "status": "not_playable", "message": str(exc)})
    return pd.DataFrame(rows, columns=COLUMNS)


def _play(entry: dict, base) -> dict:
    plan = Plan.from_dict(entry["plan"])
    periods = int(entry.get("periods", 12))
    outcome = play_forward(base, plan, periods=periods)
    total = outcome.summary().iloc[0]
    tiers = outcome.summary(by="tier")
    key = tiers.loc["key"] if "key" in tiers.index else None
    forecast = entry.get("forecast_delta_npv")
    realised = float(total["delta_npv"])
    return {"status": "played", "actions": len(plan), "periods": periods,
            "forecast_delta_npv": np.nan if forecast is None else float(forecast),
            "realised_delta_npv": realised,
            "gap": np.nan if forecast is None else realised - float(forecast),
            "key_accounts": int(key["customers"]) if key is not None else 0,
            "kept_key_plan": int(key["kept_plan"]) if key is not None else 0,
            "kept_key_no_plan": int(key["kept_no_plan"]) if key is not None else 0,
            "budget_used": float(total["cost_pv"]), "message": ""}
