"""Command line: ``python -m egovreport build|data|verify|params|batch``.

User errors (a bad parameter, bad input data, a failing notebook, a failed
book build) end with one ``error:`` line and a non-zero exit status, never a
Python traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

from .errors import InputError, ParameterError
from .i18n import LANGUAGES

EXIT_FAILED = 1
EXIT_USAGE = 2


def _overrides(args) -> dict:
    values = {}
    for name in ("country", "edition", "peers", "languages"):
        value = getattr(args, name, None)
        if value is not None:
            values[name] = value
    for item in getattr(args, "set", None) or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ParameterError(f"--set: expected NAME=VALUE, got {item!r}")
        values[name.strip()] = value
    return values


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number of workers, got {text!r}")
    return n


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m egovreport",
                                description="Build the report: data step, notebooks (papermill), book.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def run_parameters(sp):
        sp.add_argument("--country", help="ISO3 code of the country (default from pipeline.yml: MNG)")
        sp.add_argument("--edition", help="UN E-Government Survey edition (year)")
        sp.add_argument("--peers", help="comma-separated ISO3 codes of peer countries ('' for none)")
        sp.add_argument("--languages", help="comma-separated languages, e.g. en,mn")
        sp.add_argument("--set", action="append", metavar="NAME=VALUE",
                        help="any other parameter declared in pipeline.yml")

    b = sub.add_parser("build", help="run the data step, the notebooks and the book (cached)")
    run_parameters(b)
    b.add_argument("--force", action="store_true", help="ignore the cache: rebuild everything")
    b.add_argument("--only", action="append", metavar="ID",
                   help="run only this notebook (repeat or comma-separate; an id with per_language "
                        "selects every language)")
    b.add_argument("--jobs", type=_positive, help="notebooks run in parallel (default: number of cores)")
    b.add_argument("--no-book", action="store_true", help="stop after the notebooks (no Jupyter Book build)")

    d = sub.add_parser("data", help="run the data step only (builds data/processed)")
    d.add_argument("--force", action="store_true", help="run it even if the inputs are unchanged")

    v = sub.add_parser("verify", help="re-check every checksum: inputs, code, configuration and every "
                                      "published file (the HTML book included)")
    v.add_argument("manifest", nargs="?", help="a run record build/runs/<time>.json or a manifest (default: "
                                               "the published report)")

    pa = sub.add_parser("params", help="print the resolved, validated run parameters and the plan")
    run_parameters(pa)

    add_batch_arguments(sub.add_parser("batch", help="EGDI country profile of every Member State "
                                                     "(offline HTML in build/country_profiles/)"))
    return p


def add_batch_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Options of the batch command.

    Defined here, not in :mod:`egovreport.batch`, so building the parser does not import
    the plotting stack (a no-op ``build`` stays fast).
    """
    parser.add_argument("--countries", nargs="*", help="ISO3 codes (default: all 193 Member States)")
    parser.add_argument("--jobs", type=_positive, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--out-dir", default=None, help="output folder (default: build/country_profiles)")
    parser.add_argument("--edition", type=int, default=2024, help="Survey edition (default 2024)")
    parser.add_argument("--language", default="en", choices=LANGUAGES, help="page language")
    return parser


def _cmd_build(args) -> int:
    from .pipeline import build

    only = [i.strip() for item in (args.only or []) for i in item.split(",") if i.strip()] or None
    result = build(_overrides(args), force=args.force, only=only, jobs=args.jobs, book=not args.no_book)
    ran = result.executed
    inputs = ", ".join(f"{name} {choice}" for name, choice in result.inputs.items())
    print(f"build: {len(ran)} notebook(s) executed, {sum(s == 'cached' for s in result.notebooks.values())} "
          f"cached; data step {result.data_step}; book {result.book}; "
          f"{'published' if result.published else 'nothing new to publish'}; {result.seconds} s")
    if inputs:
        print(f"inputs: {inputs}")
    print(f"run record: {result.manifest}")
    return 0


def _cmd_data(args) -> int:
    from .pipeline import run_data_step

    run_data_step(force=args.force)
    return 0


def _cmd_verify(args) -> int:
    from .pipeline import verify_manifest

    checked, problems = verify_manifest(args.manifest)
    for problem in problems:
        print(problem)
    if problems:
        print(f"error: verify: {len(problems)} of {checked} files do not match the manifest "
              f"({', '.join(p.split(': ', 1)[1] for p in problems[:5])}{', ...' if len(problems) > 5 else ''})",
              file=sys.stderr)
        return EXIT_FAILED
    print(f"verify: all {checked} files match the manifest")
    return 0


def _cmd_params(args) -> int:
    from .pipeline import load_pipeline, resolve_parameters

    from .pipeline.inputs import resolve_inputs

    pipeline = load_pipeline()
    params = resolve_parameters(pipeline.parameters, _overrides(args))
    resolved = resolve_inputs(pipeline.inputs, params)
    plan = {s.id: s.parameters for s in pipeline.plan(params, resolved)}
    inputs = {name: {"choice": r.choice, "files": r.files} for name, r in resolved.items()}
    print(json.dumps({"parameters": params, "inputs": inputs, "notebooks": plan}, indent=2, ensure_ascii=False))
    return 0


def _cmd_batch(args) -> int:
    from .batch import run_from_args
    from .pipeline import run_data_step

    run_data_step()  # cached: does nothing when data/processed is up to date
    return run_from_args(args)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    from .pdf import PdfError
    from .pipeline import BuildInterrupted, PipelineError

    args = _parser().parse_args(argv)
    command = {"build": _cmd_build, "data": _cmd_data, "verify": _cmd_verify, "params": _cmd_params,
               "batch": _cmd_batch}
    try:
        return command[args.command](args)
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BuildInterrupted as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except (InputError, PipelineError, PdfError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("error: interrupted: every notebook worker and kernel was stopped; nothing was published",
              file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
