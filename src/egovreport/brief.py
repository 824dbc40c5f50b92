"""Key findings and the policy brief, composed from the executed notebooks' results.

Nothing here computes an indicator: every number comes from ``load_results`` of
the analysis notebooks (see ``RESULTS_CONTRACT.md``), every sentence from the
``brief`` translation domain, so the English and Mongolian texts state the same
numbers. What the brief names and recommends comes from data files too
(:mod:`egovreport.recommendations`): the country's legal and institutional
landscape (each law, system or body with its evidence ids), the two
recommendation catalogues and the concept note's challenges.

Rules the brief keeps:

* **Headlines rest on evidence, not on illustrative answers.** While the survey
  responses are illustrative (or absent), every data-governance number, strength
  and priority comes from the desk review alone (``headline`` of the gaps results);
  with real responses a survey-based cell needs enough answers and few "don't
  know" (:func:`egovreport.governance.scoring.headline_scores`).
* **Status and date**: "pre-workshop discussion draft" while the survey is
  illustrative; the date of issue comes from the country's brief record or the
  build's source date, never from the clock (:func:`issue_date`).
* **Every state**: a state without data-governance inputs gets a brief and
  findings on the EGDI only, saying so; sentences are written for every value
  (one/many, ties, the top-ranked state) and start with a capital in every language.

The same :class:`PolicyBrief` renders as MyST Markdown (notebooks
``00_key_findings`` and ``30_policy_brief``) and as a standalone print-styled
HTML file (A4, fonts and figures embedded, nothing loaded from the network) that
the pipeline prints to PDF with Chromium.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import os
import re
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from . import i18n, paths
from .figures import COMPONENT_COLOURS, CONTEXT, HIGHLIGHT, OKABE_ITO, SavedFigure, apply_style, save_figure
from .i18n import LANGUAGE_NAMES, LANGUAGES, capitalise, catalogue, fmt_int, quoted, t
from .provenance import track_read, track_write
from .results import load_results

# Result sets the brief reads (notebook that writes each one, for messages).
RESULT_SETS = {
    "profile": ("egdi_country_profile", "02_egdi_country_profile"),
    "diagnosis": ("egdi_component_diagnosis", "03_egdi_component_diagnosis"),
    "peers": ("egdi_peer_benchmarking", "04_egdi_peer_benchmarking"),
    "evidence": ("governance_evidence", "10_governance_evidence"),
    "gaps": ("governance_gaps", "12_governance_gaps"),
    "actions": ("governance_action_plan", "14_governance_action_plan"),
    "evaluation": ("workshop_evaluation", "20_workshop_evaluation"),
}
REQUIRED_SETS = ("profile",)
COMPONENTS = ("osi", "tii", "hci")
GOVERNANCE_SETS = ("evidence", "gaps", "actions")

# How many rows the brief shows; the book pages show everything.
BRIEF_MAX_GAPS = 6
BRIEF_MAX_DAY1 = 3
BRIEF_MAX_DAY2 = 6
STRENGTH_MIN_LEVEL = 3

BRIEF_DIR_NAME = "brief"
PDF_DIR_NAME = "downloads"


def fmt_index(value, digits: int = 4) -> str:
    """Every index value the brief prints goes through the report's one formatting function,
    :func:`egovreport.i18n.fmt_index` (looked up at call time), so the brief rounds as the UN
    publishes (half up from the stored value) wherever that function is fixed."""
    return i18n.fmt_index(value, digits)


def _tr(key: str, lang: str, **values) -> str:
    return t(f"brief.{key}", lang, **values)


def _tr_n(key: str, n, lang: str, **values) -> str:
    """A sentence whose wording depends on a count: ``<key>_one`` when ``n`` is 1 (if the
    language has such a form), else ``<key>``."""
    if n == 1 and f"brief.{key}_one" in catalogue(lang):
        key = f"{key}_one"
    return _tr(key, lang, n=n, **values)


# --------------------------------------------------------------------------- formatting

def sentence(text: str) -> str:
    """``text`` with a capital first letter (after any Markdown or quotation marks), so a
    sentence that opens with a placeholder ('{group} …', 'e-Mongolia …') starts right in
    every language: :func:`egovreport.i18n.capitalise`."""
    return capitalise(text)


def _shows_zero(text: str) -> bool:
    """True when a formatted number reads as zero ('0.0000')."""
    return text.strip("0.") == ""


def fmt_signed(value: float | None, digits: int = 4) -> str:
    """Signed change with a true minus sign ('+0.1248', '−0.0123'), rounded by the one
    formatting function (:func:`egovreport.i18n.fmt_index`); '–' if missing."""
    if value is None or value != value:
        return "–"
    text = fmt_index(abs(value), digits)
    if _shows_zero(text):
        return text
    return ("+" if value > 0 else "−") + text


def format_date(day: _dt.date, lang: str) -> str:
    """A date written out in ``lang`` (e.g. '3 December 2024')."""
    months = catalogue(lang)["brief.date.months"]
    return _tr("date.single", lang, d=day.day, month=months[day.month - 1], year=day.year)


def format_date_range(start: _dt.date, end: _dt.date, lang: str) -> str:
    """A date range within one month in ``lang`` (e.g. '3–4 December 2024')."""
    months = catalogue(lang)["brief.date.months"]
    if (start.year, start.month) != (end.year, end.month):
        return f"{format_date(start, lang)} – {format_date(end, lang)}"
    return _tr("date.range_same_month", lang, d1=start.day, d2=end.day, month=months[start.month - 1],
               year=start.year)


def _source_date() -> _dt.date | None:
    """``SOURCE_DATE_EPOCH`` as a UTC date (reproducible builds), else None."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date()
    return None


def build_date() -> _dt.date:
    """Date of this build: ``EGOVREPORT_BUILD_DATE`` (ISO) or ``SOURCE_DATE_EPOCH`` if set, else today."""
    iso = os.environ.get("EGOVREPORT_BUILD_DATE")
    if iso:
        return _dt.date.fromisoformat(iso[:10])
    return _source_date() or _dt.date.today()


