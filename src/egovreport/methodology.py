"""UN E-Government Survey methodology as used in this report.

Sources (see ``shared/data/egov/SOURCES.md`` §6 for the full list):

- [S2016] UN DESA, *E-Government Survey 2016*, Annex A.1 "Methodology" (EGDI = one third
  each of OSI, TII, HCI; each component z-scored then normalised to [0, 1]).
  https://pdfslide.us/documents/un-e-government-final-report-web-e-government-in-support-of-sustainable-development.html
- [EGDI-web] UN DESA, "E-Government Development Index" overview page,
  https://publicadministration.un.org/egovkb/en-us/About/Overview/-E-Government-Development-Index
- [Annex-LOSI] UN DESA, Survey annexes of an edition with LOSI (2018 or later),
  https://documents.pub/document/annexes-united-nations.html
- [UNPACS] quotation of the UN note on EGDI levels,
  http://tunisia.opendataforafrica.org/atlas/sources/UNPACS
- [TA2024] UN DESA, *E-Government Survey 2024 — Technical Appendix* (rating classes,
  OSI subindices), https://desapublications.un.org/sites/default/files/publications/2024-09/Technical%20Appendix%20%28Web%20version%29%201292024.pdf
  — **not held in this project**; the rating-class rule below is inferred (see
  :func:`rating_class`).
"""

from __future__ import annotations

import math
from typing import Iterable

import numpy as np
import pandas as pd

#: EGDI levels, highest first, with their lower bounds (a value equal to a bound belongs to the
#: higher level: 0.75 is Very High, 0.50 High, 0.25 Middle).
LEVELS: tuple[tuple[str, float], ...] = (("Very High", 0.75), ("High", 0.50), ("Middle", 0.25), ("Low", 0.0))
LEVEL_BOUNDS: dict[str, tuple[float, float]] = {
    "Very High": (0.75, 1.0), "High": (0.50, 0.75), "Middle": (0.25, 0.50), "Low": (0.0, 0.25),
}
#: Rating classes within each level, lowest quarter first (e.g. V1 < V2 < V3 < VH).
RATING_CLASSES: dict[str, tuple[str, str, str, str]] = {
    "Very High": ("V1", "V2", "V3", "VH"),
    "High": ("H1", "H2", "H3", "HV"),
    "Middle": ("M1", "M2", "M3", "MH"),
    "Low": ("L1", "L2", "L3", "LM"),
}

RATING_CLASS_NOTE = (
    "Rating classes (VH, V3, V2, V1 / HV, H3, H2, H1 / MH, M3, M2, M1 / LM, L3, L2, L1) split each "
    "EGDI level into four. The class names follow the Survey's text; this project holds no copy of the "
    "Technical Appendix to cite for them. "
    "The rule used here (quarters of the countries within the level, by EGDI) is inferred: a "
    "third-party reading of the 2024 Technical Appendix gives Togo (EGDI 0.3920) class M2, which this "
    "rule reproduces and the equal-width reading (M3) does not. Treat classes as indicative until "
    "checked against the official Technical Appendix."
)


def egdi_from_components(osi, tii, hci):
    """EGDI = (OSI + TII + HCI) / 3 (one third each).

    Source: [S2016] Annex A.1; [EGDI-web]. Verified in the data: 2012-2024 and 2003-2005
    published EGDI equal the mean of the published components to rounding (≤ 7e-5); 2008 and
    2010 deviate by up to 0.0136 / 0.0040 (see ``data/raw/known_defects.yml``).
    Works on scalars, arrays and Series; missing components give a missing EGDI.
    """
    return (osi + tii + hci) / 3


def zscore(values: pd.Series, ddof: int = 0) -> pd.Series:
    """Standard score x_new = (x − μ) / σ over the non-missing values.

    Source: [S2016] Annex A.1, [Annex-LOSI] ("each component is first standardised by the
    z-score"). The Survey does not say which σ; ``ddof=0`` (population σ) is used by default.
    The choice does not affect :func:`normalise_component`, which is invariant to it.
    """
    s = pd.Series(values, dtype="float64")
    sd = s.std(ddof=ddof)
    if not sd or math.isnan(sd):
        raise ValueError("z-score needs at least two distinct values")
    return (s - s.mean()) / sd


def minmax(values: pd.Series) -> pd.Series:
    """Min–max normalisation (x − min) / (max − min) to [0, 1] over the non-missing values.

    Source: [S2016] Annex A.1 ("normalised to fall between 0 and 1").
    """
    s = pd.Series(values, dtype="float64")
    lo, hi = s.min(), s.max()
    if not hi > lo:
        raise ValueError("min–max normalisation needs at least two distinct values")
    return (s - lo) / (hi - lo)


