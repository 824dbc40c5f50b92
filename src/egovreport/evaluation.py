"""Workshop evaluation: questionnaires, validated response files, paired statistics.

The concept note of the Ulaanbaatar workshop (section 8) promises a pre-workshop
survey, a post-workshop evaluation and possibly a follow-up questionnaire. This
module reads the instruments (``data/instruments/workshop_*.yml``), validates
response files, and computes what the "Workshop evaluation" chapter reports.

Response files
    WIDE format: a UTF-8 CSV (a byte-order mark is tolerated) with a header row;
    one row per respondent and one column per question id of the instrument
    (``code``, ``org_type``, ``know_egdi_framework``...). A blank cell is "no
    answer". Choice answers are ids (``ministry``); ratings are whole numbers on
    the item's scale; multiple-choice answers are ids joined by ``;``. Wide is
    what survey tools (paper entry sheets, online forms) export, and one row per
    respondent makes "duplicate code" and "post without pre" row-level errors.

Validation (pandera)
    :func:`response_schema` builds a pandera schema from the instrument; every
    problem becomes an :class:`~egovreport.errors.InputError` naming the file, the
    row (1-based line as an editor shows it, header = 1) and the column: unknown
    item (a column the instrument does not have), missing column, value out of
    scale, unknown organisation type or other choice, malformed or duplicate
    anonymous code, post-evaluation code without a pre-survey record (strict
    mode), and free text that looks like personal data
    (:func:`egovreport.privacy.find_personal_data`).

Statistics
    Paired knowledge change per topic with the Wilcoxon signed-rank test and the
    matched-pairs rank-biserial correlation with a bootstrap confidence interval
    (:func:`knowledge_change`); session and relevance ratings
    (:func:`rating_summary`); counts by organisation type with small groups
    suppressed (:func:`suppress_small_groups`); free-text themes counted with a
    keyword scheme (:func:`count_themes`); plain-language sentences from the
    numbers (:func:`summary_sentences`).
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterable

import numpy as np
import pandas as pd
import pandera.pandas as pa
import yaml
from scipy import stats

from . import paths
from .errors import InputError
from .i18n import t
from .privacy import describe_personal_data, find_personal_data
from .provenance import track_read
from .tabular import FailureCase, read_text_table, record_lines, schema_input_error

PRE_SURVEY = "workshop_pre_survey"
POST_EVALUATION = "workshop_post_evaluation"
FOLLOWUP_QUESTIONNAIRE = "workshop_followup_questionnaire"
THEME_SCHEME = "workshop_feedback_themes"

DEFAULT_MIN_GROUP_SIZE = 5
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20241203  # first day of the Ulaanbaatar workshop; any fixed value works
CONFIDENCE = 0.95
ALPHA = 0.05
SUPPRESSED_GROUP = "other_small_groups"
UNCLASSIFIED_THEME = "unclassified"


# ------------------------------------------------------------------ instruments

@dataclass(frozen=True)
class Question:
    """One question of an instrument (one column of its response file)."""

    id: str
    type: str  # code | single_choice | multi_choice | rating | free_text
    text: dict
    scale: str | None = None
    choices: str | None = None
    topic: str | None = None
    session: str | None = None
    day: int | None = None
    answer_required: bool = False
    column_required: bool = True


@dataclass(frozen=True)
class Instrument:
    """A questionnaire with its shared blocks resolved (see ``load_instrument``)."""

    id: str
    path: Path
    title: dict
    questions: tuple[Question, ...]
    choices: dict  # choice-list id -> tuple of answer ids
    choice_labels: dict  # choice-list id -> {answer id: {"en":..., "mn":...}}
    scales: dict
    code_pattern: str
    privacy_notice: dict
    code_instructions: dict

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"{self.id}: no question {qid!r}")

    @property
    def question_ids(self) -> list[str]:
        return [q.id for q in self.questions]

    @property
    def knowledge_items(self) -> list[str]:
        """Rating items on the knowledge scale (the paired before/after items)."""
        return [q.id for q in self.questions if q.type == "rating" and q.scale == "knowledge"]

    @property
    def session_items(self) -> list[str]:
        return [q.id for q in self.questions if q.type == "rating" and q.scale == "session"]

    @property
    def rating_items(self) -> list[str]:
        return [q.id for q in self.questions if q.type == "rating"]

    @property
    def free_text_items(self) -> list[str]:
        return [q.id for q in self.questions if q.type == "free_text"]


def _read_yaml(path: Path) -> dict:
    if not path.exists():
        raise InputError(path, "instrument file not found")
    try:
        return yaml.safe_load(track_read(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML: {exc}") from exc


def load_instrument(name: str | Path) -> Instrument:
    """Read an instrument (``workshop_pre_survey`` etc. or a path) with its shared blocks.

    The instrument's ``include:`` file supplies the privacy notice, the anonymous
    code, choice lists, scales and question ``blocks``; a ``- block: <name>``
    entry in ``questions`` is replaced by that block's questions, so the pre- and
    post-workshop knowledge items are the same by construction.
    """
    path = Path(name) if str(name).endswith(".yml") else paths.instruments_dir() / f"{name}.yml"
    doc = _read_yaml(path)
    common = _read_yaml(path.parent / doc["include"]) if doc.get("include") else {}
    choice_lists = {**common.get("choices", {}), **doc.get("extra_choices", {})}
    blocks = common.get("blocks", {})
    questions: list[Question] = []
    for entry in doc.get("questions", []):
        if "block" in entry:
            if entry["block"] not in blocks:
                raise InputError(path, f"unknown question block {entry['block']!r}")
            raw = blocks[entry["block"]]
        else:
            raw = [entry]
        for q in raw:
            if "id" not in q:  # a stem (instruction line above a grid)
                continue
            questions.append(Question(
                id=q["id"], type=q["type"], text=q.get("text", {}), scale=q.get("scale"),
                choices=q.get("choices"), topic=q.get("topic"), session=q.get("session"),
                day=q.get("day"), answer_required=bool(q.get("answer_required", False)),
                column_required=bool(q.get("column_required", True))))
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise InputError(path, "question ids are not unique")
    for q in questions:
        if q.choices and q.choices not in choice_lists:
            raise InputError(path, f"question {q.id!r}: unknown choice list {q.choices!r}")
        if q.type == "rating" and q.scale not in common.get("scales", {}):
            raise InputError(path, f"question {q.id!r}: unknown scale {q.scale!r}")
    code = common.get("anonymous_code", {})
    return Instrument(
        id=doc.get("_meta", {}).get("id", path.stem), path=path, title=doc.get("title", {}),
        questions=tuple(questions),
        choices={k: tuple(c["id"] for c in v) for k, v in choice_lists.items()},
        choice_labels={k: {c["id"]: {"en": c["en"], "mn": c["mn"]} for c in v}
                       for k, v in choice_lists.items()},
        scales=common.get("scales", {}), code_pattern=code.get("pattern", r"^[A-Z]{2}[0-9]{4}$"),
        privacy_notice=common.get("privacy_notice", {}), code_instructions=code.get("text", {}))


# ---------------------------------------------------------------- validation

# Reasons as pandera check errors; the loader turns them into InputError messages.
_E_MISSING = "missing answer"
_E_CODE_FORMAT = "malformed anonymous code"
_E_DUPLICATE = "duplicate code"
_E_NO_PRE = "post without pre"
_E_CHOICE = "unknown choice"
_E_SCALE = "value out of scale"
_E_PII = "personal data in free text"


def _blank_or(predicate):
    """Vectorised check that passes blank cells and applies ``predicate`` to the rest."""
    return lambda s: s.eq("") | predicate(s)


def response_schema(instrument: Instrument, *, pre_codes: Collection[str] | None = None
                    ) -> pa.DataFrameSchema:
    """pandera schema for a response file of ``instrument`` (all cells read as text).

    ``pre_codes`` (post-evaluation, strict mode): codes found in the pre-survey;
    a post code outside this set is rejected as "post without pre".
    """
    columns = {}
    for q in instrument.questions:
        checks = []
        if q.answer_required:
            checks.append(pa.Check(lambda s: s.ne(""), error=_E_MISSING))
        if q.type == "code":
            pattern = instrument.code_pattern
            checks.append(pa.Check(_blank_or(lambda s, p=pattern: s.str.fullmatch(p)), error=_E_CODE_FORMAT))
            checks.append(pa.Check(lambda s: ~(s.ne("") & s.duplicated(keep="first")), error=_E_DUPLICATE))
            if pre_codes is not None:
                allowed = frozenset(pre_codes)
                checks.append(pa.Check(_blank_or(lambda s, a=allowed: s.isin(a)), error=_E_NO_PRE))
        elif q.type == "single_choice":
            ids = instrument.choices[q.choices]
            checks.append(pa.Check(_blank_or(lambda s, ids=ids: s.isin(ids)), error=_E_CHOICE))
        elif q.type == "multi_choice":
            ids = frozenset(instrument.choices[q.choices])
            checks.append(pa.Check(
                lambda v, ids=ids: v == "" or all(p.strip() in ids for p in v.split(";") if p.strip()),
                element_wise=True, error=_E_CHOICE))
        elif q.type == "rating":
            scale = instrument.scales[q.scale]
            valid = [str(v) for v in range(int(scale["min"]), int(scale["max"]) + 1)]
            checks.append(pa.Check(_blank_or(lambda s, valid=valid: s.isin(valid)), error=_E_SCALE))
        elif q.type == "free_text":
            checks.append(pa.Check(lambda v: not find_personal_data(v), element_wise=True, error=_E_PII))
        columns[q.id] = pa.Column(str, checks=checks, required=q.column_required, nullable=False)
    return pa.DataFrameSchema(columns, strict=True, name=instrument.id)


def _reason(instrument: Instrument, case: FailureCase, frame: pd.DataFrame, pre_file: Path | None) -> str:
    """Human-readable reason for one pandera failure case."""
    column, check, value = case.column, case.check, case.value
    if check == "column_in_schema":
        return (f"unknown item '{value}': not a question of instrument '{instrument.id}' "
                f"({instrument.path.name})")
    if check == "column_in_dataframe":
        return f"required column '{value}' missing (question of instrument '{instrument.id}')"
    q = instrument.question(column) if column in instrument.question_ids else None
    if check == _E_MISSING:
        return f"missing answer: '{column}' must be filled in"
    if check == _E_CODE_FORMAT:
        return (f"anonymous code '{value}' is malformed: expected 2 Latin letters and 4 digits "
                f"(pattern {instrument.code_pattern}, e.g. DU0705)")
    if check == _E_DUPLICATE:
        first = int(np.flatnonzero(frame[column].eq(value))[0])
        return f"duplicate code '{value}': already used on row {record_lines(frame)[first]}"
    if check == _E_NO_PRE:
        where = pre_file.name if pre_file else "the pre-survey file"
        return (f"post without pre: code '{value}' has no record in {where}; check the code for "
                f"typing errors, or load with allow_unpaired_post=True to count it as unpaired")
    if check == _E_CHOICE and q is not None:
        what = "organisation type" if q.choices == "org_type" else f"choice for '{q.id}'"
        return f"unknown {what} '{value}': expected one of {', '.join(instrument.choices[q.choices])}"
    if check == _E_SCALE and q is not None:
        scale = instrument.scales[q.scale]
        return (f"value '{value}' out of scale: expected a whole number from {scale['min']} to "
                f"{scale['max']} or blank (scale '{q.scale}')")
    if check == _E_PII:
        return (f"free text {describe_personal_data(find_personal_data(value))}; "
                f"personal data must not be stored: remove it from the response file")
    return f"{check}: {value!r}"


def load_responses(path: str | Path, instrument: Instrument | str, *,
                   pre_codes: Collection[str] | None = None, pre_file: Path | None = None
                   ) -> pd.DataFrame:
    """Read and validate one wide response file; return typed answers.

    Codes are compared after trimming spaces and upper-casing (in memory; the
    file is never changed). Ratings become nullable integers (``Int64``, blank →
    ``<NA>``); blank text becomes ``<NA>``. A ``source_row`` column keeps each
    respondent's line in the file. Raises :class:`InputError` for the first
    problem (file, row, column, reason); all problems found are listed in the
    exception's ``problems`` attribute as ``(row, column, reason)``.
    """
    path = Path(path)
    if isinstance(instrument, str):
        instrument = load_instrument(instrument)
    frame = read_text_table(path, min_rows=1)
    if "code" in frame.columns:
        frame["code"] = frame["code"].str.upper()
    schema = response_schema(instrument, pre_codes=pre_codes)
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise schema_input_error(exc, path, frame,
                                 reason=lambda case: _reason(instrument, case, frame, pre_file)) from None
    out = frame.copy()
    for q in instrument.questions:
        if q.id not in out.columns:
            continue
        if q.type == "rating":
            out[q.id] = pd.to_numeric(out[q.id].replace("", None)).astype("Int64")
        else:
            out[q.id] = out[q.id].replace("", pd.NA).astype("string")
    out.insert(0, "source_row", record_lines(frame))
    return out.reset_index(drop=True)


@dataclass
class WorkshopResponses:
    """Validated pre-survey and post-evaluation answers of one workshop."""

    pre: pd.DataFrame
    post: pd.DataFrame
    pre_file: Path
    post_file: Path
    pre_instrument: Instrument
    post_instrument: Instrument

    @property
    def illustrative(self) -> bool:
        return paths.is_illustrative_file(self.pre_file) or paths.is_illustrative_file(self.post_file)


def load_workshop_responses(pre_file: str | Path, post_file: str | Path, *,
                            allow_unpaired_post: bool = False) -> WorkshopResponses:
    """Load the pre-survey and post-evaluation files of a workshop.

    Strict mode (default): every post-evaluation code must appear in the
    pre-survey, because a post record without a pre record is most often a
    mistyped code, and silently dropping it would bias the paired comparison.
    With ``allow_unpaired_post=True`` such respondents are kept: they count in
    session ratings and relevance, and are dropped (and counted) in the paired
    knowledge comparison. Pre-survey respondents without a post record are
    always allowed (people leave early) and handled the same way.
    """
    pre_file, post_file = Path(pre_file), Path(post_file)
    pre_instrument = load_instrument(PRE_SURVEY)
    post_instrument = load_instrument(POST_EVALUATION)
    pre = load_responses(pre_file, pre_instrument)
    codes = None if allow_unpaired_post else set(pre["code"].dropna())
    post = load_responses(post_file, post_instrument, pre_codes=codes, pre_file=pre_file)
    return WorkshopResponses(pre, post, pre_file, post_file, pre_instrument, post_instrument)


# ---------------------------------------------------------------- statistics

def pairing_summary(pre: pd.DataFrame, post: pd.DataFrame) -> dict:
    """Respondents in each file, paired by anonymous code, and the unpaired ones."""
    a, b = set(pre["code"].dropna()), set(post["code"].dropna())
    return {"n_pre": len(a), "n_post": len(b), "n_paired": len(a & b),
            "n_pre_only": len(a - b), "n_post_only": len(b - a)}


def paired_ratings(pre: pd.DataFrame, post: pd.DataFrame, item: str) -> pd.DataFrame:
    """Before/after answers to ``item`` of respondents present in both files.

    Pairs with a blank answer on either side are dropped for this item.
    """
    merged = pre[["code", item]].merge(post[["code", item]], on="code", suffixes=("_pre", "_post"))
    merged = merged.dropna(subset=[f"{item}_pre", f"{item}_post"])
    return pd.DataFrame({"code": merged["code"].to_numpy(),
                         "before": merged[f"{item}_pre"].astype(int).to_numpy(),
                         "after": merged[f"{item}_post"].astype(int).to_numpy()})


def rank_biserial(differences) -> float:
    """Matched-pairs rank-biserial correlation of paired differences (after − before).

    r = (R+ − R−) / (R+ + R−), where R+ and R− are the sums of the ranks of the
    absolute non-zero differences (average ranks for ties) that are positive and
    negative; zero differences are dropped, as in the Wilcoxon test with
    ``zero_method="wilcox"``. r runs from −1 (all decreased) to +1 (all
    increased). Kerby (2014), "The simple difference formula", Comprehensive
    Psychology 3:11.IT.3.1; King, Rosopa & Minium (2011). NaN when every
    difference is zero.
    """
    d = np.asarray(differences, dtype=float)
    d = d[d != 0]
    if d.size == 0:
        return math.nan
    ranks = stats.rankdata(np.abs(d))
    r_plus, r_minus = ranks[d > 0].sum(), ranks[d < 0].sum()
    return float((r_plus - r_minus) / (r_plus + r_minus))


def _rank_biserial_rows(d: np.ndarray) -> np.ndarray:
    """Rank-biserial of each row of a 2-D array of differences (vectorised)."""
    ranks = stats.rankdata(np.abs(d), axis=1)
    n_zero = (d == 0).sum(axis=1, keepdims=True)
    # zeros take the lowest ranks; removing them shifts every other rank by n_zero
    ranks = ranks - n_zero
    r_plus = np.where(d > 0, ranks, 0).sum(axis=1)
    r_minus = np.where(d < 0, ranks, 0).sum(axis=1)
    total = r_plus + r_minus
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (r_plus - r_minus) / np.where(total > 0, total, 1), 0.0)


def rank_biserial_ci(differences, *, confidence: float = CONFIDENCE,
                     n_resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED
                     ) -> tuple[float, float]:
    """Percentile bootstrap confidence interval of the rank-biserial correlation.

    Respondents (pairs, including those with no change) are resampled with
    replacement ``n_resamples`` times with a fixed ``seed``, so the interval is
    reproducible; a resample in which nobody changed counts as r = 0 (no
    dominance either way). Percentile method (Efron & Tibshirani 1993, ch. 13).
    When every observed difference has the same sign the interval is [r, r]
    (all resamples agree), which says the sample shows no exception, not that
    the effect is known exactly; the table reports n beside it.
    """
    d = np.asarray(differences, dtype=float)
    if d.size == 0 or not np.any(d != 0):
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    sample = d[rng.integers(0, d.size, size=(n_resamples, d.size))]
    r = _rank_biserial_rows(sample)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(r, [tail, 100 - tail])
    return (float(low), float(high))


def wilcoxon_signed_rank(differences) -> dict:
    """Wilcoxon signed-rank test of paired differences against no change (two-sided).

    Zero differences are dropped before ranking (``zero_method="wilcox"``,
    Wilcoxon 1945); tied absolute differences get average ranks. The p-value is
    scipy's ``method="auto"``, which we report: ``exact`` when no differences
    are tied and n ≤ 50; ``permutation`` (all 2^n sign assignments enumerated,
    deterministic) when there are ties and n ≤ 13; ``normal`` (normal
    approximation with the tie-corrected variance, no continuity correction)
    otherwise. ``statistic`` is T = min(R+, R−). With no non-zero difference
    there is nothing to test: ``tested`` is False and the statistic and p-value
    are NaN.
    """
    d = np.asarray(differences, dtype=float)
    nonzero = d[d != 0]
    out = {"n": int(d.size), "n_zero": int(d.size - nonzero.size), "n_nonzero": int(nonzero.size),
           "r_plus": math.nan, "r_minus": math.nan, "statistic": math.nan, "p_value": math.nan,
           "p_method": None, "tested": False}
    if nonzero.size == 0:
        return out
    ranks = stats.rankdata(np.abs(nonzero))
    has_ties = np.unique(np.abs(nonzero)).size < nonzero.size
    if nonzero.size > 50:
        method = "normal"
    elif not has_ties:
        method = "exact"
    elif nonzero.size <= 13:
        method = "permutation"
    else:
        method = "normal"
    res = stats.wilcoxon(nonzero, zero_method="wilcox", alternative="two-sided", method="auto")
    out.update(r_plus=float(ranks[nonzero > 0].sum()), r_minus=float(ranks[nonzero < 0].sum()),
               statistic=float(res.statistic), p_value=float(res.pvalue), p_method=method, tested=True)
    return out


def holm_adjust(p_values: Iterable[float]) -> list[float]:
    """Holm (1979) step-down adjustment for multiple tests; NaN entries are skipped."""
    p = [float(v) for v in p_values]
    idx = sorted((i for i, v in enumerate(p) if not math.isnan(v)), key=lambda i: p[i])
    m = len(idx)
    adjusted = [math.nan] * len(p)
    running = 0.0
    for rank, i in enumerate(idx):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted


def knowledge_change(pre: pd.DataFrame, post: pd.DataFrame, instrument: Instrument, *,
                     min_group_size: int = DEFAULT_MIN_GROUP_SIZE, alpha: float = ALPHA,
                     confidence: float = CONFIDENCE, n_resamples: int = BOOTSTRAP_RESAMPLES,
                     seed: int = BOOTSTRAP_SEED) -> pd.DataFrame:
    """Self-rated knowledge before vs after, per topic, for paired respondents.

    One row per knowledge item: pairs used (``n_pairs``), how many rated higher,
    the same and lower after the workshop, median before/after, median change,
    share rating 4-5 ("good" or "expert") before and after with Wilson
    intervals, the Wilcoxon signed-rank test (:func:`wilcoxon_signed_rank`),
    Holm-adjusted p-values across the tested topics, and the rank-biserial
    correlation with its bootstrap interval. ``status`` is ``tested``,
    ``no_change`` (every pair gave the same rating before and after: no test)
    or ``suppressed`` (fewer than ``min_group_size`` pairs: numbers hidden).
    """
    rows = []
    for item in instrument.knowledge_items:
        q = instrument.question(item)
        pairs = paired_ratings(pre, post, item)
        n = len(pairs)
        row = {"item": item, "topic": q.topic, "day": q.day, "n_pairs": n}
        if n < min_group_size:
            row["status"] = "suppressed"
            rows.append(row)
            continue
        d = (pairs["after"] - pairs["before"]).to_numpy()
        test = wilcoxon_signed_rank(d)
        row.update(
            n_increase=int((d > 0).sum()), n_same=int((d == 0).sum()), n_decrease=int((d < 0).sum()),
            median_before=float(np.median(pairs["before"])), median_after=float(np.median(pairs["after"])),
            median_change=float(np.median(d)),
            share_good_before=float((pairs["before"] >= 4).mean()),
            share_good_after=float((pairs["after"] >= 4).mean()))
        for when in ("before", "after"):
            k = int((pairs[when] >= 4).sum())
            ci = stats.binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
            row[f"share_good_{when}_low"], row[f"share_good_{when}_high"] = float(ci.low), float(ci.high)
        row.update({k: test[k] for k in ("r_plus", "r_minus", "statistic", "p_value", "p_method")})
        if test["tested"]:
            low, high = rank_biserial_ci(d, confidence=confidence, n_resamples=n_resamples, seed=seed)
            row.update(rank_biserial=rank_biserial(d), ci_low=low, ci_high=high, status="tested")
        else:
            row["status"] = "no_change"
        rows.append(row)
    table = pd.DataFrame(rows)
    for col in ("n_increase", "n_same", "n_decrease", "median_before", "median_after", "median_change",
                "share_good_before", "share_good_after", "share_good_before_low", "share_good_before_high",
                "share_good_after_low", "share_good_after_high", "r_plus", "r_minus", "statistic",
                "p_value", "p_method", "rank_biserial", "ci_low", "ci_high"):
        if col not in table.columns:
            table[col] = np.nan
    table["p_holm"] = holm_adjust(table["p_value"].astype(float))
    table["significant"] = table["p_holm"] < alpha
    return table


def rating_summary(responses: pd.DataFrame, items: Iterable[str], *,
                   min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> pd.DataFrame:
    """Median, share of ratings 4-5 and n of each rating item (blank answers excluded).

    Items answered by fewer than ``min_group_size`` respondents are marked
    ``suppressed`` and their numbers hidden. ``n_1``..``n_5`` give the
    distribution for stacked-bar figures.
    """
    rows = []
    for item in items:
        values = responses[item].dropna().astype(int)
        n = len(values)
        row = {"item": item, "n": n}
        if n < min_group_size:
            row["status"] = "suppressed"
        else:
            row.update(median=float(values.median()), share_4_or_5=float((values >= 4).mean()),
                       status="shown", **{f"n_{v}": int((values == v).sum()) for v in range(1, 6)})
        rows.append(row)
    table = pd.DataFrame(rows)
    for col in ["median", "share_4_or_5"] + [f"n_{v}" for v in range(1, 6)]:
        if col not in table.columns:
            table[col] = np.nan
    return table


def suppress_small_groups(counts: pd.Series, min_group_size: int = DEFAULT_MIN_GROUP_SIZE
                          ) -> pd.DataFrame:
    """Counts by group with groups under ``min_group_size`` hidden.

    Groups with 1 to ``min_group_size − 1`` respondents are pooled into one row
    (``other_small_groups``). If the pool itself is under the threshold, the
    smallest shown groups join it until it reaches the threshold (secondary
    suppression: otherwise the pool's size would follow from the total minus
    the shown groups). When even the pool of all groups is under the
    threshold, no count is shown. Returns columns ``group``, ``n`` (``<NA>``
    when hidden) and ``groups_pooled`` (number of groups in the row).
    """
    counts = counts[counts > 0].sort_values(ascending=False, kind="stable")
    shown = counts[counts >= min_group_size]
    pooled = counts[counts < min_group_size]
    while 0 < pooled.sum() < min_group_size and len(shown) > 0:
        smallest = shown.index[-1]
        pooled = pd.concat([pooled, shown.loc[[smallest]]])
        shown = shown.drop(smallest)
    rows = [{"group": g, "n": int(v), "groups_pooled": 1} for g, v in shown.items()]
    if len(pooled):
        total = int(pooled.sum())
        rows.append({"group": SUPPRESSED_GROUP, "n": total if total >= min_group_size else pd.NA,
                     "groups_pooled": len(pooled)})
    table = pd.DataFrame(rows, columns=["group", "n", "groups_pooled"])
    table["n"] = table["n"].astype("Int64")
    return table


# ---------------------------------------------------------------- free-text themes

def load_theme_scheme(path: str | Path | None = None) -> dict[str, list[str]]:
    """Keyword scheme ``theme -> keywords`` (English and Mongolian merged, lower case).

    File ``data/instruments/workshop_feedback_themes.yml``; its header documents
    the matching rule used by :func:`match_themes`.
    """
    path = Path(path) if path else paths.instruments_dir() / f"{THEME_SCHEME}.yml"
    doc = _read_yaml(path)
    scheme = {}
    for theme, langs in doc.get("themes", {}).items():
        words = [str(w).lower() for lang in ("en", "mn") for w in (langs or {}).get(lang, [])]
        if not words:
            raise InputError(path, f"theme {theme!r} has no keywords")
        scheme[theme] = words
    return scheme


def match_themes(text: str | None, scheme: dict[str, list[str]]) -> set[str]:
    """Themes whose keywords start a word of ``text`` (case-insensitive)."""
    if text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text)):
        return set()
    low = str(text).lower()
    return {theme for theme, words in scheme.items()
            if any(re.search(r"(?<![\w])" + re.escape(w), low) for w in words)}


def count_themes(responses: pd.DataFrame, fields: Iterable[str], scheme: dict[str, list[str]], *,
                 min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> pd.DataFrame:
    """Respondents whose answer to each free-text field mentions each theme.

    Returns one row per field and theme (plus ``unclassified`` for answers that
    match no theme) with ``n`` (respondents), ``n_answers`` (non-blank answers
    to that field) and ``hidden`` (True when 0 < n < ``min_group_size``: the
    number is not published, only "fewer than k").
    """
    rows = []
    for fld in fields:
        answers = responses[fld].dropna() if fld in responses.columns else pd.Series(dtype="string")
        answers = answers[answers.str.strip() != ""]
        matched = [match_themes(a, scheme) for a in answers]
        for theme in list(scheme) + [UNCLASSIFIED_THEME]:
            n = sum(1 for m in matched if (theme in m if theme != UNCLASSIFIED_THEME else not m))
            rows.append({"field": fld, "theme": theme, "n": n, "n_answers": len(answers),
                         "hidden": 0 < n < min_group_size})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- the whole evaluation

@dataclass
class WorkshopEvaluation:
    """Every table of the workshop-evaluation chapter, computed from the responses."""

    pairing: dict
    org_counts_pre: pd.DataFrame
    org_counts_post: pd.DataFrame
    knowledge: pd.DataFrame
    sessions: pd.DataFrame
    relevance: pd.DataFrame
    themes: pd.DataFrame
    min_group_size: int
    illustrative: bool
    notes: dict = field(default_factory=dict)


def evaluate_workshop(responses: WorkshopResponses, *,
                      min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> WorkshopEvaluation:
    """Run every analysis of the chapter on validated responses."""
    pre, post = responses.pre, responses.post
    scheme = load_theme_scheme()
    themes = pd.concat([
        count_themes(pre, responses.pre_instrument.free_text_items, scheme, min_group_size=min_group_size),
        count_themes(post, responses.post_instrument.free_text_items, scheme, min_group_size=min_group_size),
    ], ignore_index=True)
    return WorkshopEvaluation(
        pairing=pairing_summary(pre, post),
        org_counts_pre=suppress_small_groups(pre["org_type"].value_counts(), min_group_size),
        org_counts_post=suppress_small_groups(post["org_type"].value_counts(), min_group_size),
        knowledge=knowledge_change(pre, post, responses.post_instrument, min_group_size=min_group_size),
        sessions=rating_summary(post, responses.post_instrument.session_items, min_group_size=min_group_size),
        relevance=rating_summary(post, ["relevance"], min_group_size=min_group_size),
        themes=themes, min_group_size=min_group_size, illustrative=responses.illustrative)


# ---------------------------------------------------------------- labels and sentences

def label(kind: str, key: str, lang: str = "en") -> str:
    """Short label from the ``evaluation`` catalogue: topic, session, org_type, role, theme..."""
    return t(f"evaluation.{kind}.{key}", lang)


def item_label(item: str, instrument: Instrument, lang: str = "en") -> str:
    """Catalogue label of a question: its topic, its session, or the item itself."""
    q = instrument.question(item)
    if q.topic:
        return label("topic", q.topic, lang)
    if q.session:
        return label("session", q.session, lang)
    return label("item", item, lang)


def fmt_share(value: float, lang: str = "en") -> str:
    """A share 0-1 as a whole percentage ("78%")."""
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{round(value * 100):d}%"


def fmt_number(value: float, digits: int = 2) -> str:
    """Number with ``digits`` decimals and a true minus sign; '–' for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace("-", "−")