def _commit_date() -> _dt.date | None:
    """Committer date of the checked-out commit (the same for every build of it), else None."""
    try:
        out = subprocess.run(["git", "-C", str(paths.project_root()), "log", "-1", "--format=%cs"],
                             capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        return _dt.date.fromisoformat(out.stdout.strip()) if out.returncode == 0 else None
    except ValueError:
        return None


def issue_date(record: dict | None = None) -> _dt.date:
    """Date of issue of the brief, never the day it happens to be built: the ``issue_date``
    of the country's brief record; else ``SOURCE_DATE_EPOCH``; else the date of the
    checked-out commit; else the build date (``EGOVREPORT_BUILD_DATE``, or today as a last resort)."""
    if record and record.get("issue_date"):
        return record["issue_date"]
    return _source_date() or _commit_date() or build_date()


def genitive(name: str, lang: str) -> str:
    """The possessive form of a country name: English "Kenya's"; Mongolian the genitive case
    (:func:`egovreport.i18n.mn_case`: "Японы", "Канадын", "Кенийн", "Перугийн")."""
    if lang == "en":
        return f"{name}'" if name.endswith("s") else f"{name}'s"
    if lang != "mn" or not name:
        return name
    return i18n.mn_case(name, "gen")


def _join(items: list[str], lang: str) -> str:
    """'a, b and c' in the language of the run."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("brief.words.and", lang) + items[-1]


# --------------------------------------------------------------------------- governance labels


def cell_label(cell_id: str, lang: str) -> str:
    """'Pillar × element' label of a framework cell, from the governance catalogue."""
    from .governance.framework import cell_label as framework_cell_label
    return framework_cell_label(cell_id, lang)


def level_name(level, lang: str) -> str:
    """Name of a 0–4 maturity level from the governance catalogue ('Emerging')."""
    if level is None:
        return "–"
    return t(f"governance.level.{int(round(float(level)))}", lang)


def framework_shape() -> dict:
    """Pillar and element counts and the maturity scale, from the governance framework."""
    from .governance import framework as fw
    return {"n_pillars": len(fw.PILLARS), "n_elements": len(fw.ELEMENTS),
            "scale_min": min(fw.LEVELS), "scale_max": max(fw.LEVELS)}


def fmt_level(value) -> str:
    """An ordinal level as written in tables: '2' or '2.5' for a median between levels."""
    if value is None or value != value:
        return "–"
    value = float(value)
    return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"


# --------------------------------------------------------------------------- inputs


@dataclass
class BriefInputs:
    """Everything the brief states, as loaded from the executed notebooks and the country's
    brief inputs (record, legal landscape, stakeholder map)."""

    country: str
    edition: int
    language: str
    results: dict[str, dict | None]
    workshop: dict
    record: dict = field(default_factory=dict)
    landscape: list | None = None
    stakeholders: object = None
    roles: object = None

    def get(self, name: str) -> dict | None:
        return self.results.get(name)

    @property
    def profile(self) -> dict:
        return self.results["profile"]

    @property
    def missing(self) -> list[str]:
        """Result sets not available in this build (their notebooks did not run)."""
        return [name for name, value in self.results.items() if value is None]

    def is_illustrative(self, name: str) -> bool:
        data = self.get(name)
        return bool(data and data.get("illustrative"))

    @property
    def illustrative(self) -> bool:
        """True when any result set read by the brief rests on illustrative responses."""
        return any(self.is_illustrative(name) for name in self.results)

    @property
    def has_governance(self) -> bool:
        """True when the country has a data-governance assessment (at least one cell assessed)."""
        head = self.headline
        return bool(head and head.get("cells_assessed"))

    @property
    def headline(self) -> dict | None:
        """What the brief may state as data-governance headlines (see module docstring)."""
        gaps = self.get("gaps")
        if not gaps:
            return None
        return gaps.get("headline") or gaps

    @property
    def headline_basis(self) -> str:
        return (self.headline or {}).get("basis", "desk_review")

    @property
    def survey_state(self) -> str:
        """``illustrative``, ``real`` or ``none``: the data-governance survey of this build."""
        gaps = self.get("gaps") or {}
        if not gaps.get("survey_file"):
            return "none"
        return "illustrative" if gaps.get("illustrative") else "real"

    @property
    def status(self) -> str:
        """``pre_workshop_draft`` while the survey is illustrative or absent (country with an
        assessment), ``consultation_draft`` with real responses, ``discussion_draft`` for an
        EGDI-only brief; the brief record may set it."""
        if self.record.get("status"):
            return str(self.record["status"])
        if not self.has_governance:
            return "discussion_draft"
        return "consultation_draft" if self.survey_state == "real" else "pre_workshop_draft"

    @property
    def country_name(self) -> str:
        """Name of the country in the brief's language (:func:`egovreport.i18n.country_name`)."""
        return i18n.country_name(self.country, self.language, english=self.profile.get("country_name"))

    @property
    def country_genitive(self) -> str:
        """'Mongolia's' / 'Монгол Улсын' (catalogue, else :func:`genitive`)."""
        key = f"brief.country_genitive.{self.country}"
        return catalogue(self.language).get(key) or genitive(self.country_name, self.language)

    @property
    def names(self) -> dict:
        """Country-name placeholders every sentence template may use."""
        return {"country_name": self.country_name, "country_genitive": self.country_genitive}


def load_workshop(country: str) -> dict:
    """Workshop facts (title, dates, venue, organisers) from ``data/country/<ISO3>/workshop.yml``,
    validated by :func:`egovreport.workshop.load_workshop` (``{}`` when the country has none)."""
    from .workshop import load_workshop as _load

    return _load(country)


def _country_inputs(country: str) -> dict:
    """The brief record, legal landscape and stakeholder map of ``country`` (each optional)."""
    from .governance.actions import load_stakeholder_map
    from .recommendations import load_brief_record, load_landscape

    out = {"record": load_brief_record(country), "landscape": None, "stakeholders": None, "roles": None}
    if not paths.country_dir(country).exists():
        return out
    register = None
    if (paths.country_dir(country) / "evidence_register.csv").exists():
        from .governance.evidence import load_evidence_register
        register = load_evidence_register(country)
        out["landscape"] = load_landscape(country, register)
    stakeholders, roles, missing = load_stakeholder_map(country)
    if len(stakeholders):
        out["stakeholders"], out["roles"] = stakeholders, roles
    return out


def load_inputs(country: str, edition: int, language: str) -> BriefInputs:
    """Load the results of every analysis notebook the brief reads, and the country's inputs.

    The EGDI country profile is required; the other result sets are optional
    and the brief says plainly which parts are missing.
    """
    from .errors import ParameterError

    if language not in LANGUAGES:
        raise ParameterError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    results: dict[str, dict | None] = {}
    for name, (result_id, _notebook) in RESULT_SETS.items():
        try:
            results[name] = load_results(result_id)
        except FileNotFoundError:
            if name in REQUIRED_SETS:
                raise
            results[name] = None
    profile = results["profile"]
    if profile.get("country") != country or int(profile.get("edition")) != int(edition):
        raise ParameterError(
            f"results 'egdi_country_profile' were built for country {profile.get('country')!r}, "
            f"edition {profile.get('edition')!r}, not {country!r}, {edition!r}: rebuild them first")
    return BriefInputs(country=country, edition=int(edition), language=language, results=results,
                       workshop=load_workshop(country), **_country_inputs(country))


# --------------------------------------------------------------------------- findings


@dataclass
class Finding:
    """One statement of the key findings / key messages (Markdown, numbers filled in)."""

    key: str
    section: str  # egdi | governance | evaluation
    text: str
    illustrative: bool = False
    numbers: dict = field(default_factory=dict)  # what the sentence states, for tests

    def __post_init__(self):
        self.text = sentence(self.text)


def _n_countries(profile: dict):
    """Number of ranked Member States in the edition (``n_ranked``; else the world benchmark's n)."""
    if profile.get("n_ranked"):
        return profile["n_ranked"]
    world = (profile.get("benchmarks") or {}).get("world") or {}
    return world.get("n")


def _two(text_a: str, text_b: str) -> str:
    """Two sentences, the second starting with a capital whatever its placeholder."""
    return f"{sentence(text_a)} {sentence(text_b)}"


def egdi_findings(inp: BriefInputs) -> list[Finding]:
    """Findings of Day 1 (EGDI) from the country profile and the component diagnosis.

    Written for every value: one place or several, a rank unchanged, a component or a
    largest gain shared with others, the top-ranked state itself.
    """
    lang, p = inp.language, inp.profile
    out: list[Finding] = []
    level = _tr(f"level.{p['level']}", lang) if p.get("level") else "–"
    n = _n_countries(p)
    values = dict(edition=p["edition"], country_name=inp.country_name, egdi=fmt_index(p["egdi"]),
                  rank=fmt_int(p["egdi_rank"]), level=level)
    text = _tr("finding.egdi_headline" if n else "finding.egdi_headline_no_n", lang, n=n, **values)
    change = p.get("rank_change")
    if change is not None and p.get("egdi_rank_previous") is not None:
        key = "rank_up" if change > 0 else "rank_down" if change < 0 else "rank_same"
        text = _two(text, _tr_n(f"finding.{key}", abs(int(change)), lang, places=abs(int(change)),
                                previous_edition=p["previous_edition"],
                                previous_rank=fmt_int(p["egdi_rank_previous"])))
    out.append(Finding("egdi_headline", "egdi", text,
                       numbers={"egdi": p["egdi"], "egdi_rank": p["egdi_rank"], "rank_change": change}))

    first = p.get("egdi_first")
    if first is not None and p.get("first_edition") and p["first_edition"] != p["edition"]:
        same = fmt_index(p["egdi"]) == fmt_index(first)  # as printed
        key = "long_run_same" if same else "long_run_up" if p["egdi"] > first else "long_run_down"
        out.append(Finding("egdi_long_run", "egdi",
                           _tr(f"finding.{key}", lang, first=fmt_index(first), first_edition=p["first_edition"],
                               egdi=fmt_index(p["egdi"]), edition=p["edition"]),
                           numbers={"egdi_first": first, "egdi": p["egdi"]}))

    diag = inp.get("diagnosis") or {}
    comps = {c: p.get(c) for c in COMPONENTS if p.get(c) is not None}
    if len(comps) == len(COMPONENTS):
        low = min(comps.values())
        lowest = [c for c in COMPONENTS if comps[c] == low]
        if len(lowest) == 1:
            limiting = diag.get("limiting_component") if diag.get("limiting_component") in comps else lowest[0]
            tail = _tr("finding.components_limiting", lang, limiting=_tr(f"component.{limiting}", lang))
        else:
            tail = _tr("finding.components_tied", lang,
                       limiting=_join([_tr(f"component.{c}", lang) for c in lowest], lang))
        text = _two(_tr("finding.components", lang, edition=p["edition"], osi=fmt_index(p["osi"]),
                        tii=fmt_index(p["tii"]), hci=fmt_index(p["hci"])), tail)
        out.append(Finding("egdi_components", "egdi", text, numbers=dict(comps)))

    dec = diag.get("decomposition_last_change")
    if dec:
        text = _tr("finding.decomposition", lang, change=fmt_signed(dec["egdi_change"]),
                   from_edition=dec["from_edition"], to_edition=dec["to_edition"],
                   osi=fmt_signed(dec["osi_contribution"]), tii=fmt_signed(dec["tii_contribution"]),
                   hci=fmt_signed(dec["hci_contribution"]))
        if dec.get("comparable") is False:
            text = _two(text, _tr("finding.decomposition_caveat", lang, from_edition=dec["from_edition"],
                                  to_edition=dec["to_edition"]))
        out.append(Finding("egdi_decomposition", "egdi", text, numbers=dict(dec)))

    bench = p.get("benchmarks") or {}
    world, region = (bench.get("world") or {}), (bench.get("region") or {})
    if world.get("egdi_mean") is not None and region.get("egdi_mean") is not None:
        above = p["egdi"] > world["egdi_mean"] and p["egdi"] > region["egdi_mean"]
        below = p["egdi"] < world["egdi_mean"] and p["egdi"] < region["egdi_mean"]
        key = "benchmarks_above" if above else "benchmarks_below" if below else "benchmarks_mixed"
        if key == "benchmarks_mixed" and p["egdi"] > world["egdi_mean"] and p["egdi"] < region["egdi_mean"]:
            key = "benchmarks_above_world"
        elif key == "benchmarks_mixed" and p["egdi"] < world["egdi_mean"] and p["egdi"] > region["egdi_mean"]:
            key = "benchmarks_above_region"
        out.append(Finding("egdi_benchmarks", "egdi",
                           _tr(f"finding.{key}", lang, world=fmt_index(world["egdi_mean"]),
                               region=fmt_index(region["egdi_mean"]),
                               region_name=region_label(region, lang)),
                           numbers={"world": world["egdi_mean"], "region": region["egdi_mean"]}))

    for pos in p.get("group_position") or []:
        if pos["group"] not in (p.get("groups") or [pos["group"]]):
            continue  # only the groups the state belongs to
        group = _tr(f"group.{pos['group']}", lang)
        others = (pos.get("n_sharing_egdi_rank") or 1) - 1  # members with the same EGDI rank in the group
        key = "group_rank" if others == 0 else "group_rank_shared_one" if others == 1 else "group_rank_shared"
        text = _tr(f"finding.{key}", lang, n=pos["n_in_group"], group=group, country_name=inp.country_name,
                   rank=fmt_int(pos["egdi_rank_in_group"]), others=others)
        gain = pos.get("rank_change")
        if pos.get("rank_change_rank_in_group") == 1 and gain is not None and gain > 0 \
                and (pos.get("n_same_level") or 0) > 1:
            tied = pos.get("n_sharing_rank_change_rank")  # None: not known, so nothing is claimed
            if tied is not None:
                key = "group_top_gain" if tied == 1 else "group_top_gain_shared"
                text = _two(text, _tr(f"finding.{key}", lang, group=group, n_tied=tied,
                                      level=_tr(f"level.{pos.get('level') or p['level']}", lang)))
        out.append(Finding(f"egdi_group_{pos['group']}", "egdi", text, numbers=dict(pos)))

    if diag.get("next_level") and diag.get("distance_to_next_level") is not None:
        out.append(Finding("egdi_next_level", "egdi",
                           _tr("finding.next_level", lang, distance=fmt_index(diag["distance_to_next_level"]),
                               next_level=_tr(f"level.{diag['next_level']}", lang)),
                           numbers={"distance_to_next_level": diag["distance_to_next_level"]}))
    elif diag.get("distance_to_leader") is not None and diag.get("leader_iso3"):
        if diag["leader_iso3"] == inp.country or _shows_zero(fmt_index(diag["distance_to_leader"])):
            out.append(Finding("egdi_leader", "egdi", _tr("finding.is_leader", lang, **inp.names),
                               numbers={"distance_to_leader": diag["distance_to_leader"]}))
        else:
            out.append(Finding("egdi_leader", "egdi",
                               _tr("finding.leader", lang, distance=fmt_index(diag["distance_to_leader"]),
                                   leader=country_label(diag["leader_iso3"], inp)),
                               numbers={"distance_to_leader": diag["distance_to_leader"]}))
    return out


def region_label(bench: dict, lang: str) -> str:
    """Name of a benchmark group (M49 region, sub-region) in ``lang`` (EGDI team's ``egdi.place``)."""
    name = bench.get("name") or ""
    return str(catalogue(lang).get(f"egdi.place.{name}") or name)


def country_label(iso3: str, inp: BriefInputs) -> str:
    """Country name of ``iso3`` in the run's language (:func:`egovreport.i18n.country_name`:
    catalogue, then the Unicode CLDR, then the English UN name of the profile or the peer table)."""
    if iso3 == inp.country:
        return inp.country_name
    english = next((row["country"] for row in (inp.get("peers") or {}).get("table") or []
                    if row.get("iso3") == iso3 and row.get("country")), None)
    return i18n.country_name(iso3, inp.language, english=english)


def _target_note(inp: BriefInputs) -> str:
    """'project default, to be agreed' while no target is agreed, else ''."""
    status = (inp.get("gaps") or {}).get("targets_status", "default")
    return _tr(f"target_status.{status}", inp.language) if status in ("default", "mixed", "proposed") else ""


def _cells_with_level(cells: list[dict], lang: str, key: str = "level") -> str:
    return _join([_tr("finding.cell_level", lang, cell=cell_label(c["cell_id"], lang), level=fmt_level(c[key]))
                  for c in cells], lang)


def governance_findings(inp: BriefInputs) -> list[Finding]:
    """Findings of Day 2 (data governance): evidence, assessment, strengths, weakest cells and
    largest gaps from the headline view (desk review while the survey is illustrative), the
    survey's disagreements (real answers only) and the action plan; or, for a state without
    an assessment, one sentence saying so."""
    lang = inp.language
    out: list[Finding] = []
    if not inp.has_governance:
        out.append(Finding("gov_missing", "governance", _tr("finding.gov_missing", lang, **inp.names)))
        return out
    ev = inp.get("evidence") or {}
    items = ev.get("evidence_items", ev.get("n_evidence"))  # contract name, then notebook 10's
    if items:
        grades = ev.get("evidence_by_grade") or {}
        key = "finding.evidence_cited" if ev.get("n_evidence_cited") is not None else "finding.evidence"
        out.append(Finding("gov_evidence", "governance",
                           _tr(key, lang, items=items, grade_a=grades.get("A", 0), grade_b=grades.get("B", 0),
                               grade_c=grades.get("C", 0), cited=ev.get("n_evidence_cited")),
                           numbers={"evidence_items": items, "evidence_cited": ev.get("n_evidence_cited")}))
    head = inp.headline
    gaps = inp.get("gaps") or {}
    illu = inp.headline_basis == "combined" and bool(gaps.get("illustrative"))
    shape = framework_shape()
    basis = _tr(f"headline_basis.{inp.headline_basis}", lang, min_n=head.get("min_n", 10))
    out.append(Finding("gov_assessed", "governance",
                       _tr("finding.gov_assessed", lang, assessed=head["cells_assessed"], total=head["cells_total"],
                           median=fmt_level(head["median_current_level"]), basis=basis,
                           median_name=level_name(head["median_current_level"], lang), **shape),
                       illustrative=illu,
                       numbers={"cells_assessed": head["cells_assessed"],
                                "median_current_level": head["median_current_level"]}))
    strengths = [s for s in head.get("strengths") or [] if s["level"] is not None]
    if strengths:
        out.append(Finding("gov_strengths", "governance",
                           _tr_n("finding.gov_strengths", len(strengths[:3]), lang,
                                 cells=_cells_with_level(strengths[:3], lang), level=STRENGTH_MIN_LEVEL,
                                 basis=_tr(f"headline_basis_short.{inp.headline_basis}", lang)),
                           illustrative=illu, numbers={"cells": [s["cell_id"] for s in strengths[:3]]}))
    else:
        out.append(Finding("gov_strengths", "governance",
                           _tr("finding.gov_no_strengths", lang, level=STRENGTH_MIN_LEVEL,
                               level_name=level_name(STRENGTH_MIN_LEVEL, lang)), illustrative=illu))
    priorities = head.get("priorities") or []
    if priorities:
        top_gap = max(pr["gap"] for pr in priorities)
        largest = [pr for pr in priorities if pr["gap"] == top_gap]
        note = _target_note(inp)
        horizon = _tr(f"horizon_of.{priorities[0].get('target_horizon', 'long')}", lang)
        if len(largest) <= 3:
            text = _tr_n("finding.gov_priorities", len(largest), lang, gap=fmt_level(top_gap), horizon_of=horizon,
                         cells=_join([_tr("finding.cell_gap", lang, cell=cell_label(pr["cell_id"], lang),
                                          current=fmt_level(pr["current_level"]),
                                          target=fmt_level(pr["target_level"])) for pr in largest], lang))
        else:
            text = _tr("finding.gov_priorities_many", lang, n=len(largest), gap=fmt_level(top_gap), horizon_of=horizon)
        if note:
            text = _two(text, _tr("finding.targets_note", lang, note=note))
        out.append(Finding("gov_priorities", "governance", text, illustrative=illu,
                           numbers={"cells": [pr["cell_id"] for pr in largest], "gap": top_gap}))
    if inp.survey_state == "real" and gaps.get("disagreements"):
        out.append(Finding("gov_disagreements", "governance",
                           _tr_n("finding.gov_disagreements", len(gaps["disagreements"]), lang),
                           numbers={"n": len(gaps["disagreements"])}))
    plan = inp.get("actions")
    if plan and plan.get("actions"):
        by = horizon_counts(plan["actions"])
        out.append(Finding("gov_actions", "governance",
                           _tr_n("finding.actions", len(plan["actions"]), lang, **by),
                           illustrative=bool(plan.get("illustrative")),
                           numbers={"n_actions": len(plan["actions"]), **by}))
    return out


def horizon_counts(actions: list[dict]) -> dict:
    """Number of actions per horizon id (short, medium, long)."""
    counts = {"short": 0, "medium": 0, "long": 0}
    for a in actions:
        counts[a.get("horizon")] = counts.get(a.get("horizon"), 0) + 1
    return counts


def topic_label(topic_id: str, lang: str) -> str:
    """Evaluation topic name from the evaluation team's catalogue, else the id."""
    for key in (f"evaluation.topic.{topic_id}", f"evaluation.topics.{topic_id}",
                f"evaluation.topic.{topic_id}.name", f"evaluation.topics.{topic_id}.name"):
        text = catalogue(lang).get(key) or catalogue("en").get(key)
        if isinstance(text, str):
            return text
    return topic_id.replace("_", " ")


def evaluation_summary(ev: dict) -> dict | None:
    """What the evaluation notebook counted: topics tested, topics with higher self-rated
    knowledge after the workshop, and the topic with the largest difference."""
    if not ev or not ev.get("n_topics_tested"):
        return None
    return {"n_topics": ev["n_topics_tested"], "n_up": ev.get("n_topics_up", 0), "top": ev.get("top_topic")}


def topics_higher_after(ev: dict, topic_filter) -> tuple[int, int]:
    """``(n_up, n_tested)`` among the evaluation topics that ``topic_filter`` accepts.

    A topic counts as higher after the workshop by the evaluation notebook's rule
    (``egovreport.evaluation.key_numbers``): tested, Holm-adjusted p below ``alpha``
    and a positive rank-biserial correlation.
    """
    alpha = ev.get("alpha")
    tested = {k: v for k, v in (ev.get("knowledge") or {}).items()
              if v.get("status") == "tested" and topic_filter(k)}
    up = [k for k, v in tested.items()
          if alpha is not None and v.get("p_holm") is not None and v["p_holm"] < alpha
          and (v.get("rank_biserial") or 0) > 0]
    return len(up), len(tested)


def evaluation_findings(inp: BriefInputs) -> list[Finding]:
    """Findings of the workshop evaluation (pre/post self-rated knowledge)."""
    ev = inp.get("evaluation")
    summary = evaluation_summary(ev)
    if summary is None:
        return []
    lang = inp.language
    text = _tr("finding.evaluation", lang, n_paired=ev.get("n_paired"), n_up=summary["n_up"],
               n_topics=summary["n_topics"])
    top = summary["top"]
    if top and summary["n_up"]:
        text += " " + _tr("finding.evaluation_top", lang, topic=topic_label(top["topic"], lang),
                          change=fmt_change(top.get("median_change")))
    return [Finding("evaluation", "evaluation", text, illustrative=bool(ev.get("illustrative")),
                    numbers={"n_paired": ev.get("n_paired"), "n_topics": summary["n_topics"],
                             "n_up": summary["n_up"]})]


def fmt_change(value) -> str:
    """A change on a rating scale: '+1', '−0.5', '0'."""
    if value is None or value != value:
        return "–"
    value = float(value)
    text = f"{abs(value):.0f}" if value.is_integer() else f"{abs(value):.1f}"
    return text if value == 0 else ("+" if value > 0 else "−") + text


def key_findings(inp: BriefInputs) -> list[Finding]:
    """All key findings of the run, in reading order."""
    return egdi_findings(inp) + governance_findings(inp) + evaluation_findings(inp)

KEY_MESSAGE_KEYS = ("egdi_headline", "egdi_group_lldc", "egdi_group_sids", "egdi_group_ldc", "egdi_components",
                    "gov_assessed", "gov_priorities", "gov_missing")


def key_messages(findings: list[Finding], limit: int = 4) -> list[Finding]:
    """The few findings the brief opens with: headline, a special group (else the
    components), then the data-governance assessment and its largest gaps (or the sentence
    that the country has no assessment). Never an illustrative finding."""
    pool = [f for f in findings if not f.illustrative and f.section in ("egdi", "governance")]
    chosen = []
    for key in KEY_MESSAGE_KEYS:
        if key.startswith("egdi_group") and any(c.key.startswith("egdi_group") for c in chosen):
            continue
        chosen += [f for f in pool if f.key == key]
    if len(chosen) < limit:
        chosen += [f for f in pool if f not in chosen and f.section == "egdi"][: limit - len(chosen)]
    gov = [f for f in chosen if f.section == "governance"]
    return [f for f in chosen if f.section == "egdi"][: limit - len(gov)] + gov


# --------------------------------------------------------------------------- tables


@dataclass
class Table:
    """A small table of display strings (first row is the header)."""

    caption: str
    header: list[str]
    rows: list[list[str]]
    source: str = ""
    illustrative: bool = False
    css_class: str = ""
    note: str = ""

    def markdown(self, lang: str) -> str:
        def cell(text: str) -> str:
            return capitalise(str(text).replace("|", "\\|").replace("\n", "; "))

        title = self.caption
        if self.illustrative:
            title = f"[{t('common.illustrative_label', lang)}] {title}"
        lines = [f"**{title}**", "", "| " + " | ".join(cell(h) for h in self.header) + " |",
                 "|" + "|".join("---" for _ in self.header) + "|"]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in self.rows]
        tail = []
        if self.note:
            tail.append(self.note)
        if self.source:
            tail.append(f"*{t('common.source', lang)}:* {self.source}.")
        return "\n".join(lines) + ("\n\n" + " ".join(tail) if tail else "") + "\n"


