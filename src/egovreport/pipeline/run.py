"""``build``: data step → notebooks (parallel, cached) → PDFs → manifest → book."""

from __future__ import annotations

import fcntl
import importlib
import json
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path

from .. import paths
from ..i18n import LANGUAGES
from ..provenance import read_log, relative_to_root, sha256_bytes
from . import book as bookmod
from .cache import Hasher, absolute, load_state, package_digest, save_state, tree_digest, write_json_atomic
from .config import LANGUAGES_PARAMETER, NotebookSpec, Pipeline, PipelineError, load_pipeline, select
from .execute import failure_of, run_notebook_job, tag_for_book, utc_now
from .manifest import (MANIFEST_VERSION, environment_info, git_info, input_files,
                       render_provenance_page)
from .parameters import resolve_parameters
from ..rocrate import write_run_crate

DATA_INPUT_FOLDERS = ("data/raw", "data/instruments", "data/country")
# What every notebook kernel is given besides its own paths and PYTHONPATH (scripts/benchmark.py
# gives Jupyter Book's kernels the same): a non-interactive matplotlib backend, fixed string
# hashing, no debugger warning.
KERNEL_ENV = {"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def kernel_jupyter_path() -> str:
    """``JUPYTER_PATH`` for the kernels: the "python3" kernel of this environment first, not one
    from ~/.local/share/jupyter (read when a notebook starts, as the environment may change)."""
    return os.pathsep.join(p for p in (str(Path(sys.prefix) / "share" / "jupyter"),
                                       os.environ.get("JUPYTER_PATH")) if p)


@dataclass
class BuildResult:
    """What a build did (returned to the CLI and the tests)."""

    parameters: dict
    notebooks: dict[str, str] = field(default_factory=dict)  # id -> executed | cached | not selected
    reasons: dict[str, str] = field(default_factory=dict)  # id -> why it was executed
    data_step: str = "none"  # executed | cached | none
    book: str = "skipped"  # built | cached | skipped
    pdf: dict[str, str] = field(default_factory=dict)
    manifest: Path | None = None
    seconds: float = 0.0

    @property
    def executed(self) -> list[str]:
        return [i for i, s in self.notebooks.items() if s == "executed"]


@contextmanager
def _lock():
    """One build at a time per project (two would move the same files)."""
    lock = paths.build_dir() / ".lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PipelineError(f"another build is running in {paths.project_root()} "
                                f"(lock: {relative_to_root(lock)})") from None
        yield


def _call(target: str):
    module, _, func = target.partition(":")
    try:
        return getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError) as exc:
        raise PipelineError(f"pipeline.yml: data_step {target!r} cannot be imported ({exc})") from None


def run_data_step(*, force: bool = False, log=print) -> dict:
    """The data step alone (``python -m egovreport data``): build ``data/processed`` unless the
    raw/curated inputs, the package and the processed files are all unchanged since last time."""
    pipeline = load_pipeline()
    with _lock():
        state, hasher = load_state(), Hasher()
        info = _data_step(pipeline, state, hasher, force, log)
        save_state(state)
        hasher.save()
    return info


def _data_step(pipeline: Pipeline, state: dict, hasher: Hasher, force: bool, log) -> dict:
    info = {"function": pipeline.data_step, "status": "none"}
    if not pipeline.data_step:
        return info
    root = paths.project_root()
    processed = paths.processed_dir()

    def inputs_key():
        files = {}
        for folder in DATA_INPUT_FOLDERS:
            files.update(hasher.tree(root / folder))
        return {"inputs": tree_digest(files), "package": package_digest(hasher),
                "function": pipeline.data_step}

    key = inputs_key()
    prev = state.get("data_step") or {}
    outputs = hasher.tree(processed)
    if (not force and prev.get("key") == key and outputs
            and prev.get("outputs") == tree_digest(outputs)):
        log("data step: inputs unchanged, skipped")
        return {**info, "status": "cached", "started": prev.get("started"), "finished": prev.get("finished")}
    func = _call(pipeline.data_step)
    log(f"data step: running {pipeline.data_step} ...")
    started, t0 = utc_now(), time.monotonic()
    func()
    seconds = round(time.monotonic() - t0, 1)
    record = {"key": inputs_key(), "outputs": tree_digest(hasher.tree(processed)),
              "started": started, "finished": utc_now(), "seconds": seconds}
    state["data_step"] = record
    log(f"data step: done in {seconds} s")
    return {**info, "status": "executed", "started": record["started"], "finished": record["finished"]}