def fmt_change(value: float) -> str:
    """Median change with an explicit sign ("+1", "+0.5", "0", "−1")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:+g}" if value != 0 else "0"
    return text.replace("-", "−")


def fmt_p(value: float) -> str:
    """p-value as usually reported: "< 0.001" or three decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def key_numbers(ev: WorkshopEvaluation, post_instrument: Instrument) -> dict:
    """Numbers stated in the chapter's prose (saved with ``save_results``)."""
    k = ev.knowledge
    tested = k[k["status"] == "tested"]
    up = tested[tested["significant"] & (tested["rank_biserial"] > 0)]
    down = tested[tested["significant"] & (tested["rank_biserial"] < 0)]
    out = {**ev.pairing, "min_group_size": ev.min_group_size, "illustrative": ev.illustrative,
           "alpha": ALPHA, "confidence": CONFIDENCE, "bootstrap_resamples": BOOTSTRAP_RESAMPLES,
           "bootstrap_seed": BOOTSTRAP_SEED,
           "n_topics": len(k), "n_topics_tested": len(tested), "n_topics_up": len(up),
           "n_topics_down": len(down), "n_topics_no_change": int((k["status"] == "no_change").sum()),
           "n_topics_suppressed": int((k["status"] == "suppressed").sum())}
    if len(tested):
        top = tested.sort_values(["rank_biserial", "median_change"], ascending=False, kind="stable").iloc[0]
        out["top_topic"] = {"topic": top["topic"], "rank_biserial": top["rank_biserial"],
                            "ci_low": top["ci_low"], "ci_high": top["ci_high"],
                            "median_change": top["median_change"], "n_pairs": top["n_pairs"],
                            "p_holm": top["p_holm"]}
    out["knowledge"] = {r["topic"]: {c: r[c] for c in ("n_pairs", "median_change", "rank_biserial",
                                                      "ci_low", "ci_high", "p_holm", "status")}
                        for r in k.to_dict("records")}
    shown = ev.sessions[ev.sessions["status"] == "shown"]
    if len(shown):
        order = shown.sort_values(["median", "share_4_or_5"], ascending=False, kind="stable")
        for name, r in (("best_session", order.iloc[0]), ("worst_session", order.iloc[-1])):
            out[name] = {"session": post_instrument.question(r["item"]).session, "median": r["median"],
                         "share_4_or_5": r["share_4_or_5"], "n": r["n"]}
    rel = ev.relevance.iloc[0]
    if rel["status"] == "shown":
        out["relevance"] = {"median": rel["median"], "share_4_or_5": rel["share_4_or_5"], "n": rel["n"]}
    nxt = ev.themes[(ev.themes["field"] == "next_steps") & (ev.themes["theme"] != UNCLASSIFIED_THEME)
                    & ~ev.themes["hidden"] & (ev.themes["n"] > 0)]
    out["top_next_step_themes"] = top_with_ties(nxt, "n", 3)[["theme", "n"]].to_dict("records")
    return out


