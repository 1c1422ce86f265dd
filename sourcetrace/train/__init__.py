"""Training scripts for the committed models (need the ``train`` extra: torch; never imported at inference)."""
