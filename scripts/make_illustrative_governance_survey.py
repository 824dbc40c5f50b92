"""Generate the ILLUSTRATIVE pre-workshop survey file for a country.

    python scripts/make_illustrative_governance_survey.py            # MNG, writes the file
    python scripts/make_illustrative_governance_survey.py --check    # only compare

Writes ``data/country/<ISO3>/governance_survey_ILLUSTRATIVE.csv``: simulated
answers (seeded, ``numpy.random.default_rng``) scattered around the desk-review
levels, from organisation types in the proportions of the invited institutions.
The model is documented in ``egovreport.governance.survey.make_illustrative_responses``.
These are NOT survey answers; the word ILLUSTRATIVE in the file name makes every
table and figure built from them carry an "ILLUSTRATIVE DATA" label.
Rerun after the desk review or the stakeholder list changes, and commit the file;
``tests/test_governance_survey.py`` checks that the committed file is up to date.
"""

from __future__ import annotations

import argparse
import sys

from egovreport.governance import survey
from egovreport.provenance import track_write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--country", default="MNG", help="ISO3 code (default MNG)")
    parser.add_argument("--seed", type=int, default=survey.ILLUSTRATIVE_SEED)
    parser.add_argument("--respondents", type=int, default=survey.ILLUSTRATIVE_RESPONDENTS)
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    data = survey.illustrative_survey_bytes(args.country, seed=args.seed, n_respondents=args.respondents)
    target = survey.survey_path(args.country, survey.ILLUSTRATIVE_SURVEY_FILE)
    if args.check:
        same = target.exists() and target.read_bytes() == data
        print(f"{target}: {'up to date' if same else 'OUT OF DATE: rerun without --check'}")
        return 0 if same else 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    track_write(target)
    n_rows = data.count(b"\n") - 1
    print(f"wrote {target} ({n_rows} rows, seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
