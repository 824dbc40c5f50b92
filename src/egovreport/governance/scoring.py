"""Current level, targets, gaps and priorities per cell of the 4 × 6 matrix.

The scale (0 Absent … 4 Advanced) is project-defined: UN DESA publishes no
rubric for its National Data Governance Framework. Rules follow the project's
research notes (``data-governance.md`` §B.3): ordinal levels, evidence grades
A (documentary/legal) / B (official statement, news) / C (workshop testimony),
gap = target − current, medians (and modes) not means.

**Current level (baseline rule ``"combined"``)**, per cell:

1. the desk-review level, when the desk review assessed the cell with
   confidence A or B — documentary evidence outranks perception;
2. otherwise the survey median (lower median, see :mod:`.survey`), when the
   cell is not suppressed (n ≥ ``min_group_size``) — the best information left;
3. otherwise *not assessed*: no level is guessed. Not-assessed cells are listed
   as evidence gaps and left out of the priority ranking.

Why not a weighted mean of the two: the levels are ordinal and the two sources
measure different things (what the documents show vs what officials perceive);
averaging them would hide exactly the disagreements the workshop should
discuss. Instead, cells where the survey median and the desk level (any
confidence) differ by **two levels or more** are flagged "for discussion".

**Targets** per cell and horizon — short (0–12 months), medium (1–3 years),
long (3–5 years) — are an input (:func:`load_targets`): the project's uniform
defaults ``data/instruments/governance_default_targets.csv`` (2, 3, 4 for every
cell, status ``default``: *to be agreed*), overridden cell by cell by
``data/country/<ISO3>/governance_targets.csv`` (status ``proposed`` or
``agreed``, with its basis). Run parameters (``targets``, ``target_overrides``)
replace both (status ``parameter``). Targets must not decrease from short to long.

**Gap** (one definition, used by the report and the brief): gap = target at the
priority horizon − current level, never negative (a cell at or above its target
has gap 0). With the default priority horizon ``"long"`` it is the whole
distance still to go in 3–5 years. ``gap_<horizon>`` columns hold the same
difference for each horizon; the *next milestone* of a cell is the first
horizon whose target it misses (``action_horizon``), not a second kind of gap.

**Priority score** = gap × importance weight. The weight is the survey's median
importance (1–5, lower median: the scale is ordinal) of the cell; when the
cell's survey answers are suppressed or missing, the neutral midpoint 3 is used.

**Headlines** (:func:`headline_view`): what the brief and the front page state
as strengths, weaknesses and priorities rests on the desk review alone while the
survey responses are illustrative (or absent); with real responses a cell whose
level comes from the survey may be a headline only with at least
:data:`HEADLINE_MIN_N` level answers and at most :data:`HEADLINE_MAX_DONT_KNOW`
"don't know" answers among all its answers. **Ranking**: higher score first; ties
broken by the larger gap, then the higher importance, then framework order
(pillars policy → processes, elements standards → identity), so the order is
always the same for the same inputs.

**Action horizon** of a cell = the first horizon whose target it does not yet
meet (short, medium or long; "none" when it meets all three).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ParameterError
from .framework import CELL_IDS, ELEMENTS, HORIZONS, PILLARS, split_cell
from .survey import lower_median

HORIZON_MONTHS = {"short": (0, 12), "medium": (12, 36), "long": (36, 60)}
DEFAULT_TARGETS = {"short": 2, "medium": 3, "long": 4}
DEFAULT_TARGETS_FILE = "governance_default_targets.csv"   # data/instruments/
COUNTRY_TARGETS_FILE = "governance_targets.csv"           # data/country/<ISO3>/
TARGET_STATUSES = ("default", "proposed", "agreed", "parameter")
# a survey-based cell may be a headline only with enough answers that say something
HEADLINE_MIN_N = 10
HEADLINE_MAX_DONT_KNOW = 0.5
CONFIDENT_GRADES = ("A", "B")
DISAGREEMENT_LEVELS = 2
NEUTRAL_IMPORTANCE = 3.0
STRENGTH_MIN_LEVEL = 3
WEAKNESS_MAX_LEVEL = 1

RULES = ("combined", "survey_first", "desk_only", "survey_only")
SURVEY_STATS = {"median": "median", "midpoint": "median_midpoint", "mean": "mean_level"}
IMPORTANCE_MODES = ("median", "equal", "squared")
MISSING_MODES = ("exclude", "zero", "element_median")

_CELL_ORDER = {c: i for i, c in enumerate(CELL_IDS)}


# --- targets --------------------------------------------------------------------

def _targets_do_not_decrease(d: pd.DataFrame) -> pd.Series:
    """Row check: short ≤ medium ≤ long (rows with a bad level are reported by their column check)."""
    v = {h: pd.to_numeric(d[h], errors="coerce").where(lambda x: x.isin(range(5))) for h in HORIZONS}
    bad = (v["short"] > v["medium"]) | (v["medium"] > v["long"])
    return ~bad.fillna(False).astype(bool)


def cell_order() -> dict[str, int]:
    """``{cell_id: position}`` in framework order (pillars, then elements): the last tie-break
    of the priority ranking."""
    return dict(_CELL_ORDER)


def _targets_schema(statuses: tuple[str, ...], all_cells: bool):
    import pandera.pandas as pa

    from .inputs import text_column

    levels = [str(v) for v in range(5)]
    return pa.DataFrameSchema({
        "cell_id": text_column(allowed=CELL_IDS, unique=True, error="cell id of the framework, e.g. 'policy.privacy', once"),
        **{h: text_column(allowed=levels, error="target level 0–4") for h in HORIZONS},
        "status": text_column(allowed=statuses),
        "basis": text_column(),
    }, checks=[
        pa.Check(_targets_do_not_decrease, error="targets decrease over time; short ≤ medium ≤ long"),
        *([pa.Check(lambda d: set(d["cell_id"]) == set(CELL_IDS), error="every one of the 24 cells needs a row")]
          if all_cells else []),
    ], strict=True)


def _read_targets(path, statuses: tuple[str, ...], all_cells: bool) -> pd.DataFrame:
    from ..tabular import read_text_table
    from .inputs import validate_frame

    cols = ["cell_id", *HORIZONS, "status", "basis"]
    df = validate_frame(read_text_table(path, required_columns=cols), _targets_schema(statuses, all_cells), path)
    for h in HORIZONS:
        df[h] = df[h].astype(int)
    return df


def load_targets(country: str) -> pd.DataFrame:
    """Target level per cell and horizon, and where it comes from.

    The project defaults (``data/instruments/governance_default_targets.csv``, all
    24 cells, status ``default``) overridden by the rows of
    ``data/country/<ISO3>/governance_targets.csv`` when that file exists (status
    ``proposed`` or ``agreed``; ``basis`` says who proposed or agreed it).
    Columns ``cell_id, short, medium, long, target_status, target_basis``.
    A bad file raises :class:`~egovreport.errors.InputError` naming file, row and column.
    """
    from .. import paths
    from .inputs import check_country

    table = _read_targets(paths.instruments_dir() / DEFAULT_TARGETS_FILE, ("default",), all_cells=True)
    own = paths.country_dir(check_country(country)) / COUNTRY_TARGETS_FILE
    if own.exists():
        over = _read_targets(own, ("proposed", "agreed"), all_cells=False).set_index("cell_id")
        table = table.set_index("cell_id")
        table.update(over)
        table = table.reset_index()
        for h in HORIZONS:
            table[h] = table[h].astype(int)
    table = table.rename(columns={"status": "target_status", "basis": "target_basis"})
    order = {c: i for i, c in enumerate(CELL_IDS)}
    return table.sort_values("cell_id", key=lambda s: s.map(order)).reset_index(drop=True)


def targets_status(table: pd.DataFrame) -> str:
    """One word for a target table: ``default`` (nothing agreed), ``agreed``, ``proposed``,
    ``parameter`` or ``mixed``."""
    statuses = set(table["target_status"])
    return statuses.pop() if len(statuses) == 1 else "mixed"


def target_table(targets: Mapping[str, int] | None = None,
                 overrides: Mapping[str, Mapping[str, int]] | None = None) -> pd.DataFrame:
    """Targets per cell and horizon from run parameters: ``targets`` for all 24 cells, then
    per-cell ``overrides``. ``target_status`` is ``default`` when neither is given (the
    project defaults), else ``parameter``.

    Raises :class:`ParameterError` for an unknown horizon or cell, a level
    outside 0–4, or targets that decrease from short to long.
    """
    status = "default" if targets is None and not overrides else "parameter"
    targets = dict(DEFAULT_TARGETS if targets is None else targets)
    if set(targets) != set(HORIZONS):
        raise ParameterError(f"targets must give exactly the horizons {HORIZONS}; got {sorted(targets)}")
    table = pd.DataFrame({"cell_id": list(CELL_IDS)})
    for h in HORIZONS:
        table[h] = targets[h]
    for cid, over in (overrides or {}).items():
        if cid not in _CELL_ORDER:
            raise ParameterError(f"target override for unknown cell {cid!r}")
        for h, v in over.items():
            if h not in HORIZONS:
                raise ParameterError(f"target override {cid}: unknown horizon {h!r}; expected {HORIZONS}")
            table.loc[table["cell_id"] == cid, h] = v
    for h in HORIZONS:
        bad = table[~table[h].isin(range(5))]
        if len(bad):
            raise ParameterError(f"target {h} for {bad['cell_id'].iloc[0]} must be an integer level 0–4; "
                                 f"got {bad[h].iloc[0]!r}")
    dec = table[(table["short"] > table["medium"]) | (table["medium"] > table["long"])]
    if len(dec):
        raise ParameterError(f"targets of {dec['cell_id'].iloc[0]} decrease over time "
                             f"({dec[list(HORIZONS)].iloc[0].to_dict()}); short ≤ medium ≤ long")
    table["target_status"] = status
    table["target_basis"] = "run parameter" if status == "parameter" else "project default, to be agreed"
    return table


# --- inputs ---------------------------------------------------------------------

def _desk_table(desk: pd.DataFrame) -> pd.DataFrame:
    """cell_id, desk_level (float, NaN = not assessed), desk_confidence for all 24 cells."""
    d = desk[["cell_id", "level", "confidence"]].copy()
    d["level"] = pd.to_numeric(d["level"].replace("", np.nan), errors="coerce").astype(float)
    d["confidence"] = d["confidence"].astype("string").str.strip().replace("", pd.NA)
    d = d.rename(columns={"level": "desk_level", "confidence": "desk_confidence"})
    return pd.DataFrame({"cell_id": list(CELL_IDS)}).merge(d, on="cell_id", how="left")


def _survey_table(survey_by_cell: pd.DataFrame | None, survey_stat: str) -> pd.DataFrame:
    cells = pd.DataFrame({"cell_id": list(CELL_IDS)})
    if survey_by_cell is None:
        cells["survey_level"] = np.nan
        cells["survey_median"] = np.nan
        cells["survey_n"] = 0
        cells["survey_n_dont_know"] = 0
        cells["survey_suppressed"] = True
        cells["importance"] = np.nan
        return cells
    s = survey_by_cell[["cell_id", "n", "n_dont_know", "suppressed", "median", SURVEY_STATS[survey_stat],
                        "median_importance"]]
    s = s.loc[:, ~s.columns.duplicated()].copy()
    s["survey_level"] = s[SURVEY_STATS[survey_stat]]
    s = s.rename(columns={"n": "survey_n", "n_dont_know": "survey_n_dont_know", "suppressed": "survey_suppressed",
                          "median": "survey_median", "median_importance": "importance"})
    s = s[["cell_id", "survey_level", "survey_median", "survey_n", "survey_n_dont_know", "survey_suppressed",
           "importance"]]
    out = cells.merge(s, on="cell_id", how="left")
    out["survey_n"] = out["survey_n"].fillna(0).astype(int)
    out["survey_n_dont_know"] = out["survey_n_dont_know"].fillna(0).astype(int)
    out["survey_suppressed"] = out["survey_suppressed"].fillna(True).astype(bool)
    return out


# --- scoring --------------------------------------------------------------------

def current_levels(desk: pd.DataFrame, survey_by_cell: pd.DataFrame | None, *, rule: str = "combined",
                   survey_stat: str = "median", missing: str = "exclude",
                   confident_grades=CONFIDENT_GRADES) -> pd.DataFrame:
    """Current level of every cell and the basis it rests on.

    ``desk`` has the desk-review columns ``cell_id, level, confidence`` (level
    empty = not assessed); ``survey_by_cell`` is :func:`survey.aggregate_survey`
    output (or None). ``rule``: ``"combined"`` (baseline, see module docstring),
    ``"survey_first"`` (survey median when not suppressed, else confident desk
    level), ``"desk_only"`` (desk level of any confidence) or ``"survey_only"``.
    ``survey_stat``: ``"median"`` (lower median, baseline), ``"midpoint"`` or
    ``"mean"``. ``missing``: ``"exclude"`` (baseline: not assessed), ``"zero"``
    (treat as Absent) or ``"element_median"`` (lower median of the assessed
    cells of the same element).

    Columns: ``cell_id, pillar, element, desk_level, desk_confidence,
    survey_level, survey_median, survey_n, survey_n_dont_know, survey_suppressed,
    importance, current_level, basis`` (``desk``, ``survey``, ``imputed`` or ``not_assessed``).
    """
    if rule not in RULES:
        raise ParameterError(f"unknown scoring rule {rule!r}; expected one of {RULES}")
    if survey_stat not in SURVEY_STATS:
        raise ParameterError(f"unknown survey statistic {survey_stat!r}; expected one of {tuple(SURVEY_STATS)}")
    if missing not in MISSING_MODES:
        raise ParameterError(f"unknown treatment of missing cells {missing!r}; expected one of {MISSING_MODES}")
    t = _desk_table(desk).merge(_survey_table(survey_by_cell, survey_stat), on="cell_id")
    t.insert(1, "pillar", t["cell_id"].map(lambda c: split_cell(c)[0]))
    t.insert(2, "element", t["cell_id"].map(lambda c: split_cell(c)[1]))
    desk_any = t["desk_level"].notna()
    desk_ok = desk_any & t["desk_confidence"].isin(list(confident_grades)).fillna(False).astype(bool)
    survey_ok = ~t["survey_suppressed"] & t["survey_level"].notna()
    if rule == "combined":
        choices = [(desk_ok, "desk"), (survey_ok, "survey")]
    elif rule == "survey_first":
        choices = [(survey_ok, "survey"), (desk_ok, "desk")]
    elif rule == "desk_only":
        choices = [(desk_any, "desk")]
    else:
        choices = [(survey_ok, "survey")]
    t["current_level"] = np.nan
    t["basis"] = "not_assessed"
    for mask, basis in reversed(choices):  # the first choice wins
        t.loc[mask, "current_level"] = t.loc[mask, "desk_level" if basis == "desk" else "survey_level"]
        t.loc[mask, "basis"] = basis
    gaps = t["basis"] == "not_assessed"
    if missing == "zero":
        t.loc[gaps, "current_level"] = 0.0
        t.loc[gaps, "basis"] = "imputed"
    elif missing == "element_median":
        for el in ELEMENTS:
            known = t.loc[(t["element"] == el) & ~gaps, "current_level"]
            fill = (t["element"] == el) & gaps
            if len(known) and fill.any():
                t.loc[fill, "current_level"] = lower_median(known)
                t.loc[fill, "basis"] = "imputed"
    return t


def disagreements(levels: pd.DataFrame, threshold: int = DISAGREEMENT_LEVELS) -> pd.DataFrame:
    """Cells where perception (survey median) and evidence (desk level) differ by ≥ ``threshold``.

    Needs both a desk level (any confidence) and an unsuppressed survey median.
    ``difference`` = survey median − desk level (positive: respondents see
    more maturity than the documents show).
    """
    both = levels[levels["desk_level"].notna() & ~levels["survey_suppressed"] & levels["survey_median"].notna()]
    diff = both["survey_median"] - both["desk_level"]
    out = both.assign(difference=diff)[["cell_id", "desk_level", "desk_confidence", "survey_median",
                                        "survey_n", "difference"]]
    return out[out["difference"].abs() >= threshold].reset_index(drop=True)


def _importance_weight(importance: pd.Series, mode: str) -> pd.Series:
    filled = importance.fillna(NEUTRAL_IMPORTANCE)
    if mode == "median":
        return filled
    if mode == "equal":
        return pd.Series(1.0, index=importance.index)
    if mode == "squared":
        return filled ** 2
    raise ParameterError(f"unknown importance weighting {mode!r}; expected one of {IMPORTANCE_MODES}")


def score_cells(desk: pd.DataFrame, survey_by_cell: pd.DataFrame | None, *,
                targets: Mapping[str, int] | None = None,
                target_overrides: Mapping[str, Mapping[str, int]] | None = None,
                target_frame: pd.DataFrame | None = None,
                rule: str = "combined", survey_stat: str = "median", missing: str = "exclude",
                importance: str = "median", priority_horizon: str = "long",
                disagreement_threshold: int = DISAGREEMENT_LEVELS) -> pd.DataFrame:
    """The full per-cell assessment: current level, targets, gaps, priority and rank.

    Targets: ``target_frame`` (:func:`load_targets`) when given, else the run
    parameters ``targets``/``target_overrides`` (:func:`target_table`).
    Adds to :func:`current_levels` the columns ``target_<h>`` and ``gap_<h>``
    for each horizon, ``target_status``, ``target_basis``, ``target`` and ``gap``
    (at ``priority_horizon``: the one gap the report and the brief state),
    ``action_horizon`` (next milestone), ``importance_weight``, ``priority``,
    ``rank`` (1 = highest priority; NA for not-assessed cells) and
    ``disagreement`` (True when flagged for discussion). Rows are in rank
    order, not-assessed cells last in framework order. Rules: module docstring.
    """
    if priority_horizon not in HORIZONS:
        raise ParameterError(f"unknown priority horizon {priority_horizon!r}; expected one of {HORIZONS}")
    t = current_levels(desk, survey_by_cell, rule=rule, survey_stat=survey_stat, missing=missing)
    tg = target_table(targets, target_overrides) if target_frame is None else target_frame
    tg = tg[["cell_id", *HORIZONS, "target_status", "target_basis"]]
    t = t.merge(tg.rename(columns={h: f"target_{h}" for h in HORIZONS}), on="cell_id")
    for h in HORIZONS:
        t[f"gap_{h}"] = (t[f"target_{h}"] - t["current_level"]).clip(lower=0)
    t["target"] = t[f"target_{priority_horizon}"]
    t["gap"] = t[f"gap_{priority_horizon}"]
    t["action_horizon"] = "none"
    for h in reversed(HORIZONS):  # earliest horizon with a gap wins
        t.loc[t[f"gap_{h}"] > 0, "action_horizon"] = h
    t.loc[t["current_level"].isna(), "action_horizon"] = pd.NA
    t["importance_weight"] = _importance_weight(t["importance"], importance)
    t["priority"] = t[f"gap_{priority_horizon}"] * t["importance_weight"]
    t["_order"] = t["cell_id"].map(_CELL_ORDER)
    ranked = t[t["current_level"].notna()].sort_values(
        ["priority", f"gap_{priority_horizon}", "importance_weight", "_order"],
        ascending=[False, False, False, True], kind="stable")
    ranked = ranked.assign(rank=range(1, len(ranked) + 1))
    rest = t[t["current_level"].isna()].sort_values("_order").assign(rank=pd.NA)
    out = pd.concat([ranked, rest], ignore_index=True).drop(columns="_order")
    out["rank"] = out["rank"].astype("Int64")
    flagged = set(disagreements(out, disagreement_threshold)["cell_id"])
    out["disagreement"] = out["cell_id"].isin(flagged)
    return out


def strengths_and_weaknesses(scores: pd.DataFrame, strength_min: int = STRENGTH_MIN_LEVEL,
                             weakness_max: int = WEAKNESS_MAX_LEVEL, fallback_n: int = 3,
                             priority_horizon: str = "long") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Strengths (current ≥ ``strength_min``) and weaknesses (current ≤ ``weakness_max``).

    If no cell is at or below ``weakness_max``, the weaknesses are the
    ``fallback_n`` highest-priority cells with a gap, with ``reason`` =
    ``"largest_gap"`` instead of ``"low_level"``. Strengths are sorted by level
    (highest first), weaknesses by priority rank; ties in framework order.
    """
    assessed = scores[scores["current_level"].notna()].copy()
    assessed["_order"] = assessed["cell_id"].map(_CELL_ORDER)
    strengths = (assessed[assessed["current_level"] >= strength_min]
                 .sort_values(["current_level", "_order"], ascending=[False, True]))
    weak = assessed[assessed["current_level"] <= weakness_max].sort_values(["rank", "_order"])
    reason = "low_level"
    if weak.empty:
        weak = assessed[assessed[f"gap_{priority_horizon}"] > 0].sort_values("rank").head(fallback_n)
        reason = "largest_gap"
    weak = weak.assign(reason=reason)
    cols = ["cell_id", "pillar", "element", "current_level", "basis", "desk_confidence",
            f"gap_{priority_horizon}", "rank"]
    return (strengths[cols].reset_index(drop=True),
            weak[cols + ["reason"]].reset_index(drop=True))


