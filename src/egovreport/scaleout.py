"""The full report for many states: what the Snakemake workflow (``workflow/Snakefile``) runs.

One job = one state × one Survey edition, with all the configured languages: the same pipeline
as ``python -m egovreport build`` (data step, every notebook, PDFs, book), run in the state's own
copy of the project (:func:`egovreport.pipeline.workspace.copy_project`), so each state has its
own cache (``build/cache``), manifest (``book/generated/manifest.json``, ``build/runs``), RO-Crate
and book, and a second run of the workflow re-executes only what changed. After the build the job
re-checks the manifest (``verify``) and writes a one-file summary the workflow collects.

``python -m egovreport.scaleout report --country FJI --edition 2024 --languages en,mn --workspace W
--summary S.json`` runs one job by hand; ``index`` joins the summaries.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from . import paths

SUMMARY_KEYS = ("country", "edition", "languages", "status", "seconds", "notebooks_executed", "book",
                "manifest", "ro_crate", "verify", "workspace")


def as_list(value) -> list[str]:
    """A config value as a list: ``[a, b]``, ``"a,b"`` or ``"a b"``."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v for v in str(value).replace(",", " ").split() if v]


def member_states(root: Path | None = None) -> list[str]:
    """The 193 UN Member States (ISO3), from the raw UN name key the data step uses."""
    from .ingest import load_name_resolver

    root = Path(root) if root is not None else paths.project_root()
    resolver, _ = load_name_resolver(root / "data" / "raw")
    return sorted(resolver.members)


def resolve_countries(value, root: Path | None = None) -> list[str]:
    """``all`` → the 193 Member States; otherwise the listed ISO3 codes, checked against them."""
    codes = [c.upper() for c in as_list(value)]
    known = member_states(root)
    if codes in ([], ["ALL"]):
        return known
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValueError(f"countries: not UN Member States (ISO3): {', '.join(unknown)}")
    return list(dict.fromkeys(codes))


def source_digest(root: Path | None = None) -> str:
    """SHA-256 over the project's source files (names and bytes): a changed file re-runs the jobs
    (whose pipeline caches then re-execute only what the change affects)."""
    from .book_release import source_files

    root = Path(root) if root is not None else paths.project_root()
    h = hashlib.sha256()
    for rel in source_files(root):
        if rel.startswith("workflow/"):
            continue  # the workflow's own files do not change a report
        h.update(rel.encode() + b"\0")
        h.update(hashlib.sha256((root / rel).read_bytes()).digest())
    return h.hexdigest()


def run_report(country: str, edition: int, languages: list[str], workspace: Path, summary: Path, *,
               jobs: int | None = None, book: bool = True, source: Path | None = None, log=print) -> dict:
    """Sync ``workspace`` with the project at ``source`` (default: this checkout), build the full
    report there for one state and edition, verify its manifest and write ``summary`` (JSON).
    Raises ``RuntimeError`` (after logging the build's output) when the build or the check fails."""
    from .pipeline.workspace import copy_project

    source = Path(source) if source is not None else paths.project_root()
    workspace = Path(workspace).resolve()
    t0 = time.monotonic()
    copy_project(workspace, source)
    env = {**os.environ, "EGOVREPORT_ROOT": str(workspace), "PYTHONUNBUFFERED": "1"}
    env.pop("EGOVREPORT_OUTPUT_DIR", None)
    cmd = [sys.executable, "-m", "egovreport", "build", "--country", country, "--edition", str(edition),
           "--languages", ",".join(languages)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    if not book:
        cmd.append("--no-book")
    log(f"[{country} {edition}] {' '.join(cmd[1:])} (in {workspace})")
    proc = subprocess.run(cmd, cwd=workspace, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log(proc.stdout.rstrip())
    if proc.returncode != 0:
        raise RuntimeError(f"{country} {edition}: build failed (exit {proc.returncode}); see the log above")
    check = subprocess.run([sys.executable, "-m", "egovreport", "verify"], cwd=workspace, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log(check.stdout.rstrip())
    if check.returncode != 0:
        raise RuntimeError(f"{country} {edition}: the manifest does not verify; see the log above")
    executed = next((int(line.split()[1]) for line in proc.stdout.splitlines() if line.startswith("build: ")), None)
    generated = workspace / "book" / "generated"
    result = {"country": country, "edition": int(edition), "languages": list(languages), "status": "ok",
              "seconds": round(time.monotonic() - t0, 1), "notebooks_executed": executed,
              "book": str(workspace / "book" / "_build" / "html" / "index.html") if book else None,
              "manifest": str(generated / "manifest.json"), "ro_crate": str(generated / "ro-crate-metadata.json"),
              "verify": check.stdout.strip().splitlines()[-1] if check.stdout.strip() else "", "workspace": str(workspace)}
    summary = Path(summary)
    summary.parent.mkdir(parents=True, exist_ok=True)
    summary.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return result


def write_index(summaries: list[str | Path], target: str | Path, benchmarks: list[str | Path] = ()) -> dict:
    """Join the per-state summaries (and Snakemake's per-job benchmark files: seconds, max RSS)."""
    rows = [json.loads(Path(s).read_text(encoding="utf-8")) for s in summaries]
    bench = {}
    for b in benchmarks:
        lines = Path(b).read_text(encoding="utf-8").splitlines()
        if len(lines) >= 2:
            head, values = lines[0].split("\t"), lines[-1].split("\t")
            bench[Path(b).parent.name + "/" + Path(b).stem] = dict(zip(head, values))
    for r in rows:
        b = bench.get(f"{r['edition']}/{r['country']}")
        if b:
            r["benchmark"] = {"s": float(b["s"]), "max_rss_mb": float(b["max_rss"]) if b.get("max_rss") not in (None, "NA", "-") else None}
    index = {"n_reports": len(rows), "n_ok": sum(r["status"] == "ok" for r in rows),
             "seconds_total_of_jobs": round(sum(r["seconds"] for r in rows), 1),
             "reports": sorted(rows, key=lambda r: (r["edition"], r["country"]))}
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return index


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m egovreport.scaleout", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("report", help="build the full report of one state in its own project copy")
    r.add_argument("--country", required=True)
    r.add_argument("--edition", type=int, required=True)
    r.add_argument("--languages", default="en,mn")
    r.add_argument("--workspace", required=True, help="the state's project copy (created or synced)")
    r.add_argument("--summary", required=True, help="JSON summary written on success")
    r.add_argument("--jobs", type=int, default=None, help="notebooks in parallel within the report")
    r.add_argument("--no-book", action="store_true")
    r.add_argument("--source", default=None, help="project to copy (default: this checkout)")
    i = sub.add_parser("index", help="join the summaries of the jobs")
    i.add_argument("--out", required=True)
    i.add_argument("summaries", nargs="*")
    args = ap.parse_args(argv)
    if args.command == "index":
        write_index(args.summaries, args.out)
        return 0
    try:
        run_report(args.country.upper(), args.edition, as_list(args.languages), Path(args.workspace),
                   Path(args.summary), jobs=args.jobs, book=not args.no_book,
                   source=Path(args.source) if args.source else None)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
