"""Built-in analysis stages; importing this package registers them."""

from sourcetrace.stages import linguistics

__all__ = ["linguistics"]
