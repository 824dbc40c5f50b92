"""Declared country inputs: which file each notebook reads, decided before anything runs.

``pipeline.yml`` lists, under ``inputs:``, the instruments that exist in a real version (the
workshop's responses) and an illustrative one (made by a seeded script, until the real ones
are added)::

    inputs:
      governance_survey:                     # one file
        real: data/country/{country}/governance_survey.csv
        illustrative: data/country/{country}/governance_survey_ILLUSTRATIVE.csv
        check: egovreport.governance.survey:load_survey_responses
      workshop_responses:                    # files used together: all real or all illustrative
        pre: {real: ..., illustrative: ...}
        post: {real: ..., illustrative: ...}
        check: egovreport.evaluation:load_workshop_responses
      workshop_record: ...                   # also the session outputs and attendance

and a notebook receives the chosen file's project-relative path as a parameter
(``inputs: {survey_file: governance_survey}``; ``{pre_file: workshop_responses.pre}``), or ``""``
when the country has neither version.

Rules (:func:`resolve_inputs`): the real version when all its files exist, else the
illustrative one; never a mix; a real file without its partner(s) is an error naming the
missing file. Before any notebook runs (:func:`check_inputs`) each chosen file is validated by
its ``check`` function and scanned cell by cell for personal data. The choice and the files'
checksums are part of every reading notebook's cache key (through its parameters and
``input_sha256``) and of the manifest.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..errors import InputError
from ..provenance import relative_to_root
from .config import PipelineError

REAL, ILLUSTRATIVE, ABSENT = "real", "illustrative", "absent"
SINGLE_ROLE = "file"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class InputSpec:
    """One declared input of pipeline.yml."""

    name: str
    roles: dict = field(hash=False)  # role -> (real template, illustrative template)
    check: str | None = None

    @property
    def single(self) -> bool:
        return list(self.roles) == [SINGLE_ROLE]


@dataclass
class ResolvedInput:
    """The files chosen for one input in this run."""

    name: str
    choice: str  # real | illustrative | absent
    files: dict[str, str]  # role -> project-relative path ("" when absent)

    def record(self, hasher) -> dict:
        root = paths.project_root()
        return {"choice": self.choice,
                "files": {role: {"path": rel, "sha256": hasher.file(root / rel) if rel else None}
                          for role, rel in self.files.items()}}


def parse_input_specs(raw, fail) -> dict[str, InputSpec]:
    """``inputs:`` of pipeline.yml (``fail(msg)`` makes the error)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise fail("inputs must be a mapping of input names")
    specs = {}
    for name, spec in raw.items():
        where = f"input {name!r}"
        if not isinstance(spec, dict):
            raise fail(f"{where} must be a mapping")
        check = spec.get("check")
        if check is not None and (not isinstance(check, str) or ":" not in check):
            raise fail(f"{where}: check must look like 'package.module:function'")
        if "real" in spec or "illustrative" in spec:
            extra = set(spec) - {"real", "illustrative", "check"}
            if extra:
                raise fail(f"{where}: unknown key(s) {sorted(extra)}")
            roles = {SINGLE_ROLE: {k: v for k, v in spec.items() if k != "check"}}
        else:
            roles = {k: v for k, v in spec.items() if k != "check"}
            if not roles:
                raise fail(f"{where}: needs 'real' and 'illustrative' paths (or one such pair per file)")
        parsed = {}
        for role, pair in roles.items():
            if not isinstance(pair, dict) or set(pair) != {"real", "illustrative"} or not all(
                    isinstance(v, str) and v for v in pair.values()):
                raise fail(f"{where}: {role!r} needs exactly 'real' and 'illustrative' paths")
            for template in pair.values():
                if Path(template).is_absolute() or ".." in Path(template).parts:
                    raise fail(f"{where}: {template!r} must be a path inside the project")
            if not paths.is_illustrative_file(pair["illustrative"]) or paths.is_illustrative_file(pair["real"]):
                raise fail(f"{where}: the illustrative file name must contain "
                           f"{paths.ILLUSTRATIVE_MARK} and the real one must not")
            parsed[role] = (pair["real"], pair["illustrative"])
        specs[name] = InputSpec(name, parsed, check)
    return specs