def _plain(value):
    return json.loads(json.dumps(value))


def _stale_reason(spec: NotebookSpec, prev: dict | None, key: dict, hasher: Hasher) -> str | None:
    """Why ``spec`` must run again, or ``None`` when its published outputs are current."""
    if not prev:
        return "never executed"
    if prev["key"]["notebook"] != key["notebook"]:
        return "notebook changed"
    if prev["key"]["package"] != key["package"]:
        return "package code changed"
    if prev["key"]["parameters"] != key["parameters"]:
        changed = sorted(k for k in set(key["parameters"]) | set(prev["key"]["parameters"])
                         if key["parameters"].get(k) != prev["key"]["parameters"].get(k))
        return f"parameter changed: {', '.join(changed)}"
    for rel, sha in prev["reads"].items():
        if hasher.file(absolute(rel)) != sha:
            return f"input changed: {rel}"
    for rel, sha in prev["outputs"].items():
        if hasher.file(absolute(rel)) != sha:
            return f"output missing or altered: {rel}"
    if hasher.file(absolute(prev["output"])) != prev["output_sha256"]:
        return "executed notebook missing or altered"
    return None


def _ancestors(specs: list[NotebookSpec]) -> dict[str, set[str]]:
    by_id = {s.id: s for s in specs}
    memo: dict[str, set[str]] = {}

    def up(i):
        if i not in memo:
            memo[i] = set()
            for d in by_id[i].after if i in by_id else ():
                memo[i] |= {d} | up(d)
        return memo[i]
    return {s.id: up(s.id) for s in specs}


