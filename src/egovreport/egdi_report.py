"""Sentences, display tables and the assembled country profile of the EGDI chapter.

Notebook ``02_egdi_country_profile`` and the 193-country batch both call
:func:`build_country_profile`, so the book's profile and the batch pages say the
same thing. Every number in the text comes from the results dictionaries of
:mod:`egovreport.egdi_analysis`; every sentence template is in the ``egdi``
catalogue (``text.*``), so the prose follows ``language`` like the figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import egdi_analysis as ea
from . import egdi_plots as ep
from .egdi_plots import L, indicator_label, level_label, place_name, state_name
from . import display
from .display import md
from .i18n import capitalise, fmt_index, quoted, tn
from .provenance import relative_to_root


def fmt(value, digits: int = 4, sign: bool = False) -> str:
    """Index value at the UN's precision, rounded half up (:func:`egovreport.i18n.fmt_index`, the
    one formatting function); '–' when missing."""
    return fmt_index(value, digits, sign=sign)


def fmt_int(value, lang: str = "en") -> str:
    """:func:`egovreport.i18n.fmt_int` (also '–' for pandas' missing values)."""
    from .i18n import fmt_int as _fmt_int

    return "–" if value is None or pd.isna(value) else _fmt_int(value, lang)


def rank_change_phrase(change, lang: str) -> str:
    """"up 28 places" / "down 3 places" / "unchanged" (positive = improved)."""
    if change is None or pd.isna(change):
        return L("text.rank_unknown", lang)
    change = int(change)
    if abs(change) == 1:
        return L("text.rank_up_1" if change > 0 else "text.rank_down_1", lang)
    if change > 0:
        return L("text.rank_up", lang, n=change)
    if change < 0:
        return L("text.rank_down", lang, n=-change)
    return L("text.rank_same", lang)


def group_name(group: str, lang: str, long: bool = False) -> str:
    return L(f"group.{group}.{'long' if long else 'short'}", lang)


# --------------------------------------------------------------------------- known defects

def defect_reason(flags, lang: str) -> str | None:
    """Why a published EGDI rests on a known defect (``flags`` of the processed data, e.g.
    Andorra 2003: computed by the UN with HCI = 0, i.e. without HCI data); None when it does not."""
    fl = {f for f in str(flags or "").split(";") if f}
    if "egdi_computed_with_missing_component" in fl:
        comps = [indicator_label(c, lang) for c in ("hci", "tii") if f"{c}_zero_missing" in fl]
        return L("text.defect_missing_component", lang, component=" = 0, ".join(comps) if comps else "–")
    if "egdi_computed_with_invalid_component" in fl:
        return L("text.defect_invalid_component", lang, component=indicator_label("hci", lang))
    return None


def with_defect(value, flags, lang: str) -> str:
    """An EGDI value as shown in a sentence, with the defect it rests on said next to it."""
    reason = defect_reason(flags, lang)
    return fmt(value) + (f" ({reason})" if reason else "")


# --------------------------------------------------------------------------- profile text

def profile_summary(res: dict, lang: str = "en") -> str:
    """Opening paragraph of the country profile (from ``profile_results``)."""
    name = state_name(res["country"], res["country_name"], lang)
    values = dict(country=name, edition=res["edition"], egdi=fmt(res["egdi"]), level=level_label(res["level"], lang),
                  rating_class=res["rating_class"], rank=fmt_int(res["egdi_rank"]), n=fmt_int(res["n_ranked"]))
    key = "text.profile_summary" if res["rating_class"] else "text.profile_summary_no_class"
    parts = [L(key, lang, **values)]
    if res["previous_edition"] and res["egdi_rank_previous"] is not None:
        parts.append(L("text.profile_previous", lang, previous=res["previous_edition"],
                       rank_previous=fmt_int(res["egdi_rank_previous"]),
                       change=rank_change_phrase(res["rank_change"], lang)))
    elif res["previous_edition"]:
        parts.append(L("text.profile_not_assessed_previous", lang, previous=res["previous_edition"]))
    if res["first_edition"] is not None and res["first_edition"] != res["edition"]:
        parts.append(L("text.profile_first", lang, first=res["first_edition"],
                       egdi_first=with_defect(res["egdi_first"], res.get("egdi_first_flags"), lang),
                       edition=res["edition"], egdi=fmt(res["egdi"])))
    bm = res["benchmarks"]
    parts.append(L("text.profile_world", lang, world=fmt(bm["world"]["egdi_mean"]),
                   diff=fmt(res["egdi"] - bm["world"]["egdi_mean"], sign=True),
                   sub_region=place_name(res["sub_region"], lang),
                   sub=fmt(bm.get("sub_region", {}).get("egdi_mean"))))
    return " ".join(capitalise(p) for p in parts)


def _rank_text(rank, n_sharing, lang: str) -> str:
    """A rank, marked as shared when other states have the same value."""
    text = fmt_int(rank)
    return L("text.tied", lang, rank=text) if n_sharing and n_sharing > 1 else text


def group_position_text(res: dict, lang: str = "en") -> str:
    """One paragraph per special group the state belongs to (its real groups, by name); a note when
    it is in none. Plurals, ties and "largest" follow the numbers: "largest" only when no other
    state of the group gained as many places."""
    name = state_name(res["country"], res["country_name"], lang)
    if not res["group_position"]:
        return L("text.no_special_group", lang, country=name)
    out = []
    for p in res["group_position"]:
        group = group_name(p["group"], lang, True)
        n_vh = p["n_very_high_osi_in_group"]
        vh = (L("text.vh_osi.zero", lang) if n_vh == 0 else tn("egdi.text.vh_osi", n_vh, lang))
        s = L("text.group_position", lang, country=name, n=p["n_in_group"], group=group,
              rank=_rank_text(p["egdi_rank_in_group"], p.get("n_sharing_egdi_rank"), lang),
              osi_rank=_rank_text(p["osi_rank_in_group"], p.get("n_sharing_osi_rank"), lang), vh_osi=vh)
        parts = [s]
        if p["rank_change_rank_in_group"] is not None:
            values = dict(n_same=p["n_same_level"], group=group, level=level_label(p["level"], lang),
                          previous=res["previous_edition"], change=rank_change_phrase(p["rank_change"], lang))
            shared = p.get("n_sharing_rank_change_rank") or 1
            gained = p["rank_change"] is not None and p["rank_change"] > 0
            if p["n_same_level"] == 1:
                parts.append(L("text.group_gain_only", lang, **values))
            elif p["rank_change_rank_in_group"] == 1 and gained and shared == 1:
                parts.append(L("text.group_gain_largest", lang, **values))
            elif p["rank_change_rank_in_group"] == 1 and gained:
                parts.append(tn("egdi.text.group_gain_shared_largest", shared - 1, lang, **values))
            else:
                parts.append(L("text.group_gain_ranked", lang, gain_rank=fmt_int(p["rank_change_rank_in_group"]),
                               **values))
        out.append(" ".join(capitalise(x) for x in parts))
    return "\n\n".join(out)


# --------------------------------------------------------------------------- display tables

def show_table(df: pd.DataFrame, name: str, *, caption: str, source: str, lang: str = "en") -> None:
    """Show a table of pre-formatted strings (kept verbatim: "0.6990", "+0.2075", "74") with its
    caption and source; the CSV is saved per language (``<name>_<lang>.csv``: translated headers)."""
    display.table(df, f"{name}_{lang}", caption=caption, source=source, lang=lang, numparse=False)


DEFECT_MARK = "†"


def series_table(res: dict, lang: str = "en") -> pd.DataFrame:
    """Editions × (EGDI, OSI, TII, HCI, EPI, rank, level, inferred rating class), as display strings.
    An EGDI that rests on a known defect carries † (:func:`series_defect_notes` says why)."""
    rows = []
    for r in res["series"]:
        egdi = fmt(r["egdi"]) + (DEFECT_MARK if defect_reason(r.get("flags"), lang) else "")
        rows.append({
            L("col.edition", lang): str(r["edition"]),
            indicator_label("egdi", lang): egdi,
            **{indicator_label(k, lang): fmt(r[k]) for k in ea.INDICATORS if k != "egdi"},
            L("col.rank", lang): fmt_int(r["egdi_rank"]),
            L("col.level", lang): level_label(r["level"], lang),
            L("col.rating_class", lang): (r["rating_class"] or "–") if r["edition"] >= ea.RATING_CLASS_FIRST_EDITION else "–",
        })
    return pd.DataFrame(rows)


def series_defect_notes(res: dict, lang: str = "en") -> str:
    """The notes under the series table: one line per edition whose EGDI rests on a known defect."""
    notes = []
    for r in res["series"]:
        reason = defect_reason(r.get("flags"), lang)
        if reason:
            notes.append(L("text.defect_note", lang, edition=r["edition"], reason=reason))
    return "\n\n".join(notes)


def benchmark_table(res: dict, lang: str = "en") -> pd.DataFrame:
    """This edition's benchmark means of EGDI and components, and the state's difference."""
    rows = [{L("col.group", lang): state_name(res["country"], res["country_name"], lang), L("col.n", lang): "1",
             **{indicator_label(k, lang): fmt(res[k]) for k in ("egdi", "osi", "tii", "hci")},
             L("col.diff_egdi", lang): ""}]
    for bid, b in res["benchmarks"].items():
        rows.append({L("col.group", lang): ep.benchmark_label(bid, b["name"], lang), L("col.n", lang): str(b["n"]),
                     **{indicator_label(k, lang): fmt(b[f"{k}_mean"]) for k in ("egdi", "osi", "tii", "hci")},
                     L("col.diff_egdi", lang): fmt(res["egdi"] - b["egdi_mean"], sign=True)})
    return pd.DataFrame(rows)


def _claim_in_data(r: dict, lang: str) -> str:
    """What the data say for one concept-note statement, with the numbers behind it."""
    d, v = r["detail"], r["in_data"]
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return L("text.claim_data_none", lang)
    claim = r["claim"]
    if claim == "egdi_2005":
        return fmt(v)
    if claim == "egdi_2024":
        return L("text.claim_very_high", lang, value=fmt(v)) if d.get("level") == "very_high" else \
            f"{fmt(v)}, {level_label(d.get('level'), lang)}"
    if claim == "rank_gain":
        return L("text.claim_data_rank_gain", lang, gain=fmt_int(v), rank_previous=fmt_int(d["rank_previous"]),
                 previous=d["previous"], rank=fmt_int(d["rank"]), edition=d["edition"])
    if claim == "largest_gain_lldc":
        values = dict(n=d["n_same_level"], level=level_label(d["level"], lang), n_sharing=d["n_sharing"], rank=v)
        if v == 1 and d["n_sharing"] == 1:
            return L("text.claim_data_largest", lang, **values)
        if v == 1:
            return L("text.claim_data_largest_shared", lang, **values)
        return L("text.claim_data_ranked", lang, **values)
    if claim == "osi_top5_lldc":
        key = "text.claim_data_osi" if d.get("very_high_osi") else "text.claim_data_osi_not_vh"
        return L(key, lang, rank=fmt_int(v), n=d["n_very_high_osi"])
    return str(v)


def claims_table(claims: pd.DataFrame, previous: int | None = None, edition: int | None = None,
                 lang: str = "en") -> pd.DataFrame:
    """The concept note's statements (quoted), what the data say and a verdict, as display strings.
    Empty for a state the note is not about."""
    rows = []
    for r in claims.to_dict("records"):
        d = r["detail"] or {}
        rows.append({L("col.claim", lang): L(f"claim.{r['claim']}", lang, previous=d.get("previous", previous),
                                            edition=d.get("edition", ea.CONCEPT_NOTE["edition"])),
                     L("col.stated", lang): quoted(r["quote"], lang),
                     L("col.in_data", lang): _claim_in_data(r, lang),
                     L("col.verdict", lang): L(f"verdict.{r['verdict']}", lang)})
    return pd.DataFrame(rows, columns=[L(f"col.{c}", lang) for c in ("claim", "stated", "in_data", "verdict")])


# --------------------------------------------------------------------------- the profile

@dataclass
class CountryProfile:
    """Everything notebook 02 and the batch page show for one state."""

    iso3: str
    name: str
    edition: int
    lang: str
    results: dict
    claims: pd.DataFrame
    text: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)


