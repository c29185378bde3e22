"""The Chinese datasheet (README.zh.md): written beside README.md by every save, complete for
the registered worlds (a parameter or column without Chinese text fails here), the same
figures as the English one, and optional for ``load`` (folders saved before it existed)."""

from __future__ import annotations

import re

import pytest

import casekit as ck
import casekit.base._worlds as worlds_module
import casekit.base._datasheet_zh as zh_module
from casekit.base import Column, ParamSpec, missing_zh, register_world_zh

WORLDS = ("telecom", "tobacco")


@pytest.mark.parametrize("world", WORLDS)
def test_every_column_parameter_unit_and_target_has_chinese_text(world):
    assert missing_zh(world) == []


def test_missing_text_is_reported(monkeypatch):
    # a world whose second column, one parameter, one unit and its target have no Chinese text
    cols = {"customers": (Column("customer_id", "int32", "", "number"),
                          Column("spend", "float64", "RMB per fortnight", "spend")),
            "activity": (Column("customer_id", "int32"),), "truth": (Column("customer_id", "int32"),)}
    monkeypatch.setitem(worlds_module._WORLDS, "toy_zh", worlds_module._World(
        "toy_zh", "month", (ParamSpec("a", 1.0, "", "first"), ParamSpec("b", 2.0, "", "second")),
        cols, (("reach 80 %", "81 %", "seed 000"),)))
    assert missing_zh("toy_zh") == ["world 'toy_zh' has no Chinese texts (register_world_zh)"]
    monkeypatch.setitem(zh_module._ZH, "toy_zh", None)        # replaced just below
    register_world_zh("toy_zh", columns={"customers": {"customer_id": "编号"},
                                         "activity": {"customer_id": "编号"},
                                         "truth": {"customer_id": "编号"}},
                      params={"a": ("第一个", "假设")})
    assert missing_zh("toy_zh") == ["customers.spend", "param:b", "calibration:reach 80 %",
                                    "unit:RMB per fortnight"]


def _rows(text: str, heading: str) -> list[list[str]]:
    """The cells of the markdown table under ``heading``."""
    part = text.split(heading, 1)[1].split("\n## ", 1)[0]
    return [[c.strip() for c in line.strip("|").split("|")]
            for line in part.splitlines() if line.startswith("| `")]


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zh") / "t"
    ck.telecom(customers=60, months=3, seed=4).save(folder)
    return folder


def test_save_writes_both_datasheets_with_the_same_rows_and_figures(saved):
    en = (saved / "README.md").read_text(encoding="utf-8")
    zh = (saved / "README.zh.md").read_text(encoding="utf-8")
    assert "[README.zh.md](README.zh.md)" in en and "[README.md](README.md)" in zh
    for table in ("customers", "activity", "truth"):
        en_rows, zh_rows = _rows(en, f"## {table}.csv"), _rows(zh, f"## {table}.csv")
        assert [r[0] for r in zh_rows] == [r[0] for r in en_rows]        # same columns, order
        assert [r[1].split("(")[0].split("（")[0] for r in zh_rows] == \
            [r[1].split(" ")[0] for r in en_rows]                        # same types
    en_par, zh_par = _rows(en, "## Parameters"), _rows(zh, "## 参数")
    assert [(r[0], r[1]) for r in zh_par] == [(r[0], r[1]) for r in en_par]   # names, values
    assert "- 客户数：60（" in zh and "- 观察期：3 个月，" in zh