def un_source(inp: BriefInputs) -> str:
    p = inp.profile
    editions = f"{p.get('first_edition', p['edition'])}–{p['edition']}"
    return _tr("figure.source_un", inp.language, editions=editions)


def components_table(inp: BriefInputs) -> Table:
    """EGDI, its components and the rank in this and the previous edition (changes from the
    stored values, as in the decomposition finding)."""
    lang, p = inp.language, inp.profile
    series = {int(s["edition"]): s for s in p.get("series") or []}
    prev_ed = p.get("previous_edition")
    prev = series.get(int(prev_ed)) if prev_ed else None
    rows = []
    for comp in ("egdi", "osi", "tii", "hci", "epi"):
        now = p.get(comp)
        before = prev.get(comp) if prev else None
        change = (now - before) if now is not None and before is not None else None  # as the decomposition
        rows.append([_tr(f"component_table.{comp}", lang), fmt_index(before), fmt_index(now), fmt_signed(change)])
    rank_change = p.get("rank_change")
    rows.append([_tr("brief.row_rank", lang), fmt_int(p.get("egdi_rank_previous")), fmt_int(p.get("egdi_rank")),
                 ("+" if rank_change and rank_change > 0 else "") + fmt_int(rank_change) if rank_change is not None
                 else "–"])
    note = ""
    dec = (inp.get("diagnosis") or {}).get("decomposition_last_change") or {}
    if dec.get("comparable") is False and prev_ed and int(dec.get("from_edition", 0)) == int(prev_ed):
        note = _tr("brief.components_not_comparable", lang, from_edition=dec["from_edition"],
                   to_edition=dec["to_edition"])
    return Table(caption=_tr("brief.table_components", lang, previous_edition=prev_ed or "–", edition=p["edition"]),
                 header=[_tr("brief.col_indicator", lang), str(prev_ed or "–"), str(p["edition"]),
                         _tr("brief.col_change", lang)],
                 rows=rows, source=un_source(inp), css_class="numeric", note=note)