def normalise_component(values: pd.Series) -> pd.Series:
    """The Survey's two-step normalisation of a composite: z-score, then min–max to [0, 1].

    Source: [S2016] Annex A.1. Because the z-score is an affine map with positive slope, the
    result equals :func:`minmax` of the raw values; it is written out in two steps to follow the
    text. Consistent with the data: in 2012-2024 OSI, TII, HCI and EPI each span exactly [0, 1].
    """
    return minmax(zscore(values))


def egdi_level(value: float | None) -> str | None:
    """EGDI level of one value: "Very High", "High", "Middle" or "Low" (None when missing).

    Boundaries (explicit): Very High: 0.75 ≤ EGDI ≤ 1; High: 0.50 ≤ EGDI < 0.75;
    Middle: 0.25 ≤ EGDI < 0.50; Low: EGDI < 0.25. A value exactly on a bound goes to the higher
    level. Source: [UNPACS] quoting the UN ("Very High > 0.75; High 0.50-0.75; Middle 0.25-0.50;
    Low < 0.25"); the source's ">" for Very High is read as "≥" as in the Survey's group tables
    (no country in 2003-2024 has an EGDI of exactly 0.75, so the reading changes nothing).
    Applied to the published (rounded) EGDI.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return None
    v = float(value)
    if v < 0 or v > 1:
        raise ValueError(f"EGDI {v} outside [0, 1]")
    for name, lower in LEVELS:
        if v >= lower:
            return name
    return "Low"  # unreachable


def egdi_levels(values: pd.Series) -> pd.Series:
    """:func:`egdi_level` for every value of a Series (missing stays missing)."""
    return pd.Series([egdi_level(v) for v in values], index=values.index, dtype="object")


def rating_class(egdi: pd.Series, method: str = "quartile") -> pd.Series:
    """Rating class within each EGDI level for all countries of ONE edition.

    ``method="quartile"`` (default, the rule used in the report): within a level the n countries
    are ordered by EGDI; a country at position p from the bottom (ties share the lowest position,
    ``rank(method="min")``) is in quarter ⌈4p/n⌉: 1 → V1/H1/M1/L1 … 4 → VH/HV/MH/LM.
    ``method="equal_width"``: the level's interval is cut into four equal parts (0.0625 wide),
    the class is the part the value falls in (lower bound inclusive; 1.0 is VH).

    How sure: the class names are from the Survey text (not in a stored source); the rule is
    inferred from one data point of a third-party reading of [TA2024] (Togo 0.3920 = M2), which
    only the quartile rule reproduces. Mongolia 2024 is V2 under both. See ``RATING_CLASS_NOTE``.
    Missing EGDI gives a missing class.
    """
    s = pd.Series(egdi, dtype="float64")
    levels = egdi_levels(s)
    out = pd.Series([None] * len(s), index=s.index, dtype="object")
    for level, classes in RATING_CLASSES.items():
        in_level = levels == level
        if not in_level.any():
            continue
        x = s[in_level]
        if method == "quartile":
            pos = x.rank(method="min", ascending=True)
            q = np.ceil(4 * pos / len(x)).astype(int).clip(1, 4)
        elif method == "equal_width":
            lo, hi = LEVEL_BOUNDS[level]
            q = (np.floor((x - lo) / ((hi - lo) / 4)).astype(int) + 1).clip(1, 4)
        else:
            raise ValueError(f"unknown method {method!r} (use 'quartile' or 'equal_width')")
        out[in_level] = [classes[i - 1] for i in q]
    return out


def recompute_ranks(values: pd.Series, method: str = "min", ascending: bool = False) -> pd.Series:
    """Ranks 1..n (highest value = 1 by default); ties share the best rank (``method="min"``).

    Used for the component ranks (OSI, TII, HCI, EPI: not published in the Data Center files)
    and to check published EGDI ranks. Missing values get no rank (``<NA>``). Source: the
    Survey ranks countries by descending index value ([EGDI-web]); the UN ranks unrounded
    values, so ties of rounded values may carry different published ranks.
    """
    s = pd.Series(values, dtype="float64")
    return s.rank(method=method, ascending=ascending).astype("Int64")


def income_fy_for_edition(edition: int) -> int:
    """World Bank fiscal year whose income classification applies to a Survey edition.

    Rule (project choice, documented in the data dictionary): FY``edition``, the classification in
    force in the first half of the survey year (FY runs 1 July edition−1 to 30 June edition),
    when the Survey is compiled; e.g. 2024 → FY2024 (based on 2022 GNI per capita). The World Bank
    sets classifications each 1 July (OGHIST notes). FY2025 (published 1 July 2024) is the
    "current" group in ``country_groupings``.
    """
    return int(edition)


GROUPINGS_BY: dict[str, str] = {
    "world": "world",
    "region": "region",
    "sub_region": "sub_region",
    "intermediate_region": "intermediate_region",
    "ldc": "ldc",
    "lldc": "lldc",
    "sids": "sids",
    "development_status": "development_status",
    "income_group": "income_group",
    "wb_region": "wb_region",
}
_FLAG_LABELS = {"ldc": "LDC", "lldc": "LLDC", "sids": "SIDS"}


def group_aggregates(wide: pd.DataFrame, groupings: pd.DataFrame, edition: int,
                     by: str | Iterable[str] = ("world", "region", "sub_region", "lldc", "ldc", "sids", "income_group"),
                     indicators: Iterable[str] = ("egdi", "osi", "tii", "hci", "epi"),
                     income: str = "fy2025", income_history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mean, median and n of the indices by country group for one edition.

    ``wide``: the wide EGDI table (any editions; rows of ``edition`` are used).
    ``groupings``: ``load_groupings()`` (M49 region/sub-region, LDC/LLDC/SIDS, income group FY2025).
    ``by``: any of ``world, region, sub_region, intermediate_region, ldc, lldc, sids,
    development_status, income_group, wb_region``. For ``ldc``/``lldc``/``sids`` only the member
    group is returned (labelled ``LDC``, ``LLDC``, ``SIDS``).
    ``income``: ``"fy2025"`` (current classification) or ``"at_survey"`` (the group in force at
    survey time, :func:`income_fy_for_edition`; needs ``income_history`` = ``load_income_history()``).
    Countries with a missing value (not assessed) are left out of that indicator's n, mean, median.
    Returns columns ``edition, grouping, group, indicator, n, mean, median`` sorted by grouping,
    group, indicator order. Group definitions: UN M49 (UNSD) and World Bank CLASS/OGHIST.
    """
    by = [by] if isinstance(by, str) else list(by)
    indicators = list(indicators)
    unknown = [b for b in by if b not in GROUPINGS_BY]
    if unknown:
        raise ValueError(f"unknown grouping(s) {unknown}; use any of {sorted(GROUPINGS_BY)}")
    absent = [i for i in indicators if i not in wide.columns]
    if absent:
        raise ValueError(f"indicator column(s) {absent} not in the wide table")
    rows = wide[wide["edition"] == edition]
    if rows.empty:
        raise ValueError(f"edition {edition} not in the table")
    g = groupings.set_index("iso3")
    if income == "at_survey":
        if income_history is None:
            raise ValueError("income='at_survey' needs income_history=load_income_history()")
        fy = income_fy_for_edition(edition)
        hist = income_history[income_history["fiscal_year"] == fy].set_index("iso3")["income_group"]
        g = g.assign(income_group=hist.reindex(g.index))
    elif income != "fy2025":
        raise ValueError("income must be 'fy2025' or 'at_survey'")
    data = rows.set_index("iso3")[indicators].join(g, how="left")
    out = []
    for grouping in by:
        if grouping == "world":
            labels = pd.Series("World", index=data.index)
        elif grouping in _FLAG_LABELS:
            labels = pd.Series(np.where(data[grouping].astype(bool), _FLAG_LABELS[grouping], None), index=data.index)
        else:
            labels = data[grouping]
        for ind in indicators:
            frame = pd.DataFrame({"group": labels, "value": data[ind]}).dropna(subset=["group"])
            agg = frame.groupby("group", sort=True)["value"].agg(n="count", mean="mean", median="median")
            for group, r in agg.iterrows():
                out.append({"edition": edition, "grouping": grouping, "group": group, "indicator": ind,
                            "n": int(r["n"]), "mean": r["mean"], "median": r["median"]})
    res = pd.DataFrame(out, columns=["edition", "grouping", "group", "indicator", "n", "mean", "median"])
    order = {ind: i for i, ind in enumerate(indicators)}
    gorder = {b: i for i, b in enumerate(by)}
    return (res.assign(_g=res["grouping"].map(gorder), _i=res["indicator"].map(order))
               .sort_values(["_g", "group", "_i"], kind="mergesort").drop(columns=["_g", "_i"])
               .reset_index(drop=True))
