"""Build the EGDI country profile of every UN Member State as offline HTML.

    python scripts/run_country_profiles.py [--countries MNG KAZ ...] [--jobs N] [--out-dir DIR]
                                           [--edition 2024] [--language en|mn]

The same as ``python -m egovreport batch`` (data step first, when needed). Writes
build/country_profiles/<ISO3>.html, index.html and summary.json (wall time, peak memory,
failures). Exits 1 if any state failed.
"""

import sys

from egovreport.cli import main

if __name__ == "__main__":
    sys.exit(main(["batch", *sys.argv[1:]]))