def build_country_profile(iso3: str, edition: int = 2024, lang: str = "en", inputs: ea.EgdiInputs | None = None,
                          figures: bool = True) -> CountryProfile:
    """Compute, write up and draw the EGDI country profile of ``iso3`` for ``edition``.

    ``results`` holds the ``egdi_country_profile`` keys of the results contract;
    ``figures`` maps ``components_over_time``, ``rank_trajectory`` and ``level_per_edition``
    to :class:`~egovreport.egdi_plots.EgdiFigure` objects (not yet saved). ``claims`` (and the
    ``claims`` table and text) are empty unless the state is the one the concept note is about.
    """
    inputs = inputs or ea.load_inputs()
    iso3 = ea.check_country(inputs, iso3)
    edition = ea.check_edition(inputs, edition, iso3)
    res = ea.profile_results(inputs, iso3, edition)
    claims = ea.concept_note_claims(inputs, iso3, edition)
    prof = CountryProfile(iso3, res["country_name"], edition, lang, res, claims)
    prof.text = {"summary": profile_summary(res, lang), "groups": group_position_text(res, lang),
                 "claims_intro": L("text.claims_intro", lang, n=len(claims)) if len(claims) else "",
                 "defects": series_defect_notes(res, lang),
                 "ranks_relative": L("note.ranks_relative", lang)}
    prof.tables = {"series": series_table(res, lang), "benchmarks": benchmark_table(res, lang),
                   "claims": claims_table(claims, res["previous_edition"], edition, lang)}
    if figures:
        series = ea.country_series(inputs, iso3)
        bench = ea.benchmark_series(inputs, iso3)
        prof.figures = {
            "components_over_time": ep.fig_components_over_time(series, bench, iso3, res["country_name"], lang),
            "rank_trajectory": ep.fig_rank_trajectory(ea.rank_trajectory(inputs, iso3), iso3, res["country_name"], lang),
            "level_per_edition": ep.fig_level_per_edition(series, iso3, res["country_name"], lang),
        }
    return prof


