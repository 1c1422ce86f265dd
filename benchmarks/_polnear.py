"""PolNeAR reader for the benchmarks (lives in :mod:`sourcetrace.train.polnear`, shared with training)."""

from sourcetrace.train.polnear import (
    GoldAttribution,
    PolnearDoc,
    fold_names,
    holdout_names,
    load_split,
    parse_ann,
    parse_fragments,
)

__all__ = ["GoldAttribution", "PolnearDoc", "fold_names", "holdout_names", "load_split", "parse_ann", "parse_fragments"]