def level_matrix(scores: pd.DataFrame, column: str = "current_level") -> pd.DataFrame:
    """4 × 6 matrix (pillars × elements) of one column of ``scores``, framework order."""
    m = scores.pivot(index="pillar", columns="element", values=column)
    return m.reindex(index=list(PILLARS), columns=list(ELEMENTS))


def summary_counts(scores: pd.DataFrame) -> dict:
    """Counts the prose and the policy brief quote: cells by basis, level and horizon."""
    assessed = scores["current_level"].notna()
    return {
        "n_cells": int(len(scores)),
        "n_assessed": int(assessed.sum()),
        "n_not_assessed": int((~assessed).sum()),
        "n_from_desk": int((scores["basis"] == "desk").sum()),
        "n_from_survey": int((scores["basis"] == "survey").sum()),
        "n_imputed": int((scores["basis"] == "imputed").sum()),
        "n_disagreements": int(scores["disagreement"].sum()),
        "n_by_level": {int(k): int(v) for k, v in
                       scores.loc[assessed, "current_level"].round().value_counts().sort_index().items()},
        "n_by_action_horizon": {str(k): int(v) for k, v in
                                scores.loc[assessed, "action_horizon"].value_counts().items()},
    }


# --- sensitivity ----------------------------------------------------------------

