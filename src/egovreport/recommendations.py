"""What the policy brief recommends and names: the legal and institutional landscape of a
country, the two recommendation catalogues, and the decisions the brief asks for.

* **Legal and institutional landscape** (``data/country/<ISO3>/legal_landscape.csv``): the
  laws, systems and bodies the brief may name, each drawn from the evidence register
  (``evidence_ids`` must be verified or secondary items mapped to the same element) and
  given a *tag* (``privacy_law``, ``exchange_platform`` …) that the catalogues use as a
  placeholder. Wherever the brief names one of them, its evidence ids follow the name.
* **Day-1 catalogue** (``data/instruments/egdi_recommendations.csv``): recommendations keyed
  by an EGDI component and a condition on the country's numbers (the component limiting the
  EGDI, EPI below OSI, always), with the instrument, lead and partner (matched by
  institution type and sector in the stakeholder list), horizon and indicator.
* **Day-2 catalogue**: the intervention catalogue of the action plan
  (:mod:`egovreport.governance.actions`), keyed by cell, level and landscape tags.
* **Brief record** (``data/country/<ISO3>/policy_brief.yml``, optional): the challenges the
  workshop concept note names (quoted word for word), and optionally a date of issue.

A recommendation whose text needs a tag the landscape does not document is never chosen,
so no text is left with a placeholder ("this element", "the instrument").
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
import yaml

from . import paths
from .errors import InputError
from .i18n import t
from .provenance import track_read
from .tabular import read_text_table

LANDSCAPE_FILE = "legal_landscape.csv"
RECORD_FILE = "policy_brief.yml"
EGDI_CATALOGUE_FILE = "egdi_recommendations.csv"

# Tag → framework element it belongs to. A tag names one law, system or body.
LANDSCAPE_TAGS = {
    "statistics_law": "standards", "statistics_office": "standards",
    "information_law": "sharing", "exchange_platform": "sharing", "open_data_portal": "sharing",
    "security_law": "security",
    "privacy_law": "privacy", "privacy_authority": "privacy",
    "service_portal": "infrastructure", "data_centre": "infrastructure",
    "esignature_law": "identity", "registration_law": "identity", "registration_authority": "identity",
    "digital_id": "identity",
}
LANDSCAPE_KINDS = ("law", "system", "institution")
LANDSCAPE_COLUMNS = ["entry_id", "kind", "tag", "element", "name_en", "name_mn", "year", "note_en", "note_mn",
                     "evidence_ids", "institution_id"]
EGDI_COMPONENTS = ("egdi", "osi", "tii", "hci", "epi")
EGDI_CONDITIONS = ("limiting", "below_osi", "always")
EGDI_COLUMNS = ["recommendation_id", "component", "applies_when", "needs", "action_en", "action_mn",
                "instrument_en", "instrument_mn", "lead_match", "partner_match", "horizon", "indicator_en",
                "indicator_mn", "source"]
HORIZONS = ("short", "medium", "long")
MAX_PARTNERS = 2  # partners named per recommendation (the summary report's action plan names more)
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
EVIDENCE_ID = r"[A-Z]{2,}(?:-[A-Z0-9]+)+"


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a catalogue text."""
    return set(PLACEHOLDER.findall(str(text)))


# --------------------------------------------------------------------------- landscape


@dataclass(frozen=True)
class LandscapeEntry:
    """A law, system or body of the country, as documented by the evidence register."""

    entry_id: str
    kind: str
    tag: str
    element: str
    name: dict
    year: str
    note: dict
    evidence_ids: tuple[str, ...]
    institution_id: str = ""

    def label(self, lang: str) -> str:
        return self.name.get(lang) or self.name["en"]

    def cited(self, lang: str, *, quoted: bool = False) -> str:
        """The name followed by its evidence ids: 'Law on Cyber Security [MN-SEC-01]'.
        ``quoted``: in Mongolian running text the name is set in «» so a case ending can follow it."""
        name = self.label(lang)
        if quoted and lang == "mn":
            name = f"«{name}»"
        return name

    @property
    def ids_text(self) -> str:
        return "[" + "; ".join(self.evidence_ids) + "]"


