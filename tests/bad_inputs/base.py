"""Bad inputs to ck.load, CustomerBase.save, CustomerBase, Params, ParamSpec and Column."""

from __future__ import annotations

import numpy as np
import pandas as pd

import casekit as ck
from casekit.base import (Column, CustomerBase, ParamSpec, Params, missing_zh, register_world,
                          register_world_zh)
from bad_inputs import Case
from bad_inputs._files import (dataset, edit_json, edit_lines, foreign_folder, link_to_folder,
                               non_empty_folder, read_only_parent, scratch, set_cell,
                               small_base, text_file, under_a_file, write)


def load_edited(edit):
    return lambda: ck.load(dataset(edit))


def _nan_base():
    base = small_base()
    activity = base.activity.copy()
    activity.loc[2, "revenue"] = np.nan
    return CustomerBase(base.customers, activity, base.truth, base.params)


def _handmade(note="plain"):
    n = 3
    return CustomerBase(
        pd.DataFrame({"customer_id": np.arange(n, dtype="int32"),
                      "note": pd.array([note, "b", "c"], dtype="string")}),
        pd.DataFrame({"customer_id": np.arange(n, dtype="int32"),
                      "period": np.ones(n, dtype="int16"), "revenue": [1.0, 2.0, 3.0]}),
        pd.DataFrame({"customer_id": np.arange(n, dtype="int32")}),
        Params("handmade", 0, n, 1, "month"))


def _round_trip(base):
    path = scratch("round_trip")
    base.save(path)
    return base, ck.load(path)


def _drop(key):
    def change(d):
        d["values"].pop(key)
    return change


