"""``python -m sourcetrace``: the same command line as ``sourcetrace``."""

from sourcetrace.cli import app

if __name__ == "__main__":
    app(prog_name="sourcetrace")