def show_profile_table(profile: CountryProfile, key: str) -> None:
    """Show one of the profile's tables (``series``, ``benchmarks``, ``claims``) with caption and source;
    the series table is followed by its known-defect notes, and an empty table shows nothing."""
    lang = profile.lang
    if profile.tables[key].empty:
        return
    sn = state_name(profile.iso3, profile.name, lang)
    source = ep.source_text(lang, groupings=key == "benchmarks")
    if key == "claims":
        source = f"{L('source.concept_note', lang)}; {source}"
    show_table(profile.tables[key], f"egdi_profile_{key}_{profile.iso3.lower()}",
               caption=L(f"table.{key}", lang, country=sn, edition=profile.edition), source=source, lang=lang)
    if key == "series":
        md(profile.text["defects"])


def show_concept_note_claims(profile: CountryProfile) -> None:
    """The concept-note section of the profile (heading, introduction, table, verdict) — only for the
    country the concept note is about; nothing at all for any other state."""
    if profile.claims.empty:
        return
    md(f"## {L('heading.claims', profile.lang)}")
    md(profile.text["claims_intro"])
    show_profile_table(profile, "claims")
    md(claims_verdict_text(profile))


def claims_verdict_text(profile: CountryProfile) -> str:
    """One sentence on the concept-note check: all match, or which do not ("" for another state)."""
    c = profile.claims
    lang = profile.lang
    if c.empty:
        return ""
    bad = c[c["verdict"] == "mismatch"]
    if bad.empty:
        return L("text.claims_verdict_all", lang, n=len(c))
    names = ", ".join(L(f"claim.{k}", lang, previous=profile.results["previous_edition"], edition=ea.CONCEPT_NOTE["edition"])
                      for k in bad["claim"])
    return L("text.claims_verdict_some", lang, n_match=int((c["verdict"] == "match").sum()), n=len(c), claims=names)