_LOAD = [
    # the argument
    Case("base.load.path_none", lambda: ck.load(None), TypeError, "path"),
    Case("base.load.path_number", lambda: ck.load(123), TypeError, "path"),
    Case("base.load.no_such_folder", lambda: ck.load(scratch("nope")), FileNotFoundError,
         "no such folder"),
    Case("base.load.a_file", lambda: ck.load(dataset() / "customers.csv"), NotADirectoryError,
         "file"),
    # files missing, empty, not UTF-8, not CSV
    Case("base.load.activity_missing",
         load_edited(lambda f: (f / "activity.csv").unlink()), FileNotFoundError, "activity.csv"),
    Case("base.load.params_missing",
         load_edited(lambda f: (f / "params.json").unlink()), FileNotFoundError, "params.json"),
    Case("base.load.customers_empty", load_edited(write("customers.csv", "")), ValueError,
         "customers.csv"),
    Case("base.load.customers_gbk",
         load_edited(lambda f: (f / "customers.csv").write_bytes(
             (f / "customers.csv").read_bytes() + "0,客户\n".encode("gbk"))),
         ValueError, "UTF-8"),
    Case("base.load.truth_latin1_header",
         load_edited(write("truth.csv", "customer_id,caf\xe9\n".encode("latin-1"))), ValueError,
         "truth.csv"),
    Case("base.load.activity_unclosed_quote",
         load_edited(edit_lines("activity.csv", lambda l: l[:2] + ['"1,2,3'] + l[2:])),
         ValueError, "activity.csv"),
    # rows that contradict each other or params.json
    Case("base.load.activity_header_only",
         load_edited(edit_lines("activity.csv", lambda l: l[:1])), ValueError, "activity.csv"),
    Case("base.load.customers_truncated",
         load_edited(edit_lines("customers.csv", lambda l: l[:10])), ValueError, "size"),
    Case("base.load.customers_row_duplicated",
         load_edited(edit_lines("customers.csv", lambda l: l[:-1] + [l[1]])), ValueError,
         "customer_id"),
    Case("base.load.activity_unknown_customer",
         load_edited(set_cell("activity.csv", 3, "customer_id", "9999")), ValueError,
         "customer_id"),
    Case("base.load.period_negative", load_edited(set_cell("activity.csv", 1, "period", "-3")),
         ValueError, "period"),
    Case("base.load.period_zero", load_edited(set_cell("activity.csv", 1, "period", "0")),
         ValueError, "period"),
    Case("base.load.period_after_the_last",
         load_edited(set_cell("activity.csv", 1, "period", "99")), ValueError, "period"),
    Case("base.load.activity_row_twice",
         load_edited(edit_lines("activity.csv", lambda l: l + [l[1]])), ValueError, "twice"),
    Case("base.load.truth_rows_shuffled",
         load_edited(edit_lines("truth.csv", lambda l: [l[0], l[2], l[1], *l[3:]])), ValueError,
         "truth.csv"),
    # values
    Case("base.load.revenue_nan", load_edited(set_cell("activity.csv", 2, "revenue", "nan")),
         ValueError, "revenue"),
    Case("base.load.revenue_empty", load_edited(set_cell("activity.csv", 2, "revenue", "")),
         ValueError, "revenue"),
    Case("base.load.revenue_inf", load_edited(set_cell("activity.csv", 2, "revenue", "inf")),
         ValueError, "revenue"),
    Case("base.load.margin_minus_inf",
         load_edited(set_cell("activity.csv", 2, "margin", "-inf")), ValueError, "margin"),
    Case("base.load.clv_huge", load_edited(set_cell("truth.csv", 2, "true_clv", "1e400")),
         ValueError, "true_clv"),
    Case("base.load.revenue_text", load_edited(set_cell("activity.csv", 2, "revenue", "abc")),
         ValueError, "revenue"),
    Case("base.load.int8_overflow",
         load_edited(set_cell("customers.csv", 1, "satisfaction", "300")), ValueError,
         "satisfaction"),
    Case("base.load.bool_yes",
         load_edited(set_cell("customers.csv", 1, "churned", "yes")), ValueError, "churned"),
    Case("base.load.category_unknown",
         load_edited(set_cell("customers.csv", 1, "segment", "vip")), ValueError, "segment"),
    Case("base.load.column_missing",
         load_edited(edit_lines("truth.csv", lambda l: [r.rsplit(",", 1)[0] for r in l])),
         ValueError, "true_elastic"),
    # params.json
    Case("base.load.params_not_json", load_edited(write("params.json", "{seed: 1")), ValueError,
         "params.json"),
    Case("base.load.params_empty", load_edited(write("params.json", "")), ValueError,
         "params.json"),
    Case("base.load.params_a_list", load_edited(write("params.json", "[1, 2]")), TypeError,
         "params.json"),
    Case("base.load.params_unknown_key",
         load_edited(edit_json("params.json", lambda d: d.update(colour="red"))), ValueError,
         "colour"),
    Case("base.load.params_unknown_value",
         load_edited(edit_json("params.json", lambda d: d["values"].update(nope=1))), ValueError,
         "nope"),
    Case("base.load.params_value_missing",
         load_edited(edit_json("params.json", _drop("prepaid_share"))), ValueError,
         "prepaid_share"),
    Case("base.load.params_value_out_of_range",
         load_edited(edit_json("params.json", lambda d: d["values"].update(prepaid_share=2))),
         ValueError, "prepaid_share"),
    Case("base.load.params_size_text",
         load_edited(edit_json("params.json", lambda d: d.update(size="forty"))), TypeError,
         "size"),
    Case("base.load.params_size_contradicts",
         load_edited(edit_json("params.json", lambda d: d.update(size=41))), ValueError, "size"),
    Case("base.load.params_periods_zero",
         load_edited(edit_json("params.json", lambda d: d.update(periods=0))), ValueError,
         "periods"),
    Case("base.load.params_seed_negative",
         load_edited(edit_json("params.json", lambda d: d.update(seed=-1))), ValueError, "seed"),
    Case("base.load.params_world_unknown",
         load_edited(edit_json("params.json", lambda d: d.update(world="bank"))), ValueError,
         "world"),
    Case("base.load.params_period_unit_wrong",
         load_edited(edit_json("params.json", lambda d: d.update(period_unit="week"))),
         ValueError, "period_unit"),
    Case("base.load.params_values_a_list",
         load_edited(edit_json("params.json", lambda d: d.update(values=[1]))), TypeError,
         "values"),
    # schema.json
    Case("base.load.schema_not_json", load_edited(write("schema.json", "{")), ValueError,
         "schema.json"),
    Case("base.load.schema_no_tables",
         load_edited(edit_json("schema.json", lambda d: d.pop("tables"))), ValueError, "tables"),
    Case("base.load.schema_table_missing",
         load_edited(edit_json("schema.json", lambda d: d["tables"].pop("truth"))), ValueError,
         "tables"),
    Case("base.load.schema_column_without_dtype",
         load_edited(edit_json("schema.json", lambda d: d["tables"]["truth"][1].pop("dtype"))),
         ValueError, "dtype"),
    Case("base.load.schema_dtype_unknown",
         load_edited(edit_json("schema.json",
                               lambda d: d["tables"]["truth"][1].update(dtype="complex"))),
         ValueError, "complex"),
    Case("base.load.schema_version_2",
         load_edited(edit_json("schema.json", lambda d: d.update(schema_version=2))), ValueError,
         "schema_version"),
    Case("base.load.schema_escaped_unknown_column",
         load_edited(edit_json("schema.json", lambda d: d.update(escaped={"truth": ["zzz"]}))),
         ValueError, "escaped"),
    Case("base.load.schema_category_without_categories",
         load_edited(edit_json("schema.json",
                               lambda d: d["tables"]["customers"][1].pop("categories"))),
         ValueError, "categories"),
    # documented results
    Case("base.load.handmade_world_loads", lambda: _round_trip(_handmade()), None,
         check=lambda r: r[1].equals(r[0]) and r[1].world == "handmade",
         why="a base you built yourself (a world casekit does not know) loads with the columns "
             "its schema.json describes; its parameters are not checked (load's docstring)"),
    Case("base.load.formula_cell_round_trips", lambda: _round_trip(_handmade("=1+1")), None,
         check=lambda r: r[1].customers["note"][0] == "=1+1",
         why="save writes '=1+1 (OWASP); load gives back =1+1 (save's docstring, escape_text)"),
    Case("base.load.text_na_stays_text", lambda: _round_trip(_handmade("NA")), None,
         check=lambda r: r[1].customers["note"][0] == "NA",
         why="only an empty field is missing; the text 'NA' is text (load)"),
]