def peers_table(inp: BriefInputs) -> Table | None:
    """The country and its peers (from the peer-benchmarking notebook)."""
    peers = inp.get("peers")
    if not peers or not peers.get("table"):
        return None
    lang = inp.language
    rows = []
    for r in sorted(peers["table"], key=lambda r: (r.get("egdi_rank") is None, r.get("egdi_rank") or 0)):
        name = country_label(r["iso3"], inp)
        if r["iso3"] == inp.country:
            name = f"**{name}**"
        rows.append([name, fmt_index(r.get("egdi")), fmt_index(r.get("osi")), fmt_index(r.get("tii")),
                     fmt_index(r.get("hci")), fmt_int(r.get("egdi_rank"))])
    note = peer_rule_text(peers, lang)
    return Table(caption=_tr("brief.table_peers", lang, country_name=inp.country_name, edition=inp.edition),
                 header=[_tr("brief.col_country", lang), "EGDI", "OSI", "TII", "HCI", _tr("brief.col_rank", lang)],
                 rows=rows, source=un_source(inp), css_class="numeric", note=note)


def peer_rule_text(peers: dict, lang: str) -> str:
    """How the peers were chosen: the catalogue's short sentence per rule id (``peer_rule_id``),
    else the EGDI notebook's own wording."""
    rule_id = peers.get("peer_rule_id")
    if rule_id and f"brief.peer_rule_by_id.{rule_id}" in catalogue(lang):
        return _tr(f"peer_rule_by_id.{rule_id}", lang)
    if peers.get("peer_rule"):
        rule = str(peers["peer_rule"]).removeprefix("Peers: ").rstrip(".")
        return _tr("brief.peer_rule", lang, rule=rule)
    return ""