def profile_results_with_claims(profile: CountryProfile) -> dict:
    """The profile results plus the verified concept-note claims (an empty list for a state the
    note is not about)."""
    claims = [{k: (None if (not isinstance(v, (str, dict)) and pd.isna(v)) else v) for k, v in r.items()}
              for r in profile.claims.to_dict("records")]
    return {**profile.results, "concept_note_claims": claims}


# --------------------------------------------------------------------------- 01 framework

def normalisation_check(inputs: ea.EgdiInputs, edition: int) -> float:
    """Largest change when the Survey's z-score + min–max normalisation
    (:func:`egovreport.methodology.normalise_component`) is applied again to the published
    OSI, TII and HCI of ``edition`` (≈ 0 when they are already min–max normalised)."""
    from . import methodology

    cur = inputs.edition_table(edition)
    worst = 0.0
    for c in ea.COMPONENTS:
        v = cur[c].dropna()
        worst = max(worst, float((methodology.normalise_component(v) - v).abs().max()))
    return worst


def component_ranges_table(inputs: ea.EgdiInputs, lang: str = "en") -> pd.DataFrame:
    """Min and max of OSI, TII and HCI per edition over the states assessed."""
    rows = []
    for ed in inputs.editions:
        cur = inputs.edition_table(ed)
        row = {L("col.edition", lang): str(ed)}
        for c in ea.COMPONENTS:
            row[L("colx.min", lang, component=indicator_label(c, lang))] = fmt(cur[c].min())
            row[L("colx.max", lang, component=indicator_label(c, lang))] = fmt(cur[c].max())
        rows.append(row)
    return pd.DataFrame(rows)