def _landscape_schema() -> pa.DataFrameSchema:
    from .governance.framework import ELEMENTS
    from .governance.inputs import text_column

    return pa.DataFrameSchema({
        "entry_id": text_column(pattern=r"[A-Z]+-[A-Z0-9]+", unique=True, error="id like LAW-PDP, unique"),
        "kind": text_column(allowed=LANDSCAPE_KINDS),
        "tag": text_column(allowed=list(LANDSCAPE_TAGS), unique=True),
        "element": text_column(allowed=ELEMENTS),
        "name_en": text_column(), "name_mn": text_column(),
        "year": text_column(pattern=r"(19|20)\d\d", required=False, error="a year (YYYY) or empty"),
        "note_en": text_column(), "note_mn": text_column(),
        "evidence_ids": text_column(pattern=rf"{EVIDENCE_ID}(?:;{EVIDENCE_ID})*",
                                    error="';'-separated evidence ids of the register"),
        "institution_id": text_column(required=False),
    }, checks=[pa.Check(lambda d: d["tag"].map(LANDSCAPE_TAGS) == d["element"],
                        error="the tag belongs to another element")], strict=True)


def load_landscape(country: str, register: pd.DataFrame | None = None) -> list[LandscapeEntry] | None:
    """The country's legal and institutional landscape, or None when it has no such file.

    Every evidence id must be in the country's evidence register with status verified
    or secondary (unverified items are never used) and be mapped to the entry's element
    (or be context); errors name the file, row and column.
    """
    from .governance.inputs import check_country, split_list, validate_frame

    path = paths.country_dir(check_country(country)) / LANDSCAPE_FILE
    if not path.exists():
        return None
    df = validate_frame(read_text_table(path, required_columns=LANDSCAPE_COLUMNS), _landscape_schema(), path)
    if register is None:
        from .governance.evidence import load_evidence_register
        register = load_evidence_register(country)
    reg = register.set_index("evidence_id")
    lines = df.attrs.get("lines") or list(range(2, len(df) + 2))
    out = []
    for line, row in zip(lines, df.to_dict("records")):
        ids = split_list(row["evidence_ids"])
        named_in_notes = re.findall(EVIDENCE_ID, row["note_en"] + " " + row["note_mn"])
        for e in ids + named_in_notes:
            if e not in reg.index:
                raise InputError(path, f"evidence id {e!r} is not in the evidence register", row=line,
                                 column="evidence_ids")
            item = reg.loc[e]
            if item["status"] not in ("verified", "secondary"):
                raise InputError(path, f"evidence {e} is {item['status']}: only verified or secondary evidence "
                                       "may be named", row=line, column="evidence_ids")
            elements = {item["element"], "context"} | {c.split(".")[-1] for c in split_list(item["cells"])}
            if row["element"] not in elements:
                raise InputError(path, f"evidence {e} is about {item['element']}, not {row['element']} "
                                       "(neither its element nor its cells)", row=line, column="evidence_ids")
        out.append(LandscapeEntry(
            entry_id=row["entry_id"], kind=row["kind"], tag=row["tag"], element=row["element"],
            name={"en": row["name_en"], "mn": row["name_mn"]}, year=row["year"],
            note={"en": row["note_en"], "mn": row["note_mn"]}, evidence_ids=tuple(ids),
            institution_id=row["institution_id"]))
    return out


def landscape_by_tag(landscape: list[LandscapeEntry] | None) -> dict[str, LandscapeEntry]:
    return {e.tag: e for e in landscape or []}


def fill_tags(text: str, tags: dict[str, LandscapeEntry], lang: str) -> str:
    """Replace each ``{tag}`` (and a Mongolian case ending written ``{tag}-ийн``) with the name
    of the documented law, system or body followed by its evidence ids; ``{element}`` stays."""
    def sub(m: re.Match) -> str:
        tag, suffix = m.group(1), m.group(2) or ""
        if tag == "element":
            return m.group(0)
        entry = tags[tag]
        return f"{entry.cited(lang, quoted=True)}{suffix} {entry.ids_text}"
    return re.sub(r"\{([a-z_]+)\}(-[^\s,.;:()]+)?", sub, str(text))


