"""Weighted reciprocal rank fusion and relative score fusion."""

from __future__ import annotations

import pytest

from askcloud.retrieval.fusion import relative, rrf

pytestmark = pytest.mark.unit


def test_items_found_by_both_lists_come_first():
    fused = rrf([(["a", "b", "c"], 1.0), (["b", "c", "d"], 1.0)], k=60)
    assert [cid for cid, _ in fused] == ["b", "c", "a", "d"]
    scores = dict(fused)
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["a"] == pytest.approx(1 / 61)
    assert scores["d"] == pytest.approx(1 / 63)


def test_weights_scale_each_list():
    assert [cid for cid, _ in rrf([(["a"], 1.0), (["b"], 1.0)])] == ["a", "b"]  # tie: by id
    assert [cid for cid, _ in rrf([(["a"], 0.5), (["b"], 1.0)])] == ["b", "a"]
    assert [cid for cid, _ in rrf([(["a", "x"], 2.0), (["b", "a"], 1.0)])][0] == "a"
    assert dict(rrf([(["a"], 0.0), (["b"], 1.0)]))["a"] == 0.0


def test_k_flattens_the_ranks():
    sharp = dict(rrf([(["a", "b"], 1.0)], k=1))
    flat = dict(rrf([(["a", "b"], 1.0)], k=1000))
    assert sharp["a"] / sharp["b"] > flat["a"] / flat["b"]


def test_ties_are_broken_by_id_and_empty_lists_are_fine():
    assert rrf([(["z", "y"], 1.0), (["y", "z"], 1.0)]) == [("y", pytest.approx(1 / 61 + 1 / 62)),
                                                           ("z", pytest.approx(1 / 61 + 1 / 62))]
    assert rrf([([], 1.0), ([], 1.0)]) == []
    assert rrf([]) == []


def test_relative_fusion_keeps_how_far_ahead_a_hit_is():
    dense = {"a": 0.86, "c": 0.85, "b": 0.83}  # e5 cosines, bunched
    lexical = {"c": 20.0, "a": 5.0, "b": 4.0}  # an exact name: far ahead in BM25
    assert [cid for cid, _ in rrf([(list(dense), 1.0), (list(lexical), 1.0)])][0] == "a"  # a tie on ranks, by id
    fused = relative([(dense, 1.0), (lexical, 1.0)])
    assert fused[0][0] == "c"
    assert dict(fused)["c"] == pytest.approx(0.5 * 2 / 3 + 0.5 * 1)
    assert dict(fused)["a"] == pytest.approx(0.5 * 1 + 0.5 * 1 / 16)


def test_relative_fusion_weights_and_edge_cases():
    assert relative([({"a": 0.9, "b": 0.1}, 1.0), ({"b": 9.0, "a": 1.0}, 0.25)])[0] == ("a", pytest.approx(0.8))
    assert relative([({"a": 0.5}, 1.0), ({}, 1.0)]) == [("a", 1.0)]  # one score: 1.0; an empty list adds no weight
    assert relative([({"b": 2.0, "a": 2.0}, 1.0)]) == [("a", 1.0), ("b", 1.0)]  # all equal: ties by id
    assert relative([({}, 1.0), ({}, 1.0)]) == []
    assert relative([({"a": 1.0, "b": 0.0}, 0.0)]) == [("a", 0.0), ("b", 0.0)]  # zero weight counts for nothing


def test_a_weight_per_id_scales_only_that_ids_share():
    lexical = {"near": 8.0, "far": 8.0, "low": 0.0}
    dense = {"near": 0.5, "far": 0.5, "low": 0.9}
    fused = dict(relative([(dense, 1.0), (lexical, {"near": 1.0, "far": 0.25, "low": 1.0})]))
    total = 1.0 + (1.0 + 0.25 + 1.0) / 3  # the list weighs the mean of its ids' weights
    assert fused["near"] == pytest.approx(1.0 / total)
    assert fused["far"] == pytest.approx(0.25 / total)
    assert fused["low"] == pytest.approx(1.0 / total)
    # every id at the same weight: the same as one number for the list
    assert relative([(dense, 1.0), (lexical, {k: 0.25 for k in lexical})]) == relative([(dense, 1.0), (lexical, 0.25)])
    # one id more in the question's language moves the scale a little, not from one weight to the other
    few = dict(relative([(dense, 1.0), (lexical, {"near": 0.25, "far": 0.25, "low": 0.25})]))
    one = dict(relative([(dense, 1.0), (lexical, {"near": 1.0, "far": 0.25, "low": 0.25})]))
    assert one["low"] / few["low"] > 0.8
    assert dict(rrf([(["a", "b"], {"a": 0.5})], k=0)) == {"a": pytest.approx(0.5), "b": pytest.approx(0.5)}
