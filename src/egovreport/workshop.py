"""The workshop record as data: facts, agenda, session outputs and attendance.

A country's workshop is described by up to three files in ``data/country/<ISO3>/``:

``workshop.yml``
    Facts from the concept note: title, dates, daily hours, city, venue, organisers,
    languages, the agenda (days and sessions, presenters by *role and organisation*,
    never a personal name) and verbatim quotes of the concept note (objectives,
    thematic areas, expected outcomes, participants), each checked against the copy
    of the concept note named in ``concept_note.file``.
``workshop_record.yml``
    What happened in each session: main points, questions, corrections participants
    made to the desk review, agreed conclusions (and conclusions of the workshop as a
    whole). Until the rapporteurs' notes exist, ``workshop_record_ILLUSTRATIVE.yml``
    stands in; every page and table built from it says so.
``workshop_attendance.csv``
    Participants per day and type of organisation (counts only; the types are those
    of the evaluation questionnaires, so attendance and evaluation can be compared).
    ``workshop_attendance_ILLUSTRATIVE.csv`` stands in until the real sign-in counts exist.

Every file is validated before a page uses it: an error names the file, the line
and the field (YAML) or column (CSV), and free text is scanned for personal data
(:func:`egovreport.privacy.find_personal_data`). A country without these files gets
pages that say what is missing and where the files go (:func:`missing_inputs`).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import pandera.pandas as pa
import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import paths
from .errors import InputError
from .i18n import LANGUAGES
from .privacy import describe_personal_data, find_personal_data
from .provenance import relative_to_root, track_read
from .tabular import read_text_table, record_lines

FACTS_FILE = "workshop.yml"
RECORD_STEM = "workshop_record"
ATTENDANCE_STEM = "workshop_attendance"
ILLUSTRATIVE_SUFFIX = "_ILLUSTRATIVE"
ATTENDANCE_COLUMNS = ("day", "organisation_type", "participants")
ATTENDANCE_OPTIONAL = ("women",)
# Keys of concept-note quotes the summary report shows (workshop.yml, concept_note.quotes).
QUOTE_KEYS = ("purpose", "objectives", "thematic_areas_day1", "thematic_areas_day2_pillars",
              "thematic_areas_day2_elements", "expected_outcomes", "outputs", "participants",
              "languages", "surveys", "organisers")
_SESSION_ID = re.compile(r"^[a-z][a-z0-9_]*$")


# --------------------------------------------------------------------------- reading YAML with lines


def _line_map(node, path=(), out=None) -> dict[tuple, int]:
    """``{path: 1-based line}`` of every mapping key and sequence item of a composed YAML node."""
    out = {} if out is None else out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = path + (key.value,)
            out[sub] = key.start_mark.line + 1
            _line_map(value, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, path + (i,), out)
    return out


def read_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    """A YAML file's data and the line of each key/item (for errors that name the line)."""
    if not path.exists():
        raise InputError(relative_to_root(path), "file not found")
    raw = track_read(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(relative_to_root(path), f"not UTF-8 text ({exc.reason}); save the file as UTF-8",
                         row=raw[:exc.start].count(b"\n") + 1) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(relative_to_root(path), f"not valid YAML: {exc.problem or exc}",
                         row=mark.line + 1 if mark else None) from None
    return data, (_line_map(node) if node is not None else {})


def _line_of(lines: dict[tuple, int], loc: tuple) -> int | None:
    """Line of the deepest recorded prefix of ``loc`` (a pydantic error location)."""
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def _field(loc) -> str:
    return ".".join(str(p) for p in loc) or "(file)"


def _schema_error(exc: ValidationError, path: Path, lines: dict) -> InputError:
    """The first pydantic error as an InputError naming file, line and field."""
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = f"unknown field {loc[-1]!r}" + (" (personal names are never published: give the role and "
                                                  "organisation)" if str(loc[-1]).lower() in
                                                  ("name", "names", "person", "speaker") else "")
        elif err["type"] == "missing":
            msg = "required field missing"
        problems.append((_line_of(lines, loc), _field(loc), msg))
    row, column, text = problems[0]
    if len(problems) > 1:
        text += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''} in this file)"
    error = InputError(relative_to_root(path), text, row=row, column=column)
    error.problems = problems
    return error