def element_phrase(element: str, lang: str) -> str:
    """The element as a noun phrase for running text ('data privacy and ethics')."""
    return t(f"brief.element_phrase.{element}", lang)


# --------------------------------------------------------------------------- brief record


def load_brief_record(country: str) -> dict:
    """``data/country/<ISO3>/policy_brief.yml`` ({} when absent), checked: quotes in both
    languages, elements of the framework, an ISO date."""
    from .governance.framework import ELEMENTS
    from .governance.inputs import check_country

    path = paths.country_dir(check_country(country)) / RECORD_FILE
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(track_read(path).read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, ValueError) as exc:  # a malformed date is a ValueError of the YAML loader
        raise InputError(path, f"not valid YAML: {exc}".splitlines()[0]) from exc
    for i, ch in enumerate(data.get("challenges") or []):
        for key in ("id", "en", "mn"):
            if not str(ch.get(key) or "").strip():
                raise InputError(path, f"challenge {i + 1}: '{key}' is required", column=f"challenges[{i}].{key}")
        bad = set(ch.get("elements") or []) - set(ELEMENTS)
        if bad:
            raise InputError(path, f"challenge {ch['id']!r}: unknown element(s) {sorted(bad)}; expected "
                                   f"{', '.join(ELEMENTS)}", column=f"challenges[{i}].elements")
    value = data.get("issue_date")
    if value is not None and not isinstance(value, _dt.date):
        try:
            data["issue_date"] = _dt.date.fromisoformat(str(value))
        except ValueError as exc:
            raise InputError(path, f"'issue_date' is not an ISO date (YYYY-MM-DD): {value!r}",
                             column="issue_date") from exc
    return data


# --------------------------------------------------------------------------- recommendations


@dataclass
class Recommendation:
    """One recommendation as the brief prints it (texts in the brief's language)."""

    rec_id: str
    day: int
    action: str
    instrument: str
    lead: str
    partners: list[str]
    horizon: str
    indicator: str
    evidence_ids: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    component: str = ""
    lead_basis: str = ""     # role_lead | element_lead | matched | to_be_agreed
    source: str = ""

    @property
    def texts(self) -> list[str]:
        """Every text of the recommendation (for the placeholder tests)."""
        return [self.action, self.instrument, self.lead, *self.partners, self.indicator]


def _institution_label(inst_id: str, stakeholders: pd.DataFrame, lang: str,
                       by_institution: dict[str, LandscapeEntry]) -> str:
    col = "name_mn" if lang == "mn" and "name_mn" in stakeholders else "name_en"
    names = stakeholders.set_index("institution_id")[col] if len(stakeholders) else pd.Series(dtype=str)
    name = str(names.get(inst_id, inst_id) or inst_id)
    entry = by_institution.get(inst_id)
    return f"{name} {entry.ids_text}" if entry else name


def load_egdi_catalogue(path=None) -> pd.DataFrame:
    """The Day-1 catalogue, validated with pandera (errors name file, row and column)."""
    from .governance.inputs import split_list, text_column, validate_frame

    path = path or paths.instruments_dir() / EGDI_CATALOGUE_FILE
    tag = "|".join(LANDSCAPE_TAGS)
    match = r"[a-z_]+:[^;]*(?:;[a-z_]+:[^;]*)*"
    schema = pa.DataFrameSchema({
        "recommendation_id": text_column(pattern=r"EG-[A-Z]{3}-\d{2}", unique=True, error="id like EG-OSI-01, unique"),
        "component": text_column(allowed=EGDI_COMPONENTS),
        "applies_when": text_column(allowed=EGDI_CONDITIONS),
        "needs": text_column(pattern=rf"(?:{tag})(?:;(?:{tag}))*", required=False,
                             error=f"';'-separated landscape tags: {', '.join(LANDSCAPE_TAGS)}"),
        **{c: text_column() for c in ("action_en", "action_mn", "instrument_en", "instrument_mn",
                                      "indicator_en", "indicator_mn", "source")},
        "lead_match": text_column(pattern=match, error="type:sector keyword, ';'-separated"),
        "partner_match": text_column(pattern=match, required=False, error="type:sector keyword, ';'-separated"),
        "horizon": text_column(allowed=HORIZONS),
    }, checks=[pa.Check(lambda d: d.apply(_egdi_placeholders_listed, axis=1),
                        error="a {tag} placeholder that 'needs' does not list")], strict=True)
    df = validate_frame(read_text_table(path, required_columns=EGDI_COLUMNS), schema, path)
    df["needs"] = df["needs"].map(split_list)
    return df


