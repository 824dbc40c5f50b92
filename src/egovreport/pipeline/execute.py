"""Running one notebook with papermill (in a worker process) and reading the result.

A failure is read from the executed notebook (``metadata.papermill.exception``
and the cell that holds an ``error`` output), not from exit codes, which
papermill does not always set (nteract/papermill#330, #501).
"""

from __future__ import annotations

import json
import os
import time
from datetime import datetime, timezone
from pathlib import Path

KERNEL = "python3"
KERNEL_START_FAILURE = "Kernel died before replying to kernel_info"
KERNEL_START_RETRIES = 2
# papermill's own cells: the injected parameters and the error banner of a failed run
INJECTED_TAG = "injected-parameters"
ERROR_BANNER_TAG = "papermill-error-cell-tag"


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def run_notebook_job(job: dict) -> dict:
    """Execute one notebook; runs in a worker process (one notebook per process at a time).

    ``job`` holds plain values (it is pickled): ``input``, ``output``, ``cwd``,
    ``parameters``, ``env`` (for the kernel, which inherits this process's
    environment), ``timeout``. Never raises: errors are returned for the parent.
    """
    os.environ.update(job["env"])
    # The kernel inherits this process's stdout/stderr: send its chatter to a log file.
    with open(job["log"], "ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    started, t0 = utc_now(), time.monotonic()
    error = None
    for _ in range(1 + KERNEL_START_RETRIES):
        try:
            import papermill as pm

            pm.execute_notebook(
                job["input"], job["output"], parameters=job["parameters"], cwd=job["cwd"],
                kernel_name=KERNEL, log_output=False, progress_bar=False,
                execution_timeout=job.get("timeout"),
                # Speed (benchmarks/README.md): the executed notebook is written once at the end
                # (papermill still writes it when a cell fails), not after every cell; and the
                # kernel is stopped at once when the last cell has replied, instead of waiting
                # for a graceful shutdown (0.4 s per notebook): every output has arrived by then.
                request_save_on_cell_execute=False,
                shutdown_kernel="immediate",
            )
            error = None
            break
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
            error = f"{type(exc).__name__}: {exc}".strip().splitlines()[0][:500]
            # A kernel that died before its first reply ran no cell: typically a TCP port
            # chosen free and taken by another process before the kernel bound it ("Address
            # already in use"), when several builds start kernels at once. Start it again.
            if KERNEL_START_FAILURE not in error:
                break
    return {"id": job["id"], "started": started, "finished": utc_now(),
            "seconds": round(time.monotonic() - t0, 2), "error": error}


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def failure_of(executed: Path, worker_error: str | None = None) -> str | None:
    """Why the executed notebook failed, or ``None`` if it ran cleanly.

    Names the cell by its 0-based index in the *source* notebook, as nbformat
    counts (markdown cells included; papermill's injected and banner cells
    not), the first line of its code and the exception line.
    """
    if not executed.exists():
        return worker_error or "no executed notebook was written"
    nb = json.loads(executed.read_text(encoding="utf-8"))
    flagged = bool(nb.get("metadata", {}).get("papermill", {}).get("exception"))
    index = 0
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {})
        if INJECTED_TAG in meta.get("tags", []) or ERROR_BANNER_TAG in meta.get("tags", []):
            continue
        first = next((ln.strip() for ln in _source(cell).splitlines() if ln.strip()), "")
        where = f"cell {index} [{first[:80]}]"
        for out in cell.get("outputs", []) or []:
            if out.get("output_type") != "error":
                continue
            ename, evalue = out.get("ename") or "Error", str(out.get("evalue") or "")
            if ename == "SystemExit" and evalue in ("", "0"):
                continue  # sys.exit(0) is not a failure (papermill agrees)
            evalue = (evalue.splitlines() or [""])[0]
            return f"{where}: {ename}: {evalue}" if evalue else f"{where}: {ename}"
        if meta.get("papermill", {}).get("exception"):
            # e.g. a cell timeout or a dead kernel: no error output, only the flag
            return f"{where}: {worker_error or 'execution failed'}"
        index += 1
    if flagged or worker_error:
        return worker_error or "papermill marked the notebook as failed"
    return None


# When and where a notebook ran: kept in the run record (build/runs/), never in a published
# notebook (two builds of the same inputs must give the same bytes).
RUN_TIME_FIELDS = ("start_time", "end_time", "duration")


def prepare_for_book(executed: Path, *, source: str, output: str) -> None:
    """Make an executed notebook ready to publish.

    Code is hidden in the book: papermill's injected cell and the defaults cell are removed
    (a "Run parameters" box shows the real values), other code cells get ``hide-input``
    unless the author chose a ``remove-*``/``hide-*`` tag. The injected cell gets a fixed id
    (papermill's is random), papermill's and nbclient's timestamps are removed, and the
    machine's paths of the input and output notebooks become the project-relative ``source``
    and ``output``: the executed notebook is the same bytes for the same inputs, wherever and
    whenever it ran."""
    nb = json.loads(executed.read_text(encoding="utf-8"))
    meta = nb.setdefault("metadata", {}).get("papermill")
    if isinstance(meta, dict):
        for key in RUN_TIME_FIELDS:
            meta.pop(key, None)
        meta["input_path"], meta["output_path"] = source, output
    has_injected = any(INJECTED_TAG in c.get("metadata", {}).get("tags", []) for c in nb["cells"])
    for cell in nb["cells"]:
        cell_meta = cell.setdefault("metadata", {})
        cell_meta.pop("execution", None)  # nbclient's iopub/shell timestamps
        for key in RUN_TIME_FIELDS:
            (cell_meta.get("papermill") or {}).pop(key, None)
        if cell.get("cell_type") != "code":
            continue
        tags = cell_meta.setdefault("tags", [])
        if INJECTED_TAG in tags and "id" in cell:
            cell["id"] = INJECTED_TAG  # papermill gives it a random id: two runs would differ
        if INJECTED_TAG in tags or (has_injected and "parameters" in tags):
            # the defaults cell would show values that this run overrode
            if "remove-cell" not in tags:
                tags.append("remove-cell")
        elif not any(t.startswith(("remove-", "hide-")) for t in tags):
            tags.append("hide-input")
    executed.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def tag_for_book(executed: Path) -> None:
    """:func:`prepare_for_book` keeping the notebook's recorded paths (for tests and tools)."""
    nb = json.loads(executed.read_text(encoding="utf-8"))
    meta = nb.get("metadata", {}).get("papermill", {})
    prepare_for_book(executed, source=meta.get("input_path", ""), output=meta.get("output_path", ""))
