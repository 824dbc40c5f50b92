"""``build``: data step → declared inputs → notebooks (parallel, cached) → PDFs → manifest →
book → publish, all or nothing.

Everything a run makes is staged in ``build/next/`` (:mod:`egovreport.pipeline.stage`) and
published together only when every step succeeded; a failed, interrupted or killed run leaves
the published report exactly as it was, and a record in ``build/runs/``.
"""

from __future__ import annotations

import fcntl
import importlib
import json
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path

from .. import paths
from ..i18n import LANGUAGES
from ..provenance import read_log, relative_to_root, sha256_bytes
from . import book as bookmod
from . import stage as stagemod
from .cache import Hasher, load_state, package_digest, save_state, tree_digest, write_json_atomic
from .config import LANGUAGES_PARAMETER, NotebookSpec, Pipeline, PipelineError, load_pipeline, select
from .execute import failure_of, prepare_for_book, run_notebook_job, utc_now
from .inputs import check_inputs, resolve_inputs
from .manifest import (MANIFEST_VERSION, code_files, environment_info, git_info, input_files, iso_utc,
                       render_provenance_page, source_date_epoch)
from .parameters import resolve_parameters
from ..rocrate import write_run_crate
from .processes import BuildInterrupted, sigterm_raises, stop_process_tree, worker_initializer
from .stage import GENERATED, HTML, PROCESSED, Stage

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
    manifest: Path | None = None  # the run record, build/runs/<id>.json
    published: list[str] = field(default_factory=list)  # what this run swapped into place
    inputs: dict[str, str] = field(default_factory=dict)  # declared input -> real | illustrative | absent
    seconds: float = 0.0

    @property
    def executed(self) -> list[str]:
        return [i for i, s in self.notebooks.items() if s == "executed"]


@contextmanager
def project_lock():
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


class _Environment:
    """Sets variables in ``os.environ`` for the duration of a run (inherited by the workers, the
    kernels, Jupyter Book and Chromium) and restores the previous values afterwards."""

    def __init__(self):
        self._saved: dict[str, str | None] = {}

    def set(self, values: dict[str, str]) -> None:
        for key, value in values.items():
            self._saved.setdefault(key, os.environ.get(key))
            os.environ[key] = value

    def restore(self) -> None:
        for key, value in self._saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved.clear()


def _call(target: str):
    module, _, func = target.partition(":")
    try:
        return getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError) as exc:
        raise PipelineError(f"pipeline.yml: data_step {target!r} cannot be imported ({exc})") from None


# --- the data step -------------------------------------------------------------------------------

def check_raw_snapshot() -> None:
    """Stop when ``data/raw`` differs from ``data/raw/SHA256SUMS`` (raw files are never edited)."""
    from ..errors import InputError
    from ..sources import CHECKSUM_MANIFEST, verify_raw_checksums

    raw = paths.raw_dir()
    if not (raw / CHECKSUM_MANIFEST).exists():
        return
    problems = verify_raw_checksums(raw)
    if not problems:
        return
    first = problems[0]
    what = ("is missing" if first.actual is None else "is not listed in it" if first.expected is None
            else "was modified (its SHA-256 differs)")
    more = f" ({len(problems) - 1} more file(s) differ too)" if len(problems) > 1 else ""
    raise InputError(f"data/raw/{first.file}",
                     f"does not match data/raw/{CHECKSUM_MANIFEST}: the file {what}{more}. Raw files are "
                     f"never edited: restore it (git checkout -- data/raw), or record a new snapshot on "
                     f"purpose as data/raw/README.md says (a new file with its SOURCE.md card, then `python -c "
                     f"\"from egovreport.sources import write_checksum_manifest; write_checksum_manifest()\"`)")