def top_with_ties(df: pd.DataFrame, column: str, k: int) -> pd.DataFrame:
    """The ``k`` rows with the largest ``column`` (stable order) and every row tied with the
    ``k``-th: a tie is never cut arbitrarily."""
    ranked = df.sort_values(column, ascending=False, kind="stable")
    if len(ranked) <= k:
        return ranked
    return ranked[ranked[column] >= ranked[column].iloc[k - 1]]


def summary_sentences(numbers: dict, lang: str = "en") -> list[str]:
    """Plain-language sentences from :func:`key_numbers`, in ``lang``.

    Templates come from the ``evaluation.summary`` catalogue keys. Wording is
    deliberately cautious: the numbers are self-ratings of the same people
    without a comparison group, so the sentences describe change and never
    claim the workshop caused it; with illustrative data every sentence starts
    with the illustrative label.
    """
    def s(key, **values):
        return t(f"evaluation.summary.{key}", lang, **values)

    out = [s("responses", n_pre=numbers["n_pre"], n_post=numbers["n_post"], n_paired=numbers["n_paired"],
             n_pre_only=numbers["n_pre_only"], n_post_only=numbers["n_post_only"])]
    alpha = f"{numbers['alpha']:g}"
    if numbers["n_topics_tested"] == 0:
        out.append(s("knowledge_untested"))
    elif numbers["n_topics_up"] > 0:
        top = numbers["top_topic"]
        out.append(s("knowledge_up", n_up=numbers["n_topics_up"], n_tested=numbers["n_topics_tested"],
                     alpha=alpha, topic=label("topic", top["topic"], lang),
                     r=fmt_number(top["rank_biserial"]), low=fmt_number(top["ci_low"]),
                     high=fmt_number(top["ci_high"]), change=fmt_change(top["median_change"]),
                     n=top["n_pairs"], level=round(numbers["confidence"] * 100)))
    else:
        out.append(s("knowledge_none", n_tested=numbers["n_topics_tested"], alpha=alpha))
    if numbers["n_topics_down"]:
        out.append(s("knowledge_down", n=numbers["n_topics_down"], alpha=alpha))
    if numbers["n_topics_no_change"]:
        out.append(s("knowledge_no_change", n=numbers["n_topics_no_change"]))
    if numbers["n_topics_suppressed"]:
        out.append(s("knowledge_suppressed", n=numbers["n_topics_suppressed"], k=numbers["min_group_size"]))
    if "best_session" in numbers:
        b, w = numbers["best_session"], numbers["worst_session"]
        out.append(s("sessions", best=label("session", b["session"], lang), best_median=f"{b['median']:g}",
                     best_share=fmt_share(b["share_4_or_5"]), best_n=b["n"],
                     worst=label("session", w["session"], lang), worst_median=f"{w['median']:g}",
                     worst_share=fmt_share(w["share_4_or_5"]), worst_n=w["n"]))
    if "relevance" in numbers:
        r = numbers["relevance"]
        out.append(s("relevance", share=fmt_share(r["share_4_or_5"]), median=f"{r['median']:g}", n=r["n"]))
    if numbers["top_next_step_themes"]:
        themes = ", ".join(f"{label('theme', x['theme'], lang)} ({x['n']})" for x in numbers["top_next_step_themes"])
        out.append(s("themes", themes=themes))
    out.append(s("caveat"))
    if numbers["illustrative"]:
        prefix = t("common.illustrative_label", lang)
        out = [f"**[{prefix}]** {x}" for x in out]
    return out