# Alternative reasonable rules (research notes §B.3 rule 5: mean vs median,
# other weights, treatment of missing cells; plus the choice of source).
# Each scenario changes one thing relative to the baseline.
SCENARIOS: dict[str, dict] = {
    "baseline": {},
    "survey_midpoint": {"survey_stat": "midpoint"},
    "survey_mean": {"survey_stat": "mean"},
    "survey_first": {"rule": "survey_first"},
    "desk_only": {"rule": "desk_only"},
    "survey_only": {"rule": "survey_only"},
    "equal_importance": {"importance": "equal"},
    "squared_importance": {"importance": "squared"},
    "missing_as_zero": {"missing": "zero"},
    "missing_element_median": {"missing": "element_median"},
    "medium_horizon": {"priority_horizon": "medium"},
}


def sensitivity_rankings(desk: pd.DataFrame, survey_by_cell: pd.DataFrame | None, *,
                         targets: Mapping[str, int] | None = None,
                         target_overrides: Mapping[str, Mapping[str, int]] | None = None,
                         target_frame: pd.DataFrame | None = None,
                         scenarios: Mapping[str, dict] | None = None, **baseline) -> pd.DataFrame:
    """Priority ranking of the cells under each scenario of :data:`SCENARIOS`.

    ``baseline`` keyword arguments (``rule``, ``survey_stat``, ``missing``,
    ``importance``, ``priority_horizon``) set the reference; each scenario
    overrides some of them. Returns a long table ``scenario, cell_id,
    current_level, basis, priority, rank`` (rank NA when the cell is not
    assessed under that scenario).
    """
    scenarios = SCENARIOS if scenarios is None else scenarios
    frames = []
    for name, change in scenarios.items():
        s = score_cells(desk, survey_by_cell, targets=targets, target_overrides=target_overrides,
                        target_frame=target_frame, **{**baseline, **change})
        frames.append(s[["cell_id", "current_level", "basis", "priority", "rank"]].assign(scenario=name))
    out = pd.concat(frames, ignore_index=True)
    return out[["scenario", "cell_id", "current_level", "basis", "priority", "rank"]]


