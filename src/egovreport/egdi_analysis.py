"""EGDI analysis of one Member State: profile, benchmarks, diagnosis and peers.

Every function takes an :class:`EgdiInputs` bundle (the processed EGDI table of
all editions plus the country groupings, read through :mod:`egovreport.datasets`)
so notebooks, the 193-country batch and the tests share one implementation.

Methodology (UN DESA, *E-Government Survey*, Annex "Survey methodology", e.g. the
2016 and 2024 editions): EGDI = (OSI + TII + HCI) / 3, each component z-scored and
then min–max normalised within its edition. Consequences used here:

* index values are *relative* to the other states of the same edition; a change
  between editions mixes a country's own progress with everyone else's;
* the early editions are not strictly comparable with the later ones (TII and HCI
  were not rescaled to a maximum of 1 before 2012; HCI inputs and weights changed
  in 2014; TII indicators changed in 2020 and 2024), see :data:`METHOD_BREAKS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from .errors import ParameterError

INDICATORS = ("egdi", "osi", "tii", "hci", "epi")
COMPONENTS = ("osi", "tii", "hci")
SPECIAL_GROUPS = ("lldc", "ldc", "sids")
LEVELS = ("low", "middle", "high", "very_high")
# EGDI level thresholds (UN DESA E-Government Survey, "EGDI levels"): lower bounds.
LEVEL_LOWER_BOUNDS = {"low": 0.0, "middle": 0.25, "high": 0.50, "very_high": 0.75}
RANK_COLUMNS = ("egdi_rank",)

# Edition pairs whose change spans a methodology break (UN DESA Survey annexes;
# see data/raw SOURCES §6). Key = the later edition of the pair.
METHOD_BREAKS = {
    2012: "rescaled",   # from 2012 TII and HCI are min–max rescaled to [0, 1]; not before
    2014: "hci_method",  # HCI adds expected and mean years of schooling (weights 1/3, 2/9×3)
    2020: "tii_method",  # TII: four ITU indicators (fixed telephone dropped)
    2024: "tii_method",  # TII: affordability baskets added
}
# Rating classes were introduced in the 2020 Survey (SOURCES §6); earlier classes are not shown.
RATING_CLASS_FIRST_EDITION = 2020
# Before this edition TII and HCI were not rescaled to [0, 1] (SOURCES §3.1).
FIRST_RESCALED_EDITION = 2012

# Concept note (UN DESA, *Capacity Development Workshop ... Mongolia*, 3–4 Dec 2024,
# section 1): the claims notebook 02 verifies. These are quotations to check, not results.
CONCEPT_NOTE = {
    "country": "MNG",
    "edition": 2024,
    "egdi_2005": 0.3962,
    "egdi_2024": 0.8457,
    "rank_gain": 28,
    "rank_previous": 74,  # 2022 rank and 2024 rank: Survey 2024 as reported (SOURCES §6)
    "rank_current": 46,
    "osi_top_n_lldc": 5,
}


@dataclass(frozen=True)
class EgdiInputs:
    """The processed data one EGDI analysis needs.

    ``panel``: one row per state × edition (``iso3, country, edition, egdi, osi,
    tii, hci, epi, egdi_rank, level, rating_class``); values of states not
    assessed in an edition are missing (never 0).
    ``groupings``: one row per Member State (``iso3, region, sub_region, lldc,
    ldc, sids, income_group``).
    """

    panel: pd.DataFrame
    groupings: pd.DataFrame
    editions: tuple[int, ...] = field(default=())
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def edition_table(self, edition: int) -> pd.DataFrame:
        """All states of one edition joined to their groupings (index = iso3)."""
        return _edition_table(self, int(edition))


def _prepare_panel(panel: pd.DataFrame) -> pd.DataFrame:
    panel = panel.copy()
    panel["edition"] = panel["edition"].astype(int)
    if "not_assessed" in panel.columns:
        mask = panel["not_assessed"].fillna(False).astype(bool)
        cols = [c for c in (*INDICATORS, *RANK_COLUMNS) if c in panel.columns]
        panel.loc[mask, cols] = np.nan
    for col in (*INDICATORS, "egdi_rank"):
        panel[col] = pd.to_numeric(panel[col], errors="coerce").astype(float)
    return panel.sort_values(["edition", "iso3"]).reset_index(drop=True)


def make_inputs(panel: pd.DataFrame, groupings: pd.DataFrame) -> EgdiInputs:
    """Bundle a panel and groupings (used by :func:`load_inputs` and by tests)."""
    panel = _prepare_panel(panel)
    groupings = groupings.copy()
    for g in SPECIAL_GROUPS:
        groupings[g] = groupings[g].fillna(False).astype(bool)
    editions = tuple(sorted(int(e) for e in panel["edition"].unique()))
    return EgdiInputs(panel=panel, groupings=groupings.set_index("iso3", drop=False), editions=editions)


@lru_cache(maxsize=1)
def load_inputs() -> EgdiInputs:
    """Read the processed EGDI panel and groupings through :mod:`egovreport.datasets`.

    Cached per process: the batch loads the data once per worker.
    """
    from . import datasets

    return make_inputs(datasets.load_egdi_wide(), datasets.load_groupings())


def _edition_table(inputs: EgdiInputs, edition: int) -> pd.DataFrame:
    cache = inputs._cache
    if edition not in cache:
        ed = inputs.panel[inputs.panel["edition"] == edition].set_index("iso3", drop=False)
        ed = ed.reindex(inputs.groupings.index)  # every Member State, even if absent
        ed["iso3"] = ed.index
        ed["edition"] = edition
        grp = inputs.groupings.drop(columns=[c for c in ("iso3", "country") if c in inputs.groupings])
        grp = grp.drop(columns=[c for c in grp.columns if c in ed.columns])
        cache[edition] = ed.join(grp, how="left")
    return cache[edition]


# --------------------------------------------------------------------------- parameters

def check_country(inputs: EgdiInputs, iso3: str) -> str:
    """Upper-case ISO3 code of a Member State, or :class:`ParameterError`."""
    code = str(iso3).strip().upper()
    if code not in inputs.groupings.index:
        raise ParameterError(
            f"country {iso3!r} is not the ISO3 code of a UN Member State in the processed data "
            f"(e.g. 'MNG', 'KAZ', 'FJI', 'DNK')")
    return code


def check_edition(inputs: EgdiInputs, edition: int) -> int:
    """A Survey edition present in the data, or :class:`ParameterError`."""
    try:
        ed = int(edition)
    except (TypeError, ValueError):
        raise ParameterError(f"edition {edition!r} is not a year") from None
    if ed not in inputs.editions:
        raise ParameterError(
            f"edition {edition!r} is not a Survey edition in the data; editions: "
            f"{', '.join(map(str, inputs.editions))}")
    return ed


def previous_edition(inputs: EgdiInputs, edition: int) -> int | None:
    """The Survey edition before ``edition`` (None for the first)."""
    earlier = [e for e in inputs.editions if e < edition]
    return earlier[-1] if earlier else None


def country_name(inputs: EgdiInputs, iso3: str) -> str:
    """Name of the state as in the latest edition of the Survey data."""
    rows = inputs.panel[inputs.panel["iso3"] == iso3]
    if "country" in rows and rows["country"].notna().any():
        return str(rows.sort_values("edition")["country"].dropna().iloc[-1])
    return iso3


# --------------------------------------------------------------------------- levels

def level_id(egdi: float | None) -> str | None:
    """EGDI level id (``low|middle|high|very_high``) for a value.

    UN DESA E-Government Survey: Very High ≥ 0.75, High 0.50–0.75, Middle
    0.25–0.50, Low < 0.25 (delegates to :func:`egovreport.methodology.egdi_level`).
    """
    if egdi is None or pd.isna(egdi):
        return None
    from . import methodology

    return normalise_level(methodology.egdi_level(float(egdi)))


def normalise_level(level) -> str | None:
    """Map a level label ("Very High", "very_high", "VH"...) to its id."""
    if level is None or (not isinstance(level, str) and pd.isna(level)):
        return None
    s = str(level).strip().lower().replace("-", " ").replace("_", " ")
    mapping = {"very high": "very_high", "high": "high", "middle": "middle", "low": "low"}
    if s in mapping:
        return mapping[s]
    raise ValueError(f"unknown EGDI level {level!r}")


def next_level(level: str | None) -> str | None:
    """The level above ``level`` (None at the top or when unknown)."""
    if level is None or level not in LEVELS or level == LEVELS[-1]:
        return None
    return LEVELS[LEVELS.index(level) + 1]


def distance_to_next_level(egdi: float | None) -> tuple[str | None, float | None]:
    """(next level id, EGDI points missing to reach its lower bound); (None, None) at the top."""
    lvl = level_id(egdi)
    nxt = next_level(lvl)
    if nxt is None:
        return None, None
    return nxt, LEVEL_LOWER_BOUNDS[nxt] - float(egdi)


# --------------------------------------------------------------------------- profile

def membership(inputs: EgdiInputs, iso3: str) -> dict:
    """Region, sub-region, special groups and income group of a state."""
    g = inputs.groupings.loc[iso3]
    return {
        "region": _str_or_none(g.get("region")),
        "sub_region": _str_or_none(g.get("sub_region")),
        "groups": [k for k in SPECIAL_GROUPS if bool(g.get(k))],
        "income_group": _str_or_none(g.get("income_group")),
    }


def _str_or_none(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    v = str(v).strip()
    return None if v.lower() in ("", "nan", "<na>", "none") else v


def country_series(inputs: EgdiInputs, iso3: str) -> pd.DataFrame:
    """One row per edition: EGDI, components, EPI, rank, level and rating class.

    Editions in which the state was not assessed keep their row with missing values.
    """
    rows = inputs.panel[inputs.panel["iso3"] == iso3].sort_values("edition")
    out = rows[["edition", *INDICATORS, "egdi_rank"]].copy()
    out["n_ranked"] = out["edition"].map(
        inputs.panel.dropna(subset=["egdi"]).groupby("edition")["iso3"].size())
    out["level"] = [level_id(v) for v in out["egdi"]]
    out["rating_class"] = rows["rating_class"].values if "rating_class" in rows else None
    out.loc[out["egdi"].isna(), "rating_class"] = None
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class Benchmark:
    """A comparison group: id (``world``, ``region``, ``sub_region``, ``lldc``...), label, members."""

    id: str
    name: str
    members: tuple[str, ...]


def benchmark_groups(inputs: EgdiInputs, iso3: str) -> list[Benchmark]:
    """The groups a state is compared with: world, its M49 region and sub-region,
    each special group it belongs to (LLDC, LDC, SIDS) and its World Bank income group.

    Membership is the current one (M49 table and FY2025 income classification) for
    every edition, so each average line follows one fixed set of states.
    """
    g = inputs.groupings
    m = membership(inputs, iso3)
    out = [Benchmark("world", "World", tuple(g.index))]
    if m["region"]:
        out.append(Benchmark("region", m["region"], tuple(g.index[g["region"] == m["region"]])))
    if m["sub_region"]:
        out.append(Benchmark("sub_region", m["sub_region"],
                             tuple(g.index[g["sub_region"] == m["sub_region"]])))
    for grp in m["groups"]:
        out.append(Benchmark(grp, grp.upper(), tuple(g.index[g[grp]])))
    if m["income_group"]:
        out.append(Benchmark("income_group", m["income_group"],
                             tuple(g.index[g["income_group"] == m["income_group"]])))
    return out


def _aggregates(inputs: EgdiInputs) -> pd.DataFrame:
    """Group means of every edition (:func:`egovreport.methodology.group_aggregates`), cached:
    they do not depend on the state, so the batch computes them once per worker."""
    if "aggregates" not in inputs._cache:
        from . import methodology

        groupings = inputs.groupings.reset_index(drop=True)
        frames = [methodology.group_aggregates(inputs.panel, groupings, ed,
                                               by=("world", "region", "sub_region", *SPECIAL_GROUPS, "income_group"),
                                               indicators=INDICATORS)
                  for ed in inputs.editions]
        inputs._cache["aggregates"] = pd.concat(frames, ignore_index=True)
    return inputs._cache["aggregates"]


_AGG_LABEL = {"world": "World", "lldc": "LLDC", "ldc": "LDC", "sids": "SIDS"}


def benchmark_series(inputs: EgdiInputs, iso3: str) -> pd.DataFrame:
    """Average EGDI, components and EPI of each benchmark group in every edition.

    Long table: ``benchmark, name, edition, n, egdi, osi, tii, hci, epi`` — simple
    (unweighted) means over the members assessed in that edition, from
    :func:`egovreport.methodology.group_aggregates` (FY2025 income groups);
    ``n`` counts the members with an EGDI.
    """
    agg = _aggregates(inputs)
    frames = []
    for b in benchmark_groups(inputs, iso3):
        grouping = b.id
        label = _AGG_LABEL.get(b.id, b.name)
        sub = agg[(agg["grouping"] == grouping) & (agg["group"] == label)]
        wide = sub.pivot(index="edition", columns="indicator", values="mean").reindex(columns=list(INDICATORS))
        n = sub[sub["indicator"] == "egdi"].set_index("edition")["n"]
        wide = wide.reindex(list(inputs.editions))
        wide["n"] = n.reindex(wide.index).fillna(0).astype(int)
        wide = wide.reset_index().rename(columns={"index": "edition"})
        wide.insert(0, "benchmark", b.id)
        wide.insert(1, "name", b.name)
        frames.append(wide)
    out = pd.concat(frames, ignore_index=True)
    out.columns.name = None
    return out


def benchmarks_for_edition(inputs: EgdiInputs, iso3: str, edition: int) -> dict:
    """``{benchmark id: {name, egdi_mean, osi_mean, tii_mean, hci_mean, epi_mean, n}}`` for one edition."""
    s = benchmark_series(inputs, iso3)
    s = s[s["edition"] == edition]
    out = {}
    for _, r in s.iterrows():
        out[r["benchmark"]] = {"name": r["name"], "n": int(r["n"]),
                               **{f"{k}_mean": _f(r[k]) for k in INDICATORS}}
    return out


def _f(v):
    return None if v is None or pd.isna(v) else float(v)


def _i(v):
    return None if v is None or pd.isna(v) else int(v)


def rank_trajectory(inputs: EgdiInputs, iso3: str) -> pd.DataFrame:
    """EGDI rank per edition with the number of states ranked and the change
    (positive = moved up) since the previous edition with a rank.

    Ranks are relative: a state can lose places while its own EGDI rises.
    """
    s = country_series(inputs, iso3)[["edition", "egdi", "egdi_rank", "n_ranked"]].copy()
    prev = s["egdi_rank"].where(s["egdi_rank"].notna()).ffill().shift(1)
    s["rank_change"] = prev - s["egdi_rank"]
    s["top_share"] = s["egdi_rank"] / s["n_ranked"]
    return s


def _rank_desc(values: pd.Series) -> pd.Series:
    """1 = highest value; ties share the best rank (UN practice)."""
    return values.rank(ascending=False, method="min")


def group_positions(inputs: EgdiInputs, iso3: str, edition: int) -> list[dict]:
    """The state's position inside each special group it belongs to (LLDC/LDC/SIDS).

    For each group: rank by EGDI and by OSI among members; how many members have
    a very high OSI (≥ 0.75, the EGDI level bounds applied to OSI as in the
    Survey's OSI groups); and the rank of the state's rank gain since the previous
    edition among the members at the same EGDI level (1 = largest gain).
    """
    prev = previous_edition(inputs, edition)
    cur = inputs.edition_table(edition)
    before = inputs.edition_table(prev)["egdi_rank"] if prev else None
    out = []
    for grp in membership(inputs, iso3)["groups"]:
        members = cur[cur[grp] & cur["egdi"].notna()].copy()
        members["egdi_rank_in_group"] = _rank_desc(members["egdi"])
        members["osi_rank_in_group"] = _rank_desc(members["osi"])
        members["level"] = [level_id(v) for v in members["egdi"]]
        lvl = members.loc[iso3, "level"]
        same = members[members["level"] == lvl].copy()
        rc_rank = None
        rank_change = None
        n_sharing = None
        if before is not None:
            same["rank_change"] = before.reindex(same.index) - same["egdi_rank"]
            same["rank_change_rank"] = _rank_desc(same["rank_change"].dropna()).reindex(same.index)
            rank_change = _f(same.loc[iso3, "rank_change"])
            rc_rank = _i(same.loc[iso3, "rank_change_rank"])
            # ties share the best rank: "largest" only when no other state has the same gain
            n_sharing = int((same["rank_change_rank"] == rc_rank).sum()) if rc_rank is not None else None
        vh_osi = members[members["osi"] >= LEVEL_LOWER_BOUNDS["very_high"]]
        out.append({
            "group": grp,
            "egdi_rank_in_group": _i(members.loc[iso3, "egdi_rank_in_group"]),
            "n_in_group": int(len(members)),
            "osi_rank_in_group": _i(members.loc[iso3, "osi_rank_in_group"]),
            "level": lvl,
            "n_same_level": int(len(same)),
            "rank_change": _i(rank_change),
            "rank_change_rank_in_group": rc_rank,
            "n_sharing_rank_change_rank": n_sharing,
            "n_sharing_egdi_rank": int((members["egdi_rank_in_group"] == members.loc[iso3, "egdi_rank_in_group"]).sum()),
            "n_sharing_osi_rank": int((members["osi_rank_in_group"] == members.loc[iso3, "osi_rank_in_group"]).sum())
            if pd.notna(members.loc[iso3, "osi_rank_in_group"]) else None,
            "n_very_high_osi_in_group": int(len(vh_osi)),
            "very_high_osi": bool(iso3 in vh_osi.index),
            "group_leader_iso3": str(members["egdi"].idxmax()),
        })
    return out


# --------------------------------------------------------------------------- claims

def concept_note_claims(inputs: EgdiInputs, iso3: str, edition: int) -> pd.DataFrame:
    """The concept note's statements about Mongolia checked against the data.

    For states outside the LLDCs the group claims use the state's first special
    group (``attrs["group"]``; None when it is in none).
    Columns: ``claim`` (id), ``stated`` (the concept note's value, or None when the
    run is not Mongolia 2024), ``in_data`` (the same measure computed for the
    run's state), ``verdict`` (``match|mismatch|not_applicable``). Values are
    compared at the concept note's precision (4 decimals for indices).
    """
    series = country_series(inputs, iso3).set_index("edition")
    applicable = iso3 == CONCEPT_NOTE["country"] and edition == CONCEPT_NOTE["edition"]
    prev = previous_edition(inputs, edition)
    traj = rank_trajectory(inputs, iso3).set_index("edition")
    positions = {p["group"]: p for p in group_positions(inputs, iso3, edition)}
    # the claims are about LLDCs; other states get the same measures for their own group
    group = "lldc" if "lldc" in positions else next(iter(positions), None)
    lldc = positions.get(group) if group else None

    def egdi_at(ed):
        return _f(series["egdi"].get(ed)) if ed in series.index else None

    rows = []

    def add(claim, stated, in_data, ok):
        if not applicable:
            verdict = "not_applicable"
        else:
            verdict = "match" if ok else "mismatch"
        rows.append({"claim": claim, "stated": stated if applicable else None,
                     "in_data": in_data, "verdict": verdict})

    e05 = egdi_at(2005)
    add("egdi_2005", CONCEPT_NOTE["egdi_2005"], e05,
        e05 is not None and round(e05, 4) == CONCEPT_NOTE["egdi_2005"])
    e_cur = egdi_at(edition)
    add("egdi_current", CONCEPT_NOTE["egdi_2024"], e_cur,
        e_cur is not None and round(e_cur, 4) == CONCEPT_NOTE["egdi_2024"])
    rank_now = _i(traj["egdi_rank"].get(edition))
    rank_prev = _i(traj["egdi_rank"].get(prev)) if prev else None
    add("rank_previous", CONCEPT_NOTE["rank_previous"], rank_prev, rank_prev == CONCEPT_NOTE["rank_previous"])
    add("rank_current", CONCEPT_NOTE["rank_current"], rank_now, rank_now == CONCEPT_NOTE["rank_current"])
    gain = _i(traj["rank_change"].get(edition))
    add("rank_gain", CONCEPT_NOTE["rank_gain"], gain, gain == CONCEPT_NOTE["rank_gain"])
    most = lldc["rank_change_rank_in_group"] if lldc else None
    add("largest_gain_group_same_level", 1, most, most == 1)
    osi_rank = lldc["osi_rank_in_group"] if lldc else None
    add("osi_top5_group", CONCEPT_NOTE["osi_top_n_lldc"], osi_rank,
        osi_rank is not None and osi_rank <= CONCEPT_NOTE["osi_top_n_lldc"] and lldc["very_high_osi"])
    out = pd.DataFrame(rows)
    out.attrs["group"] = group
    return out


# --------------------------------------------------------------------------- diagnosis

def limiting_component(inputs: EgdiInputs, iso3: str, edition: int) -> str | None:
    """The lowest of OSI, TII and HCI for the state in ``edition`` (None if not assessed).

    With equal 1/3 weights, raising the lowest component is not automatically the
    cheapest way up, but it is the one furthest from the best performer (each
    component's maximum is 1 from 2012 on).
    """
    row = inputs.edition_table(edition).loc[iso3, list(COMPONENTS)]
    if row.isna().all():
        return None
    return str(row.astype(float).idxmin())


def component_diagnosis(inputs: EgdiInputs, iso3: str, edition: int) -> pd.DataFrame:
    """For each of OSI, TII and HCI: the state's value, its rank among the states
    assessed, the world and group means and the best value (the leader's)."""
    cur = inputs.edition_table(edition)
    bm = benchmarks_for_edition(inputs, iso3, edition)
    rows = []
    for comp in COMPONENTS:
        vals = cur[comp].dropna()
        ranks = _rank_desc(vals)
        row = {"component": comp, "value": _f(cur.loc[iso3, comp]),
               "rank": _i(ranks.get(iso3)), "n": int(len(vals)),
               "best": float(vals.max()), "best_iso3": str(vals.idxmax()),
               "world_mean": bm["world"][f"{comp}_mean"]}
        for key in bm:
            if key in SPECIAL_GROUPS or key in ("sub_region", "income_group", "region"):
                row[f"{key}_mean"] = bm[key][f"{comp}_mean"]
        row["gap_to_best"] = None if row["value"] is None else row["best"] - row["value"]
        rows.append(row)
    return pd.DataFrame(rows)


def distance_to_leaders(inputs: EgdiInputs, iso3: str, edition: int, top_n: int = 10) -> pd.DataFrame:
    """EGDI points between the state and reference leaders in ``edition``:
    the top-ranked state, the mean of the top ``top_n``, the best of its
    sub-region and the best of each special group it belongs to.

    Columns: ``reference, iso3, egdi, distance`` (reference minus the state's EGDI).
    """
    cur = inputs.edition_table(edition).dropna(subset=["egdi"])
    own = float(cur.loc[iso3, "egdi"])
    rows = []
    leader = cur["egdi"].idxmax()
    rows.append({"reference": "leader", "iso3": str(leader), "egdi": float(cur.loc[leader, "egdi"])})
    top = cur.nlargest(top_n, "egdi")
    rows.append({"reference": f"top{top_n}_mean", "iso3": None, "egdi": float(top["egdi"].mean())})
    m = membership(inputs, iso3)
    if m["sub_region"]:
        sr = cur[cur["sub_region"] == m["sub_region"]]
        best = sr["egdi"].idxmax()
        rows.append({"reference": "sub_region_leader", "iso3": str(best), "egdi": float(sr.loc[best, "egdi"])})
    for grp in m["groups"]:
        gm = cur[cur[grp]]
        best = gm["egdi"].idxmax()
        rows.append({"reference": f"{grp}_leader", "iso3": str(best), "egdi": float(gm.loc[best, "egdi"])})
    out = pd.DataFrame(rows)
    out["distance"] = out["egdi"] - own
    return out


def decompose_changes(inputs: EgdiInputs, iso3: str) -> pd.DataFrame:
    """Change of EGDI between consecutive editions split into OSI, TII and HCI parts.

    Since EGDI = (OSI + TII + HCI)/3, ΔEGDI = ΔOSI/3 + ΔTII/3 + ΔHCI/3 exactly;
    ``residual`` = published ΔEGDI − sum of the parts (rounding of the published
    values; larger in 2008 and 2010, where the UN's EGDI differs from the mean of its
    published components). ``note`` names a methodology break between the two
    editions (:data:`METHOD_BREAKS`); ``comparable`` is False for such pairs and for
    every pair involving an edition before :data:`FIRST_RESCALED_EDITION`.
    Editions in which the state was not assessed are skipped.
    """
    s = country_series(inputs, iso3).dropna(subset=["egdi", *COMPONENTS])
    s = s.reset_index(drop=True)
    rows = []
    for i in range(1, len(s)):
        a, b = s.iloc[i - 1], s.iloc[i]
        fr, to = int(a["edition"]), int(b["edition"])
        contrib = {f"{c}_contribution": (b[c] - a[c]) / 3 for c in COMPONENTS}
        change = b["egdi"] - a["egdi"]
        breaks = [METHOD_BREAKS[e] for e in inputs.editions if fr < e <= to and e in METHOD_BREAKS]
        note = ",".join(dict.fromkeys(breaks)) or None
        rows.append({"from_edition": fr, "to_edition": to, "egdi_change": float(change),
                     **{k: float(v) for k, v in contrib.items()},
                     "residual": float(change - sum(contrib.values())),
                     "note": note,
                     "comparable": note is None and fr >= FIRST_RESCALED_EDITION})
    cols = ["from_edition", "to_edition", "egdi_change", *(f"{c}_contribution" for c in COMPONENTS),
            "residual", "note", "comparable"]
    return pd.DataFrame(rows, columns=cols)


def recompute_check(inputs: EgdiInputs, iso3: str | None = None) -> pd.DataFrame:
    """Per edition: largest |published EGDI − mean(OSI, TII, HCI)| over all states,
    the state where it occurs, and (if ``iso3``) the run state's own deviation.

    Uses :func:`egovreport.methodology.egdi_from_components`. Expected: ≤ 1e-4
    from 2012 on (rounding); up to ~0.014 in 2008 and 0.004 in 2010 (SOURCES §3.3).
    """
    from . import methodology

    p = inputs.panel.dropna(subset=["egdi", *COMPONENTS]).copy()
    p["recomputed"] = methodology.egdi_from_components(p["osi"], p["tii"], p["hci"])
    p["deviation"] = p["egdi"] - p["recomputed"]
    rows = []
    for ed, g in p.groupby("edition"):
        worst = g["deviation"].abs().idxmax()
        row = {"edition": int(ed), "n": int(len(g)),
               "max_abs_deviation": float(g["deviation"].abs().max()),
               "state_with_max": str(g.loc[worst, "iso3"])}
        if iso3 is not None:
            own = g[g["iso3"] == iso3]
            row["own_deviation"] = float(own["deviation"].iloc[0]) if len(own) else None
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- peers

PEER_RULE = (
    "Peers: up to {n} states of the same UN M49 sub-region, then up to {n} states of the same "
    "special group (LLDC, LDC or SIDS; if the state is in none, of the same World Bank income "
    "group), then up to {n} further states, each time those with the nearest EGDI in the "
    "edition (ties broken by ISO3 code); states not assessed in the edition are excluded.")


@dataclass(frozen=True)
class PeerSelection:
    """Chosen peers, the rule that chose them (``rule_id``: ``documented|parameter``) and why each."""

    rule_id: str
    rule: str
    peers: tuple[str, ...]
    reasons: dict[str, str]


def select_peers(inputs: EgdiInputs, iso3: str, edition: int, peers=None, n_per_step: int = 2) -> PeerSelection:
    """Peers of ``iso3`` by the documented rule :data:`PEER_RULE`, or ``peers`` if given.

    ``reasons`` maps each peer to ``sub_region|<group>|income_group|nearest_egdi|parameter``.
    """
    if peers:
        chosen = []
        for p in peers:
            code = check_country(inputs, p)
            if code != iso3 and code not in chosen:
                chosen.append(code)
        return PeerSelection("parameter", "Peers passed as the `peers` parameter.", tuple(chosen),
                             {c: "parameter" for c in chosen})
    cur = inputs.edition_table(edition).dropna(subset=["egdi"])
    own = float(cur.loc[iso3, "egdi"])
    dist = (cur["egdi"] - own).abs().drop(index=iso3)
    order = sorted(dist.index, key=lambda c: (round(float(dist[c]), 10), c))
    m = membership(inputs, iso3)
    steps = []
    if m["sub_region"]:
        steps.append(("sub_region", set(cur.index[cur["sub_region"] == m["sub_region"]])))
    if m["groups"]:
        members = set()
        for grp in m["groups"]:
            members |= set(cur.index[cur[grp]])
        steps.append(("+".join(m["groups"]), members))
    elif m["income_group"]:
        steps.append(("income_group", set(cur.index[cur["income_group"] == m["income_group"]])))
    steps.append(("nearest_egdi", set(cur.index)))
    chosen: list[str] = []
    reasons: dict[str, str] = {}
    for reason, pool in steps:
        picked = [c for c in order if c in pool and c not in reasons][:n_per_step]
        for c in picked:
            chosen.append(c)
            reasons[c] = reason
    return PeerSelection("documented", PEER_RULE.format(n=n_per_step), tuple(chosen), reasons)


def peer_table(inputs: EgdiInputs, iso3: str, peers, edition: int) -> pd.DataFrame:
    """Country and peers in ``edition``: indices, rank now and in the previous edition,
    sorted by EGDI (highest first)."""
    prev = previous_edition(inputs, edition)
    codes = [iso3, *[p for p in peers if p != iso3]]
    cur = inputs.edition_table(edition).reindex(codes)
    out = pd.DataFrame({"iso3": codes,
                        "country": [country_name(inputs, c) for c in codes],
                        **{k: cur[k].values for k in INDICATORS},
                        "egdi_rank": cur["egdi_rank"].values})
    if prev:
        out["egdi_rank_previous"] = inputs.edition_table(prev)["egdi_rank"].reindex(codes).values
        out["egdi_previous"] = inputs.edition_table(prev)["egdi"].reindex(codes).values
    else:
        out["egdi_rank_previous"] = np.nan
        out["egdi_previous"] = np.nan
    return out.sort_values("egdi", ascending=False, na_position="last").reset_index(drop=True)


def all_states(inputs: EgdiInputs, edition: int) -> pd.DataFrame:
    """Every state assessed in ``edition`` with its region and indices, by EGDI (highest first)."""
    cur = inputs.edition_table(edition).dropna(subset=["egdi"]).reset_index(drop=True)
    cur["level"] = [level_id(v) for v in cur["egdi"]]
    return cur.sort_values(["egdi", "iso3"], ascending=[False, True]).reset_index(drop=True)


# --------------------------------------------------------------------------- e-participation

def epart_ranks(inputs: EgdiInputs, edition: int) -> pd.Series:
    """E-Participation rank derived from the published EPI (1 = highest, ties share the
    best rank). Derived here: the UN publishes its own EPI ranking, not in our files."""
    cur = inputs.edition_table(edition)
    return _rank_desc(cur["epi"].dropna())


def epart_summary(inputs: EgdiInputs, iso3: str, edition: int) -> dict:
    """EPI of the state in ``edition``, its derived rank, the previous edition's, and
    the correlation of EPI with OSI across states (EPI is built from the OSI
    questionnaire's e-participation questions, so the two move together)."""
    prev = previous_edition(inputs, edition)
    cur = inputs.edition_table(edition)
    ranks = epart_ranks(inputs, edition)
    both = cur.dropna(subset=["epi", "osi"])
    out = {"epi": _f(cur.loc[iso3, "epi"]), "epi_rank": _i(ranks.get(iso3)),
           "n": int(ranks.size), "epi_osi_correlation": float(both["epi"].corr(both["osi"])),
           "epi_world_mean": _f(cur["epi"].mean())}
    if prev:
        pr = epart_ranks(inputs, prev)
        out.update({"previous_edition": prev, "epi_previous": _f(inputs.edition_table(prev).loc[iso3, "epi"]),
                    "epi_rank_previous": _i(pr.get(iso3))})
    return out


# --------------------------------------------------------------------------- rating classes

def rating_class_bounds(inputs: EgdiInputs, edition: int, level: str) -> dict[str, list[float]]:
    """EGDI values separating the four rating classes inside ``level`` in ``edition``, under
    the two readings of the class rule (:func:`egovreport.methodology.rating_class`):
    ``quartile`` (quarters of the level's states: midpoint between the last state of one
    class and the first of the next) and ``equal_width`` (quarters of the level's interval)."""
    from . import methodology

    cur = all_states(inputs, edition)
    members = cur[cur["level"] == level].sort_values("egdi")
    classes = methodology.rating_class(cur["egdi"], method="quartile")
    members = members.assign(cls=classes.reindex(members.index).values)
    quart = []
    for a, b in zip(members.itertuples(), list(members.itertuples())[1:]):
        if a.cls != b.cls:
            quart.append((a.egdi + b.egdi) / 2)
    lo = LEVEL_LOWER_BOUNDS[level]
    hi = LEVEL_LOWER_BOUNDS[next_level(level)] if next_level(level) else 1.0
    equal = [lo + (hi - lo) * k / 4 for k in (1, 2, 3)]
    return {"quartile": quart, "equal_width": equal}


# --------------------------------------------------------------------------- results (RESULTS_CONTRACT)

def profile_results(inputs: EgdiInputs, iso3: str, edition: int) -> dict:
    """The ``egdi_country_profile`` results (keys of ``RESULTS_CONTRACT.md``)."""
    iso3 = check_country(inputs, iso3)
    edition = check_edition(inputs, edition)
    prev = previous_edition(inputs, edition)
    series = country_series(inputs, iso3)
    by_ed = series.set_index("edition")
    with_data = series.dropna(subset=["egdi"])
    cur = by_ed.loc[edition]
    m = membership(inputs, iso3)
    rank_prev = _i(by_ed["egdi_rank"].get(prev)) if prev else None
    rank_now = _i(cur["egdi_rank"])
    bm = benchmarks_for_edition(inputs, iso3, edition)
    return {
        "country": iso3, "country_name": country_name(inputs, iso3), "edition": edition,
        "previous_edition": prev,
        "first_edition": _i(with_data["edition"].iloc[0]) if len(with_data) else None,
        **{k: _f(cur[k]) for k in INDICATORS},
        "egdi_rank": rank_now, "egdi_rank_previous": rank_prev,
        "rank_change": (rank_prev - rank_now) if rank_prev is not None and rank_now is not None else None,
        "n_ranked": _i(cur["n_ranked"]),
        "level": cur["level"], "rating_class": cur["rating_class"] if isinstance(cur["rating_class"], str) else None,
        "egdi_first": _f(with_data["egdi"].iloc[0]) if len(with_data) else None,
        "egdi_2005": _f(by_ed["egdi"].get(2005)) if 2005 in by_ed.index else None,
        "series": [{"edition": int(r["edition"]), **{k: _f(r[k]) for k in INDICATORS},
                    "egdi_rank": _i(r["egdi_rank"]), "level": r["level"],
                    "rating_class": r["rating_class"] if isinstance(r["rating_class"], str) else None}
                   for _, r in series.iterrows()],
        "benchmarks": bm,
        "groups": m["groups"], "region": m["region"], "sub_region": m["sub_region"],
        "income_group": m["income_group"],
        "group_position": group_positions(inputs, iso3, edition),
    }


def diagnosis_results(inputs: EgdiInputs, iso3: str, edition: int) -> dict:
    """The ``egdi_component_diagnosis`` results (keys of ``RESULTS_CONTRACT.md``)."""
    iso3 = check_country(inputs, iso3)
    edition = check_edition(inputs, edition)
    cur = inputs.edition_table(edition).loc[iso3]
    nxt, dist = distance_to_next_level(cur["egdi"])
    leaders = distance_to_leaders(inputs, iso3, edition).set_index("reference")
    dec = decompose_changes(inputs, iso3)
    last = dec[dec["to_edition"] == edition]
    last_row = None
    if len(last):
        r = last.iloc[0]
        last_row = {"from_edition": int(r["from_edition"]), "to_edition": int(r["to_edition"]),
                    "egdi_change": float(r["egdi_change"]),
                    **{f"{c}_contribution": float(r[f"{c}_contribution"]) for c in COMPONENTS},
                    "residual": float(r["residual"]), "comparable": bool(r["comparable"]),
                    "note": r["note"] if isinstance(r["note"], str) else None}
    return {
        "country": iso3, "edition": edition,
        "limiting_component": limiting_component(inputs, iso3, edition),
        "components": {c: _f(cur[c]) for c in COMPONENTS},
        "level": level_id(cur["egdi"]),
        "next_level": nxt, "distance_to_next_level": dist,
        "distance_to_leader": float(leaders.loc["leader", "distance"]),
        "leader_iso3": str(leaders.loc["leader", "iso3"]),
        "distance_to_top10_mean": float(leaders.loc["top10_mean", "distance"]),
        "decomposition_last_change": last_row,
    }


def peer_results(inputs: EgdiInputs, iso3: str, edition: int, selection: PeerSelection) -> dict:
    """The ``egdi_peer_benchmarking`` results (keys of ``RESULTS_CONTRACT.md``)."""
    table = peer_table(inputs, iso3, selection.peers, edition)
    rows = []
    for _, r in table.iterrows():
        rows.append({"iso3": r["iso3"], "country": r["country"],
                     **{k: _f(r[k]) for k in ("egdi", "osi", "tii", "hci", "epi")},
                     "egdi_rank": _i(r["egdi_rank"]), "egdi_rank_previous": _i(r["egdi_rank_previous"]),
                     "reason": selection.reasons.get(r["iso3"], "country")})
    return {"country": iso3, "edition": edition, "peer_rule": selection.rule, "peer_rule_id": selection.rule_id,
            "peers": list(selection.peers), "table": rows}


# --------------------------------------------------------------------------- TII / HCI inputs

# Inputs of TII and HCI the Survey uses that this build does not hold (SOURCES §2.9, §5).
MISSING_INPUTS = {
    "tii": ("active_mobile_broadband", "affordability_baskets"),
    "hci": ("adult_literacy", "gross_enrolment_ratio"),
}
# Which processed input series stands for which component (one internet series is enough:
# the WDI copy runs to 2023, the ITU copy to 2020, same ITU definition).
INPUT_INDICATORS = {
    "tii": ("internet_users_pct_wdi", "mobile_cellular_per100", "fixed_broadband_per100"),
    "hci": ("eys", "mys"),
}


def load_input_series() -> pd.DataFrame:
    """TII/HCI input series (long: ``iso3, year, component, indicator, value, unit, source``)
    from :func:`egovreport.datasets.load_tii_hci_inputs`."""
    from . import datasets

    return datasets.load_tii_hci_inputs()


def input_trends(series: pd.DataFrame, inputs: EgdiInputs, iso3: str) -> pd.DataFrame:
    """Per input indicator and year: the state's value and the median of the Member States
    reporting it (``indicator, component, unit, year, value, median, n``)."""
    wanted = [i for comp in INPUT_INDICATORS.values() for i in comp]
    s = series[series["indicator"].isin(wanted) & series["iso3"].isin(inputs.groupings.index)]
    med = s.groupby(["indicator", "year"])["value"].agg(median="median", n="count").reset_index()
    own = s[s["iso3"] == iso3][["indicator", "year", "value"]]
    meta = s.drop_duplicates("indicator").set_index("indicator")[["component", "unit"]]
    out = med.merge(own, on=["indicator", "year"], how="left")
    out = out.join(meta, on="indicator")
    return out[["indicator", "component", "unit", "year", "value", "median", "n"]]


def component_vs_input(series: pd.DataFrame, inputs: EgdiInputs, edition: int, component: str,
                       indicator: str) -> tuple[pd.DataFrame, int | None]:
    """States' ``component`` in ``edition`` against ``indicator`` in the latest year before
    the edition with data (the Survey uses the data of the years before publication).

    Returns (``iso3, component, indicator`` table, input year) — (empty, None) if no year fits.
    """
    s = series[(series["indicator"] == indicator) & (series["year"] < edition)]
    if s.empty:
        return pd.DataFrame(columns=["iso3", component, indicator]), None
    counts = s.groupby("year")["value"].count()
    # latest year covering at least half the Member States (recent years are sparse)
    good = counts[counts >= len(inputs.groupings) / 2]
    year = int(good.index.max()) if len(good) else int(counts.idxmax())
    x = s[s["year"] == year].set_index("iso3")["value"]
    cur = inputs.edition_table(edition)[component]
    df = pd.DataFrame({component: cur, indicator: x.reindex(cur.index)}).dropna()
    df.index.name = "iso3"
    return df.reset_index(), year


# --------------------------------------------------------------------------- official files

OFFICIAL_KINDS = ("osi_subindices", "ogdi", "losi")


def official_dataset(kind: str, edition: int = 2024, raw_dir=None):
    """2024 OSI subindices (``osi_subindices``), OGDI (``ogdi``) or LOSI (``losi``) through the
    data layer's :mod:`egovreport.official` loaders: an ``OptionalDataset`` whose ``available``
    is False (with ``message`` and ``how_to_add``) when the official file is absent."""
    from . import official

    loaders = {"osi_subindices": official.load_osi_subindices, "ogdi": official.load_ogdi,
               "losi": official.load_losi}
    if kind not in loaders:
        raise ParameterError(f"unknown official dataset {kind!r}; use one of {', '.join(OFFICIAL_KINDS)}")
    return loaders[kind](edition, raw_dir=raw_dir)


def official_rows(dataset, iso3: str) -> pd.DataFrame:
    """The state's rows of an available official dataset (for LOSI: its city, the most
    populous one since 2022); empty when the state is not in the file."""
    if not dataset.available or dataset.data is None:
        return pd.DataFrame()
    return dataset.data[dataset.data["iso3"] == iso3].reset_index(drop=True)
