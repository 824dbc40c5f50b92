"""Exchange the report's translations with translators as gettext .po files.

    python scripts/translations_po.py export mn                 # -> build/translations/mn/<domain>.po
    python scripts/translations_po.py export mn --out somewhere
    python scripts/translations_po.py import mn build/translations/mn/*.po

Export writes one .po file per catalogue domain (key = msgctxt, English = msgid, current
Mongolian = msgstr; drafts marked fuzzy). Import writes the translations back into
src/egovreport/locales/mn/*.yml, changing only the values that changed; it refuses a
translation whose {placeholders} differ from the English (file and line named). The book's
page chrome (menus, buttons, search) is translated in book/_locales/<lang>/LC_MESSAGES/*.po,
which are gettext files already. See TRANSLATING.md and egovreport.gettext_exchange.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from egovreport.errors import InputError  # noqa: E402
from egovreport.gettext_exchange import export_po, import_po  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("export", help="write .po files for a language")
    ex.add_argument("language")
    ex.add_argument("--out", type=Path, help="folder (default: build/translations/<language>)")
    im = sub.add_parser("import", help="write .po translations back into the YAML catalogues")
    im.add_argument("language")
    im.add_argument("po_files", nargs="+", type=Path)
    args = ap.parse_args(argv)
    if args.command == "export":
        out = args.out or ROOT / "build" / "translations" / args.language
        files = export_po(args.language, out)
        print(f"{len(files)} .po files in {out}")
        return 0
    try:
        report = import_po(args.language, args.po_files)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for domain, keys in report.changed.items():
        print(f"{domain}: {len(keys)} translation(s) updated")
    for domain in report.reviewed:
        print(f"{domain}: every entry reviewed, marked 'status: reviewed'")
    if not report.changed:
        print("nothing changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