class _Runner:
    """Schedules the notebooks of a plan on a process pool, respecting ``after``."""

    def __init__(self, plan, selected, state, hasher, force, jobs, log, commit):
        self.plan, self.selected = plan, selected
        self.state, self.hasher, self.force, self.log = state, hasher, force, log
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.commit = commit or ""
        self.package = package_digest(hasher)
        self.status: dict[str, str] = {}
        self.reasons: dict[str, str] = {}
        self.ancestors = _ancestors(plan)
        self.root = paths.project_root()
        self.src_dir = str(Path(__file__).resolve().parents[2])  # .../src, for the kernel's PYTHONPATH

    def key(self, spec: NotebookSpec) -> dict:
        return {"notebook": self.hasher.file(self.root / spec.path), "package": self.package,
                "parameters": _plain(spec.parameters)}

    def staging(self, spec) -> Path:
        return paths.build_dir() / "staging" / spec.id

    def job(self, spec) -> dict:
        stage = self.staging(spec)
        shutil.rmtree(stage, ignore_errors=True)
        (stage / "outputs").mkdir(parents=True)
        env = {
            "EGOVREPORT_ROOT": str(self.root),
            "EGOVREPORT_OUTPUT_DIR": str(stage / "outputs"),
            "EGOVREPORT_READS_LOG": str(stage / "reads.jsonl"),
            "EGOVREPORT_WRITES_LOG": str(stage / "writes.jsonl"),
            "EGOVREPORT_NOTEBOOK_ID": spec.id,
            # the page language of a per-language notebook (figure captions: egovreport.figures)
            "EGOVREPORT_LANGUAGE": spec.language or "",
            "EGOVREPORT_GIT_COMMIT": self.commit,
            # the kernel imports the very package whose hash keys the cache
            "PYTHONPATH": os.pathsep.join(p for p in (self.src_dir, os.environ.get("PYTHONPATH")) if p),
            "JUPYTER_PATH": kernel_jupyter_path(),
            **KERNEL_ENV,
        }
        return {"id": spec.id, "input": str(self.root / spec.path), "output": str(stage / f"{spec.id}.ipynb"),
                "cwd": str(paths.notebooks_dir()), "parameters": _plain(spec.parameters), "env": env,
                "timeout": spec.timeout, "log": str(stage / "kernel.log")}

    def owners(self) -> dict[str, str]:
        return {rel: nid for nid, rec in self.state["notebooks"].items() for rel in rec.get("outputs", {})}

    def publish(self, spec: NotebookSpec, result: dict, key: dict) -> None:
        """Move a successful notebook's staged outputs and executed notebook into book/generated."""
        stage = self.staging(spec)
        staged_out = stage / "outputs"
        generated = paths.generated_dir()
        moves = [(f, generated / f.relative_to(staged_out)) for f in sorted(staged_out.rglob("*")) if f.is_file()]
        owners = self.owners()
        for _, dest in moves:
            owner = owners.get(relative_to_root(dest))
            if owner and owner != spec.id:
                raise PipelineError(f"notebook '{spec.id}' wrote {relative_to_root(dest)}, which notebook "
                                    f"'{owner}' also writes; give one of them another name")
        prev = self.state["notebooks"].get(spec.id) or {}
        new_rel = {relative_to_root(d) for _, d in moves}
        for rel in prev.get("outputs", {}):
            if rel not in new_rel:
                absolute(rel).unlink(missing_ok=True)
        for src, dest in moves:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dest)
        outputs = {relative_to_root(d): self.hasher.file(d) for _, d in moves}
        logged = {Path(w) for w in read_log(stage / "writes.jsonl")}
        unlogged = [relative_to_root(d) for src, d in moves if src.resolve() not in logged]
        if unlogged:
            self.log(f"warning: notebook '{spec.id}' wrote {', '.join(unlogged[:3])}"
                     f"{' ...' if len(unlogged) > 3 else ''} without the package's writers "
                     f"(save_figure/save_table/save_results or provenance.track_write)")
        for p in sorted(logged):  # written outside the staging folder
            if not p.is_relative_to(staged_out) and p.is_file():
                outputs[relative_to_root(p)] = self.hasher.file(p)
        reads = {}
        for r in read_log(stage / "reads.jsonl"):
            p = Path(r)
            rel = relative_to_root(p)
            if p.is_relative_to(staged_out) or rel in outputs:
                continue  # its own outputs
            reads[rel] = self.hasher.file(p)
        executed = stage / f"{spec.id}.ipynb"
        tag_for_book(executed)
        target = generated / f"{spec.id}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(executed, target)
        self.state["notebooks"][spec.id] = {
            "key": key, "entry": spec.entry_id, "source": spec.path, "reads": reads, "outputs": outputs,
            "output": relative_to_root(target), "output_sha256": self.hasher.file(target),
            "started": result["started"], "finished": result["finished"], "seconds": result["seconds"],
            "commit": self.commit or None,
        }
        save_state(self.state)
        self._check_undeclared(spec, reads)

    def _check_undeclared(self, spec, reads) -> None:
        owners = self.owners()
        for rel in reads:
            owner = owners.get(rel)
            if owner and owner != spec.id and owner not in self.ancestors.get(spec.id, set()):
                self.log(f"warning: notebook '{spec.id}' read {rel}, made by '{owner}', but pipeline.yml "
                         f"does not list '{owner}' in its `after` (the order is then a race)")

    def run(self) -> None:
        selected_ids = {s.id for s in self.selected}
        for s in self.plan:
            if s.id not in selected_ids:
                self.status[s.id] = "not selected"
        pending = list(self.selected)
        done: set[str] = {s.id for s in self.plan if s.id not in selected_ids}
        running: dict = {}
        pool = None
        failure = None
        try:
            while pending or running:
                progressed = True
                while progressed and failure is None:
                    progressed = False
                    for spec in list(pending):
                        if not all(d in done for d in spec.after):
                            continue
                        key = self.key(spec)
                        reason = "--force" if self.force else _stale_reason(
                            spec, self.state["notebooks"].get(spec.id), key, self.hasher)
                        if reason is None:
                            pending.remove(spec)
                            done.add(spec.id)
                            self.status[spec.id] = "cached"
                            self.log(f"[cached]   {spec.id}")
                            progressed = True
                        elif len(running) < self.jobs:
                            if pool is None:
                                workers = min(self.jobs, len(pending))
                                pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
                            pending.remove(spec)
                            self.reasons[spec.id] = reason
                            self.log(f"[run]      {spec.id} ({reason})")
                            running[pool.submit(run_notebook_job, self.job(spec))] = (spec, key)
                            progressed = True
                if not running:
                    break  # failure, or nothing runnable
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in finished:
                    spec, key = running.pop(fut)
                    result = fut.result()
                    executed = self.staging(spec) / f"{spec.id}.ipynb"
                    problem = failure_of(executed, result["error"])
                    if problem:
                        failed_dir = paths.build_dir() / "failed"
                        failed_dir.mkdir(parents=True, exist_ok=True)
                        kept = failed_dir / f"{spec.id}.ipynb"
                        if executed.exists():
                            shutil.copyfile(executed, kept)
                        self.status[spec.id] = "failed"
                        self.log(f"[FAILED]   {spec.id} after {result['seconds']} s")
                        failure = failure or (
                            f"notebook '{spec.id}' ({spec.path}) failed at {problem}; executed notebook "
                            f"kept in {relative_to_root(kept)}; the published book is untouched")
                        continue
                    self.publish(spec, result, key)
                    done.add(spec.id)
                    self.status[spec.id] = "executed"
                    self.log(f"[done]     {spec.id} in {result['seconds']} s")
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        if failure:
            raise PipelineError(failure)
        if pending:  # cannot happen with `after` checked in pipeline.yml, but never pass silently
            raise PipelineError(f"notebooks never became runnable: {', '.join(s.id for s in pending)}")