def gaps_table(inp: BriefInputs) -> Table | None:
    """Every cell of the headline view with a gap, grouped by gap and current level (largest
    gap first): the one gap is the target at the priority horizon − the current level. Cells
    sharing a gap share a row, so no order among equals is implied; the next step is the
    first horizon whose target the cells miss."""
    head = inp.headline
    if not inp.has_governance or not head.get("priorities"):
        return None
    lang = inp.language
    groups: dict[tuple, list[dict]] = {}
    for pr in head["priorities"]:
        key = (-pr["gap"], pr["current_level"], pr.get("target_level"), pr.get("next_horizon"), pr.get("next_target"))
        groups.setdefault(key, []).append(pr)
    rows = []
    for (neg_gap, current, target, nxt, nxt_target), cells in sorted(groups.items(), key=lambda kv: kv[0]):
        rows.append([fmt_level(-neg_gap), f"{fmt_level(current)} ({level_name(current, lang)})", fmt_level(target),
                     _tr(f"horizon_short.{nxt}", lang) + f" ({fmt_level(nxt_target)})" if nxt else "–",
                     _cells_by_pillar([c["cell_id"] for c in cells], lang)])
    horizon = _tr(f"horizon_short.{head['priorities'][0].get('target_horizon', 'long')}", lang)
    note = _tr("brief.gaps_note", lang, total=len(head["priorities"]),
               horizon_of=_tr(f"horizon_of.{head['priorities'][0].get('target_horizon', 'long')}", lang))
    if _target_note(inp):
        note += " " + sentence(_tr("finding.targets_note", lang, note=_target_note(inp)))
    return Table(caption=_tr(f"brief.table_gaps_{inp.headline_basis}", lang),
                 header=[_tr("brief.col_gap", lang), _tr("brief.col_current", lang),
                         _tr("brief.col_target", lang, horizon=horizon), _tr("brief.col_next", lang),
                         _tr("brief.col_cells", lang)],
                 rows=rows, source=_tr(f"figure.source_governance_{inp.headline_basis}", lang),
                 illustrative=inp.headline_basis == "combined" and inp.survey_state == "illustrative",
                 css_class="gaps", note=note)


def _cells_by_pillar(cell_ids: list[str], lang: str) -> str:
    """'Policy: Standards, Sharing; People: Privacy' — cells grouped under their pillar, in framework order."""
    from .governance.framework import PILLARS, element_label, pillar_label, split_cell

    by: dict[str, list[str]] = {}
    for cid in cell_ids:
        pillar, element = split_cell(cid)
        by.setdefault(pillar, []).append(element_label(element, lang))
    return "; ".join(f"**{pillar_label(p, lang)}**: " + ", ".join(by[p]) for p in PILLARS if p in by)


def landscape_table(inp: BriefInputs) -> Table | None:
    """Laws, systems and bodies of the country by element, each with its evidence ids."""
    if not inp.landscape:
        return None
    from .governance.framework import ELEMENTS, element_label

    lang = inp.language
    rows = []
    for el in ELEMENTS:
        entries = [e for e in inp.landscape if e.element == el]
        if not entries:
            continue

        def items(kinds):
            return "\n".join(
                f"**{e.label(lang)}**" + (f" ({e.year})" if e.year else "") + f" {e.ids_text}: {e.note[lang]}"
                for e in entries if e.kind in kinds)
        rows.append([element_label(el, lang), items(("law",)) or "–", items(("system", "institution")) or "–"])
    return Table(caption=_tr("brief.table_landscape", lang, **inp.names),
                 header=[_tr("brief.col_element", lang), _tr("brief.col_laws", lang), _tr("brief.col_systems", lang)],
                 rows=rows, source=_tr("brief.source_landscape", lang), css_class="landscape")


def recommendations_table(recs: list, inp: BriefInputs, day: int) -> Table | None:
    """Day-1 or Day-2 recommendations: action, instrument, lead and partners, horizon, indicator."""
    if not recs:
        return None
    lang = inp.language
    rows = []
    for r in recs:
        who = f"**{r.lead}**" + (f"; {'; '.join(r.partners)}" if r.partners else "")
        where = ""
        if r.cells:
            where = " (" + ", ".join(cell_label(c, lang) for c in r.cells) + ")"
        rows.append([r.action + where, r.instrument, who, _tr(f"horizon_short.{r.horizon}", lang), r.indicator])
    note = _tr(f"brief.reco_note_day{day}", lang)
    if day == 2 and any(r.lead_basis != "role_lead" for r in recs):
        note += " " + _tr("brief.reco_note_leads", lang)
    return Table(caption=_tr(f"brief.table_reco_day{day}", lang),
                 header=[_tr("brief.col_action", lang), _tr("brief.col_instrument", lang),
                         _tr("brief.col_lead_partners", lang), _tr("brief.col_horizon", lang),
                         _tr("brief.col_indicator_reco", lang)],
                 rows=rows, source=_tr(f"brief.source_reco_day{day}", lang), css_class="reco", note=note)


# --------------------------------------------------------------------------- figures

# Print sizes (inches) so that labels print at their nominal point size.
FULL_WIDTH_IN = 6.8
HALF_WIDTH_IN = 3.3