def rank_stability(rankings: pd.DataFrame, baseline: str = "baseline", top_k: int = 5) -> pd.DataFrame:
    """How much each scenario's priorities agree with the baseline's.

    ``kendall_tau``: Kendall's τ-b between the baseline's and the scenario's
    priority scores over the cells ranked in both (τ-b handles ties; 1 = same
    order, 0 = unrelated, −1 = reversed; NaN when fewer than 3 common cells or
    no variation). ``top_k_overlap``: how many of the baseline's top ``top_k``
    cells are also in the scenario's top ``top_k``. ``top1_same``: same
    first-ranked cell.
    """
    from scipy.stats import kendalltau

    base = rankings[(rankings["scenario"] == baseline) & rankings["rank"].notna()]
    base_top = set(base.nsmallest(top_k, "rank")["cell_id"])
    base_first = base.loc[base["rank"] == 1, "cell_id"].tolist()
    rows = []
    for name, grp in rankings.groupby("scenario", sort=False):
        ranked = grp[grp["rank"].notna()]
        common = base.merge(ranked, on="cell_id", suffixes=("_b", "_s"))
        tau = np.nan
        if len(common) >= 3 and common["priority_b"].nunique() > 1 and common["priority_s"].nunique() > 1:
            tau = float(kendalltau(common["priority_b"], common["priority_s"], variant="b").statistic)
        top = set(ranked.nsmallest(top_k, "rank")["cell_id"])
        first = ranked.loc[ranked["rank"] == 1, "cell_id"].tolist()
        rows.append({"scenario": name, "n_ranked": len(ranked), "n_common": len(common),
                     "kendall_tau": tau, "top_k_overlap": len(base_top & top),
                     "top1_same": bool(base_first) and first == base_first})
    return pd.DataFrame(rows)


