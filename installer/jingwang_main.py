"""Entry point of the frozen bundle: the ``jingwang`` command line (console, relay and every other command)."""

import sys

from console.cli import main

if __name__ == "__main__":
    sys.exit(main())
