"""The run manifest (JSON), the book's Provenance page, and ``verify``.

Every path in a manifest is relative to the project root, so a manifest checks
any checkout of the project (``EGOVREPORT_ROOT``). The Provenance page shows
only what identifies the published content (parameters, commit, checksums,
when each notebook was executed), not when this run happened, so a no-op run
leaves the page, and therefore the book, unchanged.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
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
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return {"commit": None, "dirty": None, "branch": None}
        status = git("status", "--porcelain")
        branch = git("rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
        return {"commit": head.stdout.strip(), "dirty": bool(status.stdout.strip()), "branch": branch}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None, "branch": None}


def environment_info() -> dict:
    """Python, platform and every installed distribution with its version."""
    packages = {}
    for dist in metadata.distributions():
        name = dist.metadata.get("Name")
        if name:
            packages[name.lower()] = dist.version
    return {
        "python": {"version": platform.python_version(), "implementation": platform.python_implementation(),
                   "executable": sys.executable},
        "platform": {"system": platform.system(), "release": platform.release(),
                     "machine": platform.machine(), "description": platform.platform()},
        "packages": dict(sorted(packages.items())),
    }


def input_files(hasher) -> list[dict]:
    """Raw, curated and processed data files with their SHA-256."""
    root = paths.project_root()
    out = []
    for folder, kind in INPUT_FOLDERS.items():
        for rel, sha in hasher.tree(root / folder).items():
            out.append({"path": rel, "kind": kind, "sha256": sha, "bytes": (root / rel).stat().st_size})
    return out


def checked_files(manifest: dict) -> list[tuple[str, str]]:
    """Every ``(path, sha256)`` a manifest vouches for."""
    files = [(f["path"], f["sha256"]) for f in manifest.get("inputs", [])]
    for nb in manifest.get("notebooks", []):
        if nb.get("source_sha256"):
            files.append((nb["source"], nb["source_sha256"]))
        if nb.get("output_sha256"):
            files.append((nb["output"], nb["output_sha256"]))
    files += [(f["path"], f["sha256"]) for f in manifest.get("outputs", [])]
    return files


def verify_manifest(manifest_path: str | Path | None = None) -> tuple[int, list[str]]:
    """Re-hash every file listed in a manifest (no cache): ``(files checked, problems)``.

    Each problem names the file: ``changed: <path>`` or ``missing: <path>``.
    """
    path = Path(manifest_path) if manifest_path else paths.generated_dir() / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PipelineError(f"{path}: manifest not found (run `python -m egovreport build` first)") from None
    except ValueError as exc:
        raise PipelineError(f"{path}: not a valid JSON manifest ({exc})") from None
    if manifest.get("manifest_version") != MANIFEST_VERSION:
        raise PipelineError(f"{path}: not an egovreport run manifest (manifest_version "
                            f"{manifest.get('manifest_version')!r})")
    root = paths.project_root()
    problems = []
    files = checked_files(manifest)
    for rel, expected in files:
        p = Path(rel) if Path(rel).is_absolute() else root / rel
        if not p.is_file():
            problems.append(f"missing: {rel}")
        elif sha256_file(p) != expected:
            problems.append(f"changed: {rel}")
    return len(files), problems


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
    """MyST Markdown for ``book/generated/provenance.md`` (stable across no-op runs)."""
    git = manifest["git"]
    env = manifest["environment"]
    commit = git.get("commit") or "not a git checkout"
    dirty = {True: " (with uncommitted changes)", False: "", None: ""}[git.get("dirty")]
    lines = [
        "# Provenance",
        "",
        "Which code, data and parameters produced this report. The pipeline writes this page "
        "from the run manifest: {download}`manifest.json <manifest.json>` (JSON, with every "
        "checksum and the version of every installed package).",
        "",
        "To check that a copy of the project matches the manifest, run "
        "`python -m egovreport verify book/generated/manifest.json`: it re-computes every "
        "SHA-256 below and names any file that differs.",
        "",
        "## Run parameters",
        "",
        "| Parameter | Value |",
        "|---|---|",
        *[f"| `{k}` | `{_cell(v)}` |" for k, v in manifest["parameters"].items()],
        "",
        "## Code and environment",
        "",
        f"- Git commit: `{commit}`{dirty}",
        f"- Package source (`src/egovreport`) SHA-256: `{manifest['source']['package_sha256']}`",
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
        "| Notebook | Source | Parameters | Executed (UTC) | Executed notebook SHA-256 |",
        "|---|---|---|---|---|",
        *[f"| `{n['id']}` | `{n['source']}` | {_params(n['parameters'])} | "
          f"{n.get('started') or '–'} – {n.get('finished') or '–'} | `{n.get('output_sha256') or '–'}` |"
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
