"""Tests for casekit.evaluate: normalisation, weighted scores, AHP, fuzzy evaluation, grading,
transitions and the tobacco grading pipeline.

Expected values are worked by hand in the comments, taken from Saaty's published example, or
computed by an independent method (power iteration, geometric means, grading each group on
its own) — never pasted from the code under test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import casekit as ck
from casekit.evaluate import RANDOM_INDEX

FAST = settings(max_examples=40, deadline=None)


# --------------------------------------------------------------------------------------------
# normalise
# --------------------------------------------------------------------------------------------


def test_minmax_by_hand():
    # (x − min)/(max − min) with min 10, max 40: 0/30, 10/30, 30/30
    got = ck.normalise(pd.Series([10, 20, 40], name="sales"))
    assert got.tolist() == pytest.approx([0.0, 1 / 3, 1.0])
    assert got.name == "sales"
    # lower is better: (max − x)/(max − min) with max 3, min 0: 0/3, 3/3, 2/3
    got = ck.normalise(pd.Series([3, 0, 1]), higher_is_better=False)
    assert got.tolist() == pytest.approx([0.0, 1.0, 2 / 3])


def test_rank_by_hand_with_ties():
    # values 5, 1, 5, 3 → ranks 3.5, 1, 3.5, 2 (the two 5s share ranks 3 and 4)
    # (r − 1)/(n − 1) with n = 4: 2.5/3, 0, 2.5/3, 1/3
    got = ck.normalise(pd.Series([5, 1, 5, 3]), method="rank")
    assert got.tolist() == pytest.approx([2.5 / 3, 0.0, 2.5 / 3, 1 / 3])
    rev = ck.normalise(pd.Series([5, 1, 5, 3]), method="rank", higher_is_better=False)
    assert rev.tolist() == pytest.approx([0.5 / 3, 1.0, 0.5 / 3, 2 / 3])


def test_constant_column_and_single_row_sit_in_the_middle():
    frame = pd.DataFrame({"a": [2.0, 2.0, 2.0], "b": [1.0, 2.0, 3.0]})
    got = ck.normalise(frame)
    assert got["a"].tolist() == [0.5, 0.5, 0.5]
    assert got["b"].tolist() == [0.0, 0.5, 1.0]
    assert ck.normalise(pd.Series([7.0]), method="rank").tolist() == [0.5]


def test_frame_with_directions_and_groups():
    frame = pd.DataFrame({"sales": [1, 2, 3, 10, 20], "late": [5, 5, 1, 2, 3]},
                         index=[10, 11, 12, 13, 14])
    region = pd.Series(["u", "u", "u", "r", "r"], index=frame.index)
    got = ck.normalise(frame, higher_is_better={"late": False}, by=region)
    # urban sales 1, 2, 3 → 0, 0.5, 1; rural 10, 20 → 0, 1
    assert got["sales"].tolist() == [0.0, 0.5, 1.0, 0.0, 1.0]
    # urban late 5, 5, 1 (fewer is better): (5 − x)/4 → 0, 0, 1; rural 2, 3 → 1, 0
    assert got["late"].tolist() == [0.0, 0.0, 1.0, 1.0, 0.0]
    assert list(got.index) == [10, 11, 12, 13, 14]


@pytest.mark.parametrize("bad, exc, words", [
    (pd.Series([], dtype=float), ValueError, "empty"),
    (pd.Series([1.0, np.nan, 3.0], name="sales"), ValueError, "sales"),
    (pd.DataFrame({"name": ["a", "b"]}), TypeError, "name"),
])
def test_normalise_rejects_bad_data(bad, exc, words):
    with pytest.raises(exc, match=words):
        ck.normalise(bad)


def test_normalise_rejects_bad_options():
    with pytest.raises(ValueError, match="method"):
        ck.normalise(pd.Series([1, 2]), method="zscore")
    with pytest.raises(ValueError, match="nope"):
        ck.normalise(pd.DataFrame({"a": [1, 2]}), higher_is_better={"nope": False})


@FAST
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=40),
       st.sampled_from(["minmax", "rank"]), st.booleans())
def test_normalise_lands_in_unit_interval_and_keeps_order(values, method, up):
    s = pd.Series(values)
    got = ck.normalise(s, method=method, higher_is_better=up)
    assert ((got >= -1e-12) & (got <= 1 + 1e-12)).all()
    order = np.argsort(s.to_numpy(), kind="stable")
    g = got.to_numpy()[order]
    assert (np.diff(g) >= -1e-12).all() if up else (np.diff(g) <= 1e-12).all()


# --------------------------------------------------------------------------------------------
# weighted_score
# --------------------------------------------------------------------------------------------


def test_weighted_score_by_hand():
    x = pd.DataFrame({"sales": [1.0, 0.0], "credit": [0.5, 1.0], "id": [7, 8]})
    # row 0: 0.6·1 + 0.4·0.5 = 0.8; row 1: 0.6·0 + 0.4·1 = 0.4 (the id column is ignored)
    got = ck.weighted_score(x, {"sales": 0.6, "credit": 0.4})
    assert got.tolist() == pytest.approx([0.8, 0.4])
    assert got.name == "score"
    # a list is read in column order: 0.5·sales + 0.5·credit + 0·id
    assert ck.weighted_score(x, [0.5, 0.5, 0.0]).tolist() == pytest.approx([0.75, 0.5])


def test_weighted_score_accepts_ahp_result():
    res = ck.ahp(pd.DataFrame([[1, 3], [1 / 3, 1]], index=["sales", "credit"],
                              columns=["sales", "credit"]))
    x = pd.DataFrame({"sales": [1.0], "credit": [0.0]})
    assert ck.weighted_score(x, res).iloc[0] == pytest.approx(0.75)   # weights 3/4, 1/4


@pytest.mark.parametrize("weights, exc, words", [
    ({"sales": -0.2, "credit": 1.2}, ValueError, r"\['sales'\]=-0.2.*>= 0"),
    ({"sales": float("nan"), "credit": 1.0}, ValueError, "finite"),
    ({"sales": 0.5, "credit": 0.4}, ValueError, "sum to 0.9"),
    ({"sales": 0.5, "reach": 0.5}, ValueError, r"\['reach'\] missing.*present"),
    ({"sales": "half", "credit": 0.5}, TypeError, "expected a number"),
    ({}, ValueError, "no weights"),
])
def test_weighted_score_rejects_bad_weights(weights, exc, words):
    x = pd.DataFrame({"sales": [1.0, 0.0], "credit": [0.0, 1.0]})
    with pytest.raises(exc, match=words):
        ck.weighted_score(x, weights)


def test_weighted_score_rejects_bad_criteria():
    with pytest.raises(ValueError, match="empty"):
        ck.weighted_score(pd.DataFrame({"a": []}), {"a": 1.0})
    with pytest.raises(ValueError, match="NaN"):
        ck.weighted_score(pd.DataFrame({"a": [1.0, np.nan]}), {"a": 1.0})
    with pytest.raises(TypeError, match="DataFrame"):
        ck.weighted_score(pd.Series([1.0]), {"a": 1.0})


# --------------------------------------------------------------------------------------------
# AHP
# --------------------------------------------------------------------------------------------


def test_ahp_two_criteria_by_hand():
    # A = [[1, 3], [1/3, 1]]: A·(3, 1) = (3 + 3, 1 + 1) = 2·(3, 1) → w = (3/4, 1/4), λ = 2
    r = ck.ahp([[1, 3], [1 / 3, 1]])
    assert r.weights.tolist() == pytest.approx([0.75, 0.25])
    assert r.lambda_max == pytest.approx(2.0)
    assert r.cr == 0.0 and r.consistent


def test_ahp_consistent_matrix_recovers_weights_exactly():
    w = np.array([0.5, 0.3, 0.2])
    a = w[:, None] / w[None, :]          # a_ij = w_i / w_j: perfectly consistent
    r = ck.ahp(pd.DataFrame(a, index=list("xyz"), columns=list("xyz")))
    assert r.weights.to_numpy() == pytest.approx(w, abs=1e-12)
    assert list(r.weights.index) == ["x", "y", "z"]
    assert r.lambda_max == pytest.approx(3.0, abs=1e-12)
    assert r.ci == pytest.approx(0.0, abs=1e-12) and r.cr == pytest.approx(0.0, abs=1e-12)
    # independent method: normalised row geometric means equal the eigenvector here
    gm = np.exp(np.log(a).mean(axis=1))
    assert r.weights.to_numpy() == pytest.approx(gm / gm.sum(), abs=1e-12)


def test_ahp_saaty_1990_house_example():
    """Saaty (1990), "How to make a decision: the analytic hierarchy process", EJOR 48, 9–26:
    criteria for buying a house (size, transportation, neighbourhood, age, yard, modern
    facilities, general condition, financing). Published: priority vector .173, .054, .188,
    .018, .031, .036, .167, .333; λmax = 9.669, CI = 0.238, CR = 0.169."""
    upper = [5, 3, 7, 6, 6, 1 / 3, 1 / 4,
             1 / 3, 5, 3, 3, 1 / 5, 1 / 7,
             6, 3, 4, 6, 1 / 5,
             1 / 3, 1 / 4, 1 / 7, 1 / 8,
             1 / 2, 1 / 5, 1 / 6,
             1 / 5, 1 / 6,
             1 / 2]
    names = ["size", "transport", "neighbourhood", "age", "yard", "facilities", "condition",
             "financing"]
    r = ck.ahp(ck.pairwise_matrix(names, upper))
    assert r.weights.round(3).tolist() == [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167,
                                           0.333]
    assert r.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert r.ci == pytest.approx(0.238, abs=5e-4)
    assert r.ri == 1.41
    assert r.cr == pytest.approx(0.169, abs=5e-4)
    assert not r.consistent          # Saaty: CR above 0.10, "should be improved"


def test_ahp_cyclic_judgements_by_hand():
    # a 3× b, b 3× c, c 3× a: a circulant matrix; its row sums are all 1 + 3 + 1/3 = 13/3,
    # so w = (1/3, 1/3, 1/3) and λmax = 13/3; CI = (13/3 − 3)/2 = 2/3; CR = (2/3)/0.58
    r = ck.ahp([[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]])
    assert r.weights.tolist() == pytest.approx([1 / 3] * 3)
    assert r.lambda_max == pytest.approx(13 / 3)
    assert r.ci == pytest.approx(2 / 3)
    assert r.cr == pytest.approx((2 / 3) / 0.58)
    assert not r.consistent
    assert "NOT consistent" in str(r)


def _power_iteration(a: np.ndarray, steps: int = 500) -> tuple[np.ndarray, float]:
    w = np.full(len(a), 1 / len(a))
    for _ in range(steps):
        w = a @ w
        w = w / w.sum()
    return w, float(np.mean((a @ w) / w))


def test_ahp_matches_power_iteration_on_an_inconsistent_matrix():
    a = np.array([[1, 2, 4, 3], [1 / 2, 1, 3, 2], [1 / 4, 1 / 3, 1, 1 / 2],
                  [1 / 3, 1 / 2, 2, 1]])
    w, lam = _power_iteration(a)
    r = ck.ahp(a)
    assert r.weights.to_numpy() == pytest.approx(w, abs=1e-10)
    assert r.lambda_max == pytest.approx(lam, abs=1e-10)
    assert r.cr == pytest.approx((lam - 4) / 3 / 0.90, abs=1e-10)
    assert r.consistent and r.cr < 0.10


def test_random_index_is_saatys():
    assert [RANDOM_INDEX[n] for n in range(3, 10)] == [0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                                                       1.45]


@pytest.mark.parametrize("matrix, words", [
    ([[1, 2, 3], [0.5, 1, 2]], "square"),
    ([[1, -2], [-0.5, 1]], r"pairwise\[0, 1\] = -2.*positive"),
    ([[1, 0], [0, 1]], r"pairwise\[0, 1\] = 0"),
    ([[1, np.nan], [1, 1]], r"pairwise\[0, 1\] = nan"),
    ([[1, 3], [0.5, 1]], r"not reciprocal: pairwise\[0, 1\] = 3 but pairwise\[1, 0\] = 0.5"),
    ([[2, 1], [1, 1]], r"pairwise\[0, 0\] = 2.*itself"),
    ([], "square|empty"),
])
def test_ahp_rejects_bad_matrices(matrix, words):
    with pytest.raises(ValueError, match=words):
        ck.ahp(matrix)


def test_ahp_names_the_cell_of_a_frame_and_checks_labels():
    frame = pd.DataFrame([[1, 3], [1, 1]], index=["sales", "credit"],
                         columns=["sales", "credit"])
    with pytest.raises(ValueError, match=r"loc\['sales', 'credit'\] = 3"):
        ck.ahp(frame)
    with pytest.raises(ValueError, match="row labels"):
        ck.ahp(pd.DataFrame([[1, 3], [1 / 3, 1]], index=["a", "b"], columns=["b", "a"]))
    with pytest.raises(ValueError, match="tabulated"):
        ck.ahp(np.ones((11, 11)))
    assert ck.ahp([[1, 3.0], [0.333, 1]]).weights.iloc[0] == pytest.approx(0.75, abs=1e-3)


def test_pairwise_matrix_from_mapping_and_list():
    m = ck.pairwise_matrix(["a", "b", "c"], {("a", "b"): 3, ("c", "a"): 2, ("b", "c"): 1})
    # ("c", "a"): 2 means c is twice as important as a → a_ac = 1/2, a_ca = 2
    assert m.loc["a", "b"] == 3 and m.loc["b", "a"] == pytest.approx(1 / 3)
    assert m.loc["c", "a"] == 2 and m.loc["a", "c"] == 0.5
    assert (np.diag(m) == 1).all()
    assert ck.pairwise_matrix(["a", "b", "c"], [3, 0.5, 1]).equals(m)


@pytest.mark.parametrize("judgements, words", [
    ({("a", "b"): 3, ("a", "c"): 2}, r"\('b', 'c'\).*no judgement"),
    ({("a", "b"): 3, ("b", "a"): 2, ("a", "c"): 1, ("b", "c"): 1}, "twice"),
    ({("a", "x"): 3}, "'x'.*not a criterion"),
    ({("a", "a"): 3}, "itself"),
    ([3, 2], "need 3"),
    ([3, 0, 1], "positive"),
])
def test_pairwise_matrix_rejects_bad_judgements(judgements, words):
    with pytest.raises(ValueError, match=words):
        ck.pairwise_matrix(["a", "b", "c"], judgements)


SAATY = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]


@FAST
@given(st.integers(2, 9).flatmap(
    lambda n: st.lists(st.sampled_from(SAATY), min_size=n * (n - 1) // 2,
                       max_size=n * (n - 1) // 2).map(lambda v: (n, v))))
def test_ahp_invariants_on_random_judgements(case):
    n, upper = case
    r = ck.ahp(ck.pairwise_matrix([f"c{i}" for i in range(n)], upper))
    assert (r.weights > 0).all()
    assert r.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert r.lambda_max >= n - 1e-9             # Saaty: λmax ≥ n for a reciprocal matrix
    assert r.cr >= 0 and r.consistent == (r.cr < 0.10)
    w, lam = _power_iteration(r.matrix.to_numpy(), steps=600)
    assert r.lambda_max == pytest.approx(lam, rel=1e-6)


@FAST
@given(st.lists(st.floats(0.05, 20), min_size=2, max_size=9))
def test_ahp_consistent_matrices_have_zero_cr(raw):
    w = np.array(raw) / np.sum(raw)
    r = ck.ahp(w[:, None] / w[None, :])
    assert r.weights.to_numpy() == pytest.approx(w, abs=1e-9)
    assert r.cr == pytest.approx(0.0, abs=1e-9)


# --------------------------------------------------------------------------------------------
# fuzzy comprehensive evaluation
# --------------------------------------------------------------------------------------------

A3 = [0.5, 0.3, 0.2]
R3 = [[0.6, 0.3, 0.1, 0.0],
      [0.2, 0.5, 0.2, 0.1],
      [0.1, 0.2, 0.5, 0.2]]


def test_fuzzy_weighted_average_by_hand():
    # b1 = .5·.6 + .3·.2 + .2·.1 = .30 + .06 + .02 = .38
    # b2 = .5·.3 + .3·.5 + .2·.2 = .15 + .15 + .04 = .34
    # b3 = .5·.1 + .3·.2 + .2·.5 = .05 + .06 + .10 = .21
    # b4 = .5·0  + .3·.1 + .2·.2 = .00 + .03 + .04 = .07
    r = ck.fuzzy_evaluate(A3, R3)
    assert r.b.tolist() == pytest.approx([0.38, 0.34, 0.21, 0.07])
    assert list(r.b.index) == ["excellent", "good", "fair", "poor"]
    assert r.grade == "excellent"
    # default grade values 1, 2/3, 1/3, 0: .38 + .34·2/3 + .21/3 = .38 + .22667 + .07
    assert r.score == pytest.approx(0.38 + 0.34 * 2 / 3 + 0.21 / 3)
    # textbook grade values 95, 85, 75, 60: 36.1 + 28.9 + 15.75 + 4.2 = 84.95
    assert ck.fuzzy_evaluate(A3, R3, grade_values=[95, 85, 75, 60]).score == \
        pytest.approx(84.95)


def test_fuzzy_max_min_by_hand():
    # b_j = max_i min(a_i, r_ij):
    # j1: max(min(.5,.6), min(.3,.2), min(.2,.1)) = max(.5, .2, .1) = .5
    # j2: max(.3, .3, .2) = .3;  j3: max(.1, .2, .2) = .2;  j4: max(0, .1, .2) = .2
    # sum 1.2 → normalised (.5, .3, .2, .2)/1.2
    r = ck.fuzzy_evaluate(A3, R3, operator="max_min")
    assert r.b.tolist() == pytest.approx([0.5 / 1.2, 0.3 / 1.2, 0.2 / 1.2, 0.2 / 1.2])
    assert r.grade == "excellent"
    assert r.operator == "max_min"


def test_fuzzy_frames_align_by_name_and_batches_match_singles():
    R = pd.DataFrame(R3, index=["sales", "credit", "site"], columns=["A", "B", "C", "D"])
    w = {"site": 0.2, "sales": 0.5, "credit": 0.3}          # order does not matter
    r = ck.fuzzy_evaluate(w, R)
    assert r.b.tolist() == pytest.approx([0.38, 0.34, 0.21, 0.07])
    assert r.grade == "A"
    other = np.array([[0, 0, 0, 1], [0, 0, 1, 0], [0, 1, 0, 0]], dtype=float)
    batch = np.stack([np.array(R3), other])
    for op in ("weighted_average", "max_min"):
        rb = ck.fuzzy_evaluate(A3, batch, operator=op)
        for i in range(2):
            single = ck.fuzzy_evaluate(A3, batch[i], operator=op)
            assert rb.b.iloc[i].tolist() == pytest.approx(single.b.tolist())
            assert rb.grade.iloc[i] == single.grade
            assert rb.score.iloc[i] == pytest.approx(single.score)
    table = ck.fuzzy_evaluate(A3, batch).table()
    assert list(table.columns[-2:]) == ["grade", "score"] and len(table) == 2


def test_triangular_membership_by_hand():
    m = ck.triangular_membership(pd.DataFrame({"sales": [0.8, 0.0, 0.5, 1.0]}))
    # four grades peak at 1, 2/3, 1/3, 0 (spacing 1/3); r_j(x) = max(0, 1 − 3·|x − c_j|)
    # x = .8: excellent 1 − 3·.2 = .4, good 1 − 3·(.8 − 2/3) = .6
    assert m.iloc[0].tolist() == pytest.approx([0.4, 0.6, 0, 0])
    assert m.iloc[1].tolist() == pytest.approx([0, 0, 0, 1])
    assert m.iloc[2].tolist() == pytest.approx([0, 0.5, 0.5, 0])
    assert m.iloc[3].tolist() == pytest.approx([1, 0, 0, 0])
    assert list(m.columns.get_level_values(1)[:4]) == list(ck.FUZZY_GRADES)


@pytest.mark.parametrize("weights, membership, operator, exc, words", [
    (A3, [[0.6, 0.3, 0.2, 0.0], [0.2, 0.5, 0.2, 0.1], [0.1, 0.2, 0.5, 0.2]],
     "weighted_average", ValueError, "criterion 0 sums to 1.1"),
    (A3, [[1.2, -0.2, 0, 0], [0.2, 0.5, 0.2, 0.1], [0.1, 0.2, 0.5, 0.2]],
     "weighted_average", ValueError, r"\[0, 1\]"),
    ([0.5, 0.5], R3, "weighted_average", ValueError, r"2 weight\(s\) given for 3 criteria"),
    ([0.5, 0.3, 0.1], R3, "weighted_average", ValueError, "sum to 0.9"),
    ([0.6, 0.6, -0.2], R3, "weighted_average", ValueError, ">= 0"),
    (A3, R3, "sum_product", ValueError, "operator"),
    (A3, [[np.nan, 1, 0, 0]] * 3, "weighted_average", ValueError, "NaN"),
    (A3, np.ones((2, 2, 2, 2)), "weighted_average", ValueError, "shape"),
    (A3, [], "weighted_average", ValueError, "shape"),
])
def test_fuzzy_rejects_bad_inputs(weights, membership, operator, exc, words):
    with pytest.raises(exc, match=words):
        ck.fuzzy_evaluate(weights, membership, operator=operator)


def test_fuzzy_rejects_weights_naming_other_criteria():
    R = pd.DataFrame(R3, index=["sales", "credit", "site"])
    with pytest.raises(ValueError, match="weights name criteria"):
        ck.fuzzy_evaluate({"sales": 0.5, "credit": 0.3, "reach": 0.2}, R)


unit = st.floats(0, 1)


@FAST
@given(st.integers(1, 6).flatmap(lambda m: st.tuples(
    st.lists(st.floats(0.01, 1), min_size=m, max_size=m),
    st.lists(st.lists(unit, min_size=m, max_size=m), min_size=1, max_size=8))))
def test_fuzzy_invariants(case):
    raw_w, rows = case
    w = np.array(raw_w) / np.sum(raw_w)
    scores = pd.DataFrame(rows, columns=[f"c{i}" for i in range(len(w))])
    membership = ck.triangular_membership(scores)
    # memberships form a fuzzy partition: each criterion's row sums to 1
    assert membership.T.groupby(level=0).sum().T.to_numpy() == pytest.approx(1.0)
    wa = ck.fuzzy_evaluate(w, membership)
    mm = ck.fuzzy_evaluate(w, membership, operator="max_min")
    for res in (wa, mm):
        assert res.b.sum(axis=1).to_numpy() == pytest.approx(1.0)
        assert (res.b.to_numpy() >= -1e-12).all()
    # triangles reproduce straight lines: with M(·,+) and grade values 1, 2/3, 1/3, 0 the
    # fuzzy score is exactly the weighted score Σ w_i x_i (an independent route)
    direct = scores.to_numpy() @ w
    assert wa.score.to_numpy() == pytest.approx(direct, abs=1e-9)


# --------------------------------------------------------------------------------------------
# grading
# --------------------------------------------------------------------------------------------


def test_grade_quantile_by_hand():
    assert ck.grade(pd.Series([5, 1, 3, 2, 4]), bands=5).tolist() == [5, 1, 3, 2, 4]
    # n = 10, k = 3: grade = ceil(3·r/10): r = 1..3 → 1; 4..6 → 2 (1.2, 1.5, 1.8); 7..10 → 3
    got = ck.grade(pd.Series(range(10)), bands=3)
    assert got.tolist() == [1, 1, 1, 2, 2, 2, 3, 3, 3, 3]
    assert got.dtype == np.int16 and got.name == "grade"


def test_grade_pyramid_cut_shares():
    # bottom 60% grade 1, next 30% grade 2, top 10% grade 3 (r/n = .6 is still grade 1)
    got = ck.grade(pd.Series(np.arange(10.0)), bands=[0.6, 0.9], labels=["small", "normal",
                                                                         "key"])
    assert got.astype(str).tolist() == ["small"] * 6 + ["normal"] * 3 + ["key"]
    assert got.cat.ordered and got.max() == "key"


def test_grade_rounding_noise_does_not_split_ties():
    # 0.1 + 0.2 differs from 0.3 in the last bit; as scores they are the same
    got = ck.grade(pd.Series([0.1 + 0.2, 0.3, 0.0, 1.0]), bands=4)
    assert got.iloc[0] == got.iloc[1]


def test_grade_ties_share_their_average_rank():
    # 1, 1, 2, 3 → ranks 1.5, 1.5, 3, 4; two bands: ceil(2·1.5/4) = 1, ceil(2·3/4) = 2, 2
    assert ck.grade(pd.Series([1, 1, 2, 3]), bands=2).tolist() == [1, 1, 2, 2]
    assert ck.grade(pd.Series([4.0] * 6), "thirty").nunique() == 1


def test_thirty_grades_equal_frequency():
    scores = pd.Series(np.random.default_rng(0).permutation(60).astype(float))
    g = ck.grade(scores, "thirty")
    assert g.value_counts().tolist() == [2] * 30          # 60 retailers → 2 per grade
    assert g[scores >= 58].tolist() == [30, 30]           # the two best hold grade 30
    assert g[scores <= 1].tolist() == [1, 1]
    assert ck.grade(pd.Series(np.arange(30)), "thirty").tolist() == list(range(1, 31))


def test_grade_thresholds():
    # cut points 0.5 and 0.8: below .5 → 1, [.5, .8) → 2, ≥ .8 → 3
    got = ck.grade(pd.Series([0.1, 0.5, 0.55, 0.9, 0.8]), "thresholds", [0.5, 0.8])
    assert got.tolist() == [1, 2, 2, 3, 3]


def test_grade_by_group_grades_each_group_separately():
    scores = pd.Series([1, 2, 3, 4, 10, 20, 30, 40], index=list("abcdefgh"))
    region = pd.Series(["urban"] * 4 + ["rural"] * 4, index=scores.index)
    got = ck.grade(scores, bands=4, by=region)
    assert got.tolist() == [1, 2, 3, 4, 1, 2, 3, 4]
    assert ck.grade(scores, bands=4).tolist() == [1, 1, 2, 2, 3, 3, 4, 4]


@pytest.mark.parametrize("kwargs, exc, words", [
    (dict(scores=pd.Series([], dtype=float)), ValueError, "empty"),
    (dict(scores=pd.Series([1.0, np.nan])), ValueError, "NaN"),
    (dict(scores=pd.DataFrame({"a": [1]})), TypeError, "weighted_score"),
    (dict(scores=pd.Series([1, 2]), method="stars"), ValueError, "method"),
    (dict(scores=pd.Series([1, 2]), bands=0), ValueError, "at least 1"),
    (dict(scores=pd.Series([1, 2]), bands=[0.5, 0.4]), ValueError, "increasing"),
    (dict(scores=pd.Series([1, 2]), bands=[0.0, 0.5]), ValueError, "strictly between"),
    (dict(scores=pd.Series([1, 2]), method="thresholds"), ValueError, "cut points"),
    (dict(scores=pd.Series([1, 2]), method="thresholds", bands=[1.5], by=["a", "b"]),
     ValueError, "same for every group"),
    (dict(scores=pd.Series([1, 2]), method="thirty", bands=[0.5]), ValueError, "29"),
    (dict(scores=pd.Series([1, 2]), bands=2, labels=["lo"]), ValueError, "1 labels for 2"),
    (dict(scores=pd.Series([1, 2]), by=["a"]), ValueError, "1 group labels for 2"),
    (dict(scores=pd.Series([1, 2]), by=pd.Series(["a", None])), ValueError, "missing group"),
])
def test_grade_rejects_bad_inputs(kwargs, exc, words):
    with pytest.raises(exc, match=words):
        ck.grade(**kwargs)


@FAST
@given(st.lists(st.floats(-100, 100), min_size=1, max_size=80), st.integers(1, 30))
def test_grade_invariants(values, k):
    s = pd.Series(values)
    g = ck.grade(s, bands=k)
    assert g.between(1, k).all()
    # a higher score never gets a lower grade
    order = np.argsort(s.to_numpy(), kind="stable")
    assert (np.diff(g.to_numpy()[order]) >= 0).all()
    if (np.diff(np.sort(s.to_numpy())) > 1e-9).all():
        # without ties (scores closer than 1e-12 count as tied) each grade holds
        # floor(n/k) or ceil(n/k) customers
        counts = g.value_counts().reindex(range(1, k + 1), fill_value=0)
        n = len(s)
        assert counts.between(n // k, -(-n // k)).all()


@FAST
@given(st.lists(st.tuples(st.floats(0, 1), st.sampled_from(["urban", "rural", "town"])),
                min_size=1, max_size=60), st.integers(1, 10))
def test_grading_by_group_equals_grading_each_group_alone(rows, k):
    scores = pd.Series([r[0] for r in rows])
    group = pd.Series([r[1] for r in rows])
    together = ck.grade(scores, bands=k, by=group)
    for name in group.unique():
        mask = group == name
        alone = ck.grade(scores[mask].reset_index(drop=True), bands=k)
        assert together[mask].tolist() == alone.tolist()


# --------------------------------------------------------------------------------------------
# transitions
# --------------------------------------------------------------------------------------------


def test_transition_matrix_by_hand():
    before = pd.Series([1, 1, 2, 2, 3], index=list("abcde"))
    after = pd.Series([3, 2, 2, 2, 1], index=list("edcba"))   # other order: aligned by index
    # a: 1 → 1, b: 1 → 2, c: 2 → 2, d: 2 → 2, e: 3 → 3
    p = ck.transition_matrix(before, after)
    assert p.to_numpy() == pytest.approx(np.array([[0.5, 0.5, 0], [0, 1, 0], [0, 0, 1]]))
    n = ck.transition_matrix(before, after, counts=True)
    assert n.to_numpy().tolist() == [[1, 1, 0], [0, 2, 0], [0, 0, 1]]
    moves = ck.grade_moves(before, after)
    assert moves["customers"].tolist() == [1, 4, 0]             # b up; a, c, d, e same
    assert moves.loc["up", "mean_step"] == 1.0


def test_transition_matrix_empty_rows():
    before, after = pd.Series([1, 1, 2]), pd.Series([2, 1, 3])
    stay = ck.transition_matrix(before, after, grades=[1, 2, 3])
    # nobody held grade 3 before: "stay" puts 1 on the diagonal so the row sums to 1
    assert stay.loc[3].tolist() == [0.0, 0.0, 1.0]
    assert stay.sum(axis=1).tolist() == pytest.approx([1, 1, 1])
    assert ck.transition_matrix(before, after, grades=[1, 2, 3], empty="nan").loc[3].isna().all()
    assert ck.transition_matrix(before, after, grades=[1, 2, 3],
                                empty="zero").loc[3].tolist() == [0, 0, 0]


def test_grade_moves_follow_category_order():
    cats = pd.CategoricalDtype(["small", "normal", "key"], ordered=True)
    before = pd.Series(["small", "key", "normal"], dtype=cats)
    after = pd.Series(["normal", "normal", "normal"], dtype=cats)
    m = ck.grade_moves(before, after)
    assert m["customers"].tolist() == [1, 1, 1]
    assert m["share"].sum() == pytest.approx(1.0)
    p = ck.transition_matrix(before, after)
    assert list(p.index) == ["small", "normal", "key"]


@pytest.mark.parametrize("before, after, kwargs, words", [
    (pd.Series([1], index=["a"]), pd.Series([1], index=["b"]), {}, "no customer"),
    (pd.Series([1.0, np.nan]), pd.Series([1.0, 2.0]), {}, "NaN"),
    ([1, 2], [1, 2, 3], {}, "2 grades before but 3 after"),
    (pd.Series([1, 5]), pd.Series([1, 2]), {"grades": [1, 2, 3]}, r"\[5\] before"),
    (pd.Series([], dtype=int), pd.Series([], dtype=int), {}, "empty"),
    (pd.Series([1]), pd.Series([1]), {"empty": "drop"}, "empty="),
])
def test_transition_matrix_rejects_bad_inputs(before, after, kwargs, words):
    with pytest.raises(ValueError, match=words):
        ck.transition_matrix(before, after, **kwargs)


@FAST
@given(st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6)), min_size=1, max_size=80))
def test_transition_invariants(pairs):
    before = pd.Series([p[0] for p in pairs])
    after = pd.Series([p[1] for p in pairs])
    p = ck.transition_matrix(before, after, grades=range(1, 7))
    assert p.sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert ((p.to_numpy() >= 0) & (p.to_numpy() <= 1)).all()
    n = ck.transition_matrix(before, after, grades=range(1, 7), counts=True)
    assert n.to_numpy().sum() == len(pairs)
    m = ck.grade_moves(before, after)
    assert m["customers"].sum() == len(pairs)
    assert m.loc["same", "customers"] == int(np.trace(n.to_numpy()))


# --------------------------------------------------------------------------------------------
# the tobacco grading pipeline
# --------------------------------------------------------------------------------------------


def _hand_world():
    """Four retailers, one format class, two urban and two rural, two periods."""
    customers = pd.DataFrame({
        "customer_id": np.arange(4, dtype=np.int32),
        "format_class": pd.Categorical(["grocery_convenience"] * 4),
        "region": pd.Categorical(["urban", "urban", "rural", "rural"]),
        "foot_traffic": [500, 100, 80, 20],
        "location_score": [70, 40, 30, 60],
        "licence_violations": [0, 2, 0, 1],
        "late_payments": [1, 0, 2, 0],
        "orders": [2, 2, 2, 1],
        "order_honesty": [1.0, 0.8, 0.9, 1.0],
    })
    activity = pd.DataFrame({
        "customer_id": np.array([0, 0, 1, 1, 2, 2, 3], dtype=np.int32),
        "period": np.array([1, 2, 1, 2, 1, 2, 2], dtype=np.int16),
        "cartons_class1": [2, 0, 0, 0, 0, 0, 1],
        "cartons_class2": [0, 2, 1, 0, 0, 0, 0],
        "cartons_class3": [6, 6, 4, 4, 5, 5, 9],
        "cartons_class4": [2, 2, 5, 6, 5, 5, 0],
        "cartons_class5": [0, 0, 0, 0, 0, 0, 0],
    })
    cols = [f"cartons_class{c}" for c in range(1, 6)]
    activity["cartons"] = activity[cols].sum(axis=1)
    prices = np.array([120.0, 80.0, 50.0, 25.0, 10.0])
    activity["revenue"] = activity[cols].to_numpy() @ prices
    activity["margin"] = 0.1 * activity["revenue"]
    return customers, activity


def test_tobacco_criteria_by_hand():
    customers, activity = _hand_world()
    got = ck.tobacco_criteria((customers, activity), by="region").set_index("customer_id")
    # urban: retailer 0 orders 2 class-1, 2 class-2, 12 class-3, 4 class-4 cartons
    #   value 240 + 160 + 600 + 100 = 1100, cartons 20, high-class share 4/20 = .2
    # retailer 1: 1 class-2, 8 class-3, 11 class-4: value 80 + 400 + 275 = 755, cartons 20,
    #   share 1/20 = .05. Rank-normalised within urban (two retailers → 0 or 1, ties .5):
    #   value 1, 0; cartons .5, .5; share 1, 0 → contribution .7·1 + .2·.5 + .1·1 = .9 and
    #   .7·0 + .2·.5 + .1·0 = .1
    assert got.loc[0, "order_value"] == 1100 and got.loc[1, "order_value"] == 755
    assert got.loc[0, "high_class_share"] == pytest.approx(0.2)
    assert got.loc[[0, 1], "contribution"].tolist() == pytest.approx([0.9, 0.1])
    # law-abiding: violations 0 vs 2 (fewer is better) → 1, 0
    assert got.loc[[0, 1], "law_abiding"].tolist() == [1.0, 0.0]
    # integrity: late payments per order 1/2 vs 0 → 0, 1; honesty 1.0 vs .8 → 1, 0 → .5, .5
    assert got.loc[[0, 1], "integrity"].tolist() == [0.5, 0.5]
    # influence: traffic 500 vs 100 → 1, 0; location 70 vs 40 → 1, 0 → 1, 0
    assert got.loc[[0, 1], "influence"].tolist() == [1.0, 0.0]
    # rural: retailer 2 orders 10 class-3 and 10 class-4 cartons: 500 + 250 = 750, share 0;
    # retailer 3: 1 class-1 + 9 class-3 = 120 + 450 = 570, 10 cartons, share .1
    # value 1, 0; cartons 1, 0; share 0, 1 → .7 + .2 + 0 = .9 and 0 + 0 + .1 = .1
    assert got.loc[2, "order_value"] == 750 and got.loc[3, "order_value"] == 570
    assert got.loc[[2, 3], "contribution"].tolist() == pytest.approx([0.9, 0.1])


def test_tobacco_grading_window_groups_and_weights():
    customers, activity = _hand_world()
    res = ck.tobacco_grading((customers, activity), by="region").set_index("customer_id")
    # total = .4·contribution + .2·law + .2·integrity + .2·influence
    # retailer 0: .4·.9 + .2·1 + .2·.5 + .2·1 = .36 + .2 + .1 + .2 = .86
    # retailer 1: .4·.1 + 0 + .2·.5 + 0 = .04 + .1 = .14
    assert res.loc[[0, 1], "score"].tolist() == pytest.approx([0.86, 0.14])
    # two retailers per region, 30 grades: ceil(30·1/2) = 15 and ceil(30·2/2) = 30
    assert sorted(res["grade"].tolist()) == [15, 15, 30, 30]
    assert res.loc[0, "grade"] == 30
    # window = period 1 only: retailer 3 did not order then → value 0 and cartons 0 (ranked
    # last: 0), class 1–2 share 0 like retailer 2 (tie: .5) → contribution .1·.5 = .05
    early = ck.tobacco_grading((customers, activity), (1, 1), by="region")
    assert early.set_index("customer_id").loc[3, "contribution"] == pytest.approx(0.05)
    # weights from an AHP result: contribution only
    only = ck.tobacco_grading({"customers": customers, "activity": activity},
                              weights={"contribution": 1.0}, by="region")
    assert only["score"].tolist() == pytest.approx(only["contribution"].tolist())


def test_tobacco_grading_rejects_bad_inputs():
    customers, activity = _hand_world()
    with pytest.raises(ValueError, match=r"licence_violations.*columns present"):
        ck.tobacco_grading((customers.drop(columns="licence_violations"), activity))
    with pytest.raises(ValueError, match=r"'format_class'.*missing"):
        ck.tobacco_grading((customers.drop(columns="format_class"), activity))
    with pytest.raises(ValueError, match="sum to"):
        ck.tobacco_grading((customers, activity), weights={"contribution": 0.5})
    with pytest.raises(ValueError, match="not criteria"):
        ck.tobacco_grading((customers, activity), weights={"reach": 1.0})
    with pytest.raises(ValueError, match="scoring"):
        ck.tobacco_grading((customers, activity), scoring="stars")
    with pytest.raises(ValueError, match="first <= last"):
        ck.tobacco_grading((customers, activity), (3, 1))
    with pytest.raises(TypeError, match="CustomerBase"):
        ck.tobacco_grading(customers)
    with pytest.raises(ValueError, match="empty"):
        ck.tobacco_grading((customers.iloc[:0], activity))


def test_regrade_windows_on_hand_world():
    customers, activity = _hand_world()
    long = ck.regrade((customers, activity), every=1, by="region")
    assert long["window"].unique().tolist() == [1, 2]
    assert long.groupby("window").size().tolist() == [4, 4]
    assert long[["first_period", "last_period"]].drop_duplicates().values.tolist() == [[1, 1],
                                                                                        [2, 2]]
    wide = long.pivot(index="customer_id", columns="window", values="grade")
    # rural, period 1: retailer 3 did not order: score .4·.05 + .2·0 + .2·1 + .2·.5 = .32
    # against retailer 2's .4·.95 + .2·1 + .2·0 + .2·.5 = .68 → grade 15 of 30;
    # period 2: its order is worth 570 > retailer 2's 375 → .66 against .34 → grade 30
    assert wide.loc[3].tolist() == [15, 30]
    moves = ck.grade_moves(wide[1], wide[2])
    assert moves["customers"].sum() == 4
    with pytest.raises(ValueError, match="every"):
        ck.regrade((customers, activity), every=0)
    # hysteresis: retailer 3 moves 15 → 30, by 15 grades: held at 15 with k = 15 (15 is not
    # more than 15), moved with k = 14
    held = ck.regrade((customers, activity), every=1, by="region", hysteresis=15)
    assert held.pivot(index="customer_id", columns="window", values="grade").loc[3].tolist() \
        == [15, 15]
    assert held.loc[held["customer_id"] == 3, "raw_grade"].tolist() == [15, 30]
    moved = ck.regrade((customers, activity), every=1, by="region", hysteresis=14)
    assert moved.pivot(index="customer_id", columns="window", values="grade").loc[3].tolist() \
        == [15, 30]


@pytest.fixture(scope="module")
def world():
    return ck.tobacco(retailers=900, weeks=26, seed=3)


def test_tobacco_grading_on_the_world(world):
    res = ck.tobacco_grading(world)
    assert len(res) == len(world.customers) and res["customer_id"].is_unique
    assert res["grade"].between(1, 30).all()
    # every format class × region group is graded on its own 1..30 scale
    spans = res.groupby(["format_class", "region"], observed=True)["grade"].agg(["min", "max"])
    big = res.groupby(["format_class", "region"], observed=True).size() >= 30
    assert (spans.loc[big, "min"] == 1).all() and (spans.loc[big, "max"] == 30).all()
    # the criteria measure what they say: each correlates with its latent truth
    merged = res.merge(world.truth, on="customer_id")
    for criterion, truth in [("law_abiding", "true_compliance"),
                             ("integrity", "true_integrity"),
                             ("influence", "true_influence")]:
        assert merged[criterion].corr(merged[truth], method="spearman") > 0.1
    # fuzzy scoring with M(·,+) gives the same scores; max-min does not
    fuzzy = ck.tobacco_grading(world, scoring="fuzzy")
    assert fuzzy["score"].to_numpy() == pytest.approx(res["score"].to_numpy())
    assert set(fuzzy["fuzzy_grade"].astype(str)) <= set(ck.FUZZY_GRADES)
    maxmin = ck.tobacco_grading(world, scoring="fuzzy", operator="max_min")
    assert not np.allclose(maxmin["score"], res["score"])


def test_regrade_quarters_on_the_world(world):
    long = ck.regrade(world, every=13)
    assert sorted(long["window"].unique()) == [1, 2]            # 26 weeks = two quarters
    wide = long.pivot(index="customer_id", columns="window", values="grade")
    p = ck.transition_matrix(wide[1], wide[2], grades=range(1, 31))
    assert p.sum(axis=1).to_numpy() == pytest.approx(1.0)
    moves = ck.grade_moves(wide[1], wide[2])
    assert moves.loc["up", "customers"] > 0 and moves.loc["down", "customers"] > 0
    # grades are sticky: a retailer keeps a grade within ±5 more often than chance (11/30)
    assert (np.abs(wide[1] - wide[2]) <= 5).mean() > 11 / 30


# --------------------------------------------------------------------------------------------
# re-grading under other weights (what the grading dashboard drives)
# --------------------------------------------------------------------------------------------


def test_scale_weights_by_hand():
    assert ck.scale_weights({"a": 1.0, "b": 3.0}).to_dict() == {"a": 0.25, "b": 0.75}
    assert ck.scale_weights([0.0, 0.0]).tolist() == [0.5, 0.5]        # no preference: equal
    with pytest.raises(ValueError, match=">= 0"):
        ck.scale_weights([1.0, -0.5])


def test_grade_summary_by_hand():
    s = ck.grade_summary([30, 26, 25, 1, 28], ["u", "u", "r", "r", "r"])
    assert list(s.index) == ["u", "r"]
    assert s.loc["u", "mean_grade"] == 28.0 and s.loc["u", "top_share"] == 1.0
    assert s.loc["r", "mean_grade"] == pytest.approx(54 / 3)
    assert s.loc["r", "top_share"] == pytest.approx(1 / 3)          # only 28 is >= 26
    assert ck.grade_summary([25, 30], ["x", "x"], top=30).loc["x", "top_share"] == 0.5


@pytest.mark.parametrize("by", [("format_class", "region"), ("format_class",)])
def test_tobacco_grader_matches_the_pipeline(by):
    base = ck.tobacco(retailers=400, weeks=13, seed=3)
    grader = ck.TobaccoGrader(base, by=by)
    raw = {"contribution": 2.0, "influence": 1.0}                   # any scale, zeros omitted
    w = {"contribution": 2 / 3, "law_abiding": 0.0, "integrity": 0.0, "influence": 1 / 3}
    assert grader.weights(raw).to_dict() == pytest.approx(w)
    direct = ck.tobacco_grading(base, weights=w, by=by)
    assert grader.grades(raw).tolist() == direct["grade"].tolist()
    with pytest.raises(ValueError, match="not criteria"):
        grader.grades({"reach": 1.0})
