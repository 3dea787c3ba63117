"""``python -m coprod``."""

from coprod.cli import main

raise SystemExit(main())
