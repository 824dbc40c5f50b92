#!/usr/bin/env python
"""Benchmark of the report pipeline; writes ``benchmarks/results.json``.

Every scenario runs the real command line (``python -m egovreport ...``) in a fresh process on a
temporary copy of this project (as ``make clean`` leaves it), so the checkout and its book are
never touched, and repeats it ``--repeat`` times (median reported):

- ``cold_build``: data step, every notebook (papermill, in parallel), PDF step and HTML book,
  from raw data; ``cold_build_serial`` the same with ``--jobs 1``;
- ``noop_rebuild``: ``build`` again with nothing changed;
- ``one_parameter_change``: ``build --peers ...`` alternating between two peer lists;
- ``pdf_step``: printing the standalone brief HTML pages to PDF (Chromium), alone;
- ``country_batch``: ``python -m egovreport batch`` (EGDI profile of the 193 Member States);
- ``full_reports``: the *full* report (every notebook, PDFs, book) of ``--states`` (default: all
  193 Member States) through the Snakemake workflow (``workflow/Snakefile``), each state in its
  own project copy, ``--cores`` = all cores; wall time, peak memory of the whole tree and
  Snakemake's per-report time and peak memory. Hours for 193 states: run it alone, on purpose
  (``--only full_reports --repeat 1 --merge``);
- ``jupyter_book_force`` / ``jupyter_book_cache``: the baseline of letting Jupyter Book execute
  the same source notebooks itself (``execute_notebooks: force`` / ``cache``; the data step is
  run first and counted), and ``jupyter_book_cache_noop`` its rebuild from the cache.

Peak memory is the largest sum of resident set sizes over the whole process tree (the build,
its workers, the kernels, Chromium, Sphinx), sampled every 0.1 s with psutil. Ratios against
Jupyter Book (``ratios_jupyter_book_over_pipeline``) are Jupyter Book's time divided by the
pipeline's; ``ratios_pipeline`` holds the serial cold build's time over the parallel one's.
``analysis`` splits the cold build's notebook time into kernel start-up, imports and
computation (from papermill's cell timings) and lists the phases of the build.

Usage: python scripts/benchmark.py [--repeat 3] [--only cold_build,noop_rebuild ...]
       [--compare benchmarks/results_before.json] [--note "what changed"] [--out FILE]
       [--states all|ISO3,ISO3,...] [--merge]

``--merge`` keeps the scenarios of the existing ``--out`` file that this run does not measure
(e.g. add ``full_reports`` without re-running the others). ``full_reports`` is not part of the
default set (it takes hours for 193 states): name it in ``--only``.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from egovreport.pipeline.run import KERNEL_ENV as PIPELINE_KERNEL_ENV, kernel_jupyter_path  # noqa: E402
from egovreport.pipeline.workspace import copy_project  # noqa: E402

SCENARIOS = ["cold_build", "cold_build_serial", "noop_rebuild", "one_parameter_change", "pdf_step",
             "country_batch", "jupyter_book_force", "jupyter_book_cache"]
OPT_IN = ["full_reports"]  # run only when named in --only
PEER_LISTS = ["KAZ,KGZ", "KAZ,UZB"]  # alternated: each run changes one parameter
# what the pipeline gives its kernels (egovreport.pipeline.run), given to Jupyter Book's kernels too
KERNEL_ENV = {"JUPYTER_PATH": kernel_jupyter_path(), **PIPELINE_KERNEL_ENV}


# --------------------------------------------------------------------------- measuring

class TreeMemory(threading.Thread):
    """Samples the summed RSS of a process and all its descendants; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_tree = self.peak_single = 0
        self._halt = threading.Event()

    def run(self):
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._halt.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            sizes = []
            for p in procs:
                try:
                    sizes.append(p.memory_info().rss)
                except psutil.Error:
                    pass
            if sizes:
                self.peak_tree = max(self.peak_tree, sum(sizes))
                self.peak_single = max(self.peak_single, max(sizes))
            self._halt.wait(self.interval)

    def stop(self):
        self._halt.set()
        self.join()