def framework_text(inputs: ea.EgdiInputs, iso3: str, edition: int, lang: str = "en") -> dict:
    """Sentences of notebook 01 with the state's own numbers."""
    from . import methodology

    cur = inputs.edition_table(edition).loc[iso3]
    name = state_name(iso3, ea.country_name(inputs, iso3), lang)
    recomputed = float(methodology.egdi_from_components(cur["osi"], cur["tii"], cur["hci"]))
    rc = ea.recompute_check(inputs, iso3)
    recent = rc[rc["edition"] >= ea.FIRST_RESCALED_EDITION]
    big = rc[rc["max_abs_deviation"] > 1e-3]
    worst = rc.loc[rc["max_abs_deviation"].idxmax()]
    level = ea.level_id(cur["egdi"])
    eq = cur.get("rating_class_equal_width")
    return {
        "recompute": L("text.framework_recompute", lang, country=name, edition=edition, osi=fmt(cur["osi"]),
                       tii=fmt(cur["tii"]), hci=fmt(cur["hci"]), recomputed=fmt(recomputed), egdi=fmt(cur["egdi"]),
                       diff=fmt(cur["egdi"] - recomputed, 5, sign=True)),
        "normalisation": L("text.normalisation_check", lang, edition=edition,
                           max_diff=f"{normalisation_check(inputs, edition):.1e}", rescaled=ea.FIRST_RESCALED_EDITION),
        "rating_class": (L("text.rating_class_country", lang, country=name, egdi=fmt(cur["egdi"]),
                           level=level_label(level, lang), cls_q=cur.get("rating_class") or "–",
                           cls_e=eq if isinstance(eq, str) else "–")
                         if edition >= ea.RATING_CLASS_FIRST_EDITION and isinstance(cur.get("rating_class"), str)
                         else L("text.rating_class_country_none", lang, country=name, egdi=fmt(cur["egdi"]),
                                level=level_label(level, lang), first=ea.RATING_CLASS_FIRST_EDITION)),
        "recompute_summary": L("text.recompute_summary", lang, rescaled=ea.FIRST_RESCALED_EDITION,
                               max_recent=fmt(recent["max_abs_deviation"].max(), 5),
                               editions=", ".join(str(e) for e in big["edition"]) or "–",
                               max_all=fmt(worst["max_abs_deviation"]), max_state=worst["state_with_max"],
                               max_edition=int(worst["edition"]), country=name,
                               own_max=fmt(rc["own_deviation"].abs().max(), 5)),
        "values": {"egdi": float(cur["egdi"]), "recomputed": recomputed, "level": level,
                   "rating_class": cur.get("rating_class"), "rating_class_equal_width": eq if isinstance(eq, str) else None},
    }


def recompute_table(inputs: ea.EgdiInputs, iso3: str, lang: str = "en") -> pd.DataFrame:
    """Display version of :func:`egovreport.egdi_analysis.recompute_check`."""
    rc = ea.recompute_check(inputs, iso3)
    name = state_name(iso3, ea.country_name(inputs, iso3), lang)
    return pd.DataFrame({
        L("col.edition", lang): rc["edition"].astype(str),
        L("colx.n_states", lang): rc["n"].astype(str),
        L("colx.max_abs_deviation", lang): [fmt(v, 5) for v in rc["max_abs_deviation"]],
        L("colx.state_with_max", lang): [f"{ea.country_name(inputs, c)} ({c})" for c in rc["state_with_max"]],
        L("colx.own_deviation", lang, country=name): [fmt(v, 5, sign=True) for v in rc["own_deviation"]],
    })


# --------------------------------------------------------------------------- 03 diagnosis

def decomposition_caveat(last: dict | None, lang: str = "en") -> str:
    """The comparability caveat of a change between two editions (``decomposition_last_change`` of
    :func:`egovreport.egdi_analysis.diagnosis_results`): values are relative to each edition, and
    the pair may span a documented methodology change. Every sentence that shows such a change (the
    diagnosis page, the key findings, the brief) carries it."""
    parts = [L("text.decomposition_relative", lang)]
    if last and isinstance(last.get("note"), str) and last["note"]:
        notes = "; ".join(L(f"break.{n}", lang) for n in last["note"].split(","))
        parts.append(L("text.decomposition_break", lang, note=notes))
    return " ".join(parts)