def run_data_step(*, force: bool = False, log=print) -> dict:
    """The data step alone (``python -m egovreport data``): build ``data/processed`` unless the
    raw/curated inputs, the package and the processed files are all unchanged since last time;
    a new version is published at once (only ``data/processed``; the next build brings the
    report up to date)."""
    pipeline = load_pipeline()
    with project_lock(), sigterm_raises():
        stagemod.recover(log)
        state, hasher = load_state(), Hasher()
        target = paths.build_dir() / "next-data"
        shutil.rmtree(target, ignore_errors=True)
        env = _Environment()
        try:
            processed = target / "data" / "processed"
            info = _data_step(pipeline, state, hasher, force, log, lambda: stagemod.fresh_processed(processed),
                              paths.published_processed_dir(), env)
            if info["status"] == "executed":
                record = stagemod.read_published_record() or {"version": stagemod.PUBLISHED_RECORD_VERSION,
                                                              "folders": {}}
                record["folders"][PROCESSED] = stagemod.walk(processed, hasher)
                write_json_atomic(target / "published.json", record)
                write_json_atomic(target / "state.json", state)
                stagemod.publish_moves([(processed, PROCESSED), (target / "published.json", stagemod.PUBLISHED_RECORD),
                                        (target / "state.json", relative_to_root(stagemod.state_file()))],
                                       target, log)
            else:
                save_state(state)
        finally:
            env.restore()
            shutil.rmtree(target, ignore_errors=True)
            hasher.save()
    return info


def _data_step(pipeline: Pipeline, state: dict, hasher: Hasher, force: bool, log, new_folder,
               current: Path, env: _Environment) -> dict:
    """Run the data step into ``new_folder()`` unless ``current`` is up to date."""
    info = {"function": pipeline.data_step, "status": "none"}
    if not pipeline.data_step:
        return info
    root = paths.project_root()

    def inputs_key():
        files = {}
        for folder in DATA_INPUT_FOLDERS:
            files.update(hasher.tree(root / folder))
        return {"inputs": tree_digest(files), "package": package_digest(hasher),
                "function": pipeline.data_step}

    key = inputs_key()
    prev = state.get("data_step") or {}
    outputs = hasher.tree(current)
    if (not force and prev.get("key") == key and outputs
            and prev.get("outputs") == tree_digest(outputs)):
        log("data step: inputs unchanged, skipped")
        return {**info, "status": "cached", "started": prev.get("started"), "finished": prev.get("finished")}
    check_raw_snapshot()
    func = _call(pipeline.data_step)
    log(f"data step: running {pipeline.data_step} ...")
    started, t0 = utc_now(), time.monotonic()
    state.pop("data_step", None)
    target = new_folder()
    env.set({"EGOVREPORT_PROCESSED_DIR": str(target)})
    func()
    seconds = round(time.monotonic() - t0, 1)
    record = {"key": key, "outputs": tree_digest(hasher.tree(target)),
              "started": started, "finished": utc_now(), "seconds": seconds}
    state["data_step"] = record
    log(f"data step: done in {seconds} s")
    return {**info, "status": "executed", "started": record["started"], "finished": record["finished"]}


# --- notebooks -----------------------------------------------------------------------------------

def _plain(value):
    return json.loads(json.dumps(value))


