"""Ranking known claims for a query text (lexical, dense, or both fused), and TREC run files.

``Retriever`` asks the store for two rankings — BM25 (``search_lexical``) and
cosine over sentence embeddings (``search_dense``) — and fuses them with a
weighted sum of the cosine and the BM25 score divided by the query's best BM25
score (weights in ``matching.json``, tuned on CheckThat! 2021 2B train queries).
A claim only one ranking found gets, for the other, the lowest value that
ranking returned (a bound, not a measurement).

With vectors (``hybrid``), every fused candidate is then re-ranked by a
logistic model over cheap features (``_rerank.py``: exact cosine, BM25,
claim-only cosine, word and number overlap, speaker and debate priors), and
gets a calibrated probability that the query repeats it (``_calibration.py``).

An optional second stage (``second_stage``, the committed cross-encoder in
``sourcetrace match``) reads the query and each of the top candidates together;
a logistic model over the first-stage features plus that pair score re-orders
those candidates and gives their probability. Candidates below them keep the
first-stage order, their scores shifted below the re-scored ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, TextIO

from sourcetrace.errors import EmptyInputError, FormatError, InputError, ModelError, StoreError
from sourcetrace.models.crossencoder import PAIR_FEATURE, PairScorer
from sourcetrace.models.embedder import Embedder, TextEncoder
from sourcetrace.models.runtime import FloatArray
from sourcetrace.store._calibration import MatchModel, load_match_model
from sourcetrace.store._rerank import RERANK_FEATURES, QueryText, candidate_features
from sourcetrace.store.base import ClaimStore, Hit, KnownClaim, claim_vector_model, vector_text
from sourcetrace.store.vectors import check_encoder

__all__ = [
    "DEFAULT_K", "MODES", "Candidate", "Mode", "Retriever", "read_queries", "trec_lines", "write_trec_run",
]

#: Hits returned per query unless asked otherwise.
DEFAULT_K = 10
#: Candidates asked from each ranking before fusion.
DEPTH = 50
Mode = Literal["lexical", "dense", "hybrid"]
MODES: tuple[Mode, ...] = ("lexical", "dense", "hybrid")
#: Queries embedded per model call in ``search_many``.
QUERY_BATCH = 64


@dataclass(frozen=True)
class Candidate:
    """A known claim found for a query, with what each ranking said about it and the fused score."""

    claim: KnownClaim
    lexical_rank: int | None
    bm25: float
    """BM25 score over the query's best BM25 score (0..1); the ranking's lowest when it did not find the claim."""
    dense_rank: int | None
    cosine: float
    """Cosine similarity of the embeddings; the dense ranking's lowest when it did not find the claim."""
    score: float = 0.0
    """Ranking score (higher is better): the re-ranker's in ``hybrid`` mode, else the fused score."""
    features: tuple[float, ...] = ()
    """The match model's inputs (``_rerank.RERANK_FEATURES``); empty until ``Retriever.rank`` fills them."""
    probability: float = 0.0
    """Calibrated probability that the query repeats this claim."""
    pair_score: float | None = None
    """The second stage's score of the (query, claim) pair; None when the second stage did not see it."""