def run(cmd: list[str], root: Path, env: dict | None = None, check: bool = True) -> dict:
    """Run ``cmd`` in ``root``; wall time, peak memory, stdout lines with their time offsets
    (``check=False``: a non-zero exit is returned as ``returncode``, not an error)."""
    full_env = {**os.environ, "EGOVREPORT_ROOT": str(root),
                "PYTHONPATH": os.pathsep.join(p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH")) if p),
                "PYTHONUNBUFFERED": "1", **(env or {})}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, bufsize=1)
    mem = TreeMemory(proc.pid)
    mem.start()
    lines = [(round(time.perf_counter() - t0, 2), line.rstrip("\n")) for line in proc.stdout]
    proc.wait()
    seconds = time.perf_counter() - t0
    mem.stop()
    if proc.returncode != 0 and check:
        tail = "\n".join(text for _, text in lines[-15:])
        raise SystemExit(f"benchmark: {' '.join(cmd[:4])} ... failed ({proc.returncode}):\n{tail}")
    return {"seconds": round(seconds, 2), "peak_rss_tree_mb": round(mem.peak_tree / 2**20, 1),
            "peak_rss_single_mb": round(mem.peak_single / 2**20, 1), "lines": lines,
            "returncode": proc.returncode}


def egovreport(*args) -> list[str]:
    return [sys.executable, "-m", "egovreport", *args]


def phases(lines: list[tuple[float, str]]) -> dict:
    """Phases of a build from its log: data step, notebooks (wall), PDF, book (Sphinx)."""
    out: dict = {}
    at = {}
    for t, text in lines:
        m = re.match(r"data step: done in ([\d.]+) s", text)
        if m:
            out["data_step_s"] = float(m.group(1))
        if text.startswith("[run]") and "first_run" not in at:
            at["first_run"] = t
        if text.startswith(("[done]", "[FAILED]")):
            at["last_done"] = t
        if text.startswith("[pdf]") and "first_pdf" not in at:
            at["first_pdf"] = t
        if text.startswith("book: building"):
            at["book"] = t
        m = re.match(r"book: built in ([\d.]+) s \((\d+) pages\)", text)
        if m:
            out["book_s"], out["book_pages"] = float(m.group(1)), int(m.group(2))
        m = re.match(r"build: (\d+) notebook\(s\) executed, (\d+) cached", text)
        if m:
            out["notebooks_executed"], out["notebooks_cached"] = int(m.group(1)), int(m.group(2))
    if "first_run" in at and "last_done" in at:
        out["notebooks_wall_s"] = round(at["last_done"] - at["first_run"], 2)
    if "first_pdf" in at and "book" in at:
        out["pdf_s"] = round(at["book"] - at["first_pdf"], 2)
    return out


def summarise(runs: list[dict]) -> dict:
    """Median and all values of each measure over the repetitions."""
    keys = [k for k in runs[0] if k not in ("lines", "returncode") and isinstance(runs[0][k], (int, float))]
    out = {"n": len(runs)}
    for k in keys:
        values = [r[k] for r in runs if k in r]
        out[k] = {"median": round(statistics.median(values), 2), "values": values}
    return out


# --------------------------------------------------------------------------- scenarios

def fresh_copy(work: Path, name: str) -> Path:
    target = work / name
    shutil.rmtree(target, ignore_errors=True)
    return copy_project(target, REPO)


def cold_build(work: Path, repeat: int, extra: list[str] = ()) -> tuple[dict, Path, list[dict]]:
    runs = []
    for i in range(repeat):
        root = fresh_copy(work, f"cold{i}")
        r = run(egovreport("build", *extra), root)
        r.update(phases(r["lines"]))
        runs.append(r)
    return summarise(runs), root, runs


