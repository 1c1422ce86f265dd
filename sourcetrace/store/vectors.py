"""Fill a store's claim vectors with the sentence encoder: on import, and by ``sourcetrace store embed``.

Two vectors per claim: the claim with its fact-check title (``vector_text``;
searched by ``search_dense``) and the claim alone (``claim_vector_model``; read
by the re-ranker). When the title adds nothing the two are the same vector,
copied rather than encoded twice.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sourcetrace.models.embedder import TextEncoder
from sourcetrace.store.base import ClaimStore, claim_vector_model, vector_text

__all__ = ["EMBED_BATCH", "embed_missing"]

#: Claims embedded and written per round.
EMBED_BATCH = 256


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
    """
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