def _stale_reason(spec: NotebookSpec, prev: dict | None, key: dict, hasher: Hasher, locate) -> str | None:
    """Why ``spec`` must run again, or ``None`` when its staged outputs are current."""
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
    if prev["key"].get("inputs") != key["inputs"]:
        changed = sorted(k for k in set(key["inputs"]) | set(prev["key"].get("inputs") or {})
                         if key["inputs"].get(k) != (prev["key"].get("inputs") or {}).get(k))
        return f"declared input changed: {', '.join(changed) or 'inputs'}"
    for rel, sha in prev["reads"].items():
        if hasher.file(locate(rel)) != sha:
            return f"input changed: {rel}"
    for rel, sha in prev["outputs"].items():
        if hasher.file(locate(rel)) != sha:
            return f"output missing or altered: {rel}"
    if hasher.file(locate(prev["output"])) != prev["output_sha256"]:
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
    """Schedules the notebooks of a plan on a process pool, respecting ``after``; each
    successful notebook's outputs are moved into the run's stage."""

    def __init__(self, plan, selected, stage: Stage, state, hasher, force, jobs, log, commit):
        self.plan, self.selected = plan, selected
        self.stage = stage
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
                "parameters": _plain(spec.parameters),
                "inputs": {p: (self.hasher.file(self.root / spec.parameters[p]) if spec.parameters.get(p) else None)
                           for p in sorted(spec.inputs)}}

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
            **self.stage.env(),
            # the kernel imports the very package whose hash keys the cache
            "PYTHONPATH": os.pathsep.join(p for p in (self.src_dir, os.environ.get("PYTHONPATH")) if p),
            "JUPYTER_PATH": kernel_jupyter_path(),
            **({"SOURCE_DATE_EPOCH": os.environ["SOURCE_DATE_EPOCH"]} if "SOURCE_DATE_EPOCH" in os.environ else {}),
            **KERNEL_ENV,
        }
        return {"id": spec.id, "input": str(self.root / spec.path), "output": str(stage / f"{spec.id}.ipynb"),
                "cwd": str(paths.notebooks_dir()), "parameters": _plain(spec.parameters), "env": env,
                "timeout": spec.timeout, "log": str(stage / "kernel.log")}

    def owners(self) -> dict[str, str]:
        return {rel: nid for nid, rec in self.state["notebooks"].items() for rel in rec.get("outputs", {})}

    def publish(self, spec: NotebookSpec, result: dict, key: dict) -> None:
        """Move a successful notebook's outputs and executed notebook into the run's stage."""
        stage = self.staging(spec)
        staged_out = stage / "outputs"
        generated = self.stage.generated
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
                self.stage.locate(rel).unlink(missing_ok=True)
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
        output_rel = f"{GENERATED}/{spec.id}.ipynb"
        prepare_for_book(executed, source=spec.path, output=output_rel)
        target = generated / f"{spec.id}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(executed, target)
        self.state["notebooks"][spec.id] = {
            "key": key, "entry": spec.entry_id, "source": spec.path, "reads": reads, "outputs": outputs,
            "output": output_rel, "output_sha256": self.hasher.file(target),
            "started": result["started"], "finished": result["finished"], "seconds": result["seconds"],
            "commit": self.commit or None,
        }
        self.stage.save_state(self.state)
        self._check_undeclared(spec, reads)

    def _check_undeclared(self, spec, reads) -> None:
        owners = self.owners()
        for rel in reads:
            owner = owners.get(rel)
            if owner and owner != spec.id and owner not in self.ancestors.get(spec.id, set()):
                self.log(f"warning: notebook '{spec.id}' read {rel}, made by '{owner}', but pipeline.yml "
                         f"does not list '{owner}' in its `after` (the order is then a race)")

    def _failed(self, spec, result) -> str | None:
        executed = self.staging(spec) / f"{spec.id}.ipynb"
        problem = failure_of(executed, result["error"])
        if not problem:
            return None
        failed_dir = paths.build_dir() / "failed"
        failed_dir.mkdir(parents=True, exist_ok=True)
        kept = failed_dir / f"{spec.id}.ipynb"
        if executed.exists():
            shutil.copyfile(executed, kept)
        self.status[spec.id] = "failed"
        self.log(f"[FAILED]   {spec.id} after {result['seconds']} s")
        return (f"notebook '{spec.id}' ({spec.path}) failed at {problem}; executed notebook "
                f"kept in {relative_to_root(kept)}; nothing was published")

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
        clean_exit = False
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
                            spec, self.state["notebooks"].get(spec.id), key, self.hasher, self.stage.locate)
                        if reason is None:
                            pending.remove(spec)
                            done.add(spec.id)
                            self.status[spec.id] = "cached"
                            self.log(f"[cached]   {spec.id}")
                            progressed = True
                        elif len(running) < self.jobs:
                            if pool is None:
                                workers = min(self.jobs, len(pending))
                                pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                                           initializer=worker_initializer,
                                                           initargs=(os.getpid(),))
                            pending.remove(spec)
                            self.reasons[spec.id] = reason
                            self.log(f"[run]      {spec.id} ({reason})")
                            running[pool.submit(run_notebook_job, self.job(spec))] = (spec, key)
                            progressed = True
                if not running:
                    break  # failure, or nothing runnable
                finished, _ = wait(running, timeout=1.0, return_when=FIRST_COMPLETED)
                for fut in finished:
                    spec, key = running.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool as exc:  # the worker itself died (out of memory, killed)
                        self.status[spec.id] = "failed"
                        raise PipelineError(f"notebook '{spec.id}' ({spec.path}): its worker process died "
                                            f"({exc}); nothing was published") from None
                    problem = self._failed(spec, result)
                    if problem:
                        failure = failure or problem
                        continue
                    self.publish(spec, result, key)
                    done.add(spec.id)
                    self.status[spec.id] = "executed"
                    self.log(f"[done]     {spec.id} in {result['seconds']} s")
            clean_exit = True
        finally:
            if pool is not None:
                if not clean_exit:  # interrupted or crashed: stop every worker and its kernel now
                    for proc in list(getattr(pool, "_processes", {}).values()):
                        stop_process_tree(proc.pid)
                    pool.shutdown(wait=False, cancel_futures=True)
                else:
                    pool.shutdown(wait=True, cancel_futures=True)
        if failure:
            raise PipelineError(failure)
        if pending:  # cannot happen with `after` checked in pipeline.yml, but never pass silently
            raise PipelineError(f"notebooks never became runnable: {', '.join(s.id for s in pending)}")