def _prune(state: dict, keep: set[str], log) -> None:
    """Remove published outputs of notebooks that are not part of this run (e.g. a dropped language)."""
    for nid in sorted(set(state["notebooks"]) - keep):
        rec = state["notebooks"].pop(nid)
        for rel in [*rec.get("outputs", {}), rec.get("output")]:
            if rel:
                absolute(rel).unlink(missing_ok=True)
        log(f"[removed]  {nid} (not part of this run)")


def _pdf_step(pipeline: Pipeline, params: dict, state: dict, hasher: Hasher, force: bool, log) -> list[dict]:
    """Print the standalone HTML pages listed under ``pdf:`` with Chromium."""
    from ..pdf import PdfError, print_to_pdf

    if not pipeline.pdf:
        return []
    root = paths.project_root()
    jobs = []
    for entry in pipeline.pdf:
        for lang in (params.get(LANGUAGES_PARAMETER, []) if entry.per_language else [None]):
            fmt = {**params, "language": lang}
            jobs.append((root / entry.html.format(**fmt), root / entry.pdf.format(**fmt)))
    present = [(h, p) for h, p in jobs if h.exists()]
    if not present:
        log("warning: pdf step skipped: none of the HTML files listed under `pdf:` in pipeline.yml exists")
        return []
    records = []
    pdf_state = state.setdefault("pdf", {})
    for html, pdf in jobs:
        if not html.exists():
            log(f"warning: pdf step: {relative_to_root(html)} not found, {relative_to_root(pdf)} not made")
            continue
        urls = bookmod.loaded_urls(html)
        remote = [u for u in urls if bookmod.is_remote(u)]
        if remote:
            raise PipelineError(f"{relative_to_root(html)} loads {remote[0]} from the internet; "
                                f"standalone HTML must work offline")
        local = [html] + bookmod.local_files(html, urls)
        deps = {relative_to_root(f): hasher.file(f) for f in local}
        rel_pdf = relative_to_root(pdf)
        prev = pdf_state.get(rel_pdf)
        if not force and prev and prev["deps"] == deps and hasher.file(pdf) == prev["sha256"]:
            status = "cached"
        else:
            log(f"[pdf]      {relative_to_root(html)} -> {rel_pdf}")
            try:
                print_to_pdf(html, pdf)
            except PdfError as exc:
                raise PipelineError(f"pdf step: {exc}") from None
            pdf_state[rel_pdf] = {"deps": deps, "sha256": hasher.file(pdf), "made": utc_now()}
            status = "executed"
        records.append({"html": relative_to_root(html), "pdf": rel_pdf, "status": status,
                        "sha256": pdf_state[rel_pdf]["sha256"]})
    return records


