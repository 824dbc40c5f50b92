"""Reading and checking ``pipeline.yml``, and expanding it into an execution plan."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import paths
from ..errors import ParameterError

PIPELINE_FILE = "pipeline.yml"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {"parameters", "inputs", "data_step", "notebooks", "pdf", "book"}
_NOTEBOOK_KEYS = {"id", "path", "parameters", "inputs", "after", "per_language", "timeout"}
_PDF_KEYS = {"html", "pdf", "per_language"}
# Run parameter whose value lists the languages that ``per_language`` notebooks fan out to.
LANGUAGES_PARAMETER = "languages"


class PipelineError(RuntimeError):
    """The pipeline cannot run or failed (bad pipeline.yml, failing notebook, book build)."""


@dataclass(frozen=True)
class ParameterSpec:
    """One run-wide parameter declared in pipeline.yml."""

    name: str
    type: str
    default: object


@dataclass(frozen=True)
class NotebookEntry:
    """A notebook as declared in pipeline.yml (before the per-language fan-out)."""

    id: str
    path: str
    parameters: tuple[str, ...]
    after: tuple[str, ...]
    per_language: bool = False
    timeout: int | None = None
    inputs: dict = field(default_factory=dict, hash=False)  # parameter -> (input name, role)


@dataclass(frozen=True)
class NotebookSpec:
    """One notebook execution of the plan (``key_findings_en`` for a per-language entry)."""

    id: str
    entry_id: str
    path: str  # relative to the project root
    parameters: dict = field(hash=False)
    after: tuple[str, ...] = ()
    language: str | None = None
    timeout: int | None = None
    inputs: dict = field(default_factory=dict, hash=False)  # parameter -> declared input name


@dataclass(frozen=True)
class PdfEntry:
    html: str
    pdf: str
    per_language: bool = False


@dataclass
class Pipeline:
    """The parsed pipeline file."""

    root: Path
    parameters: dict[str, ParameterSpec]
    data_step: str | None
    notebooks: list[NotebookEntry]
    pdf: list[PdfEntry]
    book_path: str
    inputs: dict = field(default_factory=dict)  # name -> inputs.InputSpec

    @property
    def file(self) -> Path:
        return self.root / PIPELINE_FILE

    def expanded_ids(self, entry: NotebookEntry, languages) -> list[str]:
        return [f"{entry.id}_{lang}" for lang in languages] if entry.per_language else [entry.id]

    def plan(self, params: dict, resolved_inputs: dict | None = None) -> list[NotebookSpec]:
        """Notebook executions for resolved ``params``, in pipeline order.

        ``resolved_inputs`` (:func:`egovreport.pipeline.inputs.resolve_inputs`) gives the
        parameters of the notebooks that read declared inputs (a file path, or "" if absent).
        """
        from .inputs import notebook_inputs, resolve_inputs

        if resolved_inputs is None:
            resolved_inputs = resolve_inputs(self.inputs, params)
        languages = list(params.get(LANGUAGES_PARAMETER) or [])
        by_entry = {e.id: e for e in self.notebooks}
        specs: list[NotebookSpec] = []
        for entry in self.notebooks:
            for lang in (languages if entry.per_language else [None]):
                values = {name: params[name] for name in entry.parameters}
                values.update(notebook_inputs(entry.inputs, resolved_inputs))
                if lang is not None:
                    values["language"] = lang
                after: list[str] = []
                for dep in entry.after:
                    dep_entry = by_entry[dep]
                    if dep_entry.per_language and lang is not None:
                        after.append(f"{dep}_{lang}")  # same-language dependency
                    else:
                        after.extend(self.expanded_ids(dep_entry, languages))
                specs.append(NotebookSpec(
                    id=f"{entry.id}_{lang}" if lang else entry.id, entry_id=entry.id,
                    path=entry.path, parameters=values, after=tuple(after), language=lang,
                    timeout=entry.timeout, inputs={p: n for p, (n, _) in entry.inputs.items()}))
        return specs

    def all_possible_ids(self, languages) -> set[str]:
        """Every notebook id any run could produce (used to prune and filter the ToC)."""
        return {i for e in self.notebooks for i in self.expanded_ids(e, languages)}


def _fail(msg: str) -> PipelineError:
    return PipelineError(f"{PIPELINE_FILE}: {msg}")


def _as_list(value, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(f"{where} must be a list, got {value!r}")
    return value


def declared_parameters(notebook: Path) -> set[str] | None:
    """Names assigned in the notebook's cell tagged ``parameters`` (None if no such cell)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell.get("source", []))
            return set(re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=\n]*)?=(?!=)", source, flags=re.M))
    return None