def trend_figure(inp: BriefInputs, prefix: str = "brief", wide: bool = False) -> SavedFigure:
    """EGDI and components of the country across editions (labels in the run's language).

    Half the A4 text width for the brief; ``wide`` for a book page. An edition in which the
    state was not assessed breaks the lines (nothing is drawn across it); the title states
    the real span of the series; the legend sits below the axes, never over the data.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    apply_style()
    lang, p = inp.language, inp.profile
    series = sorted((s for s in p["series"] if int(s["edition"]) <= int(p["edition"])), key=lambda s: s["edition"])
    assessed = [s for s in series if s.get("egdi") is not None]
    first = assessed[0] if assessed else series[0]
    series = [s for s in series if s["edition"] >= first["edition"]]
    fig, ax = plt.subplots(figsize=(FULL_WIDTH_IN - 0.8, 3.3) if wide else (HALF_WIDTH_IN + 0.2, 2.6))
    xs = [s["edition"] for s in series]
    for comp in ("egdi", "osi", "tii", "hci"):
        ys = [float("nan") if s.get(comp) is None else s[comp] for s in series]
        if all(y != y for y in ys):
            continue
        ax.plot(xs, ys, marker="o", markersize=2.5, linewidth=2.2 if comp == "egdi" else 1.3,
                color=COMPONENT_COLOURS[comp], label=_tr(f"component_short.{comp}", lang),
                zorder=3 if comp == "egdi" else 2)
    ax.set_ylim(0, 1)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.set_ylabel(_tr("figure.trend_ylabel", lang), fontsize=8)
    ax.set_xlabel(_tr("figure.trend_xlabel", lang), fontsize=8)
    ax.tick_params(labelsize=7.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=7.5, ncol=4, handlelength=1.6,
              frameon=False)
    ax.set_title(_tr("figure.trend_title", lang, first_edition=first["edition"], edition=p["edition"]),
                 fontsize=9, loc="left")
    return save_figure(
        fig, f"{prefix}_egdi_trend_{lang}",
        caption=_tr("figure.trend_caption", lang, country_name=inp.country_name, first_edition=first["edition"],
                    edition=p["edition"]),
        source=un_source(inp),
        alt=_tr("figure.trend_alt", lang, **inp.names, first_edition=first["edition"],
                edition=p["edition"], first=fmt_index(first.get("egdi")), egdi=fmt_index(p["egdi"])))


def peers_figure(inp: BriefInputs, prefix: str = "brief") -> SavedFigure | None:
    """EGDI of the country and its peers with world and regional averages."""
    import matplotlib.pyplot as plt

    peers = inp.get("peers")
    if not peers or not peers.get("table"):
        return None
    apply_style()
    lang, p = inp.language, inp.profile
    rows = sorted((r for r in peers["table"] if r.get("egdi") is not None), key=lambda r: r["egdi"])
    names = [country_label(r["iso3"], inp) for r in rows]
    colours = [HIGHLIGHT if r["iso3"] == inp.country else CONTEXT for r in rows]
    height = max(2.45, 0.8 + 0.2 * len(rows))
    fig, ax = plt.subplots(figsize=(HALF_WIDTH_IN + 0.2, height))
    ax.barh(names, [r["egdi"] for r in rows], color=colours, height=0.65)
    ax.set_xlim(0, 1)
    ax.set_xlabel(_tr("figure.peers_xlabel", lang), fontsize=8)
    ax.tick_params(labelsize=7.5)
    ax.grid(axis="y", visible=False)
    bench = p.get("benchmarks") or {}
    world, region = (bench.get("world") or {}), (bench.get("region") or {})
    handles = []
    if world.get("egdi_mean") is not None:
        handles.append(ax.axvline(world["egdi_mean"], color=OKABE_ITO["black"], linestyle="--", linewidth=1,
                                  label=_tr("figure.world_mean", lang)))
    if region.get("egdi_mean") is not None:
        handles.append(ax.axvline(region["egdi_mean"], color=OKABE_ITO["blue"], linestyle=":", linewidth=1.3,
                                  label=_tr("figure.region_mean", lang, name=region_label(region, lang))))
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.4, -0.16), ncol=len(handles),
                  fontsize=7, frameon=False, handlelength=1.8)
    ax.set_title(_tr("figure.peers_title", lang, edition=p["edition"], country_name=inp.country_name),
                 fontsize=9, loc="left")
    region_name = region_label(region, lang)
    return save_figure(
        fig, f"{prefix}_egdi_peers_{lang}",
        caption=_tr("figure.peers_caption", lang, edition=p["edition"], country_name=inp.country_name,
                    region_name=region_name),
        source=un_source(inp),
        alt=_tr("figure.peers_alt", lang, edition=p["edition"], country_name=inp.country_name,
                egdi=fmt_index(p["egdi"]), n=len(rows) - 1, world=fmt_index(world.get("egdi_mean")),
                region_name=region_name, region=fmt_index(region.get("egdi_mean"))))


# --------------------------------------------------------------------------- the brief


@dataclass
class PolicyBrief:
    """The composed brief: texts, tables, recommendations and figures, ready to render."""

    inputs: BriefInputs
    findings: list[Finding]
    messages: list[Finding]
    tables: dict[str, Table | None]
    figures: list[SavedFigure]
    built: _dt.date
    commit: str
    recommendations: dict[int, list] = field(default_factory=dict)
    issued: _dt.date | None = None

    @property
    def language(self) -> str:
        return self.inputs.language

    def text(self, key: str, **values) -> str:
        return _tr(key, self.language, **values)

    @property
    def title(self) -> str:
        return self.text("document.title", country_name=self.inputs.country_name)

    @property
    def kicker(self) -> str:
        return self.text("document.kicker", status=self.status_label)

    @property
    def status_label(self) -> str:
        return self.text(f"status.{self.inputs.status}")

    @property
    def subtitle(self) -> str:
        ws, lang = self.inputs.workshop, self.language
        if not ws:
            return ""
        return self.text("document.subtitle", workshop_title=_localised(ws.get("title"), lang),
                         city=_localised(ws.get("city"), lang),
                         dates=format_date_range(ws["start_date"], ws["end_date"], lang))

    @property
    def prepared(self) -> str:
        """Who prepared the brief, said honestly: an open-source project's draft, not a UN publication."""
        partner = _localised(self.inputs.workshop.get("brief_partner"), self.language)
        if partner:
            return self.text("document.prepared", partner=partner)
        return self.text("document.prepared_no_partner")

    @property
    def meta(self) -> list[tuple[str, str]]:
        """Date of issue, status and data of the brief (label, value)."""
        data = self.text("document.data_egdi", edition=self.inputs.edition)
        if self.inputs.has_governance:
            data = self.text("document.data_both", edition=self.inputs.edition)
        return [(self.text("document.issued_label"), format_date(self.issued, self.language)),
                (self.text("document.status_label"), self.status_label),
                (self.text("document.data_label"), data)]

    @property
    def citation(self) -> str:
        """How to cite this draft (no UN authorship claimed)."""
        return self.text("document.citation", year=self.issued.year, title=self.title, status=self.status_label,
                         date=format_date(self.issued, self.language),
                         version=self.commit[:10] if self.commit else self.text("document.no_commit"))

    @property
    def built_line(self) -> str:
        values = dict(date=self.built.isoformat(), country=self.inputs.country, edition=self.inputs.edition,
                      language=self.language)
        if self.commit:
            return self.text("document.built", commit=self.commit[:10], **values)
        return self.text("document.built_no_commit", **values)

    @property
    def survey_note(self) -> str:
        """Why no survey number is in the brief (illustrative or absent responses), or ''."""
        if not self.inputs.has_governance or self.inputs.survey_state == "real":
            return ""
        return self.text(f"brief.survey_note_{self.inputs.survey_state}")

    @property
    def coverage_note(self) -> str:
        """For a state without a data-governance assessment: the brief covers the EGDI only."""
        if self.inputs.has_governance:
            return ""
        return self.text("brief.egdi_only", **self.inputs.names)

    def glance(self) -> list[tuple[str, str]]:
        """Headline numbers (label, value) for the tiles under the title: the EGDI and, for a
        country with an assessment, the desk review's coverage and evidence (never a survey count)."""
        lang, p = self.language, self.inputs.profile
        n = _n_countries(p)
        rank = (self.text("glance.rank_value", rank=fmt_int(p["egdi_rank"]), n=n) if n
                else self.text("glance.rank_value_no_n", rank=fmt_int(p["egdi_rank"])))
        tiles = [(self.text("glance.egdi", edition=p["edition"]), fmt_index(p["egdi"])),
                 (self.text("glance.rank"), rank)]
        if p.get("rank_change") is not None and p.get("previous_edition"):
            tiles.append((self.text("glance.rank_change", previous_edition=p["previous_edition"]),
                          ("+" if p["rank_change"] > 0 else "") + fmt_int(p["rank_change"])))
        if p.get("level"):
            tiles.append((self.text("glance.level"), _tr(f"level.{p['level']}", lang)))
        head = self.inputs.headline
        if self.inputs.has_governance:
            tiles.append((self.text(f"glance.cells_{self.inputs.headline_basis}"),
                          self.text("glance.cells_value", assessed=head["cells_assessed"],
                                    total=head["cells_total"])))
            ev = self.inputs.get("evidence") or {}
            if ev.get("n_evidence_cited") is not None and ev.get("n_evidence"):
                tiles.append((self.text("glance.evidence"),
                              self.text("glance.evidence_value", cited=ev["n_evidence_cited"],
                                        total=ev["n_evidence"])))
        return tiles

    def problem(self) -> dict:
        """The problem statement: the concept note's challenges, quoted and attributed, or,
        without a recorded concept note, what the EGDI data show."""
        rec, lang = self.inputs.record, self.language
        if rec.get("challenges"):
            return {"intro": self.text("brief.problem_intro", **self.inputs.names),
                    "quotes": [_excerpt(c[lang]) for c in rec["challenges"]],
                    "conclusion": _localised(rec.get("conclusion"), lang),
                    "source": _localised(rec.get("source"), lang)}
        paras = [f.text for f in self.problem_findings]
        return {"intro": self.text("brief.problem_from_data", **self.inputs.names), "quotes": [],
                "conclusion": " ".join(paras), "source": ""}

    @property
    def problem_findings(self) -> list[Finding]:
        """Without a recorded concept note, the findings that state the problem (what holds the
        EGDI back, how far the next level is), unless the key messages already say them."""
        if self.inputs.record.get("challenges"):
            return []
        return [f for f in self.findings if f.key in ("egdi_components", "egdi_next_level")]

    def decisions(self) -> list[str]:
        """What the brief asks the ministry to decide, from the state of the inputs."""
        inp, out = self.inputs, []
        if not inp.has_governance:
            out.append(self.text("decision.governance_assessment", **inp.names))
        else:
            gaps = inp.get("gaps") or {}
            status = gaps.get("targets_status", "default")
            if status != "agreed":
                targets = gaps.get("targets") or {}
                out.append(self.text(f"decision.targets_{'default' if status == 'default' else 'partly'}",
                                     short=targets.get("short", 2), medium=targets.get("medium", 3),
                                     long=targets.get("long", 4)))
            recs = self.recommendations.get(2) or []
            if recs:
                agreed = sum(r.lead_basis == "to_be_agreed" for r in recs)
                out.append(self.text("decision.leads", n=len(recs)) + (
                    " " + self.text("decision.leads_missing", n=agreed) if agreed else ""))
            missing = (inp.headline or {}).get("not_assessed") or []
            if missing:
                out.append(_tr_n("decision.evidence", len(missing), self.language,
                                 cells=_cells_by_pillar(missing, self.language)))
            if inp.survey_state != "real":
                out.append(self.text("decision.survey"))
        out.append(self.text("decision.endorse" if inp.has_governance else "decision.endorse_day1"))
        return [sentence(d) for d in out]

    def about(self) -> list[str]:
        """Paragraphs of 'About the data'."""
        p = self.inputs.profile
        paras = [self.text("brief.about_egdi", first_edition=p.get("first_edition", p["edition"]),
                           edition=p["edition"])]
        if self.inputs.has_governance:
            paras.append(self.text("brief.about_governance", **framework_shape()))
        paras.append(self.text("brief.about_reproduce"))
        return paras

    def missing_notes(self) -> list[str]:
        """Result sets missing from this build (their notebook did not run). The governance sets
        of a state without an assessment are not 'missing': the brief says it covers the EGDI only."""
        skip = set(GOVERNANCE_SETS) if not self.inputs.has_governance else set()
        return [self.text("not_available.results", notebook=RESULT_SETS[name][1])
                for name in self.inputs.missing if name not in skip | {"evaluation"}]