def _run_id() -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    runs = paths.build_dir() / "runs"
    candidate, n = stamp, 1
    while (runs / f"{candidate}.json").exists():
        n += 1
        candidate = f"{stamp}-{n}"
    return candidate


def _manifest(pipeline, params, plan, runner, data_info, pdf_records, state, hasher, git, env, run) -> dict:
    notebooks, outputs = [], []
    for spec in plan:
        rec = state["notebooks"].get(spec.id)
        if not rec:
            continue
        notebooks.append({
            "id": spec.id, "source": spec.path, "source_sha256": rec["key"]["notebook"],
            "parameters": rec["key"]["parameters"], "status": runner.status.get(spec.id),
            "reason": runner.reasons.get(spec.id), "started": rec["started"], "finished": rec["finished"],
            "seconds": rec.get("seconds"), "commit": rec.get("commit"), "output": rec["output"],
            "output_sha256": rec["output_sha256"], "reads": sorted(rec["reads"]),
        })
        outputs += [{"path": rel, "sha256": sha, "made_by": spec.id, "kind": _kind(rel)}
                    for rel, sha in sorted(rec["outputs"].items())]
    outputs += [{"path": r["pdf"], "sha256": r["sha256"], "made_by": "pdf step", "kind": "pdf",
                 "from": r["html"]} for r in pdf_records]
    return {
        "manifest_version": MANIFEST_VERSION,
        "run": run,
        "git": git,
        "environment": env,
        "parameters": params,
        "pipeline": {"file": "pipeline.yml", "sha256": hasher.file(pipeline.file)},
        "source": {"package_sha256": runner.package},
        "data_step": data_info,
        "inputs": input_files(hasher),
        "notebooks": notebooks,
        "outputs": outputs,
        "book": {},
    }


def _kind(rel: str) -> str:
    parts = Path(rel).parts
    sub = parts[2] if len(parts) > 3 and parts[:2] == ("book", "generated") else ""
    return {"figures": "figure", "tables": "table", "results": "result"}.get(sub, "other")


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _book_step(pipeline: Pipeline, state: dict, hasher: Hasher, force: bool, log) -> dict:
    """Rebuild the book when its sources (or the ToC of this run) changed; publish on success."""
    from jupyter_book import __version__ as jb_version

    toc_text = bookmod.effective_toc(pipeline.all_possible_ids(LANGUAGES))
    files = bookmod.book_sources(hasher)
    key = {"sources": tree_digest(files), "toc": sha256_bytes(toc_text.encode()), "jupyter_book": jb_version}
    prev = state.get("book") or {}
    index = bookmod.published_dir() / "index.html"
    if not force and prev.get("key") == key and prev.get("ok") and index.exists():
        log("book: sources unchanged, skipped")
        return {**prev.get("info", {}), "status": "cached"}
    # Sphinx re-reads a page only if its file is newer than at the last build; a file swapped
    # for one with an older time (a restored copy) would be missed, so changed files are touched.
    now = time.time()
    for rel, sha in files.items():
        if (prev.get("files") or {}).get(rel) != sha:
            os.utime(absolute(rel), (now, now))
    log("book: building ...")
    state["book"] = {"key": key, "ok": False}
    save_state(state)
    info = bookmod.build_book(toc_text, fresh=force or not prev.get("ok"))
    book_info = {"status": "built", "built": utc_now(), "jupyter_book": jb_version,
                 "source_sha256": key["sources"], "html": relative_to_root(bookmod.published_dir()),
                 "index_sha256": hasher.file(index), **info}
    state["book"] = {"key": key, "ok": True, "info": book_info, "files": files}
    log(f"book: built in {info['seconds']} s ({info['pages']} pages) -> {relative_to_root(index)}")
    return book_info


