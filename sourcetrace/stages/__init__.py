"""Built-in analysis stages; importing this package registers them."""

from sourcetrace.stages import (
    actors,
    attribution,
    claims,
    encoding,
    hedging,
    linguistics,
    matches,
    narratives,
    profile,
    techniques,
)

__all__ = ["actors", "attribution", "claims", "encoding", "hedging", "linguistics", "matches", "narratives",
           "profile", "techniques"]