class Retriever:
    """Finds the known claims a text repeats, best first, by ``mode``: ``lexical``, ``dense`` or ``hybrid``.

    The encoder loads on the first dense query. A store without vectors for the
    encoder's model makes ``dense`` raise ``StoreError`` and ``hybrid`` fall back
    to lexical (``method`` then says ``lexical``); vectors built by another
    encoder raise ``StoreError`` in both (``sourcetrace store reembed`` fixes it).
    ``second_stage`` re-scores the top candidates of ``hybrid`` searches (see the module notes).
    """

    def __init__(
        self,
        store: ClaimStore,
        encoder: TextEncoder | None = None,
        *,
        mode: Mode = "hybrid",
        model: MatchModel | None = None,
        depth: int = DEPTH,
        second_stage: PairScorer | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.store = store
        self.mode: Mode = mode
        self.depth = depth
        if second_stage is not None and tuple(second_stage.stage.features) != (*RERANK_FEATURES, PAIR_FEATURE):
            raise ModelError(
                f"second stage {second_stage.name} was fitted on features {list(second_stage.stage.features)}, "
                f"not the re-ranker's {list(RERANK_FEATURES)} + {PAIR_FEATURE}; retrain it"
            )
        self.second_stage = second_stage
        self.model = model if model is not None else load_match_model()
        self._encoder = encoder
        self._has_vectors: bool | None = None if mode != "lexical" else False
        self._speakers: dict[str, int] = {}

    @property
    def encoder(self) -> TextEncoder:
        """The sentence encoder (the committed MiniLM unless one was given)."""
        if self._encoder is None:
            self._encoder = Embedder()
        return self._encoder

    @property
    def method(self) -> Mode:
        """What the searches actually use: ``mode``, or ``lexical`` when hybrid found no vectors."""
        return self.mode if self.mode == "lexical" or self._dense_ready() else "lexical"

    @property
    def reranks_pairs(self) -> bool:
        """Whether the searches use the second stage (it needs ``hybrid`` with vectors)."""
        return self.second_stage is not None and self.method == "hybrid"

    @property
    def ranking(self) -> str:
        """What ranks the hits: ``method``, plus ``-crossencoder`` when the second stage runs."""
        return self.method + ("-crossencoder" if self.reranks_pairs else "")

    def _dense_ready(self) -> bool:
        if self._has_vectors is None:
            self._has_vectors = self.store.vector_count(self.encoder.name) > 0
            if self._has_vectors:
                check_encoder(self.store, self.encoder)
            if not self._has_vectors and self.mode == "dense":
                raise StoreError(
                    f"the store has no '{self.encoder.name}' vectors; fill them with 'sourcetrace store embed'"
                )
        return self._has_vectors

    def embed(self, texts: list[str]) -> FloatArray | None:
        """Query vectors, or None when the searches do not use them."""
        return self.encoder.embed(texts) if self.method != "lexical" else None

    def candidates(self, query: str, k: int = DEFAULT_K, vector: FloatArray | None = None) -> list[Candidate]:
        """The ``k`` best candidates for ``query`` with their features, best first."""
        method = self.method
        if method != "lexical" and vector is None:
            found = self.embed([query])
            vector = found[0] if found is not None else None
        depth = max(k, self.depth) if method == "hybrid" else k
        lexical = self.store.search_lexical(query, depth) if method != "dense" else []
        dense = (
            self.store.search_dense(vector, depth, model=self.encoder.name)
            if method != "lexical" and vector is not None else []
        )
        return self.rank(query, lexical, dense, vector)[:k]

    def rank(
        self, query: str, lexical: list[Hit], dense: list[Hit], vector: FloatArray | None = None
    ) -> list[Candidate]:
        """Fuse two rankings, compute each candidate's features and probability; re-rank in ``hybrid`` mode.

        ``vector`` (the query's embedding) gives exact cosines for claims only the lexical ranking found.
        """
        fused = self.fuse(lexical, dense)
        if not fused:
            return []
        rerank = self.mode == "hybrid" and bool(dense)
        store, name = self.store, self.encoder.name if vector is not None else ""
        cosines = {c.claim.id: c.cosine for c in fused}
        claim_cosines = dict(cosines)
        if vector is not None and name:
            unseen = [c.claim.id for c in fused if c.dense_rank is None]
            for claim_id, row in store.get_vectors(name, unseen).items():
                cosines[claim_id] = claim_cosines[claim_id] = float(row @ vector)
            for claim_id, row in store.get_vectors(claim_vector_model(name), list(cosines)).items():
                claim_cosines[claim_id] = float(row @ vector)
        best_claim = max(claim_cosines.values())
        speakers = self._speaker_counts({c.claim.speaker for c in fused if c.claim.speaker})
        text = QueryText(query)
        out = []
        for c in fused:
            cosine = cosines[c.claim.id]
            features = candidate_features(
                text, c.claim, cosine=cosine, bm25=c.bm25, speaker_claims=speakers.get(c.claim.speaker or "", 0),
                claim_cosine_gap=best_claim - claim_cosines[c.claim.id],
            )
            score = self.model.rank_score(features) if rerank else c.score
            probability = self.model.probability(features)
            out.append(Candidate(c.claim, c.lexical_rank, c.bm25, c.dense_rank, cosine, score, features, probability))
        if rerank:
            order = {c.claim.id: n for n, c in enumerate(fused)}
            out.sort(key=lambda c: (-c.score, order[c.claim.id]))
            if self.second_stage is not None:
                out = self._rescore(query, out, self.second_stage)
        return out

    @staticmethod
    def _rescore(query: str, ranked: list[Candidate], scorer: PairScorer) -> list[Candidate]:
        """Re-order the top ``scorer.stage.top`` by the second stage; shift the rest's scores below them."""
        stage = scorer.stage
        head, tail = ranked[: stage.top], ranked[stage.top :]
        pair_scores = scorer.score(query, [vector_text(c.claim) for c in head])
        rescored = []
        for c, pair in zip(head, pair_scores, strict=True):
            features = (*c.features, float(pair))
            rescored.append(replace(
                c, score=stage.rank_score(features), probability=stage.probability(features), pair_score=float(pair)
            ))
        order = {c.claim.id: n for n, c in enumerate(head)}
        rescored.sort(key=lambda c: (-c.score, order[c.claim.id]))
        if tail:
            shift = tail[0].score - rescored[-1].score + 1.0
            rescored += [replace(c, score=c.score - shift) for c in tail]
        return rescored

    def _speaker_counts(self, speakers: set[str]) -> dict[str, int]:
        """Claims per speaker, asked of the store once per speaker and retriever (a prior, staleness is harmless)."""
        unknown = speakers - self._speakers.keys()
        if unknown:
            found = self.store.speaker_counts(unknown)
            self._speakers.update({speaker: found.get(speaker, 0) for speaker in unknown})
        return {speaker: self._speakers[speaker] for speaker in speakers}

    def fuse(self, lexical: list[Hit], dense: list[Hit]) -> list[Candidate]:
        """Merge the two rankings into candidates sorted by fused score (ties: better lexical rank, then id)."""
        top = lexical[0].score if lexical and lexical[0].score > 0 else 1.0
        low_bm25 = lexical[-1].score / top if lexical else 0.0
        low_cos = dense[-1].score if dense else 0.0
        lex = {hit.claim.id: (rank, hit) for rank, hit in enumerate(lexical, 1)}
        den = {hit.claim.id: (rank, hit) for rank, hit in enumerate(dense, 1)}
        out = []
        for claim_id in dict.fromkeys([*lex, *den]):
            lex_rank, lex_hit = lex.get(claim_id, (None, None))
            den_rank, den_hit = den.get(claim_id, (None, None))
            claim = (lex_hit or den_hit).claim  # type: ignore[union-attr]
            bm25 = lex_hit.score / top if lex_hit is not None else low_bm25
            cosine = den_hit.score if den_hit is not None else low_cos
            candidate = Candidate(claim, lex_rank, bm25, den_rank, cosine)
            out.append(Candidate(claim, lex_rank, bm25, den_rank, cosine, self._score(candidate, bool(dense))))
        out.sort(key=lambda c: (-c.score, c.lexical_rank or 10**9, c.claim.id))
        return out

    def _score(self, c: Candidate, dense: bool) -> float:
        if not dense:
            return c.bm25
        fusion = self.model.fusion
        rrf = sum(1.0 / (fusion.rrf_k + r) for r in (c.lexical_rank, c.dense_rank) if r is not None)
        return fusion.dense * c.cosine + fusion.lexical * c.bm25 + fusion.rrf * rrf

    def search(self, query: str, k: int = DEFAULT_K) -> list[Hit]:
        """The ``k`` best known claims for ``query`` (score: the fused score)."""
        return [Hit(claim=c.claim, score=c.score) for c in self.candidates(query, k)]

    def search_many(self, queries: Iterable[tuple[str, str]], k: int = DEFAULT_K) -> Iterator[tuple[str, list[Hit]]]:
        """``(query id, hits)`` for each ``(query id, text)``, in order; queries are embedded in batches."""
        pending = list(queries)
        for start in range(0, len(pending), QUERY_BATCH):
            chunk = pending[start : start + QUERY_BATCH]
            vectors = self.embed([text for _, text in chunk])
            for n, (qid, text) in enumerate(chunk):
                vector = vectors[n] if vectors is not None else None
                yield qid, [Hit(claim=c.claim, score=c.score) for c in self.candidates(text, k, vector)]



def read_queries(path: str | Path) -> list[tuple[str, str]]:
    """``(id, text)`` pairs from a file of ``id<TAB>text`` lines; a line without a tab raises ``FormatError``."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file" if not path.exists() else "not a file", str(path))
    queries: list[tuple[str, str]] = []
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            qid, tab, text = line.partition("\t")
            if not tab or not qid.strip():
                raise FormatError(f"line {number}: expected 'id<TAB>text'", str(path))
            queries.append((qid.strip(), text.strip()))
    if not queries:
        raise EmptyInputError("no queries", str(path))
    return queries


def trec_lines(qid: str, hits: list[Hit], tag: str) -> Iterator[str]:
    """TREC run lines ``qid Q0 docid rank score tag`` for one query, ranks from 1."""
    for rank, hit in enumerate(hits, 1):
        yield f"{qid}\tQ0\t{hit.claim.id}\t{rank}\t{hit.score:.6f}\t{tag}\n"


def write_trec_run(results: Iterable[tuple[str, list[Hit]]], out: TextIO, tag: str) -> int:
    """Write a TREC run file; returns the number of queries written."""
    count = 0
    for qid, hits in results:
        out.writelines(trec_lines(qid, hits, tag))
        count += 1
    return count

