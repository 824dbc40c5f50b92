"""The run manifest as an RO-Crate: ``ro-crate-metadata.json`` beside the published manifest.

A `Process Run Crate <https://w3id.org/ro/wfrun/process/0.5>`_ (RO-Crate 1.1): one
``CreateAction`` per notebook execution (and one for the data step) whose ``instrument`` is the
notebook, whose ``object`` lists the files it read and its parameters (``PropertyValue``) and
whose ``result`` lists the executed notebook and every figure, table and result it wrote, each
file with its SHA-256. It is a function of the manifest's keys only (:func:`build_crate`), so
reviewers who check RO-Crates get the same facts as ``python -m egovreport verify``.

The crate's root is the folder of the manifest (``book/generated``): what a notebook wrote is
inside it; what it read (``data/raw``, ``data/processed``, the source notebooks) is outside and
is referenced by its path relative to that folder (``../../data/raw/...``), which resolves in any
checkout of the project.

Only what identifies the published content is used (no run id, no time of this run, no
cached/executed status), so a no-op build writes the same crate and the book is not rebuilt.
"""

from __future__ import annotations

import json
import mimetypes
import os
from pathlib import Path

CONTEXT = "https://w3id.org/ro/crate/1.1/context"
RO_CRATE = "https://w3id.org/ro/crate/1.1"
PROCESS_RUN_CRATE = "https://w3id.org/ro/wfrun/process/0.5"
FILE_NAME = "ro-crate-metadata.json"
CRATE_ROOT = "book/generated"  # project-relative folder of the published manifest
PACKAGE_ID = "#egovreport"
PYTHON_ID = "https://w3id.org/workflowhub/workflow-ro-crate#python"
COMPLETED = "http://schema.org/CompletedActionStatus"
AUTHOR_ID = "#egovreport-contributors"
KINDS = {"raw": "raw snapshot (data/raw)", "curated": "curated input", "processed": "processed table"}


def crate_id(project_path: str, root: str = CRATE_ROOT) -> str:
    """``@id`` of a project-relative file in a crate rooted at ``root``."""
    return Path(os.path.relpath(project_path, root)).as_posix()


def _mediatype(path: str) -> str:
    suffix = Path(path).suffix.lower()
    special = {".ipynb": "application/x-ipynb+json", ".md": "text/markdown", ".yml": "application/yaml",
               ".yaml": "application/yaml", ".parquet": "application/vnd.apache.parquet",
               ".xls": "application/vnd.ms-excel"}
    return special.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def _time(value: str | None) -> str | None:
    """ISO 8601 with a numeric offset (the Process Run Crate profile's pattern has no "Z")."""
    return value[:-1] + "+00:00" if value and value.endswith("Z") else value


def _one(items: list):
    """A single value rather than a singleton array (RO-Crate 1.1's compact form)."""
    return items[0] if len(items) == 1 else items


def _value(v):
    if isinstance(v, (list, tuple)):
        return ",".join(map(str, v))
    if isinstance(v, dict):
        return json.dumps(v, sort_keys=True, ensure_ascii=False)
    return v


