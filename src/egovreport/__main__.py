"""``python -m egovreport`` runs the command line (see :mod:`egovreport.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":  # worker processes (spawn) import this module too
    sys.exit(main())