# --- the whole assessment, for the notebooks ------------------------------------

@dataclass
class GapAssessment:
    """Everything notebooks 11–15 show: inputs, scores and the lists derived from them."""

    country: str
    desk: pd.DataFrame                      # desk review (all 24 cells; empty levels = not assessed)
    survey: object | None                   # survey.SurveyResults, or None without a survey file
    scores: pd.DataFrame                    # score_cells output
    strengths: pd.DataFrame
    weaknesses: pd.DataFrame
    disagreements: pd.DataFrame
    targets: dict
    target_overrides: dict
    priority_horizon: str
    notes: list = field(default_factory=list)  # inputs that were missing
    target_frame: pd.DataFrame | None = None   # load_targets output (None: run parameters)

    @property
    def illustrative(self) -> bool:
        return bool(self.survey is not None and self.survey.illustrative)

    @property
    def target_status(self) -> str:
        """``default`` while no target is agreed; see :func:`targets_status`."""
        return targets_status(self.scores)

    @property
    def survey_by_cell(self) -> pd.DataFrame | None:
        return None if self.survey is None else self.survey.by_cell


def _empty_desk() -> pd.DataFrame:
    return pd.DataFrame({"cell_id": list(CELL_IDS), "level": pd.array([pd.NA] * len(CELL_IDS), dtype="Int64"),
                         "confidence": ""})