def _prune(stage: Stage, state: dict, keep: set[str], log) -> None:
    """Drop outputs of notebooks that are not part of this run (e.g. a dropped language)."""
    for nid in sorted(set(state["notebooks"]) - keep):
        rec = state["notebooks"].pop(nid)
        for rel in [*rec.get("outputs", {}), rec.get("output")]:
            if rel:
                stage.locate(rel).unlink(missing_ok=True)
        log(f"[removed]  {nid} (not part of this run)")


# --- PDFs ----------------------------------------------------------------------------------------

def _pdf_step(pipeline: Pipeline, params: dict, stage: Stage, state: dict, hasher: Hasher, force: bool,
              log, source_epoch: int) -> list[dict]:
    """Print the standalone HTML pages listed under ``pdf:`` with Chromium."""
    from ..pdf import PdfError, print_to_pdf

    if not pipeline.pdf:
        return []
    jobs = []
    for entry in pipeline.pdf:
        for lang in (params.get(LANGUAGES_PARAMETER, []) if entry.per_language else [None]):
            fmt = {**params, "language": lang}
            jobs.append((entry.html.format(**fmt), entry.pdf.format(**fmt)))
    present = [(h, p) for h, p in jobs if stage.locate(h).exists()]
    if not present:
        log("warning: pdf step skipped: none of the HTML files listed under `pdf:` in pipeline.yml exists")
        return []
    records = []
    pdf_state = state.setdefault("pdf", {})
    for html_rel, pdf_rel in jobs:
        html, pdf = stage.locate(html_rel), stage.locate(pdf_rel)
        if not html.exists():
            log(f"warning: pdf step: {html_rel} not found, {pdf_rel} not made")
            continue
        urls = bookmod.loaded_urls(html)
        remote = [u for u in urls if bookmod.is_remote(u)]
        if remote:
            raise PipelineError(f"{html_rel} loads {remote[0]} from the internet; "
                                f"standalone HTML must work offline")
        local = [html] + bookmod.local_files(html, urls)
        deps = {relative_to_root(f): hasher.file(f) for f in local}
        deps["SOURCE_DATE_EPOCH"] = str(source_epoch)  # printed into the PDF's dates
        prev = pdf_state.get(pdf_rel)
        if not force and prev and prev["deps"] == deps and hasher.file(pdf) == prev["sha256"]:
            status = "cached"
        else:
            log(f"[pdf]      {html_rel} -> {pdf_rel}")
            try:
                print_to_pdf(html, pdf, source_date_epoch=source_epoch)
            except PdfError as exc:
                raise PipelineError(f"pdf step: {exc}") from None
            pdf_state[pdf_rel] = {"deps": deps, "sha256": hasher.file(pdf), "made": utc_now()}
            status = "executed"
        records.append({"html": html_rel, "pdf": pdf_rel, "status": status,
                        "sha256": pdf_state[pdf_rel]["sha256"]})
    for rel in set(pdf_state) - {r["pdf"] for r in records}:  # no longer made (e.g. a dropped language)
        pdf_state.pop(rel)
        stage.locate(rel).unlink(missing_ok=True)
    return records


# --- manifest, book, published record ----------------------------------------------------------

