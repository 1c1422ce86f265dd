"""Fill a store's claim vectors with the sentence encoder: on import, by ``sourcetrace store embed`` and ``reembed``.

Two vectors per claim: the claim with its fact-check title (``vector_text``;
searched by ``search_dense``) and the claim alone (``claim_vector_model``; read
by the re-ranker). When the title adds nothing the two are the same vector,
copied rather than encoded twice.

A store records the fingerprint of the encoder that built its vectors. Vectors
of another encoder (a retrained model) live in another space: searching them
with this encoder's query vectors, or adding this encoder's vectors beside
them, would rank silently wrong. ``check_encoder`` refuses that with a
``StoreError`` naming the fix, ``reembed`` replaces every vector.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sourcetrace.errors import StoreError
from sourcetrace.models.embedder import TextEncoder
from sourcetrace.store.base import ClaimStore, claim_vector_model, vector_text

__all__ = ["EMBED_BATCH", "LEGACY_FINGERPRINT", "check_encoder", "embed_missing", "reembed", "stale_encoder"]

#: Claims embedded and written per round.
EMBED_BATCH = 256
#: The encoder behind vectors written before stores recorded one: the base all-MiniLM-L6-v2 int8 model.
LEGACY_FINGERPRINT = "3fe9be2644412155"


def stale_encoder(store: ClaimStore, encoder: TextEncoder) -> str | None:
    """The fingerprint of the other encoder that built the store's ``encoder.name`` vectors, or None when they fit."""
    recorded = store.vector_encoder(encoder.name)
    if recorded == encoder.fingerprint or store.vector_count(encoder.name) == 0:
        return None
    found = recorded or LEGACY_FINGERPRINT
    return found if found != encoder.fingerprint else None


def check_encoder(store: ClaimStore, encoder: TextEncoder) -> None:
    """Raise ``StoreError`` when the store's vectors were built by another encoder than ``encoder``."""
    other = stale_encoder(store, encoder)
    if other is not None:
        raise StoreError(
            f"the store's '{encoder.name}' vectors were built by another encoder (fingerprint {other}, this "
            f"sourcetrace's is {encoder.fingerprint}); re-embed them with 'sourcetrace store reembed' "
            "(same --db)"
        )


def embed_missing(
    store: ClaimStore,
    encoder: TextEncoder,
    *,
    batch: int = EMBED_BATCH,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Embed every claim that has no ``encoder.name`` vector yet (claim + title, and claim alone); returns how many.

    The count is of claims given a claim + title vector; claim-only vectors
    missing from an older store are filled too, without being counted.
    Raises ``StoreError`` when the store's vectors come from another encoder (see ``reembed``).
    """
    check_encoder(store, encoder)
    if store.vector_encoder(encoder.name) != encoder.fingerprint:
        store.record_encoder(encoder.name, encoder.fingerprint)
    done = 0
    while records := store.missing_vectors(encoder.name, batch):
        vectors = encoder.embed([vector_text(record) for record in records])
        written = store.put_vectors(encoder.name, [record.id for record in records], vectors)
        if written == 0:
            break  # records vanished meanwhile; never loop forever
        done += written
        if on_progress is not None:
            on_progress(done)
    claim_model = claim_vector_model(encoder.name)
    while records := store.missing_vectors(claim_model, batch):
        ids = [record.id for record in records]
        same = [record.id for record in records if vector_text(record) == record.claim]
        copied = store.get_vectors(encoder.name, same)
        fresh = [record for record in records if record.id not in copied]
        rows = np.zeros((len(records), encoder.dim), dtype=np.float32)
        at = {claim_id: n for n, claim_id in enumerate(ids)}
        for claim_id, vector in copied.items():
            rows[at[claim_id]] = vector
        if fresh:
            encoded = encoder.embed([record.claim for record in fresh])
            for n, record in enumerate(fresh):
                rows[at[record.id]] = encoded[n]
        if store.put_vectors(claim_model, ids, rows) == 0:
            break
    return done


def reembed(
    store: ClaimStore,
    encoder: TextEncoder,
    *,
    batch: int = EMBED_BATCH,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Drop the store's ``encoder.name`` vectors (whoever built them) and embed every claim again; returns how many."""
    store.delete_vectors(claim_vector_model(encoder.name))
    store.delete_vectors(encoder.name)
    return embed_missing(store, encoder, batch=batch, on_progress=on_progress)
