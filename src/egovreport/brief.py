"""Key findings and the policy brief, composed from the executed notebooks' results.

Nothing here computes an indicator: every number comes from ``load_results`` of
the analysis notebooks (see ``RESULTS_CONTRACT.md``), every sentence from the
``brief`` translation domain, so the English and Mongolian texts state the same
numbers. The same :class:`PolicyBrief` renders as

* MyST Markdown that the notebooks ``00_key_findings`` and ``30_policy_brief``
  display in the book, and
* a standalone print-styled HTML file (A4, fonts and figures embedded, nothing
  loaded from the network) that the pipeline prints to PDF with Chromium.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from . import i18n, paths
from .figures import COMPONENT_COLOURS, CONTEXT, HIGHLIGHT, OKABE_ITO, SavedFigure, apply_style, save_figure
from .i18n import LANGUAGE_NAMES, LANGUAGES, catalogue, fmt_index, fmt_int, t
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

# How many rows the four-page brief shows; the book pages show everything.
BRIEF_MAX_GAPS = 6
BRIEF_MAX_ACTIONS = 7

BRIEF_DIR_NAME = "brief"
PDF_DIR_NAME = "downloads"


def _tr(key: str, lang: str, **values) -> str:
    return t(f"brief.{key}", lang, **values)


# --------------------------------------------------------------------------- formatting


def fmt_signed(value: float | None, digits: int = 4) -> str:
    """Signed change with a true minus sign ('+0.1248', '−0.0123'); '–' if missing."""
    if value is None or value != value:
        return "–"
    text = f"{abs(value):.{digits}f}"
    return ("+" if value >= 0 else "−") + text


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


def build_date() -> _dt.date:
    """Date of this build: ``EGOVREPORT_BUILD_DATE`` (ISO) or ``SOURCE_DATE_EPOCH`` if set, else today."""
    iso = os.environ.get("EGOVREPORT_BUILD_DATE")
    if iso:
        return _dt.date.fromisoformat(iso[:10])
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date()
    return _dt.date.today()


def _join(items: list[str], lang: str) -> str:
    """'a, b and c' in the language of the run."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("brief.words.and", lang) + items[-1]


# --------------------------------------------------------------------------- governance labels


def cell_label(cell_id: str, lang: str) -> str:
    """'Pillar × element' label of a framework cell, from the governance catalogue."""
    try:
        from .governance.framework import cell_label as framework_cell_label
        return framework_cell_label(cell_id, lang)
    except (ImportError, ValueError, KeyError):
        pillar, _, element = cell_id.partition(".")
        return f"{_framework_label('pillar', pillar, lang)} × {_framework_label('element', element, lang)}"


def _framework_label(kind: str, ident: str, lang: str) -> str:
    for key in (f"governance.{kind}.{ident}.short", f"governance.{kind}.{ident}.name",
                f"governance.{kind}.{ident}", f"governance.{kind}s.{ident}.short",
                f"governance.{kind}s.{ident}.name", f"governance.{kind}s.{ident}"):
        text = catalogue(lang).get(key) or catalogue("en").get(key)
        if isinstance(text, str):
            return text
    return ident.replace("_", " ").capitalize()


def level_name(level, lang: str) -> str:
    """Name of a 0–4 maturity level from the governance catalogue ('Emerging')."""
    if level is None:
        return "–"
    whole = int(round(float(level)))
    for key in (f"governance.level.{whole}.name", f"governance.level.{whole}",
                f"governance.levels.{whole}.name", f"governance.levels.{whole}"):
        text = catalogue(lang).get(key) or catalogue("en").get(key)
        if isinstance(text, str):
            return text
    return str(whole)


def framework_shape() -> dict:
    """Pillar and element counts and the maturity scale, from the governance framework."""
    try:
        from .governance import framework as fw  # gov-evidence team's module
        levels = list(getattr(fw, "LEVELS"))
        return {"n_pillars": len(fw.PILLARS), "n_elements": len(fw.ELEMENTS),
                "scale_min": min(levels), "scale_max": max(levels)}
    except (ImportError, AttributeError):
        return {}