# ---------------------------------------------------------------- files of a run

def resolve_response_file(value: str | Path) -> Path:
    """A file parameter as given, or relative to the project root when not absolute.

    Which files a run reads (real responses, else the illustrative ones, never a mix) is
    decided by the pipeline before anything runs (``inputs: workshop_responses`` in
    ``pipeline.yml``), which passes their paths to the notebook."""
    path = Path(value)
    return path if path.is_absolute() else paths.project_root() / path


# ---------------------------------------------------------------- tables for the book

def _hidden(k: int, lang: str) -> str:
    return t("evaluation.hidden_count", lang, k=k)


def org_counts_table(ev: WorkshopEvaluation, lang: str = "en") -> pd.DataFrame:
    """Respondents by organisation type, pre and post side by side, small groups hidden."""
    pre = ev.org_counts_pre.set_index("group")["n"]
    post = ev.org_counts_post.set_index("group")["n"]
    groups = [g for g in list(pre.index) + list(post.index) if g != SUPPRESSED_GROUP]
    groups = list(dict.fromkeys(groups)) + [SUPPRESSED_GROUP]

    def cell(series, g):
        if g not in series.index:
            return "–" if g != SUPPRESSED_GROUP else "0"
        v = series[g]
        return _hidden(ev.min_group_size, lang) if pd.isna(v) else str(int(v))

    rows = []
    for g in groups:
        if g == SUPPRESSED_GROUP and g not in pre.index and g not in post.index:
            continue
        # a type shown in one file but pooled in the other appears as "–" there
        rows.append({t("evaluation.column.group", lang): label("org_type", g, lang),
                     t("evaluation.column.n_pre", lang): cell(pre, g),
                     t("evaluation.column.n_post", lang): cell(post, g)})
    rows.append({t("evaluation.column.group", lang): t("evaluation.column.total", lang),
                 t("evaluation.column.n_pre", lang): str(ev.pairing["n_pre"]),
                 t("evaluation.column.n_post", lang): str(ev.pairing["n_post"])})
    return pd.DataFrame(rows)