def decomposition_sentence(last: dict | None, lang: str = "en") -> str:
    """The last edition pair's EGDI change split into OSI, TII and HCI, with its caveat."""
    if not last:
        return L("text.decomposition_first", lang)
    return " ".join([L("text.decomposition_last", lang, from_edition=last["from_edition"],
                       to_edition=last["to_edition"], change=fmt(last["egdi_change"], sign=True),
                       osi=fmt(last["osi_contribution"], sign=True), tii=fmt(last["tii_contribution"], sign=True),
                       hci=fmt(last["hci_contribution"], sign=True), residual=fmt(last["residual"], 5, sign=True)),
                     decomposition_caveat(last, lang)])


def _points(diff: float, country: str, lang: str) -> str:
    """"0.0123 points above/below <country>" by the sign of ``diff`` (reference − state)."""
    if fmt(abs(diff)) == fmt(0):
        return L("text.points_equal", lang, country=country)
    key = "text.points_above" if diff > 0 else "text.points_below"
    return L(key, lang, value=fmt(abs(diff)), country=country)


def diagnosis_text(inputs: ea.EgdiInputs, res: dict, lang: str = "en") -> dict:
    """Sentences of notebook 03 from ``diagnosis_results``."""
    iso3, edition = res["country"], res["edition"]
    name = state_name(iso3, ea.country_name(inputs, iso3), lang)
    diag = ea.component_diagnosis(inputs, iso3, edition).set_index("component")
    lim = res["limiting_component"]
    best = diag["value"].idxmax()
    out = {"limiting": L("text.limiting", lang, country=name, edition=edition, component=indicator_label(lim, lang),
                         value=fmt(diag.loc[lim, "value"]), rank=fmt_int(diag.loc[lim, "rank"]),
                         n=int(diag.loc[lim, "n"]), best_component=indicator_label(best, lang),
                         best_value=fmt(diag.loc[best, "value"]), best_rank=fmt_int(diag.loc[best, "rank"]))}
    if res["next_level"]:
        out["level"] = L("text.next_level", lang, country=name, distance=fmt(res["distance_to_next_level"]),
                         level=level_label(res["next_level"], lang),
                         bound=f"{ea.LEVEL_LOWER_BOUNDS[res['next_level']]:.2f}")
    else:
        out["level"] = L("text.top_level", lang, country=name)
    leaders = ea.distance_to_leaders(inputs, iso3, edition).set_index("reference")
    leader = res["leader_iso3"]
    values = dict(edition=edition, country=name, leader_egdi=fmt(leaders.loc["leader", "egdi"]),
                  top10=fmt(leaders.loc["top10_mean", "egdi"]),
                  top10_distance=_points(res["distance_to_top10_mean"], name, lang))
    if leader == iso3:
        out["leaders"] = L("text.leader_is_country", lang, **values)
    else:
        out["leaders"] = L("text.leader_distance", lang, leader=state_name(leader, ea.country_name(inputs, leader), lang),
                           distance=fmt(res["distance_to_leader"]), **values)
    out["decomposition"] = decomposition_sentence(res["decomposition_last_change"], lang)
    items = [f"{indicator_label(c, lang)}: {ep.input_label(i, lang)}" for c, its in ea.MISSING_INPUTS.items() for i in its]
    out["inputs_missing"] = L("text.inputs_missing", lang, items="; ".join(items))
    return out


def component_table(inputs: ea.EgdiInputs, iso3: str, edition: int, lang: str = "en") -> pd.DataFrame:
    """Display table: each component's value, rank, world and group means, best state."""
    diag = ea.component_diagnosis(inputs, iso3, edition)
    bm = ea.benchmarks_for_edition(inputs, iso3, edition)
    rows = []
    for _, r in diag.iterrows():
        row = {L("colx.component", lang): indicator_label(r["component"], lang),
               L("colx.value", lang): fmt(r["value"]),
               L("colx.rank_of", lang, n=int(r["n"])): fmt_int(r["rank"]),
               L("colx.world_mean", lang): fmt(r["world_mean"])}
        for key in ("sub_region", *ea.SPECIAL_GROUPS, "income_group"):
            if f"{key}_mean" in diag.columns and key in bm:
                row[ep.benchmark_label(key, bm[key]["name"], lang)] = fmt(r[f"{key}_mean"])
        row[L("colx.best", lang)] = f"{fmt(r['best'])} ({r['best_iso3']})"
        rows.append(row)
    return pd.DataFrame(rows)