def gap_assessment(country: str, survey_file: str | None, *, min_group_size: int = 5,
                   targets: Mapping[str, int] | None = None,
                   target_overrides: Mapping[str, Mapping[str, int]] | None = None,
                   priority_horizon: str = "long", illustrative: bool | None = None) -> GapAssessment:
    """Load the desk review and the survey of ``country`` and score every cell (baseline rules).

    Targets come from :func:`load_targets` (project defaults, then the country's
    targets file) unless ``targets`` or ``target_overrides`` are given as run
    parameters. A missing desk review or survey file is allowed (the assessment then rests
    on the other source; ``notes`` says what was missing); a survey file that
    fails validation raises, so nothing is built from it.
    """
    from .evidence import load_desk_review
    from .inputs import MissingInputError
    from .survey import survey_path, survey_results

    notes = []
    try:
        desk = load_desk_review(country)
    except MissingInputError as exc:
        desk, notes = _empty_desk(), notes + [exc]
    res = None
    if survey_file:
        path = survey_path(country, survey_file)
        if path.exists():
            res = survey_results(country, survey_file, min_group_size, illustrative)
        else:
            notes.append(MissingInputError("survey responses", path,
                                           f"Add `{path.name}` in the format of the questionnaire "
                                           "(see GOVERNANCE_CONTRACT.md) to include perception."))
    frame = load_targets(country) if targets is None and not target_overrides else None
    targets = dict(DEFAULT_TARGETS if targets is None else targets)
    overrides = dict(target_overrides or {})
    scores = score_cells(desk, None if res is None else res.by_cell, targets=targets,
                         target_overrides=overrides, target_frame=frame, priority_horizon=priority_horizon)
    strengths, weaknesses = strengths_and_weaknesses(scores, priority_horizon=priority_horizon)
    return GapAssessment(country=country, desk=desk, survey=res, scores=scores, strengths=strengths,
                         weaknesses=weaknesses, disagreements=disagreements(scores), targets=targets,
                         target_overrides=overrides, priority_horizon=priority_horizon, notes=notes,
                         target_frame=frame)


def _lvl(v):
    return None if v is None or pd.isna(v) else float(v)


def _target_frame_of(scores: pd.DataFrame) -> pd.DataFrame:
    """The targets a scored table used, as :func:`load_targets` returns them."""
    cols = {f"target_{h}": h for h in HORIZONS}
    return scores[["cell_id", *cols, "target_status", "target_basis"]].rename(columns=cols)


def headline_cells_excluded(scores: pd.DataFrame, min_n: int = HEADLINE_MIN_N,
                            max_dont_know: float = HEADLINE_MAX_DONT_KNOW) -> list[str]:
    """Cells whose level rests on survey answers too few or too uncertain to be a headline:
    fewer than ``min_n`` level answers, or more than ``max_dont_know`` of all answers "don't know"."""
    answers = scores["survey_n"] + scores["survey_n_dont_know"]
    weak = (scores["basis"] == "survey") & (
        (scores["survey_n"] < min_n) | (scores["survey_n_dont_know"] > max_dont_know * answers))
    return scores.loc[weak, "cell_id"].tolist()


def headline_scores(a: GapAssessment) -> tuple[pd.DataFrame, str, list[str]]:
    """The scores headlines may be drawn from, their basis and the cells left out.

    ``("desk_review", …)`` while the survey is illustrative or absent: the desk review
    alone (confidence A or B), importance neutral, so no illustrative answer moves a
    headline. ``("combined", …)`` with real responses: the baseline scores, but the
    cells of :func:`headline_cells_excluded` are treated as not assessed.
    """
    frame = _target_frame_of(a.scores)
    if a.survey is None or a.illustrative:
        scores = score_cells(a.desk, None, target_frame=frame, priority_horizon=a.priority_horizon)
        return scores, "desk_review", []
    excluded = headline_cells_excluded(a.scores)
    by_cell = a.survey.by_cell.copy()
    by_cell.loc[by_cell["cell_id"].isin(excluded), "suppressed"] = True
    scores = score_cells(a.desk, by_cell, target_frame=frame, priority_horizon=a.priority_horizon)
    return scores, "combined", excluded


