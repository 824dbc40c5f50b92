"""The EGDI country profile for every Member State, in parallel, as offline HTML pages.

:func:`run_country_profiles` writes ``<out_dir>/<ISO3>.html`` (one self-contained page
per state: inline CSS, figures embedded as base64 PNG, nothing loaded from the
network), ``index.html`` and ``summary.json``. Each page shows the same profile as
notebook ``02_egdi_country_profile`` (both call
:func:`egovreport.egdi_report.build_country_profile`).

Speed: no notebook kernel is started per state. The processed data are loaded and
the group averages computed once in the parent process; worker processes are forked
from it (so they inherit both) and call the package functions directly. A state that
fails is recorded (index page and ``summary.json``) and the others carry on.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import os
import resource
import time
import traceback
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
import mistune
import pandas as pd

from . import __version__, paths
from . import egdi_analysis as ea
from . import egdi_report as er
from .egdi_plots import L, level_label, place_name, state_name
from .i18n import t
from .provenance import track_write

CSS = """
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.45}
main{max-width:980px;margin:0 auto;padding:1rem 1.2rem}
nav,footer{max-width:980px;margin:0 auto;padding:.6rem 1.2rem;font-size:.85rem;color:#555}
h1{font-size:1.6rem;margin:.4rem 0 1rem} h2{font-size:1.2rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem;margin-top:2rem}
figure{margin:1rem 0} img{max-width:100%;height:auto;border:1px solid #eee}
figcaption,.caption{font-size:.85rem;color:#333}
.tbl{border-collapse:collapse;font-size:.85rem;width:100%} .tbl th,.tbl td{border-bottom:1px solid #ddd;padding:.25rem .45rem;text-align:left}
.tbl th{background:#f3f3f3} td.num{text-align:right;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto} tr.failed td{color:#D55E00}
.notice{background:#fff4e5;border-left:4px solid #E69F00;padding:.5rem .8rem}
.failures{background:#fdecea;border-left:4px solid #D55E00;padding:.3rem .9rem;margin:1rem 0}
a{color:#0072B2}
@media print{nav{display:none} h2{page-break-after:avoid} figure{page-break-inside:avoid}}
"""


def default_out_dir() -> Path:
    """``build/country_profiles`` of the project (git-ignored scratch output)."""
    return paths.build_dir() / "country_profiles"


@lru_cache(maxsize=None)
def _env() -> jinja2.Environment:
    folder = resources.files("egovreport") / "templates"
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)),
                              autoescape=jinja2.select_autoescape(["html", "j2"]), keep_trailing_newline=True)


def _md(text: str) -> str:
    return mistune.html(text)


def _table_html(df: pd.DataFrame) -> str:
    return df.to_html(index=False, escape=True, border=0, classes="tbl")


def render_profile_html(profile: er.CountryProfile) -> str:
    """One self-contained HTML page for a :class:`~egovreport.egdi_report.CountryProfile`."""
    lang = profile.lang
    sn = state_name(profile.iso3, profile.name, lang)

    def fig(key):
        f = profile.figures[key]
        return {"kind": "figure", "png": f.png_base64(), "alt": f.alt, "caption": f.caption, "source": f.source}

    def tab(key):
        return {"kind": "table", "html": _table_html(profile.tables[key]),
                "caption": L(f"table.{key}", lang, country=sn, edition=profile.edition)}

    sections = [
        {"heading": L("batch.section_overview", lang), "blocks": [{"kind": "html", "html": _md(profile.text["summary"])}]},
        {"heading": L("batch.section_components", lang),
         "blocks": [fig("components_over_time"), tab("series"),
                    *([{"kind": "html", "html": _md(profile.text["defects"])}] if profile.text["defects"] else [])]},
        {"heading": L("batch.section_rank", lang),
         "blocks": [{"kind": "html", "html": _md(profile.text["ranks_relative"])}, fig("rank_trajectory")]},
        {"heading": L("batch.section_level", lang), "blocks": [fig("level_per_edition")]},
        {"heading": L("batch.section_benchmarks", lang),
         "blocks": [tab("benchmarks"), {"kind": "html", "html": _md(profile.text["groups"])}]},
    ]
    if not profile.claims.empty:  # only the country the workshop's concept note is about
        sections.append({"heading": L("batch.section_claims", lang),
                         "blocks": [{"kind": "html", "html": _md(profile.text["claims_intro"])}, tab("claims"),
                                    {"kind": "html", "html": _md(er.claims_verdict_text(profile))}]})
    return _env().get_template("egdi_country_profile.html.j2").render(
        lang=lang, css=CSS, title=L("batch.page_title", lang, country=sn, edition=profile.edition),
        back=L("batch.back", lang), sections=sections, source_label=t("common.source", lang),
        notice=L("batch.relative_notice", lang),
        footer=L("batch.footer", lang, version=__version__))


# --------------------------------------------------------------------------- workers

_STATE: dict = {}


def _work(task: tuple[str, int, str, str]) -> dict:
    """Build and write one state's page; never raises (failures are returned)."""
    iso3, edition, lang, out_dir = task
    started = time.perf_counter()
    inputs = _STATE.get("inputs") or ea.load_inputs()
    code = str(iso3).strip().upper()
    row = {"iso3": code, "status": "failed", "file": None, "name": code, "egdi": None, "egdi_rank": None,
           "level": None, "region": None, "error": None}
    try:
        if code in _STATE.get("fail", ()):  # test hook: force a failure for this code
            raise RuntimeError(f"forced failure for {code} (test)")
        profile = er.build_country_profile(code, edition, lang, inputs)
        html = render_profile_html(profile)
        target = Path(out_dir) / f"{profile.iso3}.html"
        target.write_text(html, encoding="utf-8")
        res = profile.results
        row.update(status="ok", file=target.name, name=res["country_name"], egdi=res["egdi"],
                   egdi_rank=res["egdi_rank"], level=res["level"], region=res["region"])
    except Exception as exc:  # one state's failure must not stop the others
        row["error"] = f"{type(exc).__name__}: {exc}"
        row["traceback"] = traceback.format_exc(limit=6)
        if code in inputs.groupings.index:
            row["name"] = ea.country_name(inputs, code)
            row["region"] = inputs.groupings.loc[code, "region"]
    row["seconds"] = round(time.perf_counter() - started, 3)
    return row


def _peak_rss_mb() -> float:
    """Largest resident set size of this process and of any finished child (MB; Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


def run_country_profiles(countries=None, jobs: int | None = None, out_dir: str | Path | None = None,
                         edition: int = 2024, language: str = "en", fail=()) -> dict:
    """Write the EGDI country profile of every state in ``countries`` (default: all 193
    Member States) as offline HTML into ``out_dir`` (default ``build/country_profiles``),
    using ``jobs`` worker processes (default: all cores).

    Returns the summary also written to ``summary.json``: counts, failures (code, error),
    wall time (s) and peak resident memory of the largest process (MB). A failing state is
    listed in ``index.html`` and the summary; the others are still built. ``fail`` forces a
    failure for the given codes (used by the tests).
    """
    started = time.perf_counter()
    inputs = ea.load_inputs()
    edition = ea.check_edition(inputs, edition)
    codes = list(inputs.groupings.index) if countries is None else [str(c) for c in countries]
    out = Path(out_dir) if out_dir is not None else default_out_dir()
    out.mkdir(parents=True, exist_ok=True)
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    ea.benchmark_series(inputs, inputs.groupings.index[0])  # warm the group-average cache before forking
    _STATE.update(inputs=inputs, fail=frozenset(str(c).upper() for c in fail))
    tasks = [(c, edition, language, str(out)) for c in codes]
    if jobs == 1 or len(tasks) == 1:
        rows = [_work(task) for task in tasks]
    else:
        ctx = mp.get_context("fork")
        with ctx.Pool(processes=min(jobs, len(tasks))) as pool:
            rows = list(pool.imap_unordered(_work, tasks, chunksize=1))
    _STATE.clear()
    rows.sort(key=lambda r: (str(r["name"]), r["iso3"]))
    for r in rows:
        if r["file"]:
            track_write(out / r["file"])
    failures = [{"iso3": r["iso3"], "error": r["error"], "traceback": r.get("traceback")}
                for r in rows if r["status"] != "ok"]
    summary = {
        "edition": edition, "language": language, "jobs": jobs, "n_requested": len(codes),
        "n_ok": sum(r["status"] == "ok" for r in rows), "n_failed": len(failures),
        "failures": failures, "wall_time_s": round(time.perf_counter() - started, 2),
        "peak_rss_mb": _peak_rss_mb(),
        "countries": [{k: r[k] for k in ("iso3", "name", "status", "file", "egdi", "egdi_rank", "level", "seconds")}
                      for r in rows],
    }
    _write_index(out, rows, summary, language)
    target = out / "summary.json"
    target.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    track_write(target)
    return summary


def _write_index(out: Path, rows: list[dict], summary: dict, lang: str) -> None:
    header = [L("colx.state", lang), "ISO3", L("batch.col_region", lang), "EGDI", L("col.rank", lang),
              L("col.level", lang), L("batch.col_status", lang)]
    view = [{"name": state_name(r["iso3"], r["name"], lang), "iso3": r["iso3"], "file": r["file"],
             "region": place_name(r["region"], lang) if r["region"] else "–", "egdi": er.fmt(r["egdi"]),
             "rank": er.fmt_int(r["egdi_rank"]), "level": level_label(r["level"], lang), "status": r["status"],
             "status_label": L(f"batch.status_{r['status']}", lang)} for r in rows]
    html = _env().get_template("egdi_country_index.html.j2").render(
        lang=lang, css=CSS, title=L("batch.index_title", lang, edition=summary["edition"]),
        intro=L("batch.index_intro", lang, n=summary["n_requested"], n_ok=summary["n_ok"],
                n_failed=summary["n_failed"]),
        failed_heading=L("batch.failed_heading", lang), failures=summary["failures"], header=header, rows=view,
        footer=L("batch.footer", lang, version=__version__))
    target = out / "index.html"
    target.write_text(html, encoding="utf-8")
    track_write(target)


def run_from_args(args: argparse.Namespace) -> int:
    """Run the batch from parsed options; print a one-line summary; 1 if any state failed."""
    summary = run_country_profiles(args.countries or None, jobs=args.jobs, out_dir=args.out_dir,
                                   edition=args.edition, language=args.language)
    print(json.dumps({k: summary[k] for k in ("n_requested", "n_ok", "n_failed", "wall_time_s", "peak_rss_mb",
                                                "jobs")}))
    for f in summary["failures"]:
        print(f"FAILED {f['iso3']}: {f['error']}", file=sys.stderr)
    return 1 if summary["n_failed"] else 0
