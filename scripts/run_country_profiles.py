"""Build the EGDI country profile of every UN Member State as offline HTML.

    python scripts/run_country_profiles.py [--countries MNG KAZ ...] [--jobs N] [--out-dir DIR]
                                           [--edition 2024] [--language en|mn]

Thin entry point around :func:`egovreport.batch.run_country_profiles` (the CLI's
``python -m egovreport batch`` calls the same function). Exits 1 if any state failed.
"""

import argparse
import json
import sys

from egovreport.batch import run_country_profiles


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--countries", nargs="*", help="ISO3 codes (default: all 193 Member States)")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--out-dir", default=None, help="output folder (default: build/country_profiles)")
    p.add_argument("--edition", type=int, default=2024)
    p.add_argument("--language", default="en", choices=["en", "mn"])
    a = p.parse_args(argv)
    summary = run_country_profiles(a.countries or None, jobs=a.jobs, out_dir=a.out_dir, edition=a.edition,
                                   language=a.language)
    print(json.dumps({k: summary[k] for k in ("n_requested", "n_ok", "n_failed", "wall_time_s", "peak_rss_mb",
                                                "jobs")}))
    for f in summary["failures"]:
        print(f"FAILED {f['iso3']}: {f['error']}", file=sys.stderr)
    return 1 if summary["n_failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
