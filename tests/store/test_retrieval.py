"""Retriever and TREC run files: ranking through the store, query files, the run format."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from sourcetrace.errors import EmptyInputError, FormatError, InputError, ModelError, StoreError
from sourcetrace.models.crossencoder import SecondStage
from sourcetrace.models.embedder import FakeEmbedder
from sourcetrace.models.runtime import FloatArray
from sourcetrace.store import KnownClaim, MemoryStore, Retriever, read_queries, write_trec_run
from sourcetrace.store._calibration import MatchModel
from sourcetrace.store._rerank import RERANK_FEATURES
from sourcetrace.store.base import claim_vector_model
from sourcetrace.store.vectors import embed_missing

from .test_base import MINI


@pytest.fixture
def retriever() -> Retriever:
    store = MemoryStore()
    store.upsert(MINI)
    return Retriever(store)


@pytest.mark.unit
def test_search_and_search_many(retriever: Retriever) -> None:
    assert retriever.method == "lexical"
    assert retriever.search("swing bridge demolished", k=1)[0].claim.id == "c-bridge"
    results = list(retriever.search_many([("q1", "tracking chips"), ("q2", "zeppelin")], k=2))
    assert [qid for qid, _ in results] == ["q1", "q2"]
    assert results[0][1][0].claim.id == "c-vaccine" and results[1][1] == []


@pytest.mark.unit
def test_trec_run_format(retriever: Retriever) -> None:
    out = io.StringIO()
    count = write_trec_run(retriever.search_many([("q1", "harbour tax mayor ferry")], k=3), out, "mytag")
    assert count == 1
    lines = [line.split("\t") for line in out.getvalue().splitlines()]
    assert len(lines) == 3  # only three claims share a word with the query
    assert {line[0] for line in lines} == {"q1"} and {line[1] for line in lines} == {"Q0"}
    assert [line[2] for line in lines] == ["c-tax", "c-seals", "c-ferry"]
    assert [line[3] for line in lines] == ["1", "2", "3"]
    assert float(lines[0][4]) >= float(lines[1][4]) >= float(lines[2][4]) and {line[5] for line in lines} == {"mytag"}


@pytest.mark.unit
def test_trec_run_ids_are_the_store_ids() -> None:
    store = MemoryStore()
    store.upsert([KnownClaim(id="vclaim-test-00042", claim="A lighthouse made of glass.", source="politifact")])
    out = io.StringIO()
    write_trec_run(Retriever(store).search_many([("20200101_debate_0001", "glass lighthouse")]), out, "t")
    score = out.getvalue().split("\t")[4]
    assert out.getvalue() == f"20200101_debate_0001\tQ0\tvclaim-test-00042\t1\t{score}\tt\n"


@pytest.mark.unit
def test_read_queries(tmp_path: Path) -> None:
    good = tmp_path / "q.tsv"
    good.write_text("a1\tFirst query text\n\nb2\tSecond\twith a tab\n", encoding="utf-8")
    assert read_queries(good) == [("a1", "First query text"), ("b2", "Second\twith a tab")]
    bad = tmp_path / "bad.tsv"
    bad.write_text("a1\tok\nno tab on this line\n", encoding="utf-8")
    with pytest.raises(FormatError, match="line 2: expected 'id<TAB>text'"):
        read_queries(bad)
    empty = tmp_path / "empty.tsv"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(EmptyInputError):
        read_queries(empty)
    with pytest.raises(InputError, match="no such file"):
        read_queries(tmp_path / "absent.tsv")


def _vector_store(encoder: FakeEmbedder) -> MemoryStore:
    store = MemoryStore()
    store.upsert(MINI)
    assert embed_missing(store, encoder) == len(MINI)
    return store


@pytest.mark.unit
def test_modes_dense_finds_what_lexical_cannot() -> None:
    encoder = FakeEmbedder(synonyms={"razed": "demolished", "crossing": "bridge", "pivoting": "swing"})
    store = _vector_store(encoder)
    query = "pivoting crossing razed"  # no word in common with the bridge claim
    assert Retriever(store, encoder, mode="lexical").search(query, k=3) == []
    dense = Retriever(store, encoder, mode="dense")
    assert dense.method == "dense" and dense.search(query, k=1)[0].claim.id == "c-bridge"
    hybrid = Retriever(store, encoder, mode="hybrid")
    assert hybrid.method == "hybrid" and hybrid.search(query, k=1)[0].claim.id == "c-bridge"
    results = dict(hybrid.search_many([("a", query), ("b", "seals from Iceland")], k=2))
    assert results["a"][0].claim.id == "c-bridge" and results["b"][0].claim.id == "c-seals"


@pytest.mark.unit
def test_hybrid_fuses_both_rankings_and_records_features() -> None:
    encoder = FakeEmbedder()
    retriever = Retriever(_vector_store(encoder), encoder)
    candidates = retriever.candidates("mayor doubled harbour tax", k=6)
    top = candidates[0]
    assert top.claim.id == "c-tax" and top.lexical_rank == 1 and top.dense_rank == 1
    assert top.bm25 == pytest.approx(1.0) and 0.0 < top.cosine <= 1.0001
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    model = retriever.model
    assert all(c.score == model.rank_score(c.features) and len(c.features) == len(RERANK_FEATURES) for c in candidates)
    assert all(c.probability == model.probability(c.features) for c in candidates)
    assert 0.0 <= candidates[-1].probability < top.probability <= 1.0


@pytest.mark.unit
def test_rerank_reorders_the_fused_candidates_by_the_match_model() -> None:
    encoder = FakeEmbedder()
    store = _vector_store(encoder)
    query = "mayor doubled harbour tax ferry fares tripled 2022"
    fused = Retriever(store, encoder).fuse(store.search_lexical(query, 50), [])
    assert {c.claim.id for c in fused[:2]} == {"c-tax", "c-ferry"}
    # A re-ranker that only rewards claim words found in the query puts the ferry claim (4 of its 5 words) first.
    weights = tuple(5.0 if f == "claim_overlap" else 0.0 for f in RERANK_FEATURES)
    only_overlap = MatchModel(rank_coef=weights, coef=weights, intercept=0)
    retriever = Retriever(store, encoder, model=only_overlap)
    ranked = retriever.candidates(query, k=3)
    assert ranked[0].claim.id == "c-ferry" and ranked[0].features[RERANK_FEATURES.index("claim_overlap")] == 0.8
    # Lexical mode keeps the BM25 order and still fills features and probabilities.
    lexical = Retriever(store, encoder, mode="lexical", model=only_overlap).candidates(query, k=3)
    assert [c.claim.id for c in lexical] == [c.claim.id for c in fused[:3]] and lexical[0].probability > 0.5


@pytest.mark.unit
def test_rerank_uses_exact_cosines_and_claim_only_vectors() -> None:
    encoder = FakeEmbedder()
    store = _vector_store(encoder)
    assert store.vector_count(encoder.name) == len(MINI)
    assert len(store.get_vectors(claim_vector_model(encoder.name), [c.id for c in MINI])) == len(MINI)
    retriever = Retriever(store, encoder, depth=1)
    query = "seals brought by ferry, harbour tax"
    vector = encoder.embed([query])[0]
    lexical, dense = store.search_lexical(query, 3), store.search_dense(vector, 1, model=encoder.name)
    ranked = retriever.rank(query, lexical, dense, vector)
    only_lexical = [c for c in ranked if c.dense_rank is None]
    assert only_lexical
    exact = store.get_vectors(encoder.name, [c.claim.id for c in only_lexical])
    for c in only_lexical:  # not the dense list's lowest cosine: the claim's own
        assert c.cosine == pytest.approx(float(exact[c.claim.id] @ vector), abs=1e-6)
    gap = [c.features[RERANK_FEATURES.index("claim_cosine_gap")] for c in ranked]
    assert min(gap) == 0.0 and all(g >= 0.0 for g in gap)


@pytest.mark.unit
def test_dense_without_vectors_is_an_error_and_hybrid_falls_back() -> None:
    store = MemoryStore()
    store.upsert(MINI)
    with pytest.raises(StoreError, match="store embed"):
        Retriever(store, FakeEmbedder(), mode="dense").search("bridge")
    hybrid = Retriever(store, FakeEmbedder())
    assert hybrid.method == "lexical" and hybrid.search("swing bridge", k=1)[0].claim.id == "c-bridge"
    with pytest.raises(ValueError, match="mode"):
        Retriever(store, mode="fuzzy")  # type: ignore[arg-type]


class KeywordPairs:
    """A fake second stage: the pair score is 1 when the text contains ``word``; the ranking uses only it."""

    name = "keyword-pairs"

    def __init__(self, word: str, top: int = 2) -> None:
        features = (*RERANK_FEATURES, "crossencoder")
        only_pair = tuple(1.0 if f == "crossencoder" else 0.0 for f in features)
        self.stage = SecondStage(features, only_pair, tuple(4.0 * c for c in only_pair), -2.0, 0.5, top)
        self.word = word
        self.calls: list[tuple[str, list[str]]] = []

    def score(self, query: str, texts: Sequence[str]) -> FloatArray:
        self.calls.append((query, list(texts)))
        return np.asarray([1.0 if self.word in text.casefold() else 0.0 for text in texts], dtype=np.float32)


@pytest.mark.unit
def test_second_stage_reorders_only_the_top_candidates() -> None:
    encoder = FakeEmbedder()
    store = _vector_store(encoder)
    query = "harbour tax and ferry fares tripled"
    first = Retriever(store, encoder).candidates(query, k=6)
    assert [c.claim.id for c in first[:2]] == ["c-ferry", "c-tax"] and all(c.pair_score is None for c in first)
    pairs = KeywordPairs("mayor", top=2)
    retriever = Retriever(store, encoder, second_stage=pairs)
    assert retriever.reranks_pairs
    second = retriever.candidates(query, k=6)
    # Only the first stage's top 2 are sent, as the text their vectors encode; the pair score puts the tax first.
    texts = ["Ferry fares to the islands tripled during 2022.", "The mayor doubled the harbour tax within one year."]
    assert pairs.calls == [(query, texts)]
    assert [c.claim.id for c in second] == ["c-tax", "c-ferry", *[c.claim.id for c in first[2:]]]
    assert [c.pair_score for c in second[:2]] == [1.0, 0.0] and all(c.pair_score is None for c in second[2:])
    assert second[0].probability == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert second[1].probability == pytest.approx(1 / (1 + math.exp(2.0)))
    # Scores stay in rank order (TREC tools sort by score) and the tail keeps its first-stage gaps.
    scores = [c.score for c in second]
    assert scores == sorted(scores, reverse=True) and scores[1] > scores[2]
    assert scores[2] - scores[3] == pytest.approx(first[2].score - first[3].score)


@pytest.mark.unit
def test_second_stage_is_skipped_without_dense_ranking() -> None:
    encoder = FakeEmbedder()
    store = _vector_store(encoder)
    pairs = KeywordPairs("ferry")
    lexical = Retriever(store, encoder, mode="lexical", second_stage=pairs)
    assert not lexical.reranks_pairs and lexical.candidates("mayor harbour tax ferry", k=3)[0].pair_score is None
    assert pairs.calls == []
    no_vectors = MemoryStore()
    no_vectors.upsert(MINI)
    hybrid = Retriever(no_vectors, encoder, second_stage=pairs)
    assert hybrid.method == "lexical" and not hybrid.reranks_pairs
    assert hybrid.search("mayor harbour tax ferry", k=3) and pairs.calls == []


@pytest.mark.integration
def test_real_encoder_finds_a_paraphrase_with_no_shared_word() -> None:
    from sourcetrace.models.embedder import Embedder

    encoder = Embedder()
    store = _vector_store(encoder)  # type: ignore[arg-type]
    query = "Authorities intend to knock down that ancient pivoting crossing once winter ends."
    assert all(hit.claim.id != "c-bridge" for hit in Retriever(store, encoder, mode="lexical").search(query, k=3))
    assert Retriever(store, encoder, mode="dense").search(query, k=1)[0].claim.id == "c-bridge"
    assert Retriever(store, encoder).search(query, k=1)[0].claim.id == "c-bridge"


@pytest.mark.unit
def test_second_stage_fitted_on_other_features_is_refused() -> None:
    pairs = KeywordPairs("ferry")
    pairs.stage = SecondStage(("cosine", "crossencoder"), (1.0, 1.0), (1.0, 1.0), 0.0, 0.5, 20)
    with pytest.raises(ModelError, match="retrain it"):
        Retriever(MemoryStore(), FakeEmbedder(), second_stage=pairs)


@pytest.mark.integration
def test_committed_cross_encoder_scores_pairs_alone_and_prefers_the_paraphrase() -> None:
    from sourcetrace.models.crossencoder import CrossEncoder

    cross = CrossEncoder()
    query = "The town's mayor made the port levy twice as high in a single year."
    texts = ["The mayor doubled the harbour tax within one year.", "Ferry fares to the islands tripled during 2022."]
    both = cross.score(query, texts)
    assert both.shape == (2,) and both[0] > both[1]
    assert cross.score(query, texts[:1])[0] == both[0] and cross.score(query, texts[1:])[0] == both[1]
    assert list(cross.score(query, texts)) == list(both)  # deterministic
    encoder = FakeEmbedder(synonyms={"levy": "tax"})
    ranked = Retriever(_vector_store(encoder), encoder, second_stage=cross).candidates(query, k=3)
    assert ranked[0].claim.id == "c-tax" and ranked[0].pair_score == pytest.approx(float(both[0]), abs=1e-6)
    assert 0.0 < ranked[-1].probability < ranked[0].probability < 1.0
