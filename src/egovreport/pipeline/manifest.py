"""The run manifest (JSON), the book's Provenance page, and ``verify``.

Every path in a manifest is relative to the project root, so a manifest checks any checkout
of the project (``EGOVREPORT_ROOT``).

The published manifest (``book/generated/manifest.json``) describes the published report and
nothing else: the same inputs, code and parameters give the same bytes (no clock time, run
id, machine path or cache status in it, nor in the Provenance page made from it). What
happened in one run (when, how long, which notebooks were executed or cached, why, errors)
is in the run record ``build/runs/<UTC time>.json``: the manifest plus a ``run`` section, a
``notebooks`` list with times, and the checksums of the published set. The only dates in
published files are the *source date* (``SOURCE_DATE_EPOCH``, else the commit time, see
:func:`source_date_epoch`).

``verify`` checks a manifest's inputs, code, notebooks and outputs, and the checksum record of
the published set (``book/_build/published.json``): every file of ``book/generated``,
``data/processed`` and ``book/_build/html``, walked, so a file nobody listed is reported too.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from .. import paths
from ..provenance import sha256_file
from .config import PipelineError

MANIFEST_VERSION = 1
KEY_PACKAGES = ("egovreport", "jupyter-book", "sphinx", "myst-nb", "papermill", "nbclient", "ipykernel",
                "pandas", "numpy", "matplotlib", "seaborn", "pandera", "pyarrow", "scipy")
INPUT_FOLDERS = {  # folder under the project root -> kind shown in the manifest
    "data/raw": "raw",
    "data/instruments": "curated",
    "data/country": "curated",
    "data/processed": "processed",
}


def git_info() -> dict:
    """Commit, branch and whether the working tree differs from it (``None`` outside git)."""
    root = paths.project_root()

    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=30)
    try:
        if not (root / ".git").exists():
            return {"commit": None, "dirty": None, "branch": None}
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return {"commit": None, "dirty": None, "branch": None}
        status = git("status", "--porcelain")
        branch = git("rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
        return {"commit": head.stdout.strip(), "dirty": bool(status.stdout.strip()), "branch": branch}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None, "branch": None}


SOURCE_FOLDERS = ("src/egovreport", "notebooks", "book", "data/raw", "data/instruments", "data/country")


def source_date_epoch(git: dict | None = None) -> int:
    """The one date a build publishes (brief "Built ...", book "built on", PDF dates).

    ``SOURCE_DATE_EPOCH`` if set (reproducible-builds.org); else the time of the commit the
    checkout is at; else (no git, e.g. a release archive) the newest modification time of the
    project's source files. Two builds of the same sources therefore print the same date.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        if not value.isdigit():
            raise PipelineError(f"SOURCE_DATE_EPOCH must be a number of seconds since 1970, got {value!r}")
        return int(value)
    root = paths.project_root()
    if git and git.get("commit"):
        try:
            out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct", git["commit"]],
                                 capture_output=True, text=True, timeout=30)
            if out.returncode == 0 and out.stdout.strip().isdigit():
                return int(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    newest = 0.0
    candidates = [root / "pipeline.yml"]
    for folder in SOURCE_FOLDERS:
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames[:] = [d for d in dirnames if d not in ("__pycache__", "_build", "generated", ".ipynb_checkpoints")]
            candidates += [Path(dirpath) / f for f in filenames if not f.endswith(".pyc")]
    for f in candidates:
        try:
            newest = max(newest, f.stat().st_mtime)
        except OSError:
            pass
    return int(newest)


def iso_utc(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def environment_info(*, machine_paths: bool = False) -> dict:
    """Python, platform and every installed distribution with its version (the interpreter's
    location only with ``machine_paths``: the run record has it, the published manifest not)."""
    packages = {}
    for dist in metadata.distributions():
        name = dist.metadata.get("Name")
        if name:
            packages[name.lower()] = dist.version
    python = {"version": platform.python_version(), "implementation": platform.python_implementation()}
    if machine_paths:
        import sys

        python["executable"] = sys.executable
    return {
        "python": python,
        "platform": {"system": platform.system(), "release": platform.release(),
                     "machine": platform.machine(), "description": platform.platform()},
        "packages": dict(sorted(packages.items())),
    }


def input_files(hasher, locate=None) -> list[dict]:
    """Raw, curated and processed data files with their SHA-256 (``locate(rel)`` gives where a
    file is during a build, e.g. the run's staged ``data/processed``)."""
    root = paths.project_root()
    locate = locate or (lambda rel: root / rel)
    out = []
    for folder, kind in INPUT_FOLDERS.items():
        for rel, sha in hasher.tree(locate(folder)).items():
            out.append({"path": rel, "kind": kind, "sha256": sha, "bytes": locate(rel).stat().st_size})
    return out


def code_files(hasher, pipeline, plan_sources, book_sources: dict[str, str]) -> list[dict]:
    """The code and configuration that made the report: the package, the notebooks of the plan,
    pipeline.yml and the book's sources, each with its SHA-256."""
    from ..provenance import relative_to_root

    out = []
    pkg = Path(__file__).resolve().parents[1]
    for dirpath, dirnames, filenames in os.walk(pkg):
        dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", ".ipynb_checkpoints"))
        for name in sorted(filenames):
            if not name.endswith(".pyc"):
                full = Path(dirpath) / name
                rel = relative_to_root(full)
                if Path(rel).is_absolute():  # installed outside the project: name it by the package
                    rel = "egovreport/" + full.relative_to(pkg).as_posix()
                out.append({"path": rel, "kind": "package", "sha256": hasher.file(full)})
    root = paths.project_root()
    for rel in sorted(set(plan_sources)):
        out.append({"path": rel, "kind": "notebook", "sha256": hasher.file(root / rel)})
    out.append({"path": "pipeline.yml", "kind": "pipeline", "sha256": hasher.file(pipeline.file)})
    out += [{"path": rel, "kind": "book", "sha256": sha} for rel, sha in sorted(book_sources.items())]
    return sorted(out, key=lambda f: (f["kind"], f["path"]))


def checked_files(manifest: dict) -> list[tuple[str, str]]:
    """Every ``(path, sha256)`` a manifest vouches for (inputs, code, notebooks, outputs)."""
    files = [(f["path"], f["sha256"]) for f in manifest.get("inputs", [])]
    files += [(f["path"], f["sha256"]) for f in manifest.get("code", [])]
    for nb in manifest.get("notebooks", []):
        if nb.get("source_sha256"):
            files.append((nb["source"], nb["source_sha256"]))
        if nb.get("output_sha256"):
            files.append((nb["output"], nb["output_sha256"]))
    files += [(f["path"], f["sha256"]) for f in manifest.get("outputs", [])]
    if isinstance(manifest.get("pipeline"), dict) and manifest["pipeline"].get("sha256"):
        files.append((manifest["pipeline"]["file"], manifest["pipeline"]["sha256"]))
    return list(dict.fromkeys(files))


def _locate_checked(rel: str) -> Path:
    p = Path(rel)
    if p.is_absolute():
        return p
    if p.parts and p.parts[0] == "egovreport":  # package installed outside the project
        return Path(__file__).resolve().parents[2] / rel
    return paths.project_root() / rel


def verify_manifest(manifest_path: str | Path | None = None) -> tuple[int, list[str]]:
    """Re-hash every file a manifest or run record vouches for, and every published file
    (no cache): ``(files checked, problems)``.

    Each problem names the file: ``changed: <path>``, ``missing: <path>``, or
    ``unexpected: <path>`` (a file in a published folder that no record lists). With no
    argument: ``book/generated/manifest.json`` and ``book/_build/published.json``; with a run
    record (``build/runs/<time>.json``): the manifest and published checksums it holds. A
    publish interrupted by a crash is completed first (see :mod:`egovreport.pipeline.stage`).
    """
    from . import stage as stagemod

    default = manifest_path is None
    if default:
        _complete_interrupted_publish()
    path = Path(manifest_path) if manifest_path else paths.published_generated_dir() / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PipelineError(f"{path}: manifest not found (run `python -m egovreport build` first)") from None
    except ValueError as exc:
        raise PipelineError(f"{path}: not a valid JSON manifest ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("manifest_version") != MANIFEST_VERSION:
        raise PipelineError(f"{path}: not an egovreport run manifest (manifest_version "
                            f"{manifest.get('manifest_version') if isinstance(manifest, dict) else None!r})")
    problems = []
    files = checked_files(manifest)
    for rel, expected in files:
        p = _locate_checked(rel)
        if not p.is_file():
            problems.append(f"missing: {rel}")
        elif sha256_file(p) != expected:
            problems.append(f"changed: {rel}")
    record = manifest.get("published") if not default else stagemod.read_published_record()
    checked = len(files)
    if default and record is None and (paths.project_root() / stagemod.PUBLISHED_RECORD).exists():
        problems.append(f"changed: {stagemod.PUBLISHED_RECORD}")
    if record:
        if default:
            recorded = record.get("manifest_sha256")
            if recorded and sha256_file(path) != recorded:
                problems.append(f"changed: {path.relative_to(paths.project_root()).as_posix()} "
                                f"(not the manifest of the published set)")
        n, more = verify_published(record)
        checked += n
        problems += [p for p in more if p not in problems]
    return checked, problems


def _complete_interrupted_publish() -> None:
    from . import stage as stagemod
    from .run import project_lock

    if not stagemod.journal_path().exists():
        return
    try:
        with project_lock():
            stagemod.recover(log=lambda *a: None)
    except PipelineError:
        pass  # a build is running: it completes the publish itself


def verify_published(record: dict) -> tuple[int, list[str]]:
    """Check every file of every published folder against a published-set record."""
    from .stage import listed_files

    root = paths.project_root()
    problems, checked = [], 0
    for folder, expected in (record.get("folders") or {}).items():
        base = root / folder
        for rel, sha in sorted(expected.items()):
            checked += 1
            p = base / rel
            if not p.is_file():
                problems.append(f"missing: {folder}/{rel}")
            elif sha256_file(p) != sha:
                problems.append(f"changed: {folder}/{rel}")
        problems += [f"unexpected: {folder}/{rel}" for rel in listed_files(base) if rel not in expected]
    return checked, problems


def _cell(value) -> str:
    if isinstance(value, list):
        text = ", ".join(map(str, value)) or "(none)"
    else:
        text = str(value)
    return text.replace("|", "\\|")


def _params(values: dict) -> str:
    # sorted: the state file stores them sorted, a fresh run in pipeline.yml order (the page must
    # not change, and so rebuild the book, between the run that executed a notebook and a no-op run)
    return "<br>".join(f"`{k}={_cell(v)}`" for k, v in sorted(values.items())) or "–"


def render_provenance_page(manifest: dict) -> str:
    """MyST Markdown for ``book/generated/provenance.md`` (the same for the same inputs)."""
    git = manifest["git"]
    env = manifest["environment"]
    commit = git.get("commit") or "not a git checkout"
    dirty = {True: " (with uncommitted changes)", False: "", None: ""}[git.get("dirty")]
    run = manifest.get("run") or {}
    declared = manifest.get("declared_inputs") or {}
    code = manifest.get("code") or []
    by_kind = {}
    for f in code:
        by_kind.setdefault(f["kind"], []).append(f)
    choice_words = {"real": "**real** responses", "illustrative": "**illustrative** responses (labelled as such "
                    "on every page, table and figure)", "absent": "not available for this country"}
    lines = [
        "# Provenance",
        "",
        "Which code, data and parameters produced this report. The pipeline writes this page "
        "from the run manifest: {download}`manifest.json <manifest.json>` (JSON, with every "
        "checksum and the version of every installed package).",
        "",
        "To check that a copy of the project matches the manifest, run "
        "`python -m egovreport verify`: it re-computes every SHA-256 below, and those of every "
        "published file (this book's HTML included, listed in `book/_build/published.json`), "
        "and names any file that differs.",
        "",
        "## Run parameters",
        "",
        "| Parameter | Value |",
        "|---|---|",
        *[f"| `{k}` | `{_cell(v)}` |" for k, v in manifest["parameters"].items()],
        "",
    ]
    if declared:
        lines += [
            "## Survey and workshop responses used",
            "",
            "Each instrument is read from its real file when the country folder has it, else from "
            "its illustrative file; the choice is made before any notebook runs and never mixes "
            "the two.",
            "",
            "| Input | Used | File | SHA-256 |",
            "|---|---|---|---|",
        ]
        for name, rec in declared.items():
            for role, f in rec["files"].items():
                label = name if role == "file" else f"{name} ({role})"
                lines.append(f"| `{label}` | {choice_words.get(rec['choice'], rec['choice'])} | "
                             f"{('`' + _cell(f['path']) + '`') if f['path'] else '–'} | "
                             f"{('`' + f['sha256'] + '`') if f.get('sha256') else '–'} |")
        lines.append("")
    lines += [
        "## Code and environment",
        "",
        f"- Git commit: `{commit}`{dirty}",
        f"- Package source (`src/egovreport`) SHA-256: `{manifest['source']['package_sha256']}`"
        + (f" ({len(by_kind.get('package', []))} files, each listed in the manifest)" if by_kind.get("package") else ""),
        f"- Pipeline file `pipeline.yml` SHA-256: `{manifest['pipeline']['sha256']}`",
        *([f"- Book sources: {len(by_kind['book'])} files under `book/`, each listed in the manifest"]
          if by_kind.get("book") else []),
        *([f"- Source date (the date this build prints; `SOURCE_DATE_EPOCH`, else the commit "
           f"time): {run['source_date']}"] if run.get("source_date") else []),
        f"- Python {env['python']['version']} on {env['platform']['description']}",
        "",
        "| Package | Version |",
        "|---|---|",
        *[f"| {p} | {env['packages'][p]} |" for p in KEY_PACKAGES if p in env["packages"]],
        "",
        f"## Input data ({len(manifest['inputs'])} files)",
        "",
        "Raw snapshots (`data/raw`), curated inputs (`data/instruments`, `data/country`) and the "
        "processed tables built from them by the data step "
        f"(`{manifest['data_step'].get('function') or 'none'}`).",
        "",
        "| File | Kind | Bytes | SHA-256 |",
        "|---|---|---:|---|",
        *[f"| `{_cell(f['path'])}` | {f['kind']} | {f['bytes']} | `{f['sha256']}` |" for f in manifest["inputs"]],
        "",
        "## Notebooks",
        "",
        "Executed with papermill, in this order (the code cells are hidden on the pages; each "
        "page offers the executed notebook for download).",
        "",
        "| Notebook | Source | Source SHA-256 | Parameters | Executed notebook SHA-256 |",
        "|---|---|---|---|---|",
        *[f"| `{n['id']}` | `{n['source']}` | `{n.get('source_sha256') or '–'}` | {_params(n['parameters'])} | "
          f"`{n.get('output_sha256') or '–'}` |"
          for n in manifest["notebooks"]],
        "",
        f"## Figures, tables and results ({len(manifest['outputs'])} files)",
        "",
        "| File | Made by | SHA-256 |",
        "|---|---|---|",
        *[f"| `{_cell(o['path'])}` | `{o['made_by']}` | `{o['sha256']}` |" for o in manifest["outputs"]],
        "",
    ]
    return "\n".join(lines)
