"""Built-in analysis stages; importing this package registers them."""

from sourcetrace.stages import actors, claims, hedging, linguistics, profile

__all__ = ["actors", "claims", "hedging", "linguistics", "profile"]