def fmt_level(value) -> str:
    """An ordinal level as written in tables: '2' or '2.5' for a median between levels."""
    if value is None or value != value:
        return "–"
    value = float(value)
    return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"


# --------------------------------------------------------------------------- inputs


@dataclass
class BriefInputs:
    """Everything the brief states, as loaded from the executed notebooks."""

    country: str
    edition: int
    language: str
    results: dict[str, dict | None]
    workshop: dict

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
        """True when any number shown comes from illustrative survey responses."""
        return any(self.is_illustrative(name) for name in self.results)

    @property
    def country_name(self) -> str:
        """Name of the country in the brief's language (:func:`egovreport.i18n.country_name`)."""
        return i18n.country_name(self.country, self.language, english=self.profile.get("country_name"))

    @property
    def country_genitive(self) -> str:
        """'Mongolia's' / 'Монгол Улсын' (catalogue; a plain suffix when the country is not in it)."""
        key = f"brief.country_genitive.{self.country}"
        fallback = {"en": "{}'s", "mn": "{}-ын"}.get(self.language, "{}")
        return catalogue(self.language).get(key) or fallback.format(self.country_name)

    @property
    def names(self) -> dict:
        """Country-name placeholders every sentence template may use."""
        return {"country_name": self.country_name, "country_genitive": self.country_genitive}


def load_workshop(country: str) -> dict:
    """Workshop facts (title, dates, venue, organisers) from ``data/country/<ISO3>/workshop.yml``,
    validated by :func:`egovreport.workshop.load_workshop` (``{}`` when the country has none)."""
    from .workshop import load_workshop as _load

    return _load(country)