def knowledge_table(ev: WorkshopEvaluation, instrument: Instrument, lang: str = "en") -> pd.DataFrame:
    """The paired knowledge comparison formatted for the book (one row per topic)."""
    c = lambda key, **kw: t(f"evaluation.column.{key}", lang, **kw)  # noqa: E731
    level = round(CONFIDENCE * 100)
    rows = []
    for r in ev.knowledge.to_dict("records"):
        row = {c("topic"): item_label(r["item"], instrument, lang), c("n_pairs"): int(r["n_pairs"])}
        if r["status"] == "suppressed":
            status = t("evaluation.status.suppressed", lang, k=ev.min_group_size)
            row.update({c("increase_same_decrease"): "", c("median_before"): "", c("median_after"): "",
                        c("median_change"): "", c("rank_biserial"): "", c("ci", level=level): "",
                        c("p_holm"): "", c("status"): status})
        else:
            tested = r["status"] == "tested"
            row.update({
                c("increase_same_decrease"): f"{r['n_increase']} / {r['n_same']} / {r['n_decrease']}",
                c("median_before"): f"{r['median_before']:g}", c("median_after"): f"{r['median_after']:g}",
                c("median_change"): fmt_change(r["median_change"]),
                c("rank_biserial"): fmt_number(r["rank_biserial"]) if tested else "–",
                c("ci", level=level): (t("evaluation.ci_range", lang, low=fmt_number(r["ci_low"]),
                                         high=fmt_number(r["ci_high"])) if tested else "–"),
                c("p_holm"): fmt_p(r["p_holm"]) if tested else "–",
                c("status"): (t(f"evaluation.p_method.{r['p_method']}", lang) if tested
                              else t("evaluation.status.no_change", lang))})
        rows.append(row)
    return pd.DataFrame(rows)