def distances_table(inputs: ea.EgdiInputs, iso3: str, edition: int, lang: str = "en") -> pd.DataFrame:
    """Display table of :func:`egovreport.egdi_analysis.distance_to_leaders` plus the next level."""
    d = ea.distance_to_leaders(inputs, iso3, edition)
    nxt, dist = ea.distance_to_next_level(inputs.edition_table(edition).loc[iso3, "egdi"])
    rows = []
    if nxt:
        rows.append({L("colx.reference", lang): L("distance.next_level", lang, level=level_label(nxt, lang)),
                     "EGDI": fmt(ea.LEVEL_LOWER_BOUNDS[nxt]), L("colx.distance", lang): fmt(dist, sign=True)})
    for _, r in d.iterrows():
        label = ep.distance_reference_label(r["reference"], lang)
        if isinstance(r["iso3"], str):
            label += f" — {state_name(r['iso3'], ea.country_name(inputs, r['iso3']), lang)}"
        rows.append({L("colx.reference", lang): label, "EGDI": fmt(r["egdi"]),
                     L("colx.distance", lang): fmt(r["distance"], sign=True)})
    return pd.DataFrame(rows)


def show_distances_table(inputs: ea.EgdiInputs, iso3: str, name: str, edition: int, lang: str = "en") -> None:
    """Show :func:`distances_table` with its caption (without "next level" for a Very High state)."""
    nxt, _ = ea.distance_to_next_level(inputs.edition_table(edition).loc[iso3, "egdi"])
    show_table(distances_table(inputs, iso3, edition, lang), f"egdi_distances_{iso3.lower()}",
               caption=L(f"table.{ep.distances_key(nxt)}", lang, country=state_name(iso3, name, lang), edition=edition),
               source=ep.source_text(lang, groupings=True), lang=lang)


def decomposition_table(inputs: ea.EgdiInputs, iso3: str, lang: str = "en") -> pd.DataFrame:
    """Display table of :func:`egovreport.egdi_analysis.decompose_changes`."""
    d = ea.decompose_changes(inputs, iso3)
    return pd.DataFrame({
        L("colx.pair", lang): [f"{a}–{b}" for a, b in zip(d["from_edition"], d["to_edition"])],
        L("colx.change", lang): [fmt(v, sign=True) for v in d["egdi_change"]],
        **{L("colx.contribution", lang, component=indicator_label(c, lang)): [fmt(v, sign=True) for v in d[f"{c}_contribution"]]
           for c in ea.COMPONENTS},
        L("colx.residual", lang): [fmt(v, 5, sign=True) for v in d["residual"]],
        L("colx.comparable", lang): [L("colx.flag_yes" if c else "colx.flag_no", lang) +
                                     ("" if not isinstance(n, str) else " (" + "; ".join(L(f"break.{x}", lang) for x in n.split(",")) + ")")
                                     for c, n in zip(d["comparable"], d["note"])],
    })


# --------------------------------------------------------------------------- 04 peers

def peer_rule_text(selection: ea.PeerSelection, lang: str = "en", n_per_step: int = 2) -> str:
    if selection.rule_id == "parameter":
        return L("text.peer_rule_parameter", lang, peers=", ".join(selection.peers))
    return L("text.peer_rule", lang, n=n_per_step)


def reason_label(reason: str, lang: str) -> str:
    if reason in ("sub_region", "income_group", "nearest_egdi", "parameter", "country"):
        return L(f"reason.{reason}", lang)
    return L("reason.group", lang, group=" + ".join(group_name(g, lang) for g in reason.split("+")))


def peer_display_table(table: pd.DataFrame, selection: ea.PeerSelection, previous: int | None,
                       lang: str = "en") -> pd.DataFrame:
    """Compact comparison table of the state and its peers (display strings)."""
    rows = []
    for _, r in table.iterrows():
        rows.append({L("colx.state", lang): f"{state_name(r['iso3'], r['country'], lang)} ({r['iso3']})",
                     **{indicator_label(k, lang): fmt(r[k]) for k in ("egdi", "osi", "tii", "hci", "epi")},
                     L("col.rank", lang): fmt_int(r["egdi_rank"]),
                     L("colx.rank_previous", lang, previous=previous): fmt_int(r["egdi_rank_previous"]),
                     L("colx.reason", lang): reason_label(selection.reasons.get(r["iso3"], "country"), lang)})
    return pd.DataFrame(rows)


