"""``python -m analysis`` entry point."""

import sys

from analysis.cli import main

sys.exit(main())