def _run_id() -> str:
    """``<UTC time to the microsecond>Z-<n>``: the names sort in the order the runs started, also
    for two runs in one second (``...Z-2`` after ``...Z-1``; a bare ``...Z`` would sort after both)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    runs = paths.build_dir() / "runs"
    n = 1
    while (runs / f"{stamp}-{n}.json").exists():
        n += 1
    return f"{stamp}-{n}"


def _kind(rel: str) -> str:
    parts = Path(rel).parts
    sub = parts[2] if len(parts) > 3 and parts[:2] == ("book", "generated") else ""
    return {"figures": "figure", "tables": "table", "results": "result"}.get(sub, "other")


def _manifest(pipeline, params, plan, runner, resolved, pdf_records, stage, state, hasher, git,
              source_epoch) -> dict:
    """The published manifest: what the published report is made of (no run times)."""
    notebooks, outputs = [], []
    for spec in plan:
        rec = state["notebooks"].get(spec.id)
        if not rec:
            continue
        notebooks.append({
            "id": spec.id, "source": spec.path, "source_sha256": rec["key"]["notebook"],
            # sorted: the state file stores them sorted, and the same run must give the same page
            "parameters": dict(sorted(rec["key"]["parameters"].items())),
            "inputs": {p: rec["key"]["parameters"].get(p) for p in sorted(spec.inputs)},
            "commit": rec.get("commit"), "output": rec["output"],
            "output_sha256": rec["output_sha256"],
            # files it read; files it looked for that did not exist (a real file that may be added later)
            "reads": sorted(r for r, sha in rec["reads"].items() if sha),
            "looked_for": sorted(r for r, sha in rec["reads"].items() if not sha),
        })
        outputs += [{"path": rel, "sha256": sha, "made_by": spec.id, "kind": _kind(rel)}
                    for rel, sha in sorted(rec["outputs"].items())]
    outputs += [{"path": r["pdf"], "sha256": r["sha256"], "made_by": "pdf step", "kind": "pdf",
                 "from": r["html"]} for r in pdf_records]
    book_files = bookmod.book_sources(hasher, paths.book_dir(), generated=False)
    return {
        "manifest_version": MANIFEST_VERSION,
        "run": {"status": "success", "source_date_epoch": source_epoch, "source_date": iso_utc(source_epoch),
                "record": "build/runs/ (one JSON file per run: times, cache decisions, errors)"},
        "git": git,
        "environment": environment_info(),
        "parameters": params,
        "declared_inputs": {name: res.record(hasher) for name, res in resolved.items()},
        "pipeline": {"file": "pipeline.yml", "sha256": hasher.file(pipeline.file)},
        "source": {"package_sha256": runner.package},
        "code": code_files(hasher, pipeline, [s.path for s in plan], book_files),
        "data_step": {"function": pipeline.data_step},
        "inputs": input_files(hasher, stage.locate),
        "notebooks": notebooks,
        "outputs": outputs,
        "book": {"html": HTML, "checksums": stagemod.PUBLISHED_RECORD},
    }


def _write_text(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _book_step(pipeline: Pipeline, stage: Stage, state: dict, hasher: Hasher, force: bool, recorded_html,
               log) -> dict:
    """Rebuild the book into the stage when its sources (or this run's ToC) changed, or when the
    published HTML differs from its recorded checksums (a page altered by hand)."""
    from jupyter_book import __version__ as jb_version

    toc_text = bookmod.effective_toc(pipeline.all_possible_ids(LANGUAGES))
    source = stage.sync_book_sources()
    files = bookmod.book_sources(hasher, source)
    key = {"sources": tree_digest(files), "toc": sha256_bytes(toc_text.encode()), "jupyter_book": jb_version}
    prev = state.get("book") or {}
    published_html = stagemod.walk(paths.project_root() / HTML, hasher)
    if recorded_html is None or not published_html:
        damage = "no published book" if not published_html else None
    else:
        altered = sorted(k for k in set(published_html) | set(recorded_html)
                         if published_html.get(k) != recorded_html.get(k))
        damage = f"published page altered or missing: {HTML}/{altered[0]}" if altered else None
    if not force and prev.get("key") == key and prev.get("ok") and not damage:
        log("book: sources unchanged, skipped")
        return {**prev.get("info", {}), "status": "cached"}
    changed = sorted(k for k in set(files) | set(prev.get("files") or {})
                     if files.get(k) != (prev.get("files") or {}).get(k))
    why = ("--force" if force else damage if damage and prev.get("key") == key
           else f"changed: {', '.join(changed[:3])}{' ...' if len(changed) > 3 else ''}" if changed
           else "table of contents or Jupyter Book changed" if prev.get("ok") else "no complete build yet")
    # Sphinx re-reads a page only if its file is newer than at the last build; a file swapped
    # for one with an older time (a restored copy) would be missed, so changed files are touched.
    now = time.time()
    for rel, sha in files.items():
        if (prev.get("files") or {}).get(rel) != sha:
            os.utime(source / rel[len("book/"):], (now, now))
    log(f"book: building ({why}) ...")
    state["book"] = {"key": key, "ok": False}
    stage.save_state(state)
    shutil.rmtree(stage.html, ignore_errors=True)
    info = bookmod.build_html(source, stage.html, toc_text, fresh=force or not prev.get("ok"))
    book_info = {"status": "built", "built": utc_now(), "jupyter_book": jb_version,
                 "source_sha256": key["sources"], "html": HTML, **info}
    state["book"] = {"key": key, "ok": True, "info": book_info, "files": files}
    stage.save_state(state)
    log(f"book: built in {info['seconds']} s ({info['pages']} pages)")
    return book_info


def _published_record(stage: Stage, hasher: Hasher, manifest_sha: str, previous: dict | None) -> dict:
    """Checksums of every file the published set will hold after this run."""
    root = paths.project_root()
    folders = {GENERATED: stagemod.walk(stage.generated, hasher)}
    for folder, staged in ((PROCESSED, stage.processed), (HTML, stage.html)):
        if staged.is_dir():
            folders[folder] = stagemod.walk(staged, hasher)
        elif previous and folder in previous.get("folders", {}):
            folders[folder] = previous["folders"][folder]  # unchanged (and never blessed if altered)
        else:
            folders[folder] = stagemod.walk(root / folder, hasher)
    return {"version": stagemod.PUBLISHED_RECORD_VERSION, "manifest_sha256": manifest_sha,
            "folders": {k: v for k, v in folders.items() if v}}


# --- run records ---------------------------------------------------------------------------------

def _runs_dir() -> Path:
    return paths.build_dir() / "runs"


def _close_unfinished_record(log) -> None:
    """A run killed outright (SIGKILL, power cut) left its record "running": say so."""
    marker = _runs_dir() / ".running"
    if not marker.exists():
        return
    path = _runs_dir() / f"{marker.read_text(encoding='utf-8').strip()}.json"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("run", {}).get("status") == "running":
            record["run"].update(status="killed", error="the process ended without finishing (killed?); "
                                                        "nothing it made was published")
            write_json_atomic(path, record)
            log(f"note: run {path.stem} was killed before it finished; nothing it made was published")
    except (OSError, ValueError):
        pass
    marker.unlink(missing_ok=True)


def _clear_failed(plan, statuses: dict[str, str]) -> None:
    """Executed notebooks kept from failed runs are removed once the notebook succeeds again
    (or leaves the pipeline)."""
    failed = paths.build_dir() / "failed"
    if not failed.is_dir():
        return
    ids = {s.id for s in plan}
    for f in failed.glob("*.ipynb"):
        if f.stem not in ids or statuses.get(f.stem) in ("executed", "cached"):
            f.unlink()


# --- build ---------------------------------------------------------------------------------------

def build(overrides: dict | None = None, *, force: bool = False, only: list[str] | None = None,
          jobs: int | None = None, book: bool = True, log=print) -> BuildResult:
    """Run the whole pipeline (see the module docstring and README).

    Raises ``ParameterError`` for a bad parameter, ``InputError`` for bad input data,
    :class:`PipelineError` for a failing notebook, PDF or book build (and
    :class:`~egovreport.pipeline.processes.BuildInterrupted` on SIGTERM). Whatever happens,
    nothing is published unless every step succeeded, and the run is recorded in
    ``build/runs/``.
    """
    t0 = time.monotonic()
    pipeline = load_pipeline()
    # cheap checks first (syntax), so `--country '$(id)'` fails before anything starts
    resolve_parameters(pipeline.parameters, overrides, check_data=False)
    with project_lock(), sigterm_raises():
        stagemod.recover(log)
        _close_unfinished_record(log)
        run = {"id": _run_id(), "started": utc_now(), "status": "running",
               "options": {"overrides": overrides or {}, "force": force, "only": only, "jobs": jobs,
                           "book": book}}
        record_path = _runs_dir() / f"{run['id']}.json"
        write_json_atomic(record_path, {"manifest_version": MANIFEST_VERSION, "run": run})
        (_runs_dir() / ".running").write_text(run["id"], encoding="utf-8")
        env = _Environment()
        hasher = Hasher()
        git = git_info()
        params, runner, result = None, None, None
        try:
            epoch = source_date_epoch(git)
            run["source_date_epoch"] = epoch
            stage, state = Stage.open(load_state(), log)
            env.set({**stage.env(), "SOURCE_DATE_EPOCH": str(epoch)})
            data_info = _data_step(pipeline, state, hasher, force, log, stage.new_processed,
                                   stage.folder_now(PROCESSED), env)
            stage.save_state(state)
            params = resolve_parameters(pipeline.parameters, overrides)  # against the data
            resolved = resolve_inputs(pipeline.inputs, params)
            check_inputs(pipeline.inputs, resolved, state, hasher, log)
            stage.save_state(state)
            plan = pipeline.plan(params, resolved)
            selected = select(plan, only)
            result = BuildResult(parameters=params, data_step=data_info["status"],
                                 inputs={n: r.choice for n, r in resolved.items()})
            runner = _Runner(plan, selected, stage, state, hasher, force, jobs, log, git["commit"])
            runner.run()
            if not only:
                _prune(stage, state, {s.id for s in plan}, log)
            pdf_records = _pdf_step(pipeline, params, stage, state, hasher, force, log, epoch)
            stage.save_state(state)
            manifest = _manifest(pipeline, params, plan, runner, resolved, pdf_records, stage, state, hasher,
                                 git, epoch)
            _write_text(stage.generated / "provenance.md", render_provenance_page(manifest))
            manifest_text = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
            _write_text(stage.generated / "manifest.json", manifest_text)
            write_run_crate(manifest, stage.generated)  # ro-crate-metadata.json: the manifest as an RO-Crate
            previous = stagemod.read_published_record()
            recorded_html = (previous or {}).get("folders", {}).get(HTML)
            book_info = (_book_step(pipeline, stage, state, hasher, force, recorded_html, log) if book
                         else {"status": "skipped"})
            result.book = book_info["status"]
            record = _published_record(stage, hasher, sha256_bytes(manifest_text.encode()), previous)
            generated_now = stagemod.walk(paths.published_generated_dir(), hasher)
            if (record != previous or stage.html.is_dir() or stage.processed_staged
                    or generated_now != record["folders"].get(GENERATED, {})):
                write_json_atomic(stage.record, record)
                state.pop("stage", None)
                stage.save_state(state)
                result.published = stagemod.publish(stage, log)
            else:
                state.pop("stage", None)
                save_state(state)  # the same published set: only cache notes may differ
                stage.discard()
                log("published: nothing changed")
            result.notebooks, result.reasons = dict(runner.status), dict(runner.reasons)
            result.pdf = {r["pdf"]: r["status"] for r in pdf_records}
            run.update(status="success", finished=utc_now(), seconds=round(time.monotonic() - t0, 1),
                       published=result.published)
            notebook_runs = {n["id"]: n for n in manifest["notebooks"]}
            for nid, rec in state["notebooks"].items():
                if nid in notebook_runs:
                    notebook_runs[nid].update(status=runner.status.get(nid), reason=runner.reasons.get(nid),
                                              started=rec.get("started"), finished=rec.get("finished"),
                                              seconds=rec.get("seconds"))
            write_json_atomic(record_path, {
                **manifest, "run": {**manifest["run"], **run},
                "environment": environment_info(machine_paths=True),
                "data_step": {**manifest["data_step"], **data_info},
                "book": {**manifest["book"], **book_info}, "published": record})
            _clear_failed(plan, runner.status)
            result.manifest = record_path
            result.seconds = round(time.monotonic() - t0, 1)
            return result
        except BaseException as exc:
            interrupted = isinstance(exc, (BuildInterrupted, KeyboardInterrupt))
            run.update(status="interrupted" if interrupted else "failed", finished=utc_now(),
                       seconds=round(time.monotonic() - t0, 1),
                       error=str(exc) if not isinstance(exc, KeyboardInterrupt) else "interrupted (SIGINT)")
            failed = {"manifest_version": MANIFEST_VERSION, "run": run, "git": git,
                      "parameters": params if params is not None else overrides or {},
                      "notebooks": [{"id": i, "status": s, "reason": runner.reasons.get(i)}
                                    for i, s in (runner.status.items() if runner else [])]}
            write_json_atomic(record_path, failed)
            raise
        finally:
            (_runs_dir() / ".running").unlink(missing_ok=True)
            env.restore()
            hasher.save()