def parse_notebook_inputs(raw, specs: dict[str, InputSpec], where: str, fail) -> dict[str, tuple[str, str]]:
    """A notebook's ``inputs: {parameter: input[.role]}`` → ``{parameter: (input, role)}``."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise fail(f"{where}: inputs must map notebook parameters to declared inputs")
    out = {}
    for param, ref in raw.items():
        name, _, role = str(ref).partition(".")
        spec = specs.get(name)
        if spec is None:
            raise fail(f"{where}: input {ref!r} is not declared under `inputs:`")
        role = role or (SINGLE_ROLE if spec.single else "")
        if role not in spec.roles:
            raise fail(f"{where}: input {ref!r}: name one of its files ({', '.join(f'{name}.{r}' for r in spec.roles)})")
        out[str(param)] = (name, role)
    return out


def _fill(template: str, params: dict, name: str) -> str:
    missing = [p for p in _PLACEHOLDER.findall(template) if p not in params]
    if missing:
        raise PipelineError(f"pipeline.yml: input {name!r}: {template!r} uses unknown run parameter(s) "
                            f"{missing}")
    return template.format(**{k: v for k, v in params.items() if isinstance(v, (str, int))})


def resolve_inputs(specs: dict[str, InputSpec], params: dict) -> dict[str, ResolvedInput]:
    """Choose the files of every declared input for the run parameters ``params``."""
    root = paths.project_root()
    resolved = {}
    for name, spec in specs.items():
        real = {role: _fill(t[0], params, name) for role, t in spec.roles.items()}
        illustrative = {role: _fill(t[1], params, name) for role, t in spec.roles.items()}
        for version, files in ((REAL, real), (ILLUSTRATIVE, illustrative)):
            present = [rel for rel in files.values() if (root / rel).is_file()]
            if present and len(present) < len(files):
                missing = [rel for rel in files.values() if rel not in present]
                raise PipelineError(
                    f"input '{name}': {', '.join(present)} is present but {', '.join(missing)} is "
                    f"missing; {version} files of this input are used together (never mixed with the "
                    f"{ILLUSTRATIVE if version == REAL else REAL} ones): add {missing[0]}, or move "
                    f"{present[0]} out of the folder")
            if present:
                resolved[name] = ResolvedInput(name, version, dict(files))
                break
        else:
            resolved[name] = ResolvedInput(name, ABSENT, {role: "" for role in spec.roles})
    return resolved


def notebook_inputs(bindings: dict[str, tuple[str, str]], resolved: dict[str, ResolvedInput]) -> dict[str, str]:
    """Parameters a notebook receives for its declared inputs: ``{parameter: path or ""}``."""
    return {param: resolved[name].files[role] for param, (name, role) in bindings.items()}


def _call(target: str):
    module, _, func = target.partition(":")
    try:
        return getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError) as exc:
        raise PipelineError(f"pipeline.yml: check {target!r} cannot be imported ({exc})") from None


def check_inputs(specs: dict[str, InputSpec], resolved: dict[str, ResolvedInput], state: dict, hasher,
                 log) -> None:
    """Validate each chosen file (its ``check``) and scan every cell for personal data.

    Skipped for files whose checksums were checked before (``state["inputs"]``). Raises
    :class:`~egovreport.errors.InputError` naming the file, row and column.
    """
    from ..privacy import scan_text_table

    root = paths.project_root()
    checked = state.setdefault("inputs", {})
    for name, res in resolved.items():
        if res.choice == ABSENT:
            continue
        sums = {role: hasher.file(root / rel) for role, rel in res.files.items()}
        key = {"choice": res.choice, "files": res.files, "sha256": sums, "check": specs[name].check}
        if checked.get(name) == key:
            continue
        log(f"inputs: checking {name} ({res.choice}: {', '.join(res.files.values())})")
        try:
            if specs[name].check:
                _call(specs[name].check)(*(root / rel for rel in res.files.values()))
            for rel in res.files.values():
                if rel.lower().endswith(".csv"):  # a YAML input's check scans its free text itself
                    scan_text_table(root / rel, label=rel)
        except InputError as exc:
            file = relative_to_root(exc.file) if exc.file and Path(exc.file).is_absolute() else exc.file
            raise InputError(file, f"{exc.reason} (input '{name}', {res.choice}; nothing was run "
                                   f"or published)", row=exc.row, column=exc.column) from None
        checked[name] = key
