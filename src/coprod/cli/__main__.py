"""``python -m coprod.cli``."""

from coprod.cli import main

raise SystemExit(main())
