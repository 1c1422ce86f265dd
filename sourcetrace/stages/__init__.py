"""Built-in analysis stages; importing this package registers them."""

from sourcetrace.stages import hedging, linguistics

__all__ = ["hedging", "linguistics"]