def ratings_table(ev: WorkshopEvaluation, instrument: Instrument, lang: str = "en") -> pd.DataFrame:
    """Session ratings and relevance formatted for the book."""
    c = lambda key: t(f"evaluation.column.{key}", lang)  # noqa: E731
    rows = []
    for r in pd.concat([ev.sessions, ev.relevance]).to_dict("records"):
        shown = r["status"] == "shown"
        rows.append({c("session"): item_label(r["item"], instrument, lang), c("n"): int(r["n"]),
                     c("median"): f"{r['median']:g}" if shown else t("evaluation.hidden_value", lang),
                     c("share_4_or_5"): fmt_share(r["share_4_or_5"]) if shown else ""})
    return pd.DataFrame(rows)


def themes_table(ev: WorkshopEvaluation, lang: str = "en") -> pd.DataFrame:
    """Theme counts by free-text question (columns), hidden counts shown as "fewer than k"."""
    fields = list(dict.fromkeys(ev.themes["field"]))
    rows = []
    for theme in dict.fromkeys(ev.themes["theme"]):
        row = {t("evaluation.column.theme", lang): label("theme", theme, lang)}
        for fld in fields:
            r = ev.themes[(ev.themes["field"] == fld) & (ev.themes["theme"] == theme)].iloc[0]
            row[label("item", fld, lang)] = _hidden(ev.min_group_size, lang) if r["hidden"] else str(r["n"])
        rows.append(row)
    answers = {label("item", f, lang): str(int(ev.themes[ev.themes["field"] == f]["n_answers"].iloc[0]))
               for f in fields}
    rows.append({t("evaluation.column.theme", lang): t("evaluation.column.n_answers", lang), **answers})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- figures