def _excerpt(quote: str) -> str:
    """A quotation kept word for word; an ellipsis marks where it starts or ends inside a sentence."""
    quote = str(quote).strip()
    if quote[:1].islower():
        quote = "…" + quote
    if not quote.endswith((".", "…", "!", "?")):
        quote += "…"
    return quote


def _localised(value, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return str(value or "")


def compose_brief(country: str, edition: int, language: str, *, figures: tuple[str, ...] = ("trend", "peers"),
                  figure_prefix: str = "brief", wide_figures: bool = False) -> PolicyBrief:
    """Load the results and compose the brief in ``language``.

    ``figures`` chooses the figures to draw (``trend``, ``peers``); they are saved
    with ``save_figure`` as ``<figure_prefix>_egdi_<kind>_<language>``, so two
    notebooks composing figures must use different prefixes.
    """
    from .figures import current_commit
    from .recommendations import day1_recommendations, day2_recommendations

    inp = load_inputs(country, edition, language)
    findings = key_findings(inp)
    figs: list[SavedFigure] = []
    if "trend" in figures:
        figs.append(trend_figure(inp, figure_prefix, wide=wide_figures))
    if "peers" in figures:
        peer_fig = peers_figure(inp, figure_prefix)
        if peer_fig is not None:
            figs.append(peer_fig)
    recs = {1: day1_recommendations(inp.profile, inp.get("diagnosis"), language, landscape=inp.landscape,
                                    stakeholders=inp.stakeholders,
                                    limit=BRIEF_MAX_DAY1 - 1 if inp.has_governance else BRIEF_MAX_DAY1)}
    if inp.has_governance:
        recs[2] = day2_recommendations(inp.headline.get("priorities") or [], language, landscape=inp.landscape,
                                       stakeholders=inp.stakeholders, roles=inp.roles, limit=BRIEF_MAX_DAY2)
    tables = {"components": components_table(inp), "peers": peers_table(inp), "gaps": gaps_table(inp),
              "landscape": landscape_table(inp), "day1": recommendations_table(recs.get(1), inp, 1),
              "day2": recommendations_table(recs.get(2), inp, 2)}
    # without a recorded concept note the components state the problem: they are not repeated as a key message
    messages = key_messages([f for f in findings if inp.record.get("challenges") or f.key != "egdi_components"])
    return PolicyBrief(inputs=inp, findings=findings, messages=messages, tables=tables,
                       figures=figs, built=build_date(), commit=current_commit(), recommendations=recs,
                       issued=issue_date(inp.record))


# --------------------------------------------------------------------------- Markdown (book pages)

# Pages of the report that hold the details of each group of findings (executed-notebook
# ids of the analysis teams); a link is written only when the page exists in the build.
SECTION_PAGES = {
    "egdi": ["egdi_country_profile", "egdi_component_diagnosis", "egdi_peer_benchmarking"],
    "governance": ["governance_evidence", "governance_gaps", "governance_action_plan"],
    "evaluation": ["workshop_evaluation"],
}


def _finding_md(f: Finding, lang: str) -> str:
    if f.illustrative:
        return f"*[{t('common.illustrative_label', lang)}]* {f.text}"
    return f.text


def _existing_pages(ids: list[str]) -> list[str]:
    return [i for i in ids if (paths.generated_dir() / f"{i}.ipynb").exists()]


def findings_markdown(brief: PolicyBrief, section: str) -> str:
    """Bullet list of the findings of one section (egdi | governance | evaluation) with links
    to the pages holding the details; says plainly when the section's results are missing
    (for a state without a data-governance assessment: which files would add it)."""
    lang = brief.language
    items = [f for f in brief.findings if f.section == section]
    out = [f"- {_finding_md(f, lang)}" for f in items]
    if section == "governance" and not brief.inputs.has_governance:
        out.append(f"- {brief.text('key_findings.governance_how_to_add', country=brief.inputs.country)}")
    if not items:
        names = {"egdi": ("diagnosis", "peers"), "governance": ("evidence", "gaps", "actions"),
                 "evaluation": ("evaluation",)}[section]
        out += [f"- {brief.text('not_available.results', notebook=RESULT_SETS[n][1])}"
                for n in names if n in brief.inputs.missing]
        if section == "evaluation" and not out:
            out.append(f"- {brief.text('key_findings.no_evaluation')}")
    pages = _existing_pages(SECTION_PAGES.get(section, []))
    if pages and (section != "governance" or brief.inputs.has_governance):
        out += ["", f"{brief.text('key_findings.see_details')}: " + ", ".join(f"{{doc}}`{p}`" for p in pages)]
    return "\n".join(out) + "\n"


def front_intro_markdown(brief: PolicyBrief) -> str:
    """Opening paragraph of the front page: the workshop, where and when (from workshop.yml)."""
    ws, lang = brief.inputs.workshop, brief.language
    if not ws:
        return ""
    return brief.text("key_findings.intro", workshop_title=_localised(ws.get("title"), lang),
                      city=_localised(ws.get("city"), lang),
                      dates=format_date_range(ws["start_date"], ws["end_date"], lang)) + "\n"


def build_info_markdown(brief: PolicyBrief) -> str:
    """When the notebook ran and when the book was built (Sphinx's ``today``)."""
    return (f"*{brief.text('key_findings.executed', date=brief.built.isoformat())} "
            f"{brief.text('key_findings.book_built')} {{sub-ref}}`today`.*\n")


def at_a_glance_markdown(brief: PolicyBrief) -> str:
    """Headline numbers as a one-row Markdown table."""
    tiles = brief.glance()
    return "\n".join(["| " + " | ".join(label for label, _ in tiles) + " |",
                      "|" + "|".join(":---:" for _ in tiles) + "|",
                      "| " + " | ".join(f"**{value}**" for _, value in tiles) + " |", ""])


def downloads_markdown(brief: PolicyBrief, *, processed_tables: list[str] | None = None,
                       pdf: bool = True, html: bool = False) -> str:
    """Download links: the brief (PDF/HTML) in every built language, processed CSVs, this notebook."""
    from .bookpages import notebook_download, processed_csv_links

    lang = brief.language
    links = []
    # The pipeline prints the brief of each built language after the notebooks ran and
    # before the book is built, so the PDF exists when the link is resolved.
    if pdf:
        links.append(f"{{download}}`{brief.text('document.download_pdf', language_name=LANGUAGE_NAMES[lang])}"
                     f" <{pdf_relative_link(lang)}>`")
    if html:
        links.append(f"{{download}}`{brief.text('document.download_html', language_name=LANGUAGE_NAMES[lang])}"
                     f" <{html_relative_link(lang)}>`")
    links += processed_csv_links(processed_tables or [])
    nb = notebook_download(brief.text("document.download_notebook"))
    if nb:
        links.append(nb)
    return "\n".join(f"- {x}" for x in links) + "\n"


def messages_markdown(brief: PolicyBrief) -> str:
    """The brief's key messages as a bullet list."""
    return "\n".join(f"- {_finding_md(f, brief.language)}" for f in brief.messages) + "\n"


def status_markdown(brief: PolicyBrief) -> str:
    """Date of issue, status and data, the notes on coverage and survey, and (Mongolian) the
    translation notice: what the first page of the brief says before any finding."""
    out = [" · ".join(f"**{label}:** {value}" for label, value in brief.meta), ""]
    if brief.language != "en":
        out += [f"*{brief.text('document.translation_draft')}*", ""]
    for note in (brief.coverage_note, brief.survey_note):
        if note:
            out += [note, ""]
    return "\n".join(out)


def problem_markdown(brief: PolicyBrief) -> str:
    """The problem statement (concept-note quotes with their source, or what the data show)."""
    pr = brief.problem()
    out = [pr["intro"], ""]
    out += [f"- {quoted(q, brief.language)}" for q in pr["quotes"]]
    if pr["conclusion"]:
        out += ["", quoted(pr["conclusion"], brief.language) if pr["quotes"] else pr["conclusion"]]
    if pr["source"]:
        out += ["", f"*{t('common.source', brief.language)}:* {pr['source']}."]
    return "\n".join(out) + "\n"


def stands_intro_markdown(brief: PolicyBrief) -> str:
    """The sentence that opens 'Where the country stands'."""
    return brief.text("brief.stands_intro", **brief.inputs.names) + "\n"


def stands_markdown(brief: PolicyBrief) -> str:
    """'Where the country stands': tables and the EGDI findings not among the key messages."""
    lang = brief.language
    out = []
    for key in ("components", "peers"):
        if brief.tables.get(key):
            out += [brief.tables[key].markdown(lang), ""]
    out += [f"- {_finding_md(f, lang)}" for f in brief.findings if f.section == "egdi" and f not in brief.messages]
    return "\n".join(out) + "\n"


def landscape_markdown(brief: PolicyBrief) -> str:
    """The legal and institutional landscape table (each law, system and body with its evidence ids)."""
    tbl = brief.tables.get("landscape")
    if not tbl:
        return brief.coverage_note + "\n" if brief.coverage_note else ""
    return brief.text("brief.landscape_intro", **brief.inputs.names) + "\n\n" + tbl.markdown(brief.language)


def governance_markdown(brief: PolicyBrief) -> str:
    """'Where data governance stands': the headline findings and the largest gaps."""
    lang = brief.language
    if not brief.inputs.has_governance:
        return (brief.coverage_note or "") + "\n"
    out = [f"- {_finding_md(f, lang)}" for f in brief.findings
           if f.section == "governance" and f.key not in ("gov_actions",)]
    if brief.tables.get("gaps"):
        out += ["", brief.tables["gaps"].markdown(lang)]
    return "\n".join(out) + "\n"


def recommendations_markdown(brief: PolicyBrief, day: int | None = None) -> str:
    """Day-1 and Day-2 recommendations (instrument, lead and partners, horizon, indicator)."""
    out = []
    for d in ((1, 2) if day is None else (day,)):
        tbl = brief.tables.get(f"day{d}")
        if tbl:
            out += [tbl.markdown(brief.language), ""]
    return "\n".join(out) + "\n"


def decisions_markdown(brief: PolicyBrief) -> str:
    """The decisions requested, numbered."""
    return brief.text("brief.decisions_intro") + "\n\n" + "\n".join(
        f"{i}. {d}" for i, d in enumerate(brief.decisions(), 1)) + "\n"


def about_markdown(brief: PolicyBrief) -> str:
    """'About the data' paragraphs, missing parts, the citation and the build line."""
    out = [p + "\n" for p in brief.about()]
    out += [f"- {n}" for n in brief.missing_notes()]
    out += ["", f"**{brief.text('document.cite_label')}:** {brief.citation}", "", f"*{brief.built_line}*"]
    return "\n".join(out) + "\n"


def title_block_markdown(brief: PolicyBrief) -> str:
    """Kicker, title, subtitle, the 'prepared by' line and the status lines of the brief."""
    out = [f"**{brief.kicker}** · **{brief.title}**", ""]
    if brief.subtitle:
        out += [f"*{brief.subtitle}*", ""]
    out += [brief.prepared, "", status_markdown(brief)]
    return "\n".join(out)


def brief_markdown(brief: PolicyBrief) -> str:
    """The whole brief as one MyST Markdown document (sections as level-2 headings)."""
    parts = [title_block_markdown(brief),
             f"## {brief.text('sections.key_messages')}", "", messages_markdown(brief),
             f"## {brief.text('sections.at_a_glance')}", "", at_a_glance_markdown(brief),
             f"## {brief.text('sections.problem')}", "", problem_markdown(brief),
             f"## {brief.text('sections.where_stands', **brief.inputs.names)}", "", stands_intro_markdown(brief)]
    parts += [fig._repr_markdown_() for fig in brief.figures]
    parts += [stands_markdown(brief), recommendations_markdown(brief, 1),
              f"## {brief.text('sections.governance')}", "", landscape_markdown(brief), governance_markdown(brief),
              recommendations_markdown(brief, 2),
              f"## {brief.text('sections.decisions')}", "", decisions_markdown(brief),
              f"## {brief.text('sections.about_data')}", "", about_markdown(brief)]
    return "\n".join(parts)



# --------------------------------------------------------------------------- standalone HTML (print)

_INLINE_BOLD = re.compile(r"\*\*(.+?)\*\*")
_INLINE_EM = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_INLINE_CODE = re.compile(r"`([^`]+)`")
_EVIDENCE_IDS = re.compile(r"\[[A-Z]{2,}(?:-[A-Z0-9]+)+(?:; [A-Z]{2,}(?:-[A-Z0-9]+)+)*\]")


def inline_html(text: str) -> str:
    """Escape ``text`` and turn the Markdown inline marks used in findings into HTML."""
    out = html.escape(str(text), quote=False)
    out = _INLINE_BOLD.sub(r"<strong>\1</strong>", out)
    out = _INLINE_EM.sub(r"<em>\1</em>", out)
    out = _INLINE_CODE.sub(r"<code>\1</code>", out)
    out = _EVIDENCE_IDS.sub(lambda m: f'<span class="ev">{m.group(0)}</span>', out)
    return out.replace("\\|", "|").replace("\n", "<br>")


# DejaVu Sans (shipped with matplotlib, so always installed) covers Latin and
# Cyrillic, Mongolian's Ө/ү included. Subset to what the brief can contain.
_FONT_FILES = {("normal", "normal"): "DejaVuSans.ttf", ("bold", "normal"): "DejaVuSans-Bold.ttf",
               ("normal", "italic"): "DejaVuSans-Oblique.ttf", ("bold", "italic"): "DejaVuSans-BoldOblique.ttf"}
_FONT_UNICODES = (list(range(0x20, 0x7F)) + list(range(0xA0, 0x180)) + list(range(0x400, 0x530))
                  + list(range(0x2010, 0x2040)) + [0x2116, 0x2192, 0x2191, 0x2193, 0x2212, 0x2264, 0x2265,
                                                    0x25B2, 0x25BC, 0x2248, 0x2026, 0x2022])


@lru_cache(maxsize=None)
def font_face_css() -> str:
    """@font-face rules with DejaVu Sans subsets embedded as data URIs (no font is fetched)."""
    import logging

    import matplotlib
    from fontTools import subset

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    from fontTools.ttLib import TTFont

    font_dir = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    rules = []
    for (weight, style), name in _FONT_FILES.items():
        # recalcTimestamp=False: saving would stamp the subset with the current time (head.modified),
        # so two builds would embed different fonts
        font = TTFont(font_dir / name, recalcTimestamp=False)
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        sub = subset.Subsetter(options)
        sub.populate(unicodes=_FONT_UNICODES)
        sub.subset(font)
        buf = io.BytesIO()
        font.save(buf)
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        rules.append("@font-face { font-family: 'Brief Sans'; font-weight: %s; font-style: %s; "
                     "src: url(data:font/ttf;base64,%s) format('truetype'); }" % (weight, style, data))
    return "\n".join(rules)


def _figure_data_uri(fig: SavedFigure) -> str:
    folder = paths.output_dir() / "figures"
    svg = folder / f"{fig.name}.svg"
    if svg.exists():
        return "data:image/svg+xml;base64," + base64.b64encode(svg.read_bytes()).decode("ascii")
    png = folder / f"{fig.name}.png"
    return "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")