def build(overrides: dict | None = None, *, force: bool = False, only: list[str] | None = None,
          jobs: int | None = None, book: bool = True, log=print) -> BuildResult:
    """Run the whole pipeline (see the module docstring and README).

    Raises ``ParameterError`` for a bad parameter (before anything runs) and
    :class:`PipelineError` for a failing notebook, PDF or book build; a failed
    run is recorded in ``build/runs/`` too.
    """
    t0 = time.monotonic()
    pipeline = load_pipeline()
    # cheap checks first (syntax), so `--country '$(id)'` fails before the data step
    resolve_parameters(pipeline.parameters, overrides, check_data=False)
    with _lock():
        state = load_state()
        hasher = Hasher()
        run = {"id": _run_id(), "started": utc_now(), "status": "running",
               "options": {"overrides": overrides or {}, "force": force, "only": only, "jobs": jobs,
                           "book": book}}
        git = git_info()
        data_info = _data_step(pipeline, state, hasher, force, log)
        save_state(state)
        params = resolve_parameters(pipeline.parameters, overrides)  # against the data
        plan = pipeline.plan(params)
        selected = select(plan, only)
        result = BuildResult(parameters=params, data_step=data_info["status"])
        runner = _Runner(plan, selected, state, hasher, force, jobs, log, git["commit"])
        try:
            runner.run()
            if not only:
                _prune(state, {s.id for s in plan}, log)
            pdf_records = _pdf_step(pipeline, params, state, hasher, force, log)
            save_state(state)
            manifest = _manifest(pipeline, params, plan, runner, data_info, pdf_records, state, hasher,
                                 git, environment_info(), run)
            generated = paths.generated_dir()
            _write_if_changed(generated / "provenance.md", render_provenance_page(manifest))
            # The copy the book offers for download is written before the book exists; a book is
            # only published if its build succeeds, so a published copy describes a successful run.
            run["status"] = "success"
            manifest["book"] = {"note": f"written before the book build; build/runs/{run['id']}.json "
                                        f"has the book build details"} if book else {}
            write_json_atomic(generated / "manifest.json", manifest)
            write_run_crate(manifest, generated)  # ro-crate-metadata.json: the manifest as an RO-Crate
            if book:
                manifest["book"] = _book_step(pipeline, state, hasher, force, log)
                result.book = manifest["book"]["status"]
        except PipelineError as exc:
            run.update(status="failed", finished=utc_now(), error=str(exc))
            failed = {"manifest_version": MANIFEST_VERSION, "run": run, "git": git, "parameters": params,
                      "notebooks": [{"id": i, "status": s} for i, s in runner.status.items()]}
            write_json_atomic(paths.build_dir() / "runs" / f"{run['id']}.json", failed)
            save_state(state)
            hasher.save()
            raise
        result.notebooks, result.reasons = dict(runner.status), dict(runner.reasons)
        result.pdf = {r["pdf"]: r["status"] for r in pdf_records}
        run.update(status="success", finished=utc_now(), seconds=round(time.monotonic() - t0, 1))
        result.manifest = paths.build_dir() / "runs" / f"{run['id']}.json"
        write_json_atomic(result.manifest, manifest)
        write_json_atomic(generated / "manifest.json", manifest)
        save_state(state)
        hasher.save()
        result.seconds = round(time.monotonic() - t0, 1)
        return result