RATING_COLOURS = {1: "#D55E00", 2: "#E69F00", 3: "#BBBBBB", 4: "#56B4E9", 5: "#0072B2"}  # Okabe–Ito


def _mark_illustrative(fig, lang: str) -> None:
    fig.text(0.995, 0.995, t("common.illustrative_label", lang), ha="right", va="top",
             fontsize=11, fontweight="bold", color="#D55E00")


def plot_knowledge_change(ev: WorkshopEvaluation, instrument: Instrument, lang: str = "en"):
    """Dot-and-interval figure: share rating 4-5 before/after, and rank-biserial r with CI."""
    import matplotlib.pyplot as plt

    from .figures import COLUMN_WIDTH_IN, MIN_FONT_PT, OKABE_ITO, apply_style

    apply_style()
    k = ev.knowledge[ev.knowledge["status"] != "suppressed"].reset_index(drop=True)
    ypos, labels, bold, y = [], [], [], 0.0
    rows_y = {}
    for day in (1, 2):
        part = k[k["day"] == day]
        if part.empty:
            continue
        labels.append(t(f"evaluation.day.{day}", lang))
        ypos.append(y)
        bold.append(True)
        y += 1
        for r in part.to_dict("records"):
            rows_y[r["item"]] = y
            labels.append(item_label(r["item"], instrument, lang))
            ypos.append(y)
            bold.append(False)
            y += 1
        y += 0.4
    height = 1.9 + 0.42 * y
    fig, (left, right) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH_IN, height), sharey=True, layout="constrained",
                                      gridspec_kw={"width_ratios": [1.15, 1]})
    fig.get_layout_engine().set(wspace=0.1)
    before_c, after_c = OKABE_ITO["sky"], OKABE_ITO["blue"]
    for r in k.to_dict("records"):
        yy = rows_y[r["item"]]
        for when, dy, colour, face in (("before", 0.17, before_c, "white"), ("after", -0.17, after_c, after_c)):
            est = r[f"share_good_{when}"] * 100
            lo, hi = r[f"share_good_{when}_low"] * 100, r[f"share_good_{when}_high"] * 100
            left.errorbar(est, yy + dy, xerr=[[est - lo], [hi - est]], fmt="o", color=colour,
                          mfc=face, mec=colour, ms=5.5, lw=1.3, capsize=0)
        if r["status"] == "tested":
            est, lo, hi = r["rank_biserial"], r["ci_low"], r["ci_high"]
            right.errorbar(est, yy, xerr=[[est - lo], [hi - est]], fmt="D", color=OKABE_ITO["black"],
                           ms=5, lw=1.3, capsize=0)
        else:
            right.text(-1.0, yy, textwrap.fill(t("evaluation.status.no_change", lang), 24), va="center",
                       fontsize=MIN_FONT_PT, color="#555555")
    left.set_xlim(0, 100)
    left.set_xticks([0, 25, 50, 75, 100])
    # wrapped: the two x labels sit side by side and Mongolian labels are long
    left.set_xlabel(textwrap.fill(t("evaluation.figure.knowledge_share_axis", lang) + " (%)", 24))
    right.set_xlim(-1.05, 1.05)
    right.set_xticks([-1, -0.5, 0, 0.5, 1], ["−1", "−0.5", "0", "0.5", "1"])
    right.axvline(0, color="#555555", lw=0.8)
    right.set_xlabel(textwrap.fill(t("evaluation.figure.knowledge_effect_axis", lang), 22))
    right.set_xticks([-1, 0, 1], ["−1", "0", "1"])  # three ticks fit the narrow panel at 9 pt
    left.set_xticks([0, 50, 100])
    left.set_yticks(ypos, [textwrap.fill(lab, 22) for lab in labels], fontsize=MIN_FONT_PT)
    for tick, is_header in zip(left.get_yticklabels(), bold):
        if is_header:
            tick.set_fontweight("bold")
    left.set_ylim(y - 0.4, -0.8)
    left.tick_params(axis="y", length=0)
    right.tick_params(axis="y", length=0)
    for ax in (left, right):
        ax.grid(axis="y", visible=False)
    handles = [
        plt.Line2D([], [], marker="o", ls="", mfc="white", mec=before_c, color=before_c,
                   label=t("evaluation.figure.before", lang)),
        plt.Line2D([], [], marker="o", ls="", color=after_c, label=t("evaluation.figure.after", lang)),
    ]
    left.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, borderaxespad=0.2)
    title = textwrap.fill(t("evaluation.figure.knowledge_title", lang), 42)  # clear of the illustrative mark
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=11)
    if ev.illustrative:
        _mark_illustrative(fig, lang)
    return fig