_SAVE = [
    Case("base.save.path_none", lambda: small_base().save(None), TypeError, "path"),
    Case("base.save.path_empty", lambda: small_base().save(""), ValueError, "path"),
    Case("base.save.overwrite_a_thesis",
         lambda: small_base().save(foreign_folder(), overwrite=True), FileExistsError,
         "not written by casekit"),
    Case("base.save.thesis_named_in_message",
         lambda: small_base().save(foreign_folder(), overwrite=True), FileExistsError,
         "thesis.docx"),
    Case("base.save.overwrite_dataset_with_extra_file",
         lambda: small_base().save(dataset(write("notes.txt", "mine")), overwrite=True),
         FileExistsError, "notes.txt"),
    Case("base.save.no_overwrite_flag", lambda: small_base().save(non_empty_folder()),
         FileExistsError, "overwrite=True"),
    Case("base.save.overwrite_not_bool",
         lambda: small_base().save(non_empty_folder(), overwrite="yes"), TypeError, "overwrite"),
    Case("base.save.onto_a_file", lambda: small_base().save(text_file("x"), overwrite=True),
         FileExistsError, "file"),
    Case("base.save.onto_a_link", lambda: small_base().save(link_to_folder(), overwrite=True),
         FileExistsError, "symbolic link"),
    Case("base.save.link_inside_dataset",
         lambda: small_base().save(
             dataset(lambda f: ((f / "README.md").unlink(),
                                (f / "README.md").symlink_to(text_file("keep")))),
             overwrite=True),
         FileExistsError, "README.md"),
    Case("base.save.under_a_file", lambda: small_base().save(under_a_file()), OSError,
         "cannot write the folder"),
    Case("base.save.read_only_parent", lambda: small_base().save(read_only_parent()), OSError,
         "cannot write the folder"),
    Case("base.save.revenue_nan", lambda: _nan_base().save(scratch()), ValueError, "revenue"),
]

