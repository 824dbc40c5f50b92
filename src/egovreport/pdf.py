"""Printing a standalone HTML page to PDF with headless Chromium (no LaTeX needed).

Chromium runs with a throw-away profile, no background networking and a host
resolver that resolves nothing, so the PDF can only use what is on disk.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


class PdfError(RuntimeError):
    """Chromium is missing or could not print the page."""


def find_chromium() -> str:
    """Path of the Chromium binary (``EGOVREPORT_CHROMIUM`` overrides the search)."""
    env = os.environ.get("EGOVREPORT_CHROMIUM")
    for candidate in ([env] if env else []) + list(CHROMIUM_CANDIDATES):
        found = shutil.which(candidate)
        if found:
            return found
    raise PdfError("Chromium not found: install it (Debian: apt-get install chromium) or set "
                   "EGOVREPORT_CHROMIUM to the browser binary")


# Chromium (Skia) writes the print time as "/CreationDate (D:YYYYMMDDHHmmSS+00'00')"
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})")


def set_pdf_dates(pdf_path: str | Path, epoch: int) -> None:
    """Replace the creation and modification dates Chromium wrote with ``epoch`` (UTC), in
    place and byte for byte the same length, so the cross-reference offsets stay valid."""
    from datetime import datetime, timezone

    stamp = datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y%m%d%H%M%S").encode()
    data = Path(pdf_path).read_bytes()
    fixed = _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:" + stamp, data)
    if fixed != data:
        Path(pdf_path).write_bytes(fixed)


def print_to_pdf(html_path: str | Path, pdf_path: str | Path, *, timeout: float = 180,
                 virtual_time_budget_ms: int = 10000, source_date_epoch: int | None = None) -> Path:
    """Print ``html_path`` to ``pdf_path`` (A4/Letter as the page's ``@page`` CSS says).

    The PDF is written to a temporary name and moved into place only when it is
    a complete PDF, so a failed print never leaves a truncated file behind. With
    ``source_date_epoch`` the PDF's dates are that time instead of the clock's (the same
    page then gives the same bytes). Chromium ends with its caller, even a killed one.
    Raises :class:`PdfError` with Chromium's last message on failure.
    """
    from .pipeline.processes import subprocess_preexec

    html = Path(html_path).resolve()
    pdf = Path(pdf_path).resolve()
    if not html.is_file():
        raise PdfError(f"{html}: HTML file not found")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tmp_pdf = pdf.with_name(f".{pdf.name}.{os.getpid()}.tmp")
    with tempfile.TemporaryDirectory(prefix="egovreport-chromium-") as profile:
        cmd = [
            find_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            f"--print-to-pdf={tmp_pdf}", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync", "--disable-extensions", f"--user-data-dir={profile}",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--allow-file-access-from-files",
            f"--virtual-time-budget={virtual_time_budget_ms}", html.as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  preexec_fn=subprocess_preexec)
        except subprocess.TimeoutExpired:
            tmp_pdf.unlink(missing_ok=True)
            raise PdfError(f"{html}: Chromium did not finish printing within {timeout:.0f} s") from None
    ok = tmp_pdf.exists() and tmp_pdf.stat().st_size > 0 and tmp_pdf.read_bytes()[:5] == b"%PDF-"
    if proc.returncode != 0 or not ok:
        tmp_pdf.unlink(missing_ok=True)
        last = next((ln for ln in reversed(proc.stderr.splitlines()) if ln.strip()), "no message")
        raise PdfError(f"{html}: Chromium could not print it (exit {proc.returncode}): {last[:300]}")
    if source_date_epoch is not None:
        set_pdf_dates(tmp_pdf, source_date_epoch)
    os.replace(tmp_pdf, pdf)
    return pdf