def plot_ratings(ev: WorkshopEvaluation, instrument: Instrument, lang: str = "en"):
    """100% stacked bars of session ratings and relevance (rows with too few answers hidden)."""
    import matplotlib.pyplot as plt

    from .figures import COLUMN_WIDTH_IN, MIN_FONT_PT, apply_style

    apply_style()
    table = pd.concat([ev.sessions, ev.relevance])
    table = table[table["status"] == "shown"].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH_IN, 2.0 + 0.5 * max(len(table), 1)), layout="constrained")
    for i, r in enumerate(table.to_dict("records")):
        start = 0.0
        for v in range(1, 6):
            share = r[f"n_{v}"] / r["n"] * 100
            ax.barh(i, share, left=start, color=RATING_COLOURS[v], edgecolor="white", height=0.7,
                    label=t("evaluation.figure.rating_level", lang, v=v) if i == 0 else None)
            if share >= 11:  # a 9-pt "NN%" fits the segment
                ax.text(start + share / 2, i, f"{share:.0f}%", ha="center", va="center", fontsize=MIN_FONT_PT,
                        color="white" if v in (1, 5) else "black")
            start += share
        ax.text(101, i, t("evaluation.figure.n_suffix", lang, n=int(r["n"])), va="center", fontsize=MIN_FONT_PT)
    ax.set_yticks(range(len(table)), [textwrap.fill(item_label(x, instrument, lang), 24) for x in table["item"]],
                  fontsize=MIN_FONT_PT)
    ax.invert_yaxis()
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel(t("evaluation.figure.ratings_axis", lang) + " (%)")
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    if len(table):
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3, borderaxespad=0.2, fontsize=MIN_FONT_PT)
    fig.suptitle(textwrap.fill(t("evaluation.figure.ratings_title", lang), 42), x=0.01, ha="left",
                 fontweight="bold", fontsize=11)
    if ev.illustrative:
        _mark_illustrative(fig, lang)
    return fig
