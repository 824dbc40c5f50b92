#!/usr/bin/env python3
"""List missing and untranslated keys of the translation catalogue.

For every domain file ``src/egovreport/locales/en/<domain>.yml`` (English is the
reference) and every other language, print:

- MISSING: keys in English that the other language lacks (the build would fall
  back to English); exit status 1 if there are any;
- EXTRA: keys the other language has but English does not (stale; exit status 1);
- PLACEHOLDERS: translations whose ``{placeholders}`` differ from the English
  ones (the build would fail or lose a number; exit status 1);
- UNTRANSLATED: values identical to the English text (often a forgotten string;
  acronyms and numbers are fine) — reported, not an error;
- STATUS: the ``_meta.status`` of each file (``draft`` until a translator reviews it).

Usage::

    python scripts/check_translations.py              # all domains, all languages
    python scripts/check_translations.py brief        # one domain
    python scripts/check_translations.py --locales DIR  # another locales folder (tests)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

DEFAULT_LOCALES = Path(__file__).resolve().parents[1] / "src" / "egovreport" / "locales"
REFERENCE = "en"
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}(?!\})")
# Values that need no translation: codes, acronyms, numbers, punctuation, placeholders only.
_NEUTRAL = re.compile(r"^[\sA-Z0-9_.,:;/()\[\]{}+\-–—×→%#№'\"`*]*$")


def flatten(node, prefix: str = "") -> dict:
    """Nested mapping → ``{"a.b.c": value}`` (``_meta`` skipped; lists kept as values)."""
    out = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "_meta":
                continue
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    else:
        out[prefix] = node
    return out


def placeholders(value) -> set[str]:
    texts = value if isinstance(value, list) else [value]
    return {m for text in texts if isinstance(text, str) for m in _PLACEHOLDER.findall(text)}


def load(path: Path) -> tuple[dict, dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return flatten(data), (data.get("_meta") or {})


def check(locales: Path, domains: list[str] | None = None) -> tuple[list[str], list[str]]:
    """``(errors, notes)``: lines to print; errors make the exit status non-zero."""
    errors, notes = [], []
    languages = sorted(p.name for p in locales.iterdir() if p.is_dir() and p.name != REFERENCE)
    ref_files = sorted((locales / REFERENCE).glob("*.yml"))
    if domains:
        ref_files = [f for f in ref_files if f.stem in domains]
        unknown = set(domains) - {f.stem for f in ref_files}
        errors += [f"{d}: no such domain in {locales / REFERENCE}" for d in sorted(unknown)]
    for ref_file in ref_files:
        domain = ref_file.stem
        ref, _ = load(ref_file)
        for lang in languages:
            target = locales / lang / ref_file.name
            if not target.exists():
                errors.append(f"MISSING FILE {target} (domain '{domain}', {len(ref)} keys)")
                continue
            tr, meta = load(target)
            notes.append(f"STATUS {lang}/{ref_file.name}: {meta.get('status', 'unknown')}")
            for key in sorted(set(ref) - set(tr)):
                errors.append(f"MISSING {lang} {domain}.{key}  (en: {str(ref[key])[:70]!r})")
            for key in sorted(set(tr) - set(ref)):
                errors.append(f"EXTRA {lang} {domain}.{key}  (not in en)")
            for key in sorted(set(ref) & set(tr)):
                if placeholders(ref[key]) != placeholders(tr[key]):
                    errors.append(f"PLACEHOLDERS {lang} {domain}.{key}: en {sorted(placeholders(ref[key]))}, "
                                  f"{lang} {sorted(placeholders(tr[key]))}")
                if isinstance(ref[key], list) != isinstance(tr[key], list):
                    errors.append(f"TYPE {lang} {domain}.{key}: en is a {type(ref[key]).__name__}, "
                                  f"{lang} a {type(tr[key]).__name__}")
                elif tr[key] == ref[key] and not _NEUTRAL.match(_PLACEHOLDER.sub("", str(ref[key]))):
                    notes.append(f"UNTRANSLATED {lang} {domain}.{key}: {str(ref[key])[:70]!r}")
    return errors, notes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("domains", nargs="*", help="domain names (file stems), default: all")
    parser.add_argument("--locales", type=Path, default=DEFAULT_LOCALES, help="locales folder")
    args = parser.parse_args(argv)
    errors, notes = check(args.locales, args.domains or None)
    for line in notes + errors:
        print(line)
    print(f"{len(errors)} problem(s), {sum(n.startswith('UNTRANSLATED') for n in notes)} untranslated value(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