def build_crate(manifest: dict, root: str = CRATE_ROOT) -> dict:
    """The RO-Crate (JSON-LD dict) of a run manifest (see the module docstring)."""
    files: dict[str, dict] = {}

    def file(path: str, sha256: str | None = None, **extra) -> dict:
        ident = crate_id(path, root)
        entity = files.setdefault(ident, {"@id": ident, "@type": "File", "name": path,
                                          "encodingFormat": _mediatype(path)})
        if sha256:
            entity["sha256"] = sha256
        entity.update({k: v for k, v in extra.items() if v is not None})
        return {"@id": ident}

    sizes = {f["path"]: f for f in manifest.get("inputs", [])}
    for f in manifest.get("inputs", []):
        file(f["path"], f["sha256"], contentSize=str(f["bytes"]), description=KINDS.get(f["kind"], f["kind"]))
    outputs_by = {}
    for o in manifest.get("outputs", []):
        file(o["path"], o["sha256"], description=f"{o['kind']} made by {o['made_by']}")
        outputs_by.setdefault(o["made_by"], []).append({"@id": crate_id(o["path"], root)})

    entities: list[dict] = []
    actions = []
    git = manifest.get("git") or {}
    env = manifest.get("environment") or {}
    packages = env.get("packages") or {}
    version = packages.get("egovreport")
    data_step = manifest.get("data_step") or {}
    if data_step.get("function"):
        action = {"@id": "#run-data-step", "@type": "CreateAction",
                  "name": f"Data step {data_step['function']}: data/raw and curated inputs to data/processed",
                  "instrument": {"@id": PACKAGE_ID},
                  "object": _one([{"@id": crate_id(f["path"], root)} for f in manifest.get("inputs", [])
                                  if f["kind"] in ("raw", "curated")]),
                  "result": _one([{"@id": crate_id(f["path"], root)} for f in manifest.get("inputs", [])
                                  if f["kind"] == "processed"]),
                  "description": "Reads, validates and documents the raw snapshots (checksums in "
                                 "data/raw/SHA256SUMS) and writes the processed tables",
                  "startTime": _time(data_step.get("started")), "endTime": _time(data_step.get("finished")),
                  "actionStatus": COMPLETED}
        actions.append({k: v for k, v in action.items() if v is not None})
    for nb in manifest.get("notebooks", []):
        notebook = file(nb["source"], nb.get("source_sha256"))
        files[notebook["@id"]]["@type"] = ["File", "SoftwareSourceCode"]
        files[notebook["@id"]]["programmingLanguage"] = {"@id": PYTHON_ID}
        files[notebook["@id"]]["url"] = notebook["@id"]
        if version:
            files[notebook["@id"]]["version"] = version
        params = []
        for name, value in sorted((nb.get("parameters") or {}).items()):
            pid = f"#param-{nb['id']}-{name}"
            entities.append({"@id": pid, "@type": "PropertyValue", "name": name, "value": _value(value)})
            params.append({"@id": pid})
        reads = [file(p, (sizes.get(p) or {}).get("sha256")) for p in nb.get("reads", [])]
        executed = file(nb["output"], nb.get("output_sha256"), description=f"executed notebook {nb['id']}")
        action = {"@id": f"#run-{nb['id']}", "@type": "CreateAction",
                  "name": f"Execution of notebook {nb['source']} ({nb['id']}) with papermill",
                  "description": f"papermill ran {nb['source']} with the parameters listed under object; "
                                 f"the result lists the executed notebook and what it wrote",
                  "instrument": notebook, "object": _one(reads + params),
                  "result": _one([executed, *outputs_by.get(nb["id"], [])]),
                  "startTime": _time(nb.get("started")), "endTime": _time(nb.get("finished")),
                  "actionStatus": COMPLETED}
        actions.append({k: v for k, v in action.items() if v is not None})
    pdf = outputs_by.get("pdf step")
    if pdf:
        actions.append({"@id": "#run-pdf-step", "@type": "CreateAction",
                        "name": "Printing the standalone policy brief pages to PDF with headless Chromium",
                        "instrument": {"@id": PACKAGE_ID},
                        "description": "The standalone HTML pages listed under pdf: in pipeline.yml",
                        "object": _one([file(o["from"]) for o in manifest["outputs"] if o.get("from")]),
                        "result": _one(pdf),
                        "actionStatus": COMPLETED})
    finished = sorted(a["endTime"] for a in actions if a.get("endTime"))
    commit = git.get("commit")
    dirty = " (with uncommitted changes)" if git.get("dirty") else ""
    root_entity = {
        "@id": "./", "@type": "Dataset",
        "name": "Digital government and national data governance: run of the report pipeline",
        "description": ("Executed notebooks, figures, tables and results of one run of the egovreport "
                        "pipeline (python -m egovreport build), with the data and parameters each notebook "
                        f"used. Run parameters: {json.dumps(manifest.get('parameters', {}), sort_keys=True)}. "
                        f"Code: commit {commit or 'unknown'}{dirty}. An open-source project's draft, not an "
                        "official UN publication."),
        # the run's source date (SOURCE_DATE_EPOCH or the commit time): the published manifest holds
        # no clock times, so two builds of the same sources publish the same crate
        "datePublished": (manifest.get("run") or {}).get("source_date") or (finished[-1] if finished else None),
        "license": {"@id": "#licence"},
        "author": {"@id": AUTHOR_ID},
        "conformsTo": {"@id": PROCESS_RUN_CRATE},
        "mentions": _one([{"@id": a["@id"]} for a in actions]),
        "hasPart": _one([{"@id": i} for i in sorted(files)]),
    }
    root_entity = {k: v for k, v in root_entity.items() if v is not None}
    tool = {"@id": PACKAGE_ID, "@type": "SoftwareApplication", "name": "egovreport",
            "description": "The report's Python package and pipeline (src/egovreport, pipeline.yml)",
            "softwareVersion": version, "url": crate_id("pipeline.yml", root)}
    tool = {k: v for k, v in tool.items() if v is not None}
    graph = [
        {"@id": FILE_NAME, "@type": "CreativeWork", "conformsTo": {"@id": RO_CRATE}, "about": {"@id": "./"}},
        root_entity,
        {"@id": PROCESS_RUN_CRATE, "@type": "CreativeWork", "name": "Process Run Crate", "version": "0.5"},
        {"@id": "#licence", "@type": "CreativeWork", "name": "MIT (code); data under their publishers' terms",
         "description": "The project's code is MIT-licensed; the data keep their publishers' terms, stated on "
                        "each source card (data/raw/<source>/SOURCE.md) and in data/processed/datapackage.json."},
        {"@id": AUTHOR_ID, "@type": "Organization", "name": "The egovreport contributors",
         "description": "The open-source project that wrote the code (CITATION.cff); not UN DESA"},
        {"@id": PYTHON_ID, "@type": "ComputerLanguage", "name": "Python",
         "version": (env.get("python") or {}).get("version")},
        tool,
        *actions,
        *entities,
        *[files[i] for i in sorted(files)],
    ]
    graph = [{k: v for k, v in e.items() if v is not None} for e in graph]
    # schema.org's sha256 is not in the RO-Crate 1.1 context: added as an ad hoc term (RO-Crate 1.1,
    # "Extending RO-Crate")
    return {"@context": [CONTEXT, {"sha256": "http://schema.org/sha256"}], "@graph": graph}