def test_chinese_datasheet_reads_chinese(saved):
    zh = (saved / "README.zh.md").read_text(encoding="utf-8")
    rows = {r[0]: r for r in _rows(zh, "## 参数")}
    # hand-picked: the seeds' terms and Chinese units
    assert rows["`arpu_postpaid`"][2] == "元/线·月"
    assert "客户经理" in rows["`account_manager_cost`"][3]
    assert rows["`growth_discount`"][3].endswith("——这就是弹性客户")
    segment = {r[0]: r for r in _rows(zh, "## customers.csv")}["`segment`"]
    assert "政企大客户" in segment[3] and "个人客户" in segment[3]
    # every meaning is Chinese (the English fallback is not taken), bar a formula-only one
    en = (saved / "README.md").read_text(encoding="utf-8")
    for heading, en_heading in [(f"## {t}.csv", f"## {t}.csv")
                                for t in ("customers", "activity", "truth")] + [
                                    ("## 参数", "## Parameters")]:
        english = {r[0]: r[3] for r in _rows(en, en_heading)}
        for r in _rows(zh, heading):
            if r[0] == "`avg_monthly_revenue`":                  # total_revenue / months_active
                assert r[3] == english[r[0]]
                continue
            assert re.search(r"[\u4e00-\u9fff]", r[3]) and r[3] != english[r[0]], r


def test_tobacco_datasheet_in_weeks(tmp_path):
    ck.tobacco(retailers=30, weeks=4, seed=1).save(tmp_path / "t")
    zh = (tmp_path / "t" / "README.zh.md").read_text(encoding="utf-8")
    assert zh.startswith("# 数据说明：烟草零售客户数据库（tobacco，种子 1）")
    assert "- 观察期：4 周，按周从 1 开始计数" in zh
    assert "经营业态" in {r[0]: r for r in _rows(zh, "## customers.csv")}["`format`"][3]


def test_load_with_and_without_readme_zh_and_overwrite(saved, tmp_path):
    base = ck.load(saved)
    old = tmp_path / "old"
    base.save(old)
    (old / "README.zh.md").unlink()                     # a folder saved before README.zh.md
    assert ck.load(old).equals(base)
    base.save(old, overwrite=True)                      # still recognised as casekit's folder
    assert (old / "README.zh.md").is_file()
    base.save(old, overwrite=True)                      # and with it
    assert ck.load(old).equals(base)


def test_class_pack_folders_get_the_chinese_datasheet(tmp_path):
    import pandas as pd
    with pytest.warns(UserWarning, match="no answer"):       # a tiny pack: some questions have no answer
        ck.class_pack(pd.DataFrame({"student_id": ["s1"]}), "telecom", tmp_path / "p",
                      course_seed=3, size=30, periods=2)
    zh = (tmp_path / "p" / "s1" / "README.zh.md").read_text(encoding="utf-8")
    assert zh.startswith("# 数据说明：电信客户数据库")


ACTIONS = ("Scenario", "AccountHours", "LetGo", "ServicePackage", "SupplyAllocation",
           "Acquisition")


def _zh_section(base, tmp_path) -> tuple[str, str]:
    folder = base.save(tmp_path / base.world)
    en = (folder / "README.md").read_text(encoding="utf-8")
    zh = (folder / "README.zh.md").read_text(encoding="utf-8")
    return (en.split("## Response models of a plan (ck.play_forward)")[1],
            zh.split("## 经营方案的响应模型（ck.play_forward）")[1])


def test_response_models_section_in_chinese_with_the_base_own_values(tmp_path):
    en, zh = _zh_section(ck.telecom(200, 3, seed=1, am_hour_cost=200.0, am_response_k=0.5),
                         tmp_path)
    heads = [line[4:].split("（")[0] for line in zh.splitlines() if line.startswith("### ")]
    assert heads == [*ACTIONS, "预测与结果"]
    assert "成本：每小时 200 元" in zh and "(1 − e^(−0.5·h))" in zh
    assert "direct_sales 5,000 元" in zh and "key_account 60 元" in zh     # the story's costs
    # tobacco: 40 cartons per 1,000 retailers, 2,000 retailers: 80 a week (by hand)
    en, zh = _zh_section(ck.tobacco(2000, 8, seed=1, scarce_cartons_per_week=40.0), tmp_path)
    assert "不得超过每千户 40 条（本数据库每周 80 条" in zh
    assert "| premium | 1 | 0.25 | 0.3 | 0.5 | 20 |" in zh and \
        "| premium | 1 | 0.25 | 0.3 | 0.5 | 20 |" in en
    assert "烟草公司是专卖批发商" in zh
