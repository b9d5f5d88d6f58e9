"""``python -m console`` is the ``jingwang`` command."""

from console.cli import main

raise SystemExit(main())
