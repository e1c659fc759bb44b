"""Weighted reciprocal rank fusion."""

from __future__ import annotations

import pytest

from askcloud.retrieval.fusion import rrf

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