def load_pipeline(root: Path | None = None) -> Pipeline:
    """Parse and check ``pipeline.yml`` (structure, ids, dependencies, notebook files).

    Raises :class:`PipelineError` naming the offending entry.
    """
    from .inputs import parse_input_specs, parse_notebook_inputs
    from .parameters import PARAMETER_TYPES

    root = Path(root) if root else paths.project_root()
    file = root / PIPELINE_FILE
    if not file.exists():
        raise PipelineError(f"{file}: pipeline file not found (is EGOVREPORT_ROOT right?)")
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise _fail(f"not valid YAML: {exc}".splitlines()[0]) from None
    if not isinstance(raw, dict):
        raise _fail("top level must be a mapping")
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise _fail(f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_TOP_KEYS)}")

    params: dict[str, ParameterSpec] = {}
    for name, spec in (raw.get("parameters") or {}).items():
        if not isinstance(spec, dict) or "type" not in spec or "default" not in spec:
            raise _fail(f"parameter {name!r} needs 'type' and 'default'")
        if spec["type"] not in PARAMETER_TYPES:
            raise _fail(f"parameter {name!r}: unknown type {spec['type']!r}; "
                        f"known: {', '.join(sorted(PARAMETER_TYPES))}")
        params[name] = ParameterSpec(name, spec["type"], spec["default"])

    input_specs = parse_input_specs(raw.get("inputs"), _fail)

    entries: list[NotebookEntry] = []
    seen: dict[str, NotebookEntry] = {}
    for i, nb in enumerate(_as_list(raw.get("notebooks"), "notebooks"), start=1):
        if not isinstance(nb, dict):
            raise _fail(f"notebooks entry {i} must be a mapping")
        where = f"notebook {nb.get('id', f'#{i}')!r}"
        unknown = set(nb) - _NOTEBOOK_KEYS
        if unknown:
            raise _fail(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_NOTEBOOK_KEYS)}")
        nid, path = nb.get("id"), nb.get("path")
        if not isinstance(nid, str) or not _ID.match(nid):
            raise _fail(f"{where}: id must be lower_snake_case")
        if nid in seen:
            raise _fail(f"{where}: duplicate id")
        if not isinstance(path, str) or not path.endswith(".ipynb"):
            raise _fail(f"{where}: path must name an .ipynb file")
        if not (root / path).is_file():
            raise _fail(f"{where}: {path} does not exist")
        receives = [str(p) for p in _as_list(nb.get("parameters"), f"{where} parameters")]
        for p in receives:
            if p not in params:
                raise _fail(f"{where}: receives unknown parameter {p!r}; run parameters: {', '.join(params)}")
        after = [str(a) for a in _as_list(nb.get("after"), f"{where} after")]
        for dep in after:
            if dep not in seen:
                raise _fail(f"{where}: after {dep!r}, which is not a notebook listed above it")
        per_language = bool(nb.get("per_language", False))
        if per_language and params.get(LANGUAGES_PARAMETER, None) is None:
            raise _fail(f"{where}: per_language needs a run parameter {LANGUAGES_PARAMETER!r}")
        bindings = parse_notebook_inputs(nb.get("inputs"), input_specs, where, _fail)
        clash = sorted(set(bindings) & set(receives))
        if clash:
            raise _fail(f"{where}: {clash} given both as run parameter(s) and as input(s)")
        expected = set(receives) | set(bindings) | ({"language"} if per_language else set())
        declared = declared_parameters(root / path)
        if expected and declared is None:
            raise _fail(f"{where}: {path} has no cell tagged 'parameters' but receives {sorted(expected)}")
        missing = expected - (declared or set())
        if missing:
            raise _fail(f"{where}: {path}'s parameters cell does not define {sorted(missing)}")
        timeout = nb.get("timeout")
        if timeout is not None and (not isinstance(timeout, int) or timeout <= 0):
            raise _fail(f"{where}: timeout must be a positive number of seconds per cell")
        entry = NotebookEntry(nid, path, tuple(receives), tuple(after), per_language, timeout, bindings)
        entries.append(entry)
        seen[nid] = entry
    # ids after the per-language fan-out must stay unique too (e.g. 'a_en' next to 'a' per-language)
    from ..i18n import LANGUAGES
    expanded = [i for e in entries for i in
                ([f"{e.id}_{lang}" for lang in LANGUAGES] if e.per_language else [e.id])]
    dupes = sorted({i for i in expanded if expanded.count(i) > 1})
    if dupes:
        raise _fail(f"notebook ids collide after the per-language fan-out: {dupes}")

    pdf = []
    for i, item in enumerate(_as_list(raw.get("pdf"), "pdf"), start=1):
        if not isinstance(item, dict) or not {"html", "pdf"} <= set(item) or set(item) - _PDF_KEYS:
            raise _fail(f"pdf entry {i} needs exactly 'html', 'pdf' and optional 'per_language'")
        pdf.append(PdfEntry(str(item["html"]), str(item["pdf"]), bool(item.get("per_language", False))))

    book = raw.get("book") or {"path": "book"}
    book_path = str(book.get("path", "book"))
    if (root / book_path).resolve() != (root / "book").resolve():
        # egovreport.paths.generated_dir() (where notebooks publish) lives in book/.
        raise _fail("book.path must be 'book' (notebook outputs are published to book/generated)")

    data_step = raw.get("data_step")
    if data_step is not None and (not isinstance(data_step, str) or ":" not in data_step):
        raise _fail("data_step must look like 'package.module:function'")
    return Pipeline(root=root, parameters=params, data_step=data_step, notebooks=entries,
                    pdf=pdf, book_path=book_path, inputs=input_specs)


def select(plan: list[NotebookSpec], only: list[str] | None) -> list[NotebookSpec]:
    """Restrict ``plan`` to ``--only`` ids (an entry id selects all its languages)."""
    if not only:
        return plan
    known = {s.id for s in plan} | {s.entry_id for s in plan}
    bad = [o for o in only if o not in known]
    if bad:
        # the entry ids (an entry id selects all its languages), so the list stays short
        raise ParameterError(f"--only: unknown notebook id(s) {', '.join(bad)}; "
                             f"known: {', '.join(dict.fromkeys(s.entry_id for s in plan))}")
    return [s for s in plan if s.id in only or s.entry_id in only]