def peer_summary_text(table: pd.DataFrame, iso3: str, edition: int, previous: int | None, lang: str = "en") -> str:
    """Position of the state among itself and its peers, now and in the previous edition (ties
    shared; "not assessed" when the state has no EGDI in the previous edition)."""
    name = state_name(iso3, table.loc[table["iso3"] == iso3, "country"].iloc[0], lang)
    now = table["egdi"].rank(ascending=False, method="min")
    before = table["egdi_previous"].rank(ascending=False, method="min")
    i = table.index[table["iso3"] == iso3][0]
    position = _rank_text(now[i], int((now == now[i]).sum()), lang)
    values = dict(n=len(table), country=name, edition=edition, position=position, previous=previous)
    if previous is None:
        return L("text.peer_summary_first", lang, **values)
    if pd.isna(before[i]):
        return L("text.peer_summary_no_previous", lang, **values)
    return L("text.peer_summary", lang, position_previous=_rank_text(before[i], int((before == before[i]).sum()), lang),
             **values)


# --------------------------------------------------------------------------- 05 e-participation

def epart_text(inputs: ea.EgdiInputs, iso3: str, edition: int, lang: str = "en") -> str:
    """Sentence on the state's E-Participation Index (from :func:`egdi_analysis.epart_summary`)."""
    e = ea.epart_summary(inputs, iso3, edition)
    previous_part = ""
    if e.get("previous_edition") and e.get("epi_previous") is not None:
        previous_part = L("text.epi_previous", lang, previous=e["previous_edition"], epi_previous=fmt(e["epi_previous"]),
                          rank_previous=fmt_int(e.get("epi_rank_previous")))
    return L("text.epi_summary", lang, country=state_name(iso3, ea.country_name(inputs, iso3), lang),
             edition=edition, epi=fmt(e["epi"]), rank=fmt_int(e["epi_rank"]), n=e["n"], previous_part=previous_part,
             world=fmt(e["epi_world_mean"]), r=f"{e['epi_osi_correlation']:.2f}")


def show_official(kind: str, dataset, iso3: str, name: str, edition: int, lang: str = "en"):
    """Show an official dataset for the state: the "not available in this build" box (with
    how to add the file) when absent; else its row(s) as a table and, for the OSI
    subindices and LOSI, a bar chart of the five subindices, saved; returns the
    :class:`~egovreport.figures.SavedFigure` (None when there is no figure)."""
    what = L(f"official.{kind}", lang)
    if not dataset.available:
        dataset.show_not_available(lang)
        return None
    file = relative_to_root(dataset.path)
    md(L("text.official_available", lang, what=what, file=file, n=len(dataset.data)))
    source = f"{ep.source_text(lang, editions=(edition, edition))} ({file})"
    rows = ea.official_rows(dataset, iso3)
    sn = state_name(iso3, name, lang)
    if rows.empty:
        md(L("text.official_missing_state", lang, what=what, country=sn))
        return None
    show_table(rows.astype(str), f"egdi_{kind}_{iso3.lower()}",
               caption=L("table.official", lang, what=what, country=sn), source=source, lang=lang)
    if kind in ("osi_subindices", "losi"):
        from .official import SUBINDICES

        r = rows.iloc[0]
        vals = pd.DataFrame({"label": [L(f"subindex.{'ep' if k == 'epi' else k}", lang) for k in SUBINDICES],
                             "value": [float(r[k]) for k in SUBINDICES]})
        who = f"{r['city']} ({sn})" if kind == "losi" else sn
        fig = ep.fig_bars(vals, "label", "value", ep.fig_name(kind, iso3, lang),
                           title=L("fig.official.title", lang, what=what, who=who),
                           caption=L("fig.official.caption", lang, what=what, who=who, edition=edition),
                           source=source,
                           alt=L("fig.official.alt", lang, what=what, who=who,
                                 values=", ".join(f"{a} {fmt(b)}" for a, b in zip(vals["label"], vals["value"]))))
        return fig.save()
    return None


# --------------------------------------------------------------------------- methodology changes

def method_breaks_table(lang: str = "en") -> pd.DataFrame:
    """The methodology changes the report marks (° on the decomposition), each with its source."""
    return pd.DataFrame([{L("col.edition", lang): str(ed), L("colx.change_in_method", lang): L(f"break.{key}", lang),
                          L("colx.method_source", lang): ea.METHOD_BREAK_SOURCES[key]}
                         for ed, key in sorted(ea.METHOD_BREAKS.items())])
