"""Exchange the translation catalogues with translators as gettext ``.po`` files.

The report's strings live in YAML (``locales/<lang>/<domain>.yml``, see TRANSLATING.md).
Translators' tools (Poedit, Lokalize, Weblate, OmegaT...) work with gettext catalogues, so:

* :func:`export_po` writes one ``<domain>.po`` per domain for a language: each string's key
  is its ``msgctxt``, the English text its ``msgid``, the current translation its ``msgstr``
  (empty when missing); entries of a catalogue that is still a draft are marked ``fuzzy``
  ("needs review"), and a translation identical to the English is left empty only when the
  key is missing.
* :func:`import_po` writes the translations of such files back into the YAML catalogues.
  Only the values that changed are rewritten (as double-quoted YAML strings, at their place
  in the file), so comments, order and layout of the YAML files stay as they were. A
  translation whose ``{placeholders}`` differ from the English is refused with the ``.po``
  file and line; so is a key that the English catalogue does not have. A file whose fuzzy
  flags were all cleared by the reviewer is marked ``status: reviewed``.

``python scripts/translations_po.py export mn`` / ``import`` run them (see TRANSLATING.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from .errors import InputError

_PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)[^{}]*\}")


def locales_dir() -> Path:
    return Path(str(resources.files("egovreport") / "locales"))


def domains() -> list[str]:
    return sorted(p.stem for p in (locales_dir() / "en").glob("*.yml"))


def _flatten(node, prefix: str = "", out: dict | None = None) -> dict[str, str]:
    out = {} if out is None else out
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "_meta":
                continue
            _flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _flatten(v, f"{prefix}.{i}", out)
    elif isinstance(node, str):
        out[prefix] = node
    return out


def _scalar_nodes(node, prefix: str = "", out: dict | None = None) -> dict:
    """``{key: ScalarNode}`` of a composed YAML document (same keys as :func:`_flatten`)."""
    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == "_meta":
                continue
            _scalar_nodes(v, f"{prefix}.{k.value}" if prefix else str(k.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _scalar_nodes(v, f"{prefix}.{i}", out)
    elif isinstance(node, yaml.ScalarNode):
        out[prefix] = node
    return out


def placeholders(text: str) -> list[str]:
    return sorted(set(_PLACEHOLDER.findall(text or "")))


def _read(lang: str, domain: str) -> tuple[dict, dict]:
    path = locales_dir() / lang / f"{domain}.yml"
    if not path.exists():
        return {}, {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return _flatten(data), data.get("_meta") or {}


def export_po(lang: str, out_dir: Path) -> list[Path]:
    """Write ``<out_dir>/<domain>.po`` for every domain; returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for domain in domains():
        english, _ = _read("en", domain)
        translated, meta = _read(lang, domain)
        draft = str(meta.get("status", "draft")).split()[0] != "reviewed"
        catalog = Catalog(locale=lang, domain=domain, project="egovreport", charset="utf-8",
                          last_translator="", language_team="",
                          header_comment=f"# Translation of the egovreport '{domain}' catalogue into {lang}.\n"
                                         f"# Exported from src/egovreport/locales/{lang}/{domain}.yml; import it "
                                         f"back with scripts/translations_po.py import.\n"
                                         f"# Keep every {{placeholder}} as written; do not translate msgctxt.")
        for key, source in english.items():
            target = translated.get(key, "")
            flags = ["fuzzy"] if draft and target else []
            if "{" in source:
                flags.append("python-brace-format")
            catalog.add(source, target, context=key, flags=flags,
                        auto_comments=[f"placeholders: {', '.join(placeholders(source))}"]
                        if placeholders(source) else [])
        target_file = out_dir / f"{domain}.po"
        with open(target_file, "wb") as fh:
            write_po(fh, catalog, width=100, omit_header=False, sort_output=False)
        written.append(target_file)
    return written


@dataclass
class ImportReport:
    """What :func:`import_po` changed."""

    changed: dict[str, list[str]] = field(default_factory=dict)  # domain -> keys
    reviewed: list[str] = field(default_factory=list)  # domains now marked reviewed


def _po_line(po_file: Path, key: str) -> int | None:
    """Line of ``msgctxt "<key>"`` in a .po file (for error messages)."""
    needle = f'msgctxt "{key}"'
    for i, line in enumerate(po_file.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() == needle:
            return i
    return None


def import_po(lang: str, po_files: list[Path], *, locales: Path | None = None) -> ImportReport:
    """Write the translations of ``po_files`` (named ``<domain>.po``) into the YAML catalogues
    of ``lang``. Raises :class:`InputError` (file, line, key) before anything is written if a
    translation breaks a placeholder or names an unknown key."""
    folder = Path(locales) if locales else locales_dir()
    report = ImportReport()
    plans = []
    for po_file in map(Path, po_files):
        domain = po_file.stem
        en_path = folder / "en" / f"{domain}.yml"
        if not en_path.exists():
            raise InputError(po_file, f"no catalogue '{domain}' (the file name must be a domain: "
                                      f"{', '.join(domains())})")
        english = _flatten(yaml.safe_load(en_path.read_text(encoding="utf-8")) or {})
        with open(po_file, "rb") as fh:
            catalog = read_po(fh, locale=lang, domain=domain)
        updates, all_reviewed = {}, True
        for message in catalog:
            if not message.id or not message.context:
                continue
            key = message.context
            if key not in english:
                raise InputError(po_file, f"'{key}' is not a key of the English catalogue '{domain}'",
                                 row=_po_line(po_file, key), column="msgctxt")
            if message.string and placeholders(message.string) != placeholders(english[key]):
                raise InputError(po_file, f"translation of '{key}' has placeholders "
                                          f"{placeholders(message.string)}, the English has "
                                          f"{placeholders(english[key])}", row=_po_line(po_file, key),
                                 column="msgstr")
            if message.string:
                updates[key] = message.string
            if message.fuzzy or not message.string:
                all_reviewed = False
        plans.append((domain, updates, all_reviewed))
    for domain, updates, all_reviewed in plans:
        changed = _write_translations(folder / lang / f"{domain}.yml", updates, reviewed=all_reviewed)
        if changed:
            report.changed[domain] = changed
        if all_reviewed and updates:
            report.reviewed.append(domain)
    return report


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _write_translations(path: Path, updates: dict[str, str], *, reviewed: bool) -> list[str]:
    """Set ``updates`` in the YAML file ``path``: changed scalars are replaced in place; keys
    the file lacks are added (the file is then rewritten by the YAML dumper)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    current = _flatten(yaml.safe_load(text) or {}) if text else {}
    changed = [k for k, v in updates.items() if current.get(k) != v]
    missing = [k for k in changed if k not in current]
    if missing:
        data = yaml.safe_load(text) or {} if text else {}
        for key in changed:
            node = data
            parts = key.split(".")
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            node[parts[-1]] = updates[key]
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    elif changed:
        nodes = _scalar_nodes(yaml.compose(text, Loader=yaml.SafeLoader))
        # replace from the end of the file, so earlier offsets stay valid
        for key in sorted(changed, key=lambda k: nodes[k].start_mark.index, reverse=True):
            node = nodes[key]
            segment = text[node.start_mark.index:node.end_mark.index]
            tail = segment[len(segment.rstrip()):]
            text = text[:node.start_mark.index] + _quoted(updates[key]) + tail + text[node.end_mark.index:]
    if reviewed and updates:
        text = re.sub(r"(?m)^(  status:\s*)draft\b.*$", r"\1reviewed", text, count=1)
    if changed or reviewed:
        path.write_text(text, encoding="utf-8")
    return changed
