"""PolNeAR reader for the benchmarks (lives in :mod:`sourcetrace.train.polnear`, shared with training)."""

from sourcetrace.train.polnear import (
    GoldAttribution,
    PolnearDoc,
    holdout_names,
    load_split,
    parse_ann,
    parse_fragments,
)

__all__ = ["GoldAttribution", "PolnearDoc", "holdout_names", "load_split", "parse_ann", "parse_fragments"]