def _scan_personal_data(data, path: Path, lines: dict, loc=()) -> None:
    """Raise InputError at the first string of ``data`` that holds personal data."""
    if isinstance(data, dict):
        for k, v in data.items():
            _scan_personal_data(v, path, lines, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _scan_personal_data(v, path, lines, loc + (i,))
    elif isinstance(data, str):
        found = find_personal_data(data)
        if found:
            raise InputError(relative_to_root(path), f"{describe_personal_data(found)}; "
                             f"the report publishes no e-mail addresses, phone numbers or ID numbers",
                             row=_line_of(lines, loc), column=_field(loc))


# --------------------------------------------------------------------------- schema (pydantic)


def _languages_ok(value: dict) -> dict:
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"unknown language code(s) {', '.join(unknown)}; known: {', '.join(LANGUAGES)}")
    if not str(value.get("en") or "").strip():
        raise ValueError("an English text ('en') is required")
    return {k: str(v).strip() for k, v in value.items() if v is not None and str(v).strip()}


# A text in several languages: {en: ..., mn: ...}; English required (the reference).
Text = Annotated[dict[str, str | None], AfterValidator(_languages_ok)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Presenter(_Strict):
    """Who presented a session: a role and an organisation, never a person's name."""

    role: Text
    organisation: Text


class Session(_Strict):
    id: str = Field(pattern=_SESSION_ID.pattern)
    day: int = Field(ge=1)
    title: Text
    thematic_area: str | None = None  # section of the concept note, e.g. "3.A"
    start: _dt.time | None = None
    end: _dt.time | None = None
    presenters: list[Presenter] = []

    @model_validator(mode="after")
    def _times(self):
        if self.start and self.end and self.end <= self.start:
            raise ValueError("'end' must be after 'start'")
        return self


class Day(_Strict):
    day: int = Field(ge=1)
    date: _dt.date
    theme: Text


class Hours(_Strict):
    start: _dt.time
    end: _dt.time


class Quote(_Strict):
    section: str
    items: list[Text] = Field(min_length=1)


class ConceptNote(_Strict):
    file: str
    citation: Text
    quotes: dict[str, Quote] = {}


class WorkshopFacts(_Strict):
    """``workshop.yml``."""

    country: str = Field(pattern=r"^[A-Z]{3}$")
    title: Text
    start_date: _dt.date
    end_date: _dt.date
    hours: Hours | None = None
    city: Text
    venue: Text
    organisers: list[Text] = Field(min_length=1)
    brief_partner: Text | None = None
    languages: list[str] = ["en"]
    days: list[Day] = []
    sessions: list[Session] = []
    concept_note: ConceptNote | None = None


def check_facts(facts: WorkshopFacts, path: Path, lines: dict) -> None:
    """Checks across fields of ``workshop.yml`` (dates, day numbers, session ids), each error at
    the line of the offending field."""
    def fail(reason, loc):
        raise InputError(relative_to_root(path), reason, row=_line_of(lines, loc), column=_field(loc))

    if facts.end_date < facts.start_date:
        fail("'end_date' is before 'start_date'", ("end_date",))
    numbers = [d.day for d in facts.days]
    for i, d in enumerate(facts.days):
        if numbers.index(d.day) != i:
            fail(f"day {d.day} is listed twice", ("days", i, "day"))
        if not facts.start_date <= d.date <= facts.end_date:
            fail(f"day {d.day}: date {d.date} is outside {facts.start_date} – {facts.end_date}", ("days", i, "date"))
    ids = [s.id for s in facts.sessions]
    for i, s in enumerate(facts.sessions):
        if ids.index(s.id) != i:
            fail(f"session id {s.id!r} is used twice", ("sessions", i, "id"))
        if facts.days and s.day not in numbers:
            fail(f"session {s.id!r}: day {s.day} is not one of the days listed under 'days'", ("sessions", i, "day"))


class Correction(_Strict):
    """A change participants agreed to the desk review's level of one cell."""

    cell: str
    desk_level: int | None = Field(default=None, ge=0, le=4)
    agreed_level: int = Field(ge=0, le=4)
    evidence: list[str] = []
    reason: Text


class SessionOutputs(_Strict):
    main_points: list[Text] = []
    questions: list[Text] = []
    desk_review_corrections: list[Correction] = []
    agreed_conclusions: list[Text] = []


class WorkshopOutputs(_Strict):
    """``workshop_record*.yml``: outputs per session id, and of the workshop as a whole."""

    sessions: dict[str, SessionOutputs] = {}
    workshop: SessionOutputs = SessionOutputs()


# --------------------------------------------------------------------------- loading


def _validated(model, path: Path):
    data, lines = read_yaml(path)
    if data is None:
        raise InputError(relative_to_root(path), "the file is empty", row=1)
    if not isinstance(data, dict):
        raise InputError(relative_to_root(path), "the file must be a mapping of fields (key: value)", row=1)
    _scan_personal_data(data, path, lines)
    data = {k: v for k, v in data.items() if k != "_meta"}
    try:
        return model.model_validate(data), lines
    except ValidationError as exc:
        raise _schema_error(exc, path, lines) from None


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'")).strip()


def check_quotes(facts: WorkshopFacts, path: Path, lines: dict) -> None:
    """Every English quote must appear word for word in the concept note copy (whitespace aside)."""
    note = facts.concept_note
    if note is None:
        return
    source = path.parent / note.file
    if not source.exists():
        raise InputError(relative_to_root(path), f"the concept note copy {note.file!r} is not in "
                         f"{relative_to_root(path.parent)}", row=_line_of(lines, ("concept_note", "file")),
                         column="concept_note.file")
    text = _normalise(track_read(source).read_text(encoding="utf-8"))
    for key, quote in note.quotes.items():
        for i, item in enumerate(quote.items):
            if _normalise(item["en"]) not in text:
                loc = ("concept_note", "quotes", key, "items", i)
                raise InputError(relative_to_root(path), f"quote not found word for word in {note.file}: "
                                 f"{item['en'][:80]!r}", row=_line_of(lines, loc), column=_field(loc + ("en",)))


def facts_path(country: str) -> Path:
    return paths.country_dir(country) / FACTS_FILE


def load_facts(country: str) -> WorkshopFacts | None:
    """``workshop.yml`` of ``country``, validated; None when the country has none."""
    path = facts_path(country)
    if not track_read(path).exists():
        return None
    facts, lines = _validated(WorkshopFacts, path)
    check_facts(facts, path, lines)
    if facts.country != country.upper():
        raise InputError(relative_to_root(path), f"'country' is {facts.country} but the file is in the folder of "
                         f"{country.upper()}", row=_line_of(lines, ("country",)), column="country")
    check_quotes(facts, path, lines)
    return facts


def load_workshop(country: str) -> dict:
    """``workshop.yml`` as a plain dict (dates as :class:`datetime.date`), ``{}`` when absent.

    The form :func:`egovreport.brief.load_workshop` returns (title, dates, city,
    venue, organisers, brief partner as ``{en:, mn:}`` dicts).
    """
    facts = load_facts(country)
    return facts.model_dump() if facts else {}


def resolve(country: str, stem: str, ext: str) -> Path | None:
    """The real file ``<stem>.<ext>`` of ``country`` if it exists, else the illustrative one, else None.

    Both candidates are recorded as read, so adding the real file later re-runs the pages.
    """
    folder = paths.country_dir(country)
    for name in (f"{stem}.{ext}", f"{stem}{ILLUSTRATIVE_SUFFIX}.{ext}"):
        if track_read(folder / name).exists():
            return folder / name
    return None


def _chosen(country: str, stem: str, ext: str, file: str | None) -> Path | None:
    """The file the pipeline chose before the run (``file``: project-relative, ``""`` = none),
    or, outside the pipeline (``file=None``), the real file if present, else the illustrative one."""
    if file is None:
        return resolve(country, stem, ext)
    return track_read(paths.project_root() / file) if file else None


def load_outputs(country: str, facts: WorkshopFacts | None,
                 file: str | None = None) -> tuple[WorkshopOutputs, Path] | None:
    """The session outputs (real, else illustrative), checked against the agenda and the desk review."""
    path = _chosen(country, RECORD_STEM, "yml", file)
    if path is None:
        return None
    outputs, lines = _validated(WorkshopOutputs, path)
    known = {s.id for s in facts.sessions} if facts else set()
    for sid in outputs.sessions:
        if sid not in known:
            raise InputError(relative_to_root(path), f"session {sid!r} is not in the agenda of {FACTS_FILE} "
                             f"(sessions: {', '.join(sorted(known)) or 'none'})",
                             row=_line_of(lines, ("sessions", sid)), column=f"sessions.{sid}")
    desk = _desk_levels(country)
    for where, out in [(("sessions", sid), o) for sid, o in outputs.sessions.items()] + [(("workshop",),
                                                                                         outputs.workshop)]:
        for i, corr in enumerate(out.desk_review_corrections):
            loc = where + ("desk_review_corrections", i)
            _check_correction(corr, desk, path, lines, loc)
    return outputs, path


def _desk_levels(country: str) -> dict | None:
    """The desk review's level per cell (None when the country has no desk review)."""
    try:
        from .governance.evidence import load_desk_review
        from .governance.inputs import MissingInputError
    except ImportError:  # pragma: no cover
        return None
    try:
        desk = load_desk_review(country)
    except MissingInputError:
        return None
    return {r.cell_id: (None if pd.isna(r.level) else int(r.level)) for r in desk.itertuples()}


def _check_correction(corr: Correction, desk: dict | None, path: Path, lines: dict, loc: tuple) -> None:
    from .governance.framework import CELL_IDS

    if corr.cell not in CELL_IDS:
        raise InputError(relative_to_root(path), f"unknown cell {corr.cell!r} (a cell is '<pillar>.<element>', "
                         f"e.g. 'policy.privacy')", row=_line_of(lines, loc + ("cell",)), column=_field(loc + ("cell",)))
    if desk is not None and corr.cell in desk and corr.desk_level != desk[corr.cell]:
        shown = "not assessed" if desk[corr.cell] is None else f"level {desk[corr.cell]}"
        raise InputError(relative_to_root(path), f"'desk_level' is {corr.desk_level} but the desk review gives "
                         f"{corr.cell} {shown}", row=_line_of(lines, loc + ("desk_level",)),
                         column=_field(loc + ("desk_level",)))
    if corr.desk_level == corr.agreed_level:
        raise InputError(relative_to_root(path), "'agreed_level' equals 'desk_level': that is no correction",
                         row=_line_of(lines, loc + ("agreed_level",)), column=_field(loc + ("agreed_level",)))


def organisation_types() -> dict[str, dict]:
    """Types of organisation (id → {en, mn}): the evaluation questionnaires' list."""
    from .evaluation import load_instrument

    instrument = load_instrument("workshop_pre_survey")
    return dict(instrument.choice_labels["org_type"])


def _count_column(required: bool) -> pa.Column:
    ok = r"^\d+$" if required else r"^(\d+)?$"
    return pa.Column(str, checks=pa.Check.str_matches(ok, error="must be a whole number (a count of people)"))


def load_attendance(country: str, facts: WorkshopFacts | None,
                    file: str | None = None) -> tuple[pd.DataFrame, Path] | None:
    """Participants per day and type of organisation (real, else illustrative), validated."""
    path = _chosen(country, ATTENDANCE_STEM, "csv", file)
    if path is None:
        return None
    label = relative_to_root(path)
    df = read_text_table(path, required_columns=ATTENDANCE_COLUMNS, label=label)
    unknown = [c for c in df.columns if c not in ATTENDANCE_COLUMNS + ATTENDANCE_OPTIONAL]
    if unknown:
        raise InputError(label, f"unknown column (expected {', '.join(ATTENDANCE_COLUMNS + ATTENDANCE_OPTIONAL)})",
                         row=1, column=unknown[0])
    days = [str(d.day) for d in facts.days] if facts and facts.days else None
    types = organisation_types()
    schema = pa.DataFrameSchema({
        "day": pa.Column(str, checks=pa.Check.isin(days, error=f"must be a day of the agenda ({', '.join(days)})")
                         if days else pa.Check.str_matches(r"^[1-9]\d*$", error="must be a day number (1, 2, ...)")),
        "organisation_type": pa.Column(str, checks=pa.Check.isin(
            list(types), error=f"must be one of {', '.join(types)}")),
        "participants": _count_column(True),
        **({"women": _count_column(False)} if "women" in df.columns else {}),
    })
    from .governance.inputs import validate_frame

    validate_frame(df, schema, label)
    lines = record_lines(df)
    seen = set()
    for i, r in enumerate(df.itertuples(index=False)):
        key = (r.day, r.organisation_type)
        if key in seen:
            raise InputError(label, f"day {r.day}, {r.organisation_type} appears twice", row=lines[i],
                             column="organisation_type")
        seen.add(key)
        if "women" in df.columns and r.women and int(r.women) > int(r.participants):
            raise InputError(label, f"'women' ({r.women}) is more than 'participants' ({r.participants})",
                             row=lines[i], column="women")
    out = pd.DataFrame({"day": df["day"].astype(int), "organisation_type": df["organisation_type"],
                        "participants": df["participants"].astype(int)})
    if "women" in df.columns:
        out["women"] = pd.array([int(v) if v else None for v in df["women"]], dtype="Int64")
    return out, path


# --------------------------------------------------------------------------- the record


@dataclass
class WorkshopRecord:
    """Everything known about one country's workshop (any part may be missing)."""

    country: str
    facts: WorkshopFacts | None = None
    outputs: WorkshopOutputs | None = None
    outputs_file: Path | None = None
    attendance: pd.DataFrame | None = None
    attendance_file: Path | None = None
    missing: list[str] = field(default_factory=list)  # FACTS_FILE, RECORD_STEM, ATTENDANCE_STEM

    @property
    def outputs_illustrative(self) -> bool:
        return bool(self.outputs_file) and paths.is_illustrative_file(self.outputs_file)

    @property
    def attendance_illustrative(self) -> bool:
        return bool(self.attendance_file) and paths.is_illustrative_file(self.attendance_file)

    @property
    def illustrative(self) -> bool:
        return self.outputs_illustrative or self.attendance_illustrative

    def sessions_of_day(self, day: int) -> list[Session]:
        return [s for s in (self.facts.sessions if self.facts else []) if s.day == day]

    def session_outputs(self, session_id: str) -> SessionOutputs | None:
        return self.outputs.sessions.get(session_id) if self.outputs else None

    def quotes(self, key: str) -> list[dict]:
        note = self.facts.concept_note if self.facts else None
        quote = note.quotes.get(key) if note else None
        return list(quote.items) if quote else []

    def quote_section(self, key: str) -> str | None:
        note = self.facts.concept_note if self.facts else None
        quote = note.quotes.get(key) if note else None
        return quote.section if quote else None

    def corrections(self) -> list[tuple[str | None, Correction]]:
        """``(session id or None for the workshop as a whole, correction)`` in agenda order."""
        if not self.outputs:
            return []
        order = [s.id for s in self.facts.sessions] if self.facts else []
        out = []
        for sid in sorted(self.outputs.sessions, key=lambda s: order.index(s) if s in order else len(order)):
            out += [(sid, c) for c in self.outputs.sessions[sid].desk_review_corrections]
        out += [(None, c) for c in self.outputs.workshop.desk_review_corrections]
        return out

    def conclusions(self) -> list[tuple[str | None, dict]]:
        """Agreed conclusions ``(session id or None, text)`` in agenda order, the workshop's last."""
        if not self.outputs:
            return []
        order = [s.id for s in self.facts.sessions] if self.facts else []
        out = []
        for sid in sorted(self.outputs.sessions, key=lambda s: order.index(s) if s in order else len(order)):
            out += [(sid, c) for c in self.outputs.sessions[sid].agreed_conclusions]
        out += [(None, c) for c in self.outputs.workshop.agreed_conclusions]
        return out


def load_record(country: str, record_file: str | None = None, attendance_file: str | None = None) -> WorkshopRecord:
    """The workshop record of ``country``: facts, outputs and attendance, each validated or missing.

    ``record_file`` and ``attendance_file`` are the files the pipeline chose before the run
    (``inputs:`` in pipeline.yml; ``""`` when the country has neither version); ``None``
    (outside the pipeline) takes the real file if present, else the illustrative one."""
    country = country.upper()
    rec = WorkshopRecord(country=country)
    rec.facts = load_facts(country)
    if rec.facts is None:
        rec.missing.append(FACTS_FILE)
    outputs = load_outputs(country, rec.facts, record_file)
    if outputs is None:
        rec.missing.append(RECORD_STEM)
    else:
        rec.outputs, rec.outputs_file = outputs
    attendance = load_attendance(country, rec.facts, attendance_file)
    if attendance is None:
        rec.missing.append(ATTENDANCE_STEM)
    else:
        rec.attendance, rec.attendance_file = attendance
    return rec


def _country_of(path: Path) -> str:
    """``data/country/<ISO3>/<file>`` → ``<ISO3>``."""
    return Path(path).resolve().parent.name.upper()


def check_record_file(path: Path) -> None:
    """``check`` of the declared input ``workshop_record`` (pipeline.yml): the session outputs
    validated against the country's agenda and desk review, free text scanned for personal data."""
    country = _country_of(path)
    load_outputs(country, load_facts(country), relative_to_root(path))


def check_attendance_file(path: Path) -> None:
    """``check`` of the declared input ``workshop_attendance`` (pipeline.yml)."""
    country = _country_of(path)
    load_attendance(country, load_facts(country), relative_to_root(path))


def expected_file(country: str, what: str) -> str:
    """Project-relative path where the file ``what`` (FACTS_FILE, RECORD_STEM, ATTENDANCE_STEM) goes."""
    name = {FACTS_FILE: FACTS_FILE, RECORD_STEM: f"{RECORD_STEM}.yml",
            ATTENDANCE_STEM: f"{ATTENDANCE_STEM}.csv"}[what]
    return f"data/country/{country.upper()}/{name}"


def localised(text: dict | None, lang: str) -> str:
    """A ``{en:, mn:}`` text in ``lang`` (English when that language has no text)."""
    if not text:
        return ""
    return str(text.get(lang) or text.get("en") or "")


def attendance_totals(attendance: pd.DataFrame) -> dict[int, int]:
    """Participants per day."""
    return {int(d): int(n) for d, n in attendance.groupby("day")["participants"].sum().items()}
