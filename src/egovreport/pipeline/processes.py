"""Child processes that end with the build.

A build starts notebook workers (a process pool), each of which starts a Jupyter kernel, plus
the Jupyter Book and Chromium subprocesses. None of them may outlive the build:

- SIGTERM to the build raises :class:`BuildInterrupted` in the main thread (SIGINT raises
  ``KeyboardInterrupt`` as usual); the build then stops every worker and its kernel
  (:func:`stop_process_tree`) before it reports the interruption.
- SIGKILL cannot be caught, so the children watch their parent: Linux sends them SIGTERM when
  it dies (``prctl(PR_SET_PDEATHSIG)``), and a thread in each worker polls the parent as well
  (other systems, or a parent that died before the call). A worker that gets SIGTERM stops its
  kernel and exits at once. Kernels also watch their worker (ipykernel's parent poller).
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time
from contextlib import contextmanager

from .config import PipelineError

PR_SET_PDEATHSIG = 1
PARENT_POLL_SECONDS = 0.5


class BuildInterrupted(PipelineError):
    """The build got SIGTERM (or SIGINT) and stopped; nothing was published."""

    def __init__(self, signum: int):
        self.signum = signum
        self.exit_code = 128 + signum
        name = signal.Signals(signum).name
        super().__init__(f"interrupted by {name}: every notebook worker and kernel was stopped; "
                         f"nothing was published (the last good report is unchanged)")


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Ask Linux to send ``sig`` to this process when its parent dies (no-op elsewhere)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def stop_process_tree(pid: int, *, include_root: bool = True, grace: float = 3.0) -> None:
    """SIGTERM ``pid`` and all its descendants, then SIGKILL whatever is left after ``grace`` s."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = root.children(recursive=True) + ([root] if include_root else [])
    except psutil.Error:
        return
    for p in procs:
        try:
            p.terminate()
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(procs, timeout=grace)
    for p in alive:
        try:
            p.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(alive, timeout=grace)


def _exit_now(signum, frame) -> None:  # noqa: ARG001 - signal handler signature
    stop_process_tree(os.getpid(), include_root=False, grace=1.0)
    os._exit(128 + signum)


def _watch_parent(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            _exit_now(signal.SIGTERM, None)
        time.sleep(PARENT_POLL_SECONDS)


def worker_initializer(parent_pid: int) -> None:
    """Run in each notebook worker when it starts (``ProcessPoolExecutor(initializer=...)``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build decides what an interrupt stops
    signal.signal(signal.SIGTERM, _exit_now)
    die_with_parent(signal.SIGTERM)
    if os.getppid() != parent_pid:  # the build died before the call above
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True,
                     name="egovreport-parent-watch").start()


def subprocess_preexec() -> None:
    """``preexec_fn`` for the build's other subprocesses (Jupyter Book, Chromium)."""
    die_with_parent(signal.SIGTERM)


@contextmanager
def sigterm_raises():
    """In the main thread: SIGTERM raises :class:`BuildInterrupted` (restored afterwards)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):  # noqa: ARG001
        raise BuildInterrupted(signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
