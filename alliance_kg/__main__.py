"""`python -m alliance_kg` is the `alliance-kg` command."""

import sys

from alliance_kg.cli import main

sys.exit(main())