def _egdi_placeholders_listed(row) -> bool:
    from .governance.inputs import split_list

    needs = set(split_list(row["needs"]))
    if not needs <= set(LANDSCAPE_TAGS):
        return True  # an unknown tag is reported on the 'needs' column
    texts = ("action_en", "action_mn", "instrument_en", "instrument_mn", "indicator_en", "indicator_mn")
    return set().union(*(placeholders(row[c]) for c in texts)) <= needs


def _match_institutions(pattern: str, stakeholders: pd.DataFrame) -> list[str]:
    """Institution ids whose type equals and whose sector contains the keyword of each
    ``type:keyword`` item (in the order of the pattern, then of the list)."""
    from .governance.inputs import split_list

    out: list[str] = []
    if not len(stakeholders):
        return out
    for item in split_list(pattern):
        kind, _, word = item.partition(":")
        hit = stakeholders[(stakeholders["type"] == kind)
                           & stakeholders["sector"].str.lower().str.contains(word.strip().lower(), regex=False)]
        out += [i for i in hit["institution_id"] if i not in out]
    return out


def egdi_conditions(profile: dict, diagnosis: dict | None) -> dict[str, set[str]]:
    """Which Day-1 conditions hold for each component of the country."""
    comps = {c: profile.get(c) for c in ("osi", "tii", "hci")}
    known = {c: v for c, v in comps.items() if v is not None}
    lowest = min(known.values()) if known else None
    limiting = {c for c, v in known.items() if v == lowest}
    if diagnosis and diagnosis.get("limiting_component") in known and len(limiting) == 1:
        limiting = {diagnosis["limiting_component"]}
    out = {c: set() for c in EGDI_COMPONENTS}
    for c in limiting:
        out[c].add("limiting")
    if profile.get("epi") is not None and profile.get("osi") is not None and profile["epi"] < profile["osi"]:
        out["epi"].add("below_osi")
    for c in out:
        out[c].add("always")
    return out


def day1_recommendations(profile: dict, diagnosis: dict | None, lang: str, *,
                         landscape: list[LandscapeEntry] | None = None,
                         stakeholders: pd.DataFrame | None = None, catalogue: pd.DataFrame | None = None,
                         limit: int = 3) -> list[Recommendation]:
    """Day-1 (EGDI) recommendations: for each condition that holds, the catalogue row whose
    landscape tags the country documents (a row naming a documented system first)."""
    catalogue = load_egdi_catalogue() if catalogue is None else catalogue
    stakeholders = pd.DataFrame(columns=["institution_id", "name_en", "name_mn", "type", "sector"]) \
        if stakeholders is None else stakeholders
    tags = landscape_by_tag(landscape)
    by_inst = {e.institution_id: e for e in landscape or [] if e.institution_id}
    holds = egdi_conditions(profile, diagnosis)
    chosen: list[Recommendation] = []
    for when in EGDI_CONDITIONS:  # limiting first, then EPI, then the monitoring one
        rows = catalogue[(catalogue["applies_when"] == when)
                         & catalogue["component"].map(lambda c: when in holds.get(c, set()))
                         & catalogue["needs"].map(lambda n: set(n) <= set(tags))]
        for comp, grp in rows.groupby("component", sort=True):
            best = grp.assign(_n=grp["needs"].map(len)).sort_values(["_n", "recommendation_id"],
                                                                    ascending=[False, True]).iloc[0]
            leads = _match_institutions(best["lead_match"], stakeholders)
            partners = [i for i in _match_institutions(best["partner_match"], stakeholders) if i not in leads]
            chosen.append(Recommendation(
                rec_id=best["recommendation_id"], day=1, component=comp,
                action=fill_tags(best[f"action_{lang}"], tags, lang),
                instrument=fill_tags(best[f"instrument_{lang}"], tags, lang),
                lead="; ".join(_institution_label(i, stakeholders, lang, by_inst) for i in leads[:1])
                or t("brief.reco.to_be_agreed", lang),
                partners=[_institution_label(i, stakeholders, lang, by_inst) for i in (leads[1:] + partners)[:MAX_PARTNERS]],
                horizon=best["horizon"], indicator=fill_tags(best[f"indicator_{lang}"], tags, lang),
                evidence_ids=sorted({e for n in best["needs"] for e in tags[n].evidence_ids}),
                lead_basis="matched" if leads else "to_be_agreed", source=best["source"]))
    return chosen[:limit]