def load_inputs(country: str, edition: int, language: str) -> BriefInputs:
    """Load the results of every analysis notebook the brief reads.

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
                       workshop=load_workshop(country))


# --------------------------------------------------------------------------- findings


@dataclass
class Finding:
    """One statement of the key findings / key messages (Markdown, numbers filled in)."""

    key: str
    section: str  # egdi | governance | evaluation
    text: str
    illustrative: bool = False
    numbers: dict = field(default_factory=dict)  # what the sentence states, for tests


def _n_countries(profile: dict):
    """Number of ranked Member States in the edition (``n_ranked``; else the world benchmark's n)."""
    if profile.get("n_ranked"):
        return profile["n_ranked"]
    world = (profile.get("benchmarks") or {}).get("world") or {}
    return world.get("n")


def egdi_findings(inp: BriefInputs) -> list[Finding]:
    """Findings of Day 1 (EGDI) from the country profile and the component diagnosis."""
    lang, p = inp.language, inp.profile
    out: list[Finding] = []
    level = _tr(f"level.{p['level']}", lang) if p.get("level") else "–"
    rating = _tr("finding.rating_class", lang, rating_class=p["rating_class"]) if p.get("rating_class") else ""
    n = _n_countries(p)
    values = dict(edition=p["edition"], country_name=inp.country_name, egdi=fmt_index(p["egdi"]),
                  rank=fmt_int(p["egdi_rank"]), level=level, rating=rating)
    if n:
        text = _tr("finding.egdi_headline", lang, n=n, **values)
    else:
        text = _tr("finding.egdi_headline_no_n", lang, **values)
    change = p.get("rank_change")
    if change is not None and p.get("egdi_rank_previous") is not None:
        key = "rank_up" if change > 0 else "rank_down" if change < 0 else "rank_same"
        text += " " + _tr(f"finding.{key}", lang, places=abs(int(change)),
                          previous_edition=p["previous_edition"], previous_rank=fmt_int(p["egdi_rank_previous"]))
    out.append(Finding("egdi_headline", "egdi", text,
                       numbers={"egdi": p["egdi"], "egdi_rank": p["egdi_rank"], "rank_change": change}))

    first = p.get("egdi_first")
    if first is not None and p.get("first_edition") and p["first_edition"] != p["edition"]:
        key = "long_run_up" if p["egdi"] >= first else "long_run_down"
        out.append(Finding("egdi_long_run", "egdi",
                           _tr(f"finding.{key}", lang, first=fmt_index(first), first_edition=p["first_edition"],
                               egdi=fmt_index(p["egdi"]), edition=p["edition"]),
                           numbers={"egdi_first": first, "egdi": p["egdi"]}))

    diag = inp.get("diagnosis") or {}
    limiting = diag.get("limiting_component") or min(COMPONENTS, key=lambda c: p[c])
    out.append(Finding("egdi_components", "egdi",
                       _tr("finding.components", lang, edition=p["edition"], osi=fmt_index(p["osi"]),
                           tii=fmt_index(p["tii"]), hci=fmt_index(p["hci"]),
                           limiting=_tr(f"component.{limiting}", lang)),
                       numbers={c: p[c] for c in COMPONENTS}))

    dec = diag.get("decomposition_last_change")
    if dec:
        out.append(Finding("egdi_decomposition", "egdi",
                           _tr("finding.decomposition", lang, change=fmt_signed(dec["egdi_change"]),
                               from_edition=dec["from_edition"], to_edition=dec["to_edition"],
                               osi=fmt_signed(dec["osi_contribution"]), tii=fmt_signed(dec["tii_contribution"]),
                               hci=fmt_signed(dec["hci_contribution"])),
                           numbers=dict(dec)))

    bench = p.get("benchmarks") or {}
    world, region = (bench.get("world") or {}), (bench.get("region") or {})
    if world.get("egdi_mean") is not None and region.get("egdi_mean") is not None:
        above = p["egdi"] > world["egdi_mean"] and p["egdi"] > region["egdi_mean"]
        below = p["egdi"] < world["egdi_mean"] and p["egdi"] < region["egdi_mean"]
        key = "benchmarks_above" if above else "benchmarks_below" if below else "benchmarks_mixed"
        out.append(Finding("egdi_benchmarks", "egdi",
                           _tr(f"finding.{key}", lang, world=fmt_index(world["egdi_mean"]),
                               region=fmt_index(region["egdi_mean"]),
                               region_name=region_label(region, lang)),
                           numbers={"world": world["egdi_mean"], "region": region["egdi_mean"]}))

    for pos in p.get("group_position") or []:
        group = _tr(f"group.{pos['group']}", lang)
        text = _tr("finding.group_rank", lang, n=pos["n_in_group"], group=group, country_name=inp.country_name,
                   rank=fmt_int(pos["egdi_rank_in_group"]))
        if pos.get("rank_change_rank_in_group") == 1:
            text += " " + _tr("finding.group_top_gain", lang, group=group)
        out.append(Finding(f"egdi_group_{pos['group']}", "egdi", text, numbers=dict(pos)))

    if diag.get("next_level") and diag.get("distance_to_next_level") is not None:
        out.append(Finding("egdi_next_level", "egdi",
                           _tr("finding.next_level", lang, distance=fmt_index(diag["distance_to_next_level"]),
                               next_level=_tr(f"level.{diag['next_level']}", lang)),
                           numbers={"distance_to_next_level": diag["distance_to_next_level"]}))
    elif diag.get("distance_to_leader") is not None and diag.get("leader_iso3"):
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


def governance_findings(inp: BriefInputs) -> list[Finding]:
    """Findings of Day 2 (data governance) from the evidence, gaps and action-plan results."""
    lang = inp.language
    out: list[Finding] = []
    ev = inp.get("evidence")
    items = (ev or {}).get("evidence_items", (ev or {}).get("n_evidence"))  # contract name, then notebook 10's
    if items:
        grades = ev.get("evidence_by_grade") or {}
        out.append(Finding("gov_evidence", "governance",
                           _tr("finding.evidence", lang, items=items, grade_a=grades.get("A", 0),
                               grade_b=grades.get("B", 0), grade_c=grades.get("C", 0)),
                           numbers={"evidence_items": items}))
    gaps = inp.get("gaps")
    if gaps:
        illu = bool(gaps.get("illustrative"))
        shape = {"n_pillars": 4, "n_elements": 6, "scale_min": 0, "scale_max": 4}
        shape.update(framework_shape())
        out.append(Finding("gov_assessed", "governance",
                           _tr("finding.gov_assessed", lang, assessed=gaps["cells_assessed"],
                               total=gaps["cells_total"], median=fmt_level(gaps["median_current_level"]),
                               median_name=level_name(gaps["median_current_level"], lang), **shape),
                           illustrative=illu,
                           numbers={"cells_assessed": gaps["cells_assessed"],
                                    "median_current_level": gaps["median_current_level"]}))
        strengths = [_tr("finding.cell_level", lang, cell=cell_label(s["cell_id"], lang), level=fmt_level(s["level"]))
                     for s in (gaps.get("strengths") or [])[:3]]
        if strengths:
            out.append(Finding("gov_strengths", "governance",
                               _tr("finding.gov_strengths", lang, cells=_join(strengths, lang)), illustrative=illu))
        priorities = [_tr("finding.cell_gap", lang, cell=cell_label(s["cell_id"], lang),
                          current=fmt_level(s["current_level"]), target=fmt_level(s["target_level"]))
                      for s in (gaps.get("priorities") or [])[:3]]
        if priorities:
            out.append(Finding("gov_priorities", "governance",
                               _tr("finding.gov_priorities", lang, cells=_join(priorities, lang)), illustrative=illu))
        if gaps.get("disagreements"):
            out.append(Finding("gov_disagreements", "governance",
                               _tr("finding.gov_disagreements", lang, n=len(gaps["disagreements"])),
                               illustrative=illu))
    plan = inp.get("actions")
    if plan and plan.get("actions"):
        by = horizon_counts(plan["actions"])
        out.append(Finding("gov_actions", "governance",
                           _tr("finding.actions", lang, n=len(plan["actions"]), **by),
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


KEY_MESSAGE_KEYS = ("egdi_headline", "egdi_components", "egdi_group_lldc", "gov_assessed", "gov_priorities",
                    "gov_actions")


def key_messages(findings: list[Finding], limit: int = 5) -> list[Finding]:
    """The few findings the brief opens with (headline, components, governance gaps, plan)."""
    chosen = [f for key in KEY_MESSAGE_KEYS for f in findings if f.key == key]
    if len(chosen) < limit:
        chosen += [f for f in findings if f not in chosen][: limit - len(chosen)]
    return chosen[:limit]


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
            return str(text).replace("|", "\\|").replace("\n", " ")

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
    """EGDI, its components and the rank in this and the previous edition."""
    lang, p = inp.language, inp.profile
    series = {int(s["edition"]): s for s in p.get("series") or []}
    prev_ed = p.get("previous_edition")
    prev = series.get(int(prev_ed)) if prev_ed else None
    rows = []
    for comp in ("egdi", "osi", "tii", "hci", "epi"):
        now = p.get(comp)
        before = prev.get(comp) if prev else None
        change = (now - before) if (now is not None and before is not None) else None
        rows.append([_tr(f"component_table.{comp}", lang), fmt_index(before), fmt_index(now), fmt_signed(change)])
    rank_change = p.get("rank_change")
    rows.append([_tr("brief.row_rank", lang), fmt_int(p.get("egdi_rank_previous")), fmt_int(p.get("egdi_rank")),
                 ("+" if rank_change and rank_change > 0 else "") + fmt_int(rank_change) if rank_change is not None
                 else "–"])
    return Table(caption=_tr("brief.table_components", lang, previous_edition=prev_ed or "–", edition=p["edition"]),
                 header=[_tr("brief.col_indicator", lang), str(prev_ed or "–"), str(p["edition"]),
                         _tr("brief.col_change", lang)],
                 rows=rows, source=un_source(inp), css_class="numeric")


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
    """How the peers were chosen: the EGDI notebook's own wording in English, a catalogue
    sentence per rule id (``peer_rule_id``) in other languages."""
    rule_id = peers.get("peer_rule_id")
    if lang != "en" and rule_id and f"brief.peer_rule_by_id.{rule_id}" in catalogue(lang):
        return _tr(f"peer_rule_by_id.{rule_id}", lang)
    if peers.get("peer_rule"):
        rule = str(peers["peer_rule"]).removeprefix("Peers: ").rstrip(".")
        return _tr("brief.peer_rule", lang, rule=rule)
    return ""


def gaps_table(inp: BriefInputs, limit: int | None = BRIEF_MAX_GAPS) -> Table | None:
    """Priority gaps (rank, cell, current → target, horizon)."""
    gaps = inp.get("gaps")
    if not gaps or not gaps.get("priorities"):
        return None
    lang = inp.language
    rows = []
    for pr in gaps["priorities"][:limit]:
        rows.append([fmt_int(pr["rank"]), cell_label(pr["cell_id"], lang), fmt_level(pr["current_level"]),
                     fmt_level(pr["target_level"]), fmt_level(pr["gap"]),
                     _tr(f"horizon_short.{pr['horizon']}", lang) if pr.get("horizon") else "–"])
    return Table(caption=_tr("brief.table_gaps", lang),
                 header=[_tr(f"brief.col_{c}", lang) for c in ("priority", "area", "current", "target", "gap",
                                                               "horizon")],
                 rows=rows, source=_tr("figure.source_governance", lang),
                 illustrative=bool(gaps.get("illustrative")), css_class="gaps")


def actions_table(inp: BriefInputs, limit: int | None = BRIEF_MAX_ACTIONS) -> Table | None:
    """Recommended interventions with their lead institutions and horizon."""
    plan = inp.get("actions")
    if not plan or not plan.get("actions"):
        return None
    lang = inp.language
    actions = plan["actions"]
    shown = actions[:limit] if limit else actions
    rows = []
    for a in shown:
        description = a.get(f"description_{lang}") or a.get("description_en") or ""
        leads = a.get(f"lead_names_{lang}") or a.get("lead_names_en") or a.get("lead_institutions") or []
        if isinstance(leads, str):
            leads = [leads]
        rows.append([f"{description} ({cell_label(a['cell_id'], lang)})" if a.get("cell_id") else description,
                     "; ".join(leads), _tr(f"horizon_short.{a['horizon']}", lang) if a.get("horizon") else "–"])
    note = ""
    if len(shown) < len(actions):
        note = _tr("brief.more_actions", lang, shown=len(shown), total=len(actions))
    return Table(caption=_tr("brief.table_actions", lang),
                 header=[_tr("brief.col_action", lang), _tr("brief.col_lead", lang), _tr("brief.col_horizon", lang)],
                 rows=rows, source=_tr("figure.source_governance", lang),
                 illustrative=bool(plan.get("illustrative")), css_class="actions", note=note)


# --------------------------------------------------------------------------- figures

# Print sizes (inches) so that labels print at their nominal point size.
FULL_WIDTH_IN = 6.8
HALF_WIDTH_IN = 3.3


def trend_figure(inp: BriefInputs, prefix: str = "brief", wide: bool = False) -> SavedFigure:
    """EGDI and components of the country across editions (labels in the run's language).

    Half the A4 text width for the brief; ``wide`` for a book page.
    """
    import matplotlib.pyplot as plt

    apply_style()
    lang, p = inp.language, inp.profile
    series = sorted(p["series"], key=lambda s: s["edition"])
    fig, ax = plt.subplots(figsize=(FULL_WIDTH_IN - 0.8, 3.3) if wide else (HALF_WIDTH_IN + 0.2, 2.75))
    for comp in ("egdi", "osi", "tii", "hci"):
        pts = [(s["edition"], s[comp]) for s in series if s.get(comp) is not None]
        if not pts:
            continue
        xs, ys = zip(*pts)
        ax.plot(xs, ys, marker="o", markersize=2.5, linewidth=2.2 if comp == "egdi" else 1.3,
                color=COMPONENT_COLOURS[comp], label=_tr(f"component_short.{comp}", lang),
                zorder=3 if comp == "egdi" else 2)
    ax.set_ylim(0, 1)
    ax.set_ylabel(_tr("figure.trend_ylabel", lang), fontsize=8)
    ax.set_xlabel(_tr("figure.trend_xlabel", lang), fontsize=8)
    ax.tick_params(labelsize=7.5)
    ax.legend(loc="lower right", fontsize=7.5, ncol=2, handlelength=1.6)
    ax.set_title(_tr("figure.trend_title", lang, first_edition=series[0]["edition"], edition=p["edition"]),
                 fontsize=9, loc="left")
    first = series[0]
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
    height = max(2.75, 0.8 + 0.2 * len(rows))
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
    """The composed brief: texts, tables and figures, ready to render."""

    inputs: BriefInputs
    findings: list[Finding]
    messages: list[Finding]
    tables: dict[str, Table | None]
    figures: list[SavedFigure]
    built: _dt.date
    commit: str

    @property
    def language(self) -> str:
        return self.inputs.language

    def text(self, key: str, **values) -> str:
        return _tr(key, self.language, **values)

    @property
    def title(self) -> str:
        return self.text("document.title", country_name=self.inputs.country_name)

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
        partner = _localised(self.inputs.workshop.get("brief_partner"), self.language)
        return self.text("document.prepared", partner=partner) if partner else ""

    @property
    def built_line(self) -> str:
        values = dict(date=self.built.isoformat(), country=self.inputs.country, edition=self.inputs.edition,
                      language=self.language)
        if self.commit:
            return self.text("document.built", commit=self.commit[:10], **values)
        return self.text("document.built_no_commit", **values)

    def glance(self) -> list[tuple[str, str]]:
        """Headline numbers (label, value) for the tiles under the title."""
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
        gaps = self.inputs.get("gaps")
        if gaps:
            tiles.append((self.text("glance.cells"), self.text("glance.cells_value", assessed=gaps["cells_assessed"],
                                                              total=gaps["cells_total"])))
        plan = self.inputs.get("actions")
        if plan and plan.get("actions"):
            tiles.append((self.text("glance.actions"), str(len(plan["actions"]))))
        return tiles

    def about(self) -> list[str]:
        """Paragraphs of 'About the data'."""
        p = self.inputs.profile
        shape = {"scale_min": 0, "scale_max": 4}
        shape.update({k: v for k, v in framework_shape().items() if k.startswith("scale")})
        paras = [self.text("brief.about_egdi", first_edition=p.get("first_edition", p["edition"]),
                           edition=p["edition"])]
        if self.inputs.get("gaps"):
            paras.append(self.text("brief.about_governance", **shape))
        if self.inputs.illustrative:
            paras.append(self.text("brief.about_illustrative"))
        paras.append(self.text("brief.about_reproduce"))
        return paras

    def missing_notes(self) -> list[str]:
        notes = []
        for name in self.inputs.missing:
            notes.append(self.text("not_available.results", notebook=RESULT_SETS[name][1]))
        return notes

    def gaps_intro(self) -> str:
        gaps = self.inputs.get("gaps") or {}
        return self.text("brief.gaps_intro", total=gaps.get("cells_total", "–"))


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
    inp = load_inputs(country, edition, language)
    findings = key_findings(inp)
    figs: list[SavedFigure] = []
    if "trend" in figures:
        figs.append(trend_figure(inp, figure_prefix, wide=wide_figures))
    if "peers" in figures:
        peer_fig = peers_figure(inp, figure_prefix)
        if peer_fig is not None:
            figs.append(peer_fig)
    tables = {"components": components_table(inp), "peers": peers_table(inp), "gaps": gaps_table(inp),
              "actions": actions_table(inp)}
    from .figures import current_commit

    return PolicyBrief(inputs=inp, findings=findings, messages=key_messages(findings), tables=tables,
                       figures=figs, built=build_date(), commit=current_commit())


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
    to the pages holding the details; says plainly when the section's results are missing."""
    lang = brief.language
    items = [f for f in brief.findings if f.section == section]
    out = [f"- {_finding_md(f, lang)}" for f in items]
    if not items:
        names = {"egdi": ("diagnosis", "peers"), "governance": ("evidence", "gaps", "actions"),
                 "evaluation": ("evaluation",)}[section]
        out += [f"- {brief.text('not_available.results', notebook=RESULT_SETS[n][1])}"
                for n in names if n in brief.inputs.missing]
    pages = _existing_pages(SECTION_PAGES.get(section, []))
    if pages:
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


def governance_markdown(brief: PolicyBrief) -> str:
    """'The priority gaps': intro, the gaps table and the governance findings."""
    lang = brief.language
    out = []
    if brief.tables.get("gaps"):
        out += [brief.gaps_intro(), "", brief.tables["gaps"].markdown(lang), ""]
    out += [f"- {_finding_md(f, lang)}" for f in brief.findings if f.section == "governance"]
    if not out:
        out = [f"- {n}" for n in brief.missing_notes()]
    return "\n".join(out) + "\n"


def recommendations_markdown(brief: PolicyBrief) -> str:
    """'Recommendations': the action table (lead institutions, horizon)."""
    if not brief.tables.get("actions"):
        return f"{brief.text('not_available.results', notebook=RESULT_SETS['actions'][1])}\n"
    return "\n".join([brief.text("brief.recommendations_intro"), "",
                      brief.tables["actions"].markdown(brief.language)]) + "\n"


def about_markdown(brief: PolicyBrief) -> str:
    """'About the data' paragraphs, missing parts, translation status and the build line."""
    out = [p + "\n" for p in brief.about()]
    out += [f"- {n}" for n in brief.missing_notes()]
    if brief.language != "en":
        out += ["", f"*{brief.text('document.translation_draft')}*"]
    out += ["", f"*{brief.built_line}*"]
    return "\n".join(out) + "\n"


def title_block_markdown(brief: PolicyBrief) -> str:
    """Kicker, title, subtitle and the 'prepared by' line of the brief."""
    out = [f"**{brief.text('document.kicker')}** · **{brief.title}**", ""]
    if brief.subtitle:
        out += [f"*{brief.subtitle}*", ""]
    if brief.prepared:
        out += [brief.prepared, ""]
    return "\n".join(out)


def brief_markdown(brief: PolicyBrief) -> str:
    """The whole brief as one MyST Markdown document (sections as level-2 headings)."""
    parts = [title_block_markdown(brief),
             f"## {brief.text('sections.key_messages')}", "", messages_markdown(brief),
             f"## {brief.text('sections.at_a_glance')}", "", at_a_glance_markdown(brief),
             f"## {brief.text('sections.where_stands', **brief.inputs.names)}", "", stands_intro_markdown(brief)]
    parts += [fig._repr_markdown_() for fig in brief.figures]
    parts += [stands_markdown(brief),
              f"## {brief.text('sections.governance')}", "", governance_markdown(brief),
              f"## {brief.text('sections.recommendations')}", "", recommendations_markdown(brief),
              f"## {brief.text('sections.about_data')}", "", about_markdown(brief)]
    return "\n".join(parts)


# --------------------------------------------------------------------------- standalone HTML (print)

_INLINE_BOLD = re.compile(r"\*\*(.+?)\*\*")
_INLINE_EM = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_INLINE_CODE = re.compile(r"`([^`]+)`")


def inline_html(text: str) -> str:
    """Escape ``text`` and turn the Markdown inline marks used in findings into HTML."""
    out = html.escape(str(text), quote=False)
    out = _INLINE_BOLD.sub(r"<strong>\1</strong>", out)
    out = _INLINE_EM.sub(r"<em>\1</em>", out)
    out = _INLINE_CODE.sub(r"<code>\1</code>", out)
    return out.replace("\\|", "|")


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


def _load_template(name: str) -> str:
    return (resources.files("egovreport") / "templates" / name).read_text(encoding="utf-8")


def render_brief_html(brief: PolicyBrief) -> str:
    """The brief as one standalone HTML document for print (A4; fonts and figures embedded)."""
    lang = brief.language
    figures = [{"src": _figure_data_uri(f), "alt": f.alt, "caption": f.caption,
                "source": f.source, "name": f.name} for f in brief.figures]
    return _template_env().get_template("policy_brief.html.j2").render(
        b=brief, lang=lang, t=lambda key, **v: _tr(key, lang, **v), common=lambda key: t(f"common.{key}", lang),
        figures=figures, css=_load_template("policy_brief.css"), fonts=font_face_css(),
        illustrative_label=t("common.illustrative_label", lang),
        governance_findings=[f for f in brief.findings if f.section == "governance"],
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
