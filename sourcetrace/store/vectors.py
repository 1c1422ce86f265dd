"""Fill a store's claim vectors with the sentence encoder: on import, and by ``sourcetrace store embed``."""

from __future__ import annotations

from collections.abc import Callable

from sourcetrace.models.embedder import TextEncoder
from sourcetrace.store.base import ClaimStore, vector_text

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
    """Embed every claim (claim + title) that has no vector for ``encoder.name`` yet; returns how many."""
    done = 0
    while records := store.missing_vectors(encoder.name, batch):
        vectors = encoder.embed([vector_text(record) for record in records])
        written = store.put_vectors(encoder.name, [record.id for record in records], vectors)
        if written == 0:
            break  # records vanished meanwhile; never loop forever
        done += written
        if on_progress is not None:
            on_progress(done)
    return done