def _template_env():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FunctionLoader(_load_template), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["md"] = lambda text: __import__("markupsafe").Markup(inline_html(text))
    return env


def _with_language(env, lang: str):
    env.filters["cell_label"] = lambda cid: cell_label(cid, lang)
    env.filters["quoted"] = lambda text: quoted(text, lang)
    return env


def _load_template(name: str) -> str:
    return (resources.files("egovreport") / "templates" / name).read_text(encoding="utf-8")


def render_brief_html(brief: PolicyBrief) -> str:
    """The brief as one standalone HTML document for print (A4; fonts and figures embedded)."""
    lang = brief.language
    figures = [{"src": _figure_data_uri(f), "alt": f.alt, "caption": f.caption,
                "source": f.source, "name": f.name} for f in brief.figures]
    return _with_language(_template_env(), lang).get_template("policy_brief.html.j2").render(
        b=brief, lang=lang, t=lambda key, **v: _tr(key, lang, **v), common=lambda key: t(f"common.{key}", lang),
        figures=figures, css=_load_template("policy_brief.css"), fonts=font_face_css(),
        illustrative_label=t("common.illustrative_label", lang),
        egdi_findings=[f for f in brief.findings if f.section == "egdi" and f not in brief.messages
                       and f not in brief.problem_findings],
        # the evidence counts are a tile of page 1; the action plan is the summary report's
        governance_findings=[f for f in brief.findings if f.section == "governance"
                             and f.key not in ("gov_actions", "gov_missing", "gov_evidence")
                             and f not in brief.messages],
    )


def brief_html_path(language: str) -> Path:
    """Where the standalone HTML of ``language`` is written (the pipeline prints it to PDF)."""
    return paths.output_dir() / BRIEF_DIR_NAME / f"policy_brief_{language}.html"


def write_brief_html(brief: PolicyBrief) -> Path:
    """Render and write ``book/generated/brief/policy_brief_<lang>.html``."""
    target = brief_html_path(brief.language)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_brief_html(brief), encoding="utf-8")
    return track_write(target)


def pdf_relative_link(language: str) -> str:
    """Link from an executed notebook in ``book/generated/`` to the brief PDF the pipeline prints."""
    return f"{PDF_DIR_NAME}/policy_brief_{language}.pdf"


def html_relative_link(language: str) -> str:
    """Link from an executed notebook in ``book/generated/`` to the standalone brief HTML."""
    return f"{BRIEF_DIR_NAME}/policy_brief_{language}.html"