def _view(scores: pd.DataFrame, priority_horizon: str) -> dict:
    """Cells assessed, median level, strengths, weaknesses and priorities of one scored table."""
    assessed = scores[scores["current_level"].notna()]
    strengths, weaknesses = strengths_and_weaknesses(scores, priority_horizon=priority_horizon)
    priorities = []
    for r in assessed[assessed["gap"] > 0].sort_values("rank").to_dict("records"):
        nxt = r["action_horizon"]
        priorities.append({
            "rank": int(r["rank"]), "cell_id": r["cell_id"], "current_level": _lvl(r["current_level"]),
            "basis": r["basis"], "desk_confidence": None if pd.isna(r["desk_confidence"]) else r["desk_confidence"],
            # the one gap: target at the priority horizon − current level
            "target_level": int(r["target"]), "gap": _lvl(r["gap"]), "target_horizon": priority_horizon,
            "target_status": r["target_status"],
            # next milestone: the first horizon whose target the cell misses
            "next_horizon": nxt, "next_target": int(r[f"target_{nxt}"]),
            "priority": _lvl(r["priority"]), "importance_weight": _lvl(r["importance_weight"]),
            **{f"gap_{x}": _lvl(r[f"gap_{x}"]) for x in HORIZONS},
            **{f"target_{x}": int(r[f"target_{x}"]) for x in HORIZONS}})
    return {
        "cells_total": int(len(scores)), "cells_assessed": int(len(assessed)),
        "median_current_level": lower_median(assessed["current_level"]) if len(assessed) else None,
        "strengths": [{"cell_id": r["cell_id"], "level": _lvl(r["current_level"]), "basis": r["basis"]}
                      for r in strengths.to_dict("records")],
        "weaknesses": [{"cell_id": r["cell_id"], "level": _lvl(r["current_level"]), "reason": r["reason"],
                        "rank": int(r["rank"]), "basis": r["basis"]} for r in weaknesses.to_dict("records")],
        "not_assessed": scores.loc[scores["current_level"].isna(), "cell_id"].tolist(),
        "priorities": priorities,
    }


def gaps_results(a: GapAssessment) -> dict:
    """Key numbers of the gap assessment for ``save_results("governance_gaps", ...)``.

    ``cells_total``, ``cells_assessed``, ``median_current_level`` (lower median),
    ``strengths`` [{cell_id, level, basis}], ``weaknesses``, ``priorities``
    [{rank, cell_id, current_level, target_level, gap, target_horizon,
    next_horizon, next_target, ...}] — ``gap`` is *the* gap (target at the
    priority horizon − current level, as in the report's tables), the next
    milestone is separate — plus ``targets_status`` (``default`` while no target is
    agreed) and ``headline``: the same numbers from :func:`headline_scores`, the
    only ones the brief and the front page may state as headlines.
    """
    s = a.scores
    head_scores, head_basis, excluded = headline_scores(a)
    headline = _view(head_scores, a.priority_horizon)
    headline.update({"basis": head_basis, "excluded_cells": excluded, "min_n": HEADLINE_MIN_N,
                     "max_dont_know_share": HEADLINE_MAX_DONT_KNOW, "counts": summary_counts(head_scores)})
    return {
        "country": a.country, "illustrative": a.illustrative,
        "survey_file": None if a.survey is None else a.survey.path.name,
        "scale": "project-defined 0-4 (UN DESA publishes no rubric)",
        "rule": "desk level if confidence A/B; else survey lower median if n >= min_group_size; else not assessed",
        "gap_definition": f"target at the {a.priority_horizon} horizon minus current level, never negative",
        "min_group_size": None if a.survey is None else a.survey.min_group_size,
        "targets": a.targets, "target_overrides": a.target_overrides, "priority_horizon": a.priority_horizon,
        "targets_status": targets_status(s),
        "target_status_by_cell": dict(zip(s["cell_id"], s["target_status"])),
        **_view(s, a.priority_horizon),
        "counts": summary_counts(s),
        "disagreements": [{"cell_id": r["cell_id"], "desk_level": _lvl(r["desk_level"]),
                           "survey_median": _lvl(r["survey_median"]), "difference": _lvl(r["difference"])}
                          for r in a.disagreements.to_dict("records")],
        "headline": headline,
    }


# --- publishable tables ----------------------------------------------------------

def _fmt(v, digits: int = 0) -> str:
    return "–" if v is None or pd.isna(v) else f"{float(v):.{digits}f}"


def format_scores(scores: pd.DataFrame, lang: str = "en", priority_horizon: str = "long") -> pd.DataFrame:
    """Per-cell table: current level and its basis, both sources, targets, gap, priority, rank."""
    from ..i18n import t
    from .framework import cell_label

    k = lambda key: t(f"governance_results.col.{key}", lang)  # noqa: E731
    rows = []
    for r in scores.to_dict("records"):
        desk = "–" if pd.isna(r["desk_level"]) else f"{r['desk_level']:.0f} ({r['desk_confidence']})"
        surv = ("–" if r["survey_n"] == 0 else t("governance_results.suppressed_short", lang)
                if r["survey_suppressed"] else f"{r['survey_median']:.0f} (n = {r['survey_n']})")
        rows.append({
            k("rank"): "–" if pd.isna(r["rank"]) else int(r["rank"]),
            k("cell"): cell_label(r["cell_id"], lang),
            k("current_level"): _fmt(r["current_level"], 1 if r["current_level"] % 1 else 0)
            if not pd.isna(r["current_level"]) else t("governance_results.not_assessed", lang),
            k("basis"): t(f"governance_results.basis.{r['basis']}", lang),
            k("desk_level"): desk,
            k("survey_median"): surv,
            k("target"): "/".join(str(int(r[f"target_{h}"])) for h in HORIZONS),
            k("gap"): _fmt(r[f"gap_{priority_horizon}"]),
            k("priority"): _fmt(r["priority"], 1),
            k("horizon"): "–" if pd.isna(r["action_horizon"]) else
            t(f"governance_results.horizon_short.{r['action_horizon']}", lang)
            if r["action_horizon"] != "none" else t("governance_results.horizon.none", lang),
            k("for_discussion"): "⚑" if r["disagreement"] else "",
        })
    return pd.DataFrame(rows)


