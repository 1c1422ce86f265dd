"""Built-in analysis stages; importing this package registers them."""

from sourcetrace.stages import claims, hedging, linguistics, profile

__all__ = ["claims", "hedging", "linguistics", "profile"]
