"""Retrieval-encoder fine-tuning helpers: task loading, BM25 mining, hard negatives, AP@5 (no model loaded)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sourcetrace.train._retrieval_task import average_precision_at, hard_negatives, load_task, mine_bm25

CLAIMS = {
    "v1": "The harbour tax was doubled by the mayor.",
    "v2": "The swing bridge will be demolished in spring.",
    "v3": "Seals were brought over from Iceland by ferry.",
    "v4": "The mayor cut the harbour budget by half.",
}


@pytest.mark.unit
def test_load_task_reads_claim_and_title_and_the_split(tmp_path: Path) -> None:
    records = [{"vclaim_id": "v1", "vclaim": "Tax doubled.", "title": "Mayor's tax"},
               {"vclaim_id": "v2", "vclaim": "Bridge goes.", "title": "Bridge goes."}]
    (tmp_path / "politifact-vclaims.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (tmp_path / "iclaims.queries").write_text("q1\tthe tax went up twofold\nq2\tbridge\nq3\tunused\n")
    (tmp_path / "train.tsv").write_text("q1\t0\tv1\t1\nq2\t0\tv2\t1\nq2\t0\tv9\t1\n")
    claims, queries, qrels = load_task(tmp_path)
    assert claims == {"v1": "Tax doubled. Mayor's tax", "v2": "Bridge goes."}  # as the store embeds them
    assert queries == {"q1": "the tax went up twofold", "q2": "bridge"}
    assert qrels == {"q1": {"v1"}, "q2": {"v2"}}  # an unknown claim id is dropped


@pytest.mark.unit
def test_bm25_mining_ranks_shared_rare_words_first() -> None:
    ranked = mine_bm25(CLAIMS, {"q": "harbour tax mayor"}, depth=3)["q"]
    assert ranked[:2] == ["v1", "v4"] and "v3" not in ranked  # no shared word: never mined


@pytest.mark.unit
def test_hard_negatives_never_use_a_gold_claim() -> None:
    queries, qrels = {"q1": "harbour tax", "q2": "bridge"}, {"q1": {"v1", "v4"}, "q2": {"v2"}}
    rankings = [{"q1": ["v1", "v4", "v3"], "q2": ["v2", "v1"]}, {"q1": ["v4", "v2"]}]
    examples = hard_negatives(queries, qrels, rankings, seed=1)
    assert [(q, pos) for q, pos, _ in examples] == [("harbour tax", "v1"), ("harbour tax", "v4"), ("bridge", "v2")]
    assert {neg for q, _, neg in examples if q == "harbour tax"} <= {"v3", "v2"}
    assert examples[2][2] == "v1"
    assert examples == hard_negatives(queries, qrels, rankings, seed=1)  # seeded


@pytest.mark.unit
def test_average_precision_at_5() -> None:
    assert average_precision_at({"a"}, ["a", "b"]) == 1.0
    assert average_precision_at({"a", "c"}, ["b", "a", "c"]) == pytest.approx((1 / 2 + 2 / 3) / 2)
    assert average_precision_at({"a"}, ["b", "c", "d", "e", "f", "a"]) == 0.0
    assert average_precision_at(set(), ["a"]) == 0.0