def format_cell_list(cells: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Strengths or weaknesses as a small table (cell, level, basis, rank)."""
    from ..i18n import t
    from .framework import cell_label, level_label

    k = lambda key: t(f"governance_results.col.{key}", lang)  # noqa: E731
    out = pd.DataFrame({
        k("cell"): [cell_label(c, lang) for c in cells["cell_id"]],
        k("current_level"): [f"{v:.0f} {level_label(int(v), lang)}" for v in cells["current_level"]],
        k("basis"): [t(f"governance_results.basis.{b}", lang) for b in cells["basis"]],
        k("rank"): cells["rank"].astype("Int64").tolist(),
    })
    if "reason" in cells:
        out[k("reason")] = [t(f"governance_results.reason.{x}", lang) for x in cells["reason"]]
    return out


def format_disagreements(dis: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Cells flagged for discussion: desk level, survey median, difference and its direction."""
    from ..i18n import t
    from .framework import cell_label

    k = lambda key: t(f"governance_results.col.{key}", lang)  # noqa: E731
    return pd.DataFrame({
        k("cell"): [cell_label(c, lang) for c in dis["cell_id"]],
        k("desk_level"): [f"{d:.0f} ({g})" for d, g in zip(dis["desk_level"], dis["desk_confidence"])],
        k("survey_median"): [f"{m:.0f} (n = {n})" for m, n in zip(dis["survey_median"], dis["survey_n"])],
        k("difference"): [f"{d:+.0f}" for d in dis["difference"]],
        k("direction"): [t("governance_results.direction." + ("higher" if d > 0 else "lower"), lang)
                         for d in dis["difference"]],
    })


def format_stability(stability: pd.DataFrame, lang: str = "en", top_k: int = 5) -> pd.DataFrame:
    """Rank-stability table: one row per scenario."""
    from ..i18n import t

    k = lambda key, **kw: t(f"governance_results.col.{key}", lang, **kw)  # noqa: E731
    yes, no = t("governance_results.answer_yes", lang), t("governance_results.answer_no", lang)
    return pd.DataFrame({
        k("scenario"): [t(f"governance_results.scenario.{s}", lang) for s in stability["scenario"]],
        k("n_ranked"): stability["n_ranked"],
        k("kendall_tau"): [_fmt(v, 2) for v in stability["kendall_tau"]],
        k("top_k_overlap", k=top_k): [f"{v}/{top_k}" for v in stability["top_k_overlap"]],
        k("top1_same"): [yes if v else no for v in stability["top1_same"]],
    })


def sensitivity_results(rankings: pd.DataFrame, stability: pd.DataFrame, top_k: int = 5) -> dict:
    """Key numbers of the sensitivity analysis for ``save_results("governance_sensitivity", ...)``.

    ``robust_top_cells``: the baseline's top-``top_k`` cells that stay in the
    top ``top_k`` under every scenario; ``weakest_scenario``: the scenario with
    the lowest Kendall τ-b against the baseline.
    """
    ranked = rankings[rankings["rank"].notna()]
    base_top = ranked[ranked["scenario"] == "baseline"].nsmallest(top_k, "rank")["cell_id"].tolist()
    tops = {s: set(g.nsmallest(top_k, "rank")["cell_id"]) for s, g in ranked.groupby("scenario")}
    robust = [c for c in base_top if all(c in top for top in tops.values())]
    others = stability[(stability["scenario"] != "baseline") & stability["kendall_tau"].notna()]
    weakest = others.sort_values(["kendall_tau", "scenario"]).head(1)
    return {
        "scenarios": stability["scenario"].tolist(), "top_k": top_k, "baseline_top": base_top,
        "robust_top_cells": robust,
        "weakest_scenario": weakest["scenario"].iloc[0] if len(weakest) else None,
        "weakest_tau": float(weakest["kendall_tau"].iloc[0]) if len(weakest) else None,
        "min_top_k_overlap": int(stability["top_k_overlap"].min()) if len(stability) else None,
        "stability": [{k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()}
                      for r in stability.to_dict("records")],
    }


def cell_list_text(cell_ids, lang: str = "en") -> str:
    """"A, B and C" with readable cell labels (Mongolian: "A, B ба C")."""
    from ..i18n import t
    from .framework import cell_label

    labels = [cell_label(c, lang) for c in cell_ids]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + t("governance_results.list_and", lang) + labels[-1]


def targets_text(a: GapAssessment, lang: str = "en") -> str:
    """The sentence that states the targets, where they come from and the one gap definition."""
    from ..i18n import t

    s = a.scores
    triples = s[[f"target_{h}" for h in HORIZONS]].apply(tuple, axis=1)
    common = triples.value_counts().sort_index().idxmax()
    others = s.loc[triples != common, "cell_id"].tolist()
    over = t("governance_results.nb.overrides", lang, cells=cell_list_text(others, lang)) if others else ""
    return t("governance_results.nb.targets", lang, status=t(f"governance_results.nb.target_status.{targets_status(s)}",
                                                             lang),
             overrides=over, horizon=t(f"governance_results.horizon_in_text.{a.priority_horizon}", lang),
             **dict(zip(HORIZONS, (int(v) for v in common))))