def write_run_crate(manifest: dict, folder: str | Path) -> Path:
    """Write ``folder/ro-crate-metadata.json`` for ``manifest`` (only when its content changed, so
    a no-op build leaves the file, and the book built from its folder, untouched)."""
    target = Path(folder) / FILE_NAME
    text = json.dumps(build_crate(manifest), indent=1, ensure_ascii=False) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    return target


# --------------------------------------------------------------------------- validation (offline)

VALIDATOR_PROFILE = "process-run-crate-0.5"
# The RO-Crate 1.1 JSON-LD context (CC0), as shipped by ro-crate-py 0.11.0 (rocrate/data/ro-crate.jsonld):
# the validator needs it and must not fetch it (offline first; no network in the tests).
VENDORED_CONTEXT = Path(__file__).resolve().parent / "static" / "ro-crate-1.1-context.jsonld"


def _seed_context_cache(cache_path: Path) -> None:
    """An HTTP cache (requests-cache, sqlite: what rocrate-validator reads in ``--offline`` mode)
    holding the vendored context as the answer to a GET of its URL."""
    import io

    import requests
    import urllib3
    from requests.structures import CaseInsensitiveDict
    from requests_cache import CachedSession

    body = VENDORED_CONTEXT.read_bytes()
    session = CachedSession(cache_name=str(cache_path), backend="sqlite", expire_after=-1,
                            allowable_methods=("GET",), allowable_codes=(200, 302, 404))
    for accept in ("application/ld+json, application/json", None):
        headers = {"Accept": accept} if accept else {}
        request = session.prepare_request(requests.Request("GET", CONTEXT, headers=headers))
        response = requests.Response()
        response.status_code, response.reason, response.url = 200, "OK", CONTEXT
        response._content = body
        response.encoding = "utf-8"
        response.headers = CaseInsensitiveDict({"Content-Type": "application/ld+json"})
        response.raw = urllib3.HTTPResponse(body=io.BytesIO(body), headers=dict(response.headers), status=200,
                                            reason="OK", preload_content=False, request_url=CONTEXT)
        response.request = request
        session.cache.save_response(response)
    session.close()


def validate_crate(folder: str | Path, profile: str = VALIDATOR_PROFILE, severity: str = "REQUIRED") -> dict:
    """Run ``rocrate-validator`` offline on the crate in ``folder`` (its JSON report: ``passed``,
    ``issues``, ``statistics``). The JSON-LD context comes from the vendored copy, never the network."""
    import subprocess
    import sys
    import tempfile

    validator = Path(sys.executable).parent / "rocrate-validator"
    with tempfile.TemporaryDirectory(prefix="rocrate-validate-") as tmp:
        cache = Path(tmp) / "http_cache"
        _seed_context_cache(cache)
        report = Path(tmp) / "report.json"
        proc = subprocess.run([str(validator), "validate", "--offline", "--cache-path", str(cache),
                               "--no-paging", "-p", profile, "-l", severity, "-f", "json", "-o", str(report),
                               str(folder)], capture_output=True, text=True, timeout=600)
        if not report.exists():
            raise RuntimeError(f"rocrate-validator failed ({proc.returncode}): {proc.stderr[-800:] or proc.stdout[-800:]}")
        return json.loads(report.read_text(encoding="utf-8"))