_SHAPES = [
    Case("base.CustomerBase.customers_a_list",
         lambda: CustomerBase([1], small_base().activity, small_base().truth,
                              small_base().params), TypeError, "customers"),
    Case("base.CustomerBase.no_customer_id",
         lambda: CustomerBase(small_base().customers.drop(columns="customer_id"),
                              small_base().activity, small_base().truth, small_base().params),
         ValueError, "customer_id"),
    Case("base.CustomerBase.no_period",
         lambda: CustomerBase(small_base().customers, small_base().activity.drop(columns="period"),
                              small_base().truth, small_base().params), ValueError, "period"),
    Case("base.CustomerBase.params_a_dict",
         lambda: CustomerBase(small_base().customers, small_base().activity, small_base().truth,
                              small_base().params.to_dict()), TypeError, "params"),
    Case("base.CustomerBase.complex_column",
         lambda: CustomerBase(small_base().customers.assign(z=1j), small_base().activity,
                              small_base().truth, small_base().params), TypeError, "z"),
    Case("base.CustomerBase.datasheet_unknown_table",
         lambda: small_base().datasheet("orders"), ValueError, "table"),
    Case("base.Params.seed_text", lambda: Params("toy", "1", 1, 1, "month"), TypeError, "seed"),
    Case("base.Params.seed_negative", lambda: Params("toy", -1, 1, 1, "month"), ValueError,
         "seed"),
    Case("base.Params.unknown_attribute", lambda: small_base().params.zzz, AttributeError, "zzz"),
    Case("base.Params.value_not_jsonable", lambda: Params("toy", 0, 1, 1, "month", {"f": print}),
         TypeError, "JSON"),
    Case("base.Params.from_json_broken", lambda: Params.from_json("{"), ValueError, "JSON"),
    Case("base.Params.from_dict_missing",
         lambda: Params.from_dict({"world": "toy"}), ValueError, "missing"),
    Case("base.Params.from_dict_unknown_key",
         lambda: Params.from_dict({"world": "toy", "seed": 0, "size": 1, "periods": 1,
                                   "period_unit": "month", "colour": 1}), ValueError, "colour"),
    Case("base.Params.from_dict_size_float",
         lambda: Params.from_dict({"world": "toy", "seed": 0, "size": 1.5, "periods": 1,
                                   "period_unit": "month"}), TypeError, "size"),
    Case("base.ParamSpec.check_nan",
         lambda: ParamSpec("rate", 0.1, "", "").check(float("nan")), ValueError, "finite"),
    Case("base.ParamSpec.check_share_above_1",
         lambda: ParamSpec("share", 0.1, "", "", kind="share").check(1.5), ValueError, "share"),
    Case("base.ParamSpec.check_text_for_number",
         lambda: ParamSpec("n", 1, "", "", kind="int").check("3"), TypeError, "n="),
    Case("base.ParamSpec.check_choice",
         lambda: ParamSpec("mode", "a", "", "", kind="str", choices=("a", "b")).check("c"),
         ValueError, "mode"),
    Case("base.Column.dtype_unknown", lambda: Column("x", "complex"), ValueError, "dtype"),
    Case("base.Column.category_without_categories", lambda: Column("x", "category"),
         ValueError, "categories"),
    Case("base.register_world.table_missing",
         lambda: register_world("toy_world", period_unit="month", params=[],
                                columns={"customers": []}), ValueError, "columns"),
]

_ZH = [
    Case("base.missing_zh.unknown_world", lambda: missing_zh("no_such_world"), ValueError,
         "no_such_world"),
    Case("base.register_world_zh.name_none",
         lambda: register_world_zh(None, columns={}, params={}), TypeError, "name"),
    Case("base.register_world_zh.unknown_table",
         lambda: register_world_zh("toy_world", columns={"orders": {}}, params={}), ValueError,
         "orders"),
    Case("base.register_world_zh.param_text_not_pair",
         lambda: register_world_zh("toy_world", columns={}, params={"arpu": "平均账单"}),
         TypeError, "arpu"),
    Case("base.load.without_readme_zh",
         lambda: ck.load(dataset(lambda f: (f / "README.zh.md").unlink())), None,
         check=lambda base: len(base.customers) > 0,
         why="folders saved before README.zh.md existed still load"),
]

CASES = _LOAD + _SAVE + _SHAPES + _ZH