def noop_rebuild(root: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        r = run(egovreport("build"), root)
        r.update(phases(r["lines"]))
        assert r.get("notebooks_executed") == 0, "a no-op rebuild executed notebooks"
        runs.append(r)
    return summarise(runs)


def one_parameter_change(root: Path, repeat: int) -> dict:
    runs = []
    for i in range(repeat):
        r = run(egovreport("build", "--peers", PEER_LISTS[i % 2]), root)
        r.update(phases(r["lines"]))
        runs.append(r)
    run(egovreport("build"), root)  # back to the defaults for the scenarios that follow
    out = summarise(runs)
    out["change"] = f"--peers alternating {' / '.join(PEER_LISTS)} (default: no peers)"
    return out


def pdf_step(root: Path, repeat: int) -> dict:
    pages = sorted((root / "book" / "generated" / "brief").glob("policy_brief_*.html"))
    script = ("import sys, tempfile, pathlib\nfrom egovreport.pdf import print_to_pdf\n"
              "out = pathlib.Path(tempfile.mkdtemp())\n"
              "for h in sys.argv[1:]:\n    print_to_pdf(h, out / (pathlib.Path(h).stem + '.pdf'))\n")
    runs = [run([sys.executable, "-c", script, *map(str, pages)], root) for _ in range(repeat)]
    out = summarise(runs)
    out["pages"] = [p.name for p in pages]
    return out


def country_batch(root: Path, repeat: int) -> dict:
    runs = []
    for i in range(repeat):
        r = run(egovreport("batch", "--out-dir", str(root / "build" / f"batch{i}")), root)
        summary = json.loads((root / "build" / f"batch{i}" / "summary.json").read_text(encoding="utf-8"))
        r["states_ok"] = summary["n_ok"]
        runs.append(r)
    return summarise(runs)


def full_reports(work: Path, repeat: int, states: str) -> dict:
    """The full report of every state in ``states`` through the Snakemake workflow, on a fresh copy
    of the project each repetition (each state then builds in its own copy inside it). A state
    that fails does not stop the others (``--keep-going``); it is counted and named."""
    sys.path.insert(0, str(REPO / "src"))
    from egovreport.scaleout import resolve_countries, write_index

    requested = resolve_countries(states, REPO)
    runs, per_report, failed = [], [], []
    for i in range(repeat):
        root = fresh_copy(work, f"reports{i}")
        out = root / "build" / "scaleout"
        cmd = [str(Path(sys.executable).parent / "snakemake"), "-s", "workflow/Snakefile",
               "--cores", str(os.cpu_count() or 1), "--keep-going", "--config", f"countries={states}", f"out={out}"]
        r = run(cmd, root, check=False)
        summaries = sorted(out.glob("*/*/summary.json"))
        index = write_index(summaries, work / f"full_reports_{i}.json", sorted(out.glob("benchmarks/*/*.tsv")))
        r["states_ok"] = index["n_ok"]
        r["states_failed"] = len(requested) - index["n_ok"]
        runs.append({k: v for k, v in r.items() if k != "returncode"})
        done = {x["country"] for x in index["reports"]}
        failed = sorted(set(requested) - done)
        per_report = [{"country": x["country"], "edition": x["edition"], "seconds": x["seconds"],
                       **({"snakemake_s": x["benchmark"]["s"], "max_rss_mb": x["benchmark"]["max_rss_mb"]}
                          if x.get("benchmark") else {})} for x in index["reports"]]
    out = summarise(runs)
    seconds = sorted(x["seconds"] for x in per_report)
    rss = sorted(x["max_rss_mb"] for x in per_report if x.get("max_rss_mb") is not None)
    out.update({"states": states, "n_requested": len(requested), "n_reports_ok": len(per_report),
                "failed_states": failed,
                "report_seconds": {"median": statistics.median(seconds), "max": seconds[-1]} if seconds else None,
                "report_peak_rss_mb": {"median": statistics.median(rss), "max": rss[-1]} if rss else None,
                "per_report": per_report,
                "command": f"snakemake -s workflow/Snakefile --cores {os.cpu_count()} --keep-going "
                           f"--config countries={states}"})
    return out


def _baseline_book(root: Path, mode: str) -> Path:
    """A Jupyter Book over the *source* notebooks (in pipeline order), executing them itself."""
    pipeline = yaml.safe_load((root / "pipeline.yml").read_text(encoding="utf-8"))
    book = root / "jupyter_book_baseline"
    (book / "notebooks").mkdir(parents=True, exist_ok=True)
    names = []
    for i, nb in enumerate(pipeline["notebooks"]):
        # Sphinx reads (and so executes) documents in name order, not in ToC order: the prefix
        # makes that the pipeline's order, so every notebook finds the results it reads
        src = root / nb["path"]
        name = f"step{i:02d}_{src.stem}"
        shutil.copy2(src, book / "notebooks" / f"{name}.ipynb")
        names.append(f"notebooks/{name}")
    config = yaml.safe_load((root / "book" / "_config.yml").read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": mode, "timeout": 900}
    config["only_build_toc_files"] = True
    (book / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    toc = {"format": "jb-book", "root": names[0], "chapters": [{"file": n} for n in names[1:]]}
    (book / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    for folder in ("_static", "_templates"):
        if (root / "book" / folder).is_dir():
            shutil.copytree(root / "book" / folder, book / folder, dirs_exist_ok=True)
    return book


def jupyter_book(work: Path, repeat: int, mode: str) -> tuple[dict, dict | None]:
    """Data step + ``jupyter-book build`` executing the notebooks (no -W: the figure paths of the
    notebooks are relative to book/generated, where the pipeline puts executed notebooks)."""
    jb = [sys.executable, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())"]
    runs, noops = [], []
    for i in range(repeat):
        root = fresh_copy(work, f"jb-{mode}{i}")
        data = run(egovreport("data"), root)
        book = _baseline_book(root, mode)
        r = run([*jb, "build", str(book)], root, env=KERNEL_ENV)
        executed = sum("Executed notebook in" in text for _, text in r["lines"])
        failed = [text for _, text in r["lines"] if "Executing notebook failed" in text]
        if failed:  # the comparison is only fair if Jupyter Book ran every notebook to the end
            raise SystemExit(f"benchmark: Jupyter Book could not execute a notebook: {failed[0]}")
        runs.append({"seconds": round(data["seconds"] + r["seconds"], 2), "data_step_s": data["seconds"],
                     "book_s": r["seconds"], "peak_rss_tree_mb": max(data["peak_rss_tree_mb"], r["peak_rss_tree_mb"]),
                     "notebooks_executed": executed})
        if mode == "cache":
            again = run([*jb, "build", str(book)], root, env=KERNEL_ENV)
            noops.append({"seconds": again["seconds"], "peak_rss_tree_mb": again["peak_rss_tree_mb"]})
    out = summarise(runs)
    out["notebooks"] = len(yaml.safe_load((REPO / "pipeline.yml").read_text())["notebooks"])
    out["note"] = ("Jupyter Book executes the source notebooks one after the other with their default "
                   "parameters (per-language notebooks once, in the default language)")
    return out, (summarise(noops) if noops else None)


# --------------------------------------------------------------------------- analysis

def _only_imports(source: str) -> bool:
    """A code cell that does nothing but import modules."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in body)


def notebook_time_split(root: Path) -> dict:
    """Where the notebooks' time goes, from papermill's timings in the executed notebooks."""
    rows = []
    for nb_path in sorted((root / "book" / "generated").glob("*.ipynb")):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        total = nb["metadata"].get("papermill", {}).get("duration") or 0.0
        cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
        durations = [(c.get("metadata", {}).get("papermill", {}).get("duration") or 0.0) for c in cells]
        sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
        imports = sum(d for d, s in zip(durations, sources) if _only_imports(s))
        rows.append({"notebook": nb_path.stem, "total_s": round(total, 2),
                     "kernel_and_papermill_s": round(total - sum(durations), 2),
                     "import_cells_s": round(imports, 2), "other_cells_s": round(sum(durations) - imports, 2)})
    totals = {k: round(sum(r[k] for r in rows), 1)
              for k in ("total_s", "kernel_and_papermill_s", "import_cells_s", "other_cells_s")}
    return {"per_notebook": rows, "totals": totals, "notebooks": len(rows)}


def machine() -> dict:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    os_name = platform.platform()
    osr = Path("/etc/os-release")
    if osr.exists():
        pretty = re.search(r'^PRETTY_NAME="?([^"\n]+)', osr.read_text(), re.M)
        os_name = f"{pretty.group(1)} ({platform.release()})" if pretty else os_name
    versions = {}
    for dist in ("jupyter-book", "papermill", "nbclient", "ipykernel", "sphinx", "pandas", "matplotlib"):
        try:
            from importlib.metadata import version
            versions[dist] = version(dist)
        except Exception:  # noqa: BLE001
            pass
    try:
        chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        chromium = None
    return {"cpu_model": cpu, "cores_logical": os.cpu_count(), "cores_physical": psutil.cpu_count(logical=False),
            "ram_gb": round(psutil.virtual_memory().total / 2**30, 1), "os": os_name,
            "python": platform.python_version(), "packages": versions, "chromium": chromium,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def _median(result: dict, key: str = "seconds") -> float | None:
    return (result or {}).get(key, {}).get("median")


def _ratios(s: dict, pairs: dict[str, tuple[str, str]]) -> dict:
    """``{name: median of a / median of b}`` for the pairs whose two scenarios were run."""
    out = {}
    for name, (a, b) in pairs.items():
        va, vb = _median(s.get(a)), _median(s.get(b))
        if va and vb:
            out[name] = round(va / vb, 2)
    return out


def ratios(s: dict) -> dict:
    """Jupyter Book's time / the pipeline's time (above 1: the pipeline is faster)."""
    return _ratios(s, {
        "jupyter_book_force_vs_cold_build": ("jupyter_book_force", "cold_build"),
        "jupyter_book_cache_first_vs_cold_build": ("jupyter_book_cache", "cold_build"),
        "jupyter_book_force_vs_cold_build_serial": ("jupyter_book_force", "cold_build_serial"),
        "jupyter_book_cache_noop_vs_noop_rebuild": ("jupyter_book_cache_noop", "noop_rebuild"),
    })


def pipeline_ratios(s: dict) -> dict:
    """The pipeline against itself: serial cold build time / parallel cold build time (above 1:
    running notebooks in parallel pays)."""
    return _ratios(s, {"cold_build_serial_vs_parallel": ("cold_build_serial", "cold_build")})


def compare(before: dict, after: dict) -> dict:
    """Median seconds before and after a change, scenario by scenario."""
    out = {}
    for name, res in after.items():
        b, a = _median(before.get(name)), _median(res)
        if b and a:
            out[name] = {"before_s": b, "after_s": a, "change_pct": round(100 * (a - b) / b, 1)}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="repetitions of each scenario (median reported)")
    ap.add_argument("--only", help=f"comma-separated scenarios (default: all of {', '.join(SCENARIOS)})")
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "results.json"))
    ap.add_argument("--compare", help="an earlier results file: adds a before/after table")
    ap.add_argument("--note", help="what changed since the --compare file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary project copies")
    ap.add_argument("--states", default="all",
                    help="full_reports: ISO3 codes (comma-separated) or 'all' (the 193 Member States)")
    ap.add_argument("--merge", action="store_true",
                    help="keep the scenarios of the existing --out file that this run does not measure")
    args = ap.parse_args(argv)
    wanted = [s.strip() for s in (args.only or ",".join(SCENARIOS)).split(",") if s.strip()]
    unknown = set(wanted) - set(SCENARIOS) - set(OPT_IN)
    if unknown:
        ap.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    results = {"description": "python scripts/benchmark.py; medians over `n` repetitions; seconds of wall time",
               "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "machine": machine(), "repeat": args.repeat, "scenarios": {}}
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout)
    results["git"] = {"commit": commit or None, "dirty": dirty}
    s = results["scenarios"]
    work = Path(tempfile.mkdtemp(prefix="egovreport-bench-"))
    say = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731
    try:
        built = None
        if {"cold_build", "noop_rebuild", "one_parameter_change", "pdf_step", "country_batch"} & set(wanted):
            say("cold_build ...")
            s["cold_build"], built, runs = cold_build(work, args.repeat)
            results["analysis"] = {"cold_build_phases": {k: v for k, v in runs[-1].items() if k != "lines"},
                                   "notebook_time": notebook_time_split(built)}
        if "cold_build_serial" in wanted:
            say("cold_build_serial ...")
            s["cold_build_serial"], _, _ = cold_build(work, args.repeat, ["--jobs", "1"])
        # scenarios measured on the cold build's project, in this order
        on_the_cold_build = {"noop_rebuild": noop_rebuild, "one_parameter_change": one_parameter_change,
                             "pdf_step": pdf_step, "country_batch": country_batch}
        for name, scenario in on_the_cold_build.items():
            if built and name in wanted:
                say(f"{name} ...")
                s[name] = scenario(built, args.repeat)
        if "jupyter_book_force" in wanted:
            say("jupyter_book_force ...")
            s["jupyter_book_force"], _ = jupyter_book(work, args.repeat, "force")
        if "jupyter_book_cache" in wanted:
            say("jupyter_book_cache ...")
            s["jupyter_book_cache"], s["jupyter_book_cache_noop"] = jupyter_book(work, args.repeat, "cache")
        if "full_reports" in wanted:
            say(f"full_reports ({args.states}) ...")
            s["full_reports"] = full_reports(work, args.repeat, args.states)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    out = Path(args.out)
    if args.merge and out.exists():  # keep what this run did not measure
        previous = json.loads(out.read_text(encoding="utf-8"))
        for name, res in previous.get("scenarios", {}).items():
            s.setdefault(name, res)
        for key in ("analysis", "before_after"):
            if key in previous and key not in results:
                results[key] = previous[key]
        results["merged_from"] = {"date": previous.get("date"), "git": previous.get("git"),
                                  "kept": sorted(set(previous.get("scenarios", {})) - set(wanted))}
    results["peak_memory_mb"] = {name: res["peak_rss_tree_mb"]["median"] for name, res in s.items()
                                 if isinstance(res, dict) and "peak_rss_tree_mb" in res}
    results["ratios_jupyter_book_over_pipeline"] = ratios(s)
    results["ratios_pipeline"] = pipeline_ratios(s)
    if args.compare:
        before = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        results["before_after"] = {"before_file": Path(args.compare).name, "before_date": before.get("date"),
                                   "change": args.note, "scenarios": compare(before["scenarios"], s)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"benchmark: wrote {out}")
    for name, res in s.items():
        if res:
            say(f"  {name:28s} median {res['seconds']['median']:8.2f} s  peak {res['peak_rss_tree_mb']['median']:7.1f} MB")
    for name, value in {**results["ratios_jupyter_book_over_pipeline"], **results["ratios_pipeline"]}.items():
        say(f"  {name:45s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