def day2_recommendations(priorities: list[dict], lang: str, *, country: str | None = None,
                         landscape: list[LandscapeEntry] | None = None,
                         stakeholders: pd.DataFrame | None = None, roles: pd.DataFrame | None = None,
                         catalogue: pd.DataFrame | None = None, limit: int = 6) -> list[Recommendation]:
    """Day-2 recommendations for the headline priority cells (``priorities`` of the gaps
    results, in rank order): one catalogue intervention per cell — the most specific that
    applies at the cell's level, a row naming documented evidence before a generic one —
    first one per element, then the next cells, at most ``limit``; one intervention that
    fits several cells is listed once with all of them."""
    from .governance.actions import SPECIFICITY, _covers, fill_element, institutions_for
    from .governance.framework import split_cell

    if catalogue is None:
        from .governance.actions import load_interventions
        catalogue = load_interventions(landscape=landscape or [])
    stakeholders = pd.DataFrame(columns=["institution_id", "name_en", "name_mn"]) \
        if stakeholders is None else stakeholders
    roles = pd.DataFrame(columns=["institution_id", "element", "role", "lead", "basis"]) if roles is None else roles
    by_inst = {e.institution_id: e for e in landscape or [] if e.institution_id}

    def best_for(cell: dict):
        level = cell["current_level"]
        hits = catalogue[catalogue["cell_id"].map(lambda p: _covers(p, cell["cell_id"]))
                         & (catalogue["applies_from_level"] <= level) & (level < catalogue["applies_to_level"])]
        if hits.empty:
            return None
        hits = hits.assign(_spec=hits["scope"].map(SPECIFICITY), _ev=hits["needs"].map(len))
        return hits.sort_values(["_spec", "_ev", "intervention_id"], ascending=[False, False, True]).iloc[0]

    picks: dict[str, tuple] = {}
    order: list[str] = []
    seen_elements: set[str] = set()
    for first_pass in (True, False):
        for cell in priorities:
            element = split_cell(cell["cell_id"])[1]
            if first_pass and element in seen_elements:
                continue
            if any(cell["cell_id"] in p[1] for p in picks.values()):
                continue
            row = best_for(cell)
            if row is None:
                continue
            key = f"{row['intervention_id']}:{element}"
            if key in picks:
                picks[key][1].append(cell["cell_id"])
                continue
            if len(order) >= limit:
                continue
            picks[key] = (row, [cell["cell_id"]], element)
            order.append(key)
            seen_elements.add(element)
    out = []
    for key in order:
        row, cells, element = picks[key]
        leads, partners, basis = institutions_for(element, row["lead_role"], roles)
        out.append(Recommendation(
            rec_id=row["intervention_id"], day=2, cells=cells,
            action=fill_element(row[f"description_{lang}"], element, lang),
            instrument=fill_element(row[f"instrument_{lang}"], element, lang),
            lead="; ".join(_institution_label(i, stakeholders, lang, by_inst) for i in leads)
            or t("brief.reco.to_be_agreed", lang),
            partners=[_institution_label(i, stakeholders, lang, by_inst) for i in partners[:MAX_PARTNERS]],
            horizon=row["horizon"], indicator=fill_element(row[f"indicator_{lang}"], element, lang),
            evidence_ids=list(row["evidence_ids"]), lead_basis=basis, source=row["source"]))
    return out
