"""The reader pages of the workshop summary report, one function per page section.

The summary report has two layers. The *reader pages* (this module, shown by the thin
per-language notebooks ``00_key_findings`` and ``4x_*``) tell an official what the workshop
was, what happened in each session, what the analysis found and what comes next, in English
or Mongolian, without code. The *methods* layer is the executed analysis notebooks with their
code (English). Nothing here computes an indicator: numbers come from the analysis notebooks'
results (``load_results``, through :mod:`egovreport.brief`), the workshop record from
:mod:`egovreport.workshop`, every sentence from the ``report`` translation domain.

Every function returns MyST Markdown (the notebooks display it with ``display.md``); a
figure function returns a :class:`~egovreport.figures.SavedFigure` with a phone variant.
"""

from __future__ import annotations

import datetime as _dt
import re

from . import paths
from .brief import build_date, cell_label, format_date, format_date_range, level_name
from .display import admonition
from .figures import COLUMN_WIDTH_IN, PHONE_WIDTH_IN, SavedFigure, save_figure
from .i18n import capitalise, draft_notice_text, t, tn
from .workshop import (ATTENDANCE_STEM, FACTS_FILE, RECORD_STEM, WorkshopRecord, attendance_totals,
                       expected_file, localised, organisation_types)

#: Reader pages of the summary report (per-language notebook ids, in reading order).
READER_PAGES = ("key_findings", "background", "day1", "day2", "outcomes", "action_plan", "evaluation",
                "policy_brief", "annex_methodology", "annex_data_sources", "annex_stakeholders")


def _tr(key: str, lang: str, **values) -> str:
    return t(f"report.{key}", lang, **values)


def _label(lang: str) -> str:
    return t("common.illustrative_label", lang)


def _cell(text) -> str:
    """A Markdown table cell: no pipe or line break; '<' escaped (so 'data/raw/<source>' shows)
    except in the '<br>' that separates lines of a cell; the first letter upper-case (:func:`capitalise`)."""
    text = capitalise(str(text if text is not None else "").replace("|", "\\|").replace("\n", " "))
    return re.sub(r"<(?!br>)", "&lt;", text)


def table(header: list[str], rows: list[list], *, caption: str = "", source: str = "",
          illustrative: bool = False, lang: str = "en") -> str:
    """A captioned Markdown table (the caption says ILLUSTRATIVE when the rows are)."""
    title = f"[{_label(lang)}] {caption}" if illustrative and caption else caption
    lines = ([f"**{title}**", ""] if title else []) + [
        "| " + " | ".join(_cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    if source:
        lines += ["", f"*{t('common.source', lang)}:* {source}."]
    return "\n".join(lines) + "\n"


def bullets(items: list[str]) -> str:
    return "\n".join(f"- {x}" for x in items) + "\n"


def quote(items: list[dict], lang: str, record: WorkshopRecord, key: str, *, numbered: bool = False) -> str:
    """Concept-note text as a block quote with its attribution (section number)."""
    lines = []
    for i, item in enumerate(items, start=1):
        text = localised(item, lang)
        lines.append(f"> {i}. {text}" if numbered else (f"> - {text}" if len(items) > 1 else f"> {text}"))
    section = record.quote_section(key)
    lines += [">", f"> — *{_tr('concept_note_section', lang, section=section)}*"]
    if lang != "en":
        lines += [">", f"> *{_tr('quote_translated', lang)}*"]
    return "\n".join(lines) + "\n"


def draft_notice(lang: str) -> str:
    """The review notice of a translated book as a Markdown box (empty for English or a reviewed
    translation). The book shows it at the top of every page itself (``book_chrome``); this is
    for output outside the book."""
    notice = draft_notice_text(lang)
    return admonition("important egov-draft-translation", *notice) if notice else ""


def record_banner(record: WorkshopRecord, lang: str, *, attendance: bool = False) -> str:
    """Banner for a page that shows the illustrative workshop record (notes, attendance)."""
    used = record.outputs_illustrative or (attendance and record.attendance_illustrative)
    if not used:
        return ""
    return admonition("warning illustrative-data", _tr("record_illustrative_title", lang),
                      _tr("record_illustrative_body", lang))


_MISSING_KEYS = {FACTS_FILE: "facts", RECORD_STEM: "record", ATTENDANCE_STEM: "attendance"}


def missing_record(record: WorkshopRecord, lang: str, parts=(FACTS_FILE, RECORD_STEM, ATTENDANCE_STEM)) -> str:
    """'Not available' boxes for the parts of the workshop record a country does not have."""
    out = []
    for part in parts:
        if part in record.missing:
            key = _MISSING_KEYS[part]
            out.append(admonition("important not-available",
                                  f"{t('common.not_available_title', lang)}: {_tr(f'missing.{key}.what', lang)}",
                                  _tr(f"missing.{key}.how", lang, path=expected_file(record.country, part))))
    return "\n".join(out)


def provenance_line(country: str, edition: int | None, lang: str) -> str:
    """The last line of a reader page: what it was built from, and its executed notebook."""
    from .bookpages import notebook_download
    from .figures import current_commit

    commit = current_commit()
    parts = [_tr("built_from", lang, country=country, edition=edition) if edition else
             _tr("built_from_country", lang, country=country),
             _tr("executed_on", lang, date=build_date().isoformat())]
    if commit:
        parts.append(_tr("commit", lang, commit=commit[:10]))
    link = notebook_download(_tr("executed_notebook", lang))
    if link:
        parts.append(link)
    parts.append(_tr("methods_pointer", lang, methods=f"{{doc}}`{_tr('methods_title', lang)} </pages/methods_{lang}>`"))
    return (":::{container} egov-page-provenance\n" + " · ".join(parts[:-1]) + "\n\n" + parts[-1] + "\n:::\n")


# --------------------------------------------------------------------------- figures


def responsive_figure(name: str, draw, *, caption: str, source: str, alt: str, lang: str) -> SavedFigure:
    """Draw a figure for the text column and again for a phone (``draw(width)``), save both."""
    # PNG for the page, SVG for reuse; no PDF (embedding its fonts is most of the time a figure
    # takes, and the reader figures are drawn from results anyone can download)
    return save_figure(draw(COLUMN_WIDTH_IN), name, caption=caption, source=source, alt=alt,
                       narrow=draw(PHONE_WIDTH_IN), language=lang, formats=("png", "svg"))


def egdi_trend_figure(report, prefix: str) -> SavedFigure:
    """EGDI and its components in every edition (from the EGDI country profile's results)."""
    from .brief import un_source
    from .i18n import fmt_index
    from .reader_figures import egdi_trend

    inp = report.inputs
    lang, p = inp.language, inp.profile
    series = sorted(p["series"], key=lambda s: s["edition"])
    first, last = series[0], series[-1]
    title = _tr("figure.trend_title", lang, country_name=inp.country_name, first=first["edition"],
                last=last["edition"])
    return responsive_figure(
        f"{prefix}_egdi_trend_{lang}", lambda w: egdi_trend(series, lang, w, title=title),
        caption=_tr("figure.trend_caption", lang, country_name=inp.country_name, first=first["edition"],
                    last=last["edition"]),
        source=un_source(inp),
        alt=_tr("figure.trend_alt", lang, country_name=inp.country_name, first=first["edition"],
                last=last["edition"], egdi_first=fmt_index(first.get("egdi")), egdi_last=fmt_index(last.get("egdi"))),
        lang=lang)


def peers_figure(report, prefix: str) -> SavedFigure | None:
    """EGDI of the country and its peers, values written out, axis not from zero."""
    from .brief import country_label, region_label, un_source
    from .i18n import fmt_index
    from .reader_figures import value_dots

    inp = report.inputs
    peers = inp.get("peers")
    if not peers or not peers.get("table"):
        return None
    lang, p = inp.language, inp.profile
    rows = [{"id": r["iso3"], "label": country_label(r["iso3"], inp), "value": r.get("egdi")}
            for r in peers["table"]]
    bench = p.get("benchmarks") or {}
    world, region = bench.get("world") or {}, bench.get("region") or {}
    refs = [(_tr("figure.world_mean", lang), world.get("egdi_mean")),
            (_tr("figure.region_mean", lang, region=region_label(region, lang)), region.get("egdi_mean"))]
    title = _tr("figure.peers_title", lang, edition=p["edition"], country_name=inp.country_name)
    return responsive_figure(
        f"{prefix}_egdi_peers_{lang}",
        lambda w: value_dots(rows, inp.country, lang, w, title=title, xlabel="EGDI", references=refs),
        caption=_tr("figure.peers_caption", lang, country_name=inp.country_name, edition=p["edition"]),
        source=un_source(inp),
        alt=_tr("figure.peers_alt", lang, country_name=inp.country_name, edition=p["edition"],
                egdi=fmt_index(p.get("egdi")), n=len(rows) - 1, world=fmt_index(world.get("egdi_mean"))),
        lang=lang)


def desk_review_figure(record: WorkshopRecord, report, prefix: str) -> SavedFigure | None:
    """The desk review's level per cell, with the corrections participants agreed marked."""
    from .reader_figures import level_grid

    inp = report.inputs
    lang = inp.language
    evidence = inp.get("evidence")
    if not evidence or not evidence.get("desk_levels"):
        return None
    levels = {k: (None if v is None else int(v)) for k, v in evidence["desk_levels"].items()}
    changed = {c.cell: c.agreed_level for _, c in record.corrections()}
    title = _tr("figure.desk_title", lang, country_name=inp.country_name)
    caption = _tr("figure.desk_caption", lang, n=sum(v is not None for v in levels.values()), total=len(levels))
    if changed:
        caption += " " + _tr("figure.desk_caption_changed", lang, n=len(changed))
        if record.outputs_illustrative:
            caption = f"[{_label(lang)}] {caption}"
    return responsive_figure(
        f"{prefix}_desk_review_{lang}", lambda w: level_grid(levels, lang, w, title=title, changed=changed),
        caption=caption, source=_tr("figure.desk_source", lang, country=inp.country),
        alt=_tr("figure.desk_alt", lang, country_name=inp.country_name,
                n=sum(v is not None for v in levels.values()), total=len(levels), n_changed=len(changed)),
        lang=lang)


def attendance_figure(record: WorkshopRecord, lang: str, prefix: str) -> SavedFigure | None:
    """Participants per type of organisation and day (from the attendance file)."""
    from .reader_figures import grouped_bars

    att = record.attendance
    if att is None or att.empty:
        return None
    types = organisation_types()
    order = (att.groupby("organisation_type")["participants"].sum().sort_values(ascending=False).index.tolist())
    days = sorted(att["day"].unique())
    series = {}
    for d in days:
        part = att[att["day"] == d].set_index("organisation_type")["participants"]
        series[_tr("day_n", lang, day=d)] = [float(part.get(o, 0)) for o in order]
    labels = [localised(types.get(o), lang) or o for o in order]
    illu = f"[{_label(lang)}] " if record.attendance_illustrative else ""
    totals = attendance_totals(att)
    return responsive_figure(
        f"{prefix}_attendance_{lang}",
        lambda w: grouped_bars(labels, series, lang, w, title=illu + _tr("figure.attendance_title", lang),
                               xlabel=_tr("figure.participants", lang)),
        caption=illu + _tr("figure.attendance_caption", lang),
        source=_tr("figure.attendance_source", lang, file=record.attendance_file.name),
        alt=_tr("figure.attendance_alt", lang, days=", ".join(f"{_tr('day_n', lang, day=d)}: {n}"
                                                              for d, n in totals.items())),
        lang=lang)


# --------------------------------------------------------------------------- sections: the workshop


def workshop_intro(record: WorkshopRecord, lang: str) -> str:
    """One paragraph: what the workshop was, when, where, by whom (from workshop.yml)."""
    f = record.facts
    if f is None:
        return missing_record(record, lang, (FACTS_FILE,))
    organisers = [localised(o, lang) for o in f.organisers]
    text = _tr("intro", lang, title=localised(f.title, lang), city=localised(f.city, lang),
               dates=format_date_range(f.start_date, f.end_date, lang), organisers=join(organisers, lang, "; "))
    if record.attendance is not None:
        totals = attendance_totals(record.attendance)
        label = f"*[{_label(lang)}]* " if record.attendance_illustrative else ""
        text += "\n\n" + label + _tr("attendance_sentence", lang, per_day=join(
            [_tr("n_on_day", lang, n=n, day=d) for d, n in totals.items()], lang),
            n_types=record.attendance["organisation_type"].nunique())
    return text + "\n"


def join(items: list[str], lang: str, sep: str = ", ") -> str:
    """'a, b and c' (``sep`` "; " for items that contain commas, e.g. names of organisations)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return sep.join(items[:-1]) + sep.rstrip() + _tr("and", lang) + items[-1] if sep != ", " else \
        sep.join(items[:-1]) + _tr("and", lang) + items[-1]


def facts_list(record: WorkshopRecord, lang: str) -> str:
    """The workshop at a glance: title, dates and hours, venue, organisers, languages."""
    f = record.facts
    if f is None:
        return missing_record(record, lang, (FACTS_FILE,))
    dates = format_date_range(f.start_date, f.end_date, lang)
    if f.hours:
        dates += f", {f.hours.start:%H:%M}–{f.hours.end:%H:%M}"
    items = [(_tr("fact.title", lang), localised(f.title, lang)), (_tr("fact.dates", lang), dates),
             (_tr("fact.venue", lang), localised(f.venue, lang)),
             (_tr("fact.organisers", lang), "; ".join(localised(o, lang) for o in f.organisers)),
             (_tr("fact.languages", lang), ", ".join(_tr(f"language_name.{x}", lang) for x in f.languages))]
    return "\n".join(f"{name}\n: {value}\n" for name, value in items)


def agenda_table(record: WorkshopRecord, lang: str) -> str:
    """The agenda: one row per session (day and date, session, concept-note section, time,
    presenters by role and organisation)."""
    f = record.facts
    if f is None or not f.sessions:
        return missing_record(record, lang, (FACTS_FILE,)) if f is None else _tr("no_agenda", lang) + "\n"
    dates = {d.day: d.date for d in f.days}
    rows = []
    any_time = any(s.start for s in f.sessions)
    any_presenter = any(s.presenters for s in f.sessions)
    for s in f.sessions:
        day = _tr("day_n", lang, day=s.day) + (f", {format_date(dates[s.day], lang)}" if s.day in dates else "")
        row = [day, localised(s.title, lang),
               _tr("concept_note_section_short", lang, section=s.thematic_area) if s.thematic_area else "–"]
        if any_time:
            row.append(f"{s.start:%H:%M}–{s.end:%H:%M}" if s.start and s.end else "–")
        if any_presenter:
            row.append("; ".join(presenter_text(p, lang) for p in s.presenters) or "–")
        rows.append(row)
    header = [_tr("col.day", lang), _tr("col.session", lang), _tr("col.concept_note", lang)]
    header += [_tr("col.time", lang)] if any_time else []
    header += [_tr("col.presenters", lang)] if any_presenter else []
    out = table(header, rows, lang=lang,
                source=localised(f.concept_note.citation, lang) if f.concept_note else "")
    if not any_time or not any_presenter:
        out += "\n" + _tr("agenda_incomplete", lang) + "\n"
    return out


def presenter_text(p, lang: str) -> str:
    return f"{localised(p.role, lang)}, {localised(p.organisation, lang)}"


def attendance_table(record: WorkshopRecord, lang: str) -> str:
    att = record.attendance
    if att is None:
        return missing_record(record, lang, (ATTENDANCE_STEM,))
    types = organisation_types()
    days = sorted(att["day"].unique())
    has_women = "women" in att.columns
    rows = []
    for o in att.groupby("organisation_type")["participants"].sum().sort_values(ascending=False).index:
        row = [localised(types.get(o), lang) or o]
        for d in days:
            hit = att[(att["day"] == d) & (att["organisation_type"] == o)]
            n = int(hit["participants"].sum()) if len(hit) else 0
            w = hit["women"].iloc[0] if has_women and len(hit) and not hit["women"].isna().iloc[0] else None
            row.append(f"{n}" + (f" ({int(w)})" if w is not None else ""))
        rows.append(row)
    totals = ["**" + _tr("total", lang) + "**"]
    for d in days:
        part = att[att["day"] == d]
        w = int(part["women"].sum()) if has_women and part["women"].notna().all() else None
        totals.append(f"**{int(part['participants'].sum())}**" + (f" ({w})" if w is not None else ""))
    rows.append(totals)
    header = [_tr("col.organisation_type", lang)] + [_tr("day_n", lang, day=d) for d in days]
    note = _tr("attendance_women_note", lang) if has_women else ""
    return table(header, rows, caption=_tr("attendance_caption", lang), lang=lang,
                 illustrative=record.attendance_illustrative,
                 source=_tr("attendance_source", lang, file=record.attendance_file.name)) + (
        f"\n{note}\n" if note else "")


def about_report(lang: str) -> str:
    """'About this report' (moved here from the annexes)."""
    return _tr("about", lang) + "\n"


# --------------------------------------------------------------------------- sections: sessions


def sessions_markdown(record: WorkshopRecord, day: int, lang: str) -> str:
    """The record of each session of ``day``: presenters, main points, questions, corrections to
    the desk review and agreed conclusions."""
    if record.facts is None:
        return missing_record(record, lang, (FACTS_FILE,))
    sessions = record.sessions_of_day(day)
    if not sessions:
        return _tr("no_sessions", lang, day=day) + "\n"
    label = f"*[{_label(lang)}]* " if record.outputs_illustrative else ""
    out = []
    for s in sessions:
        out += [f"### {localised(s.title, lang)}", ""]
        if s.presenters:
            out += [f"*{_tr('presenters', lang)}:* " + "; ".join(presenter_text(p, lang) for p in s.presenters), ""]
        outputs = record.session_outputs(s.id)
        if outputs is None:
            out += [_tr("no_notes", lang) if record.outputs else _tr("no_record_yet", lang), ""]
            continue
        for key in ("main_points", "questions", "agreed_conclusions"):
            items = getattr(outputs, key)
            if items:
                out += [f"**{_tr(f'record.{key}', lang)}**", "", bullets([label + localised(i, lang) for i in items])]
        if outputs.desk_review_corrections:
            out += [f"**{_tr('record.desk_review_corrections', lang)}**", "",
                    bullets([label + correction_sentence(c, lang) for c in outputs.desk_review_corrections])]
    if record.outputs is None:
        out += [missing_record(record, lang, (RECORD_STEM,))]
    return "\n".join(out) + "\n"


def correction_sentence(c, lang: str) -> str:
    desk = _tr("not_assessed", lang) if c.desk_level is None else f"{c.desk_level} ({level_name(c.desk_level, lang)})"
    return _tr("correction", lang, cell=cell_label(c.cell, lang), desk=desk,
               agreed=f"{c.agreed_level} ({level_name(c.agreed_level, lang)})", reason=localised(c.reason, lang))


def corrections_table(record: WorkshopRecord, lang: str) -> str:
    """Every correction participants made to the desk review, with the session and the reason."""
    items = record.corrections()
    if not items:
        if record.outputs is None:
            return missing_record(record, lang, (RECORD_STEM,))
        return _tr("no_corrections", lang) + "\n"
    titles = {s.id: localised(s.title, lang) for s in (record.facts.sessions if record.facts else [])}
    rows = []
    for sid, c in items:
        desk = _tr("not_assessed", lang) if c.desk_level is None else f"{c.desk_level} {level_name(c.desk_level, lang)}"
        rows.append([cell_label(c.cell, lang), desk, f"{c.agreed_level} {level_name(c.agreed_level, lang)}",
                     localised(c.reason, lang), titles.get(sid, _tr("whole_workshop", lang))])
    header = [_tr(f"col.{k}", lang) for k in ("cell", "desk_level", "agreed_level", "reason", "session")]
    return table(header, rows, caption=_tr("corrections_caption", lang), lang=lang,
                 illustrative=record.outputs_illustrative,
                 source=_tr("record_source", lang, file=record.outputs_file.name))


def conclusions_markdown(record: WorkshopRecord, lang: str) -> str:
    """The agreed conclusions, by session, then those of the workshop as a whole."""
    items = record.conclusions()
    if not items:
        if record.outputs is None:
            return missing_record(record, lang, (RECORD_STEM,))
        return _tr("no_conclusions", lang) + "\n"
    titles = {s.id: localised(s.title, lang) for s in (record.facts.sessions if record.facts else [])}
    label = f"*[{_label(lang)}]* " if record.outputs_illustrative else ""
    out, current = [], object()
    for sid, text in items:
        if sid != current:
            out += ["", f"**{titles.get(sid, _tr('whole_workshop', lang))}**", ""]
            current = sid
        out.append(f"- {label}{localised(text, lang)}")
    out += ["", f"*{t('common.source', lang)}:* {_tr('record_source', lang, file=record.outputs_file.name)}."]
    return "\n".join(out).strip() + "\n"


# The reader pages that show what each expected outcome of the concept note produced (the
# methods pages follow them in the table).
OUTCOME_READER_PAGES = (("day1", "evaluation"), ("day2", "evaluation"), ("day2",), ("day2",),
                        ("action_plan",))
# A methods page with the same title as the reader page that summarises it: listed once, as the
# reader page (which links to it), not as "Workshop evaluation, …, Workshop evaluation".
SUMMARISED_BY = {"workshop_evaluation": "evaluation"}


def expected_outcomes_markdown(record: WorkshopRecord, country: str, edition: int, lang: str) -> str:
    """The concept note's expected outcomes (quoted) with what the analysis found for each."""
    from .bookpages import expected_outcomes, existing_pages
    from .brief import load_inputs

    inp = load_inputs(country, edition, lang)
    quoted = record.quotes("expected_outcomes")
    rows = []
    for i, item in enumerate(expected_outcomes(inp)):
        outcome = localised(quoted[i], lang) if i < len(quoted) else item["outcome"]
        found = "<br>".join((f"*[{_label(lang)}]* " if illu else "") + text for text, illu in item["found"]) or "–"
        reader_pages = [f"{p}_{lang}" for p in OUTCOME_READER_PAGES[i] if page_exists(f"{p}_{lang}")]
        methods_pages = [p for p in existing_pages(item["pages"])
                         if f"{SUMMARISED_BY.get(p)}_{lang}" not in reader_pages]
        links = ", ".join(f"{{doc}}`{pid}`" for pid in reader_pages + methods_pages) or "–"
        rows.append([outcome, found, links])
    header = [_tr(f"col.{c}", lang) for c in ("outcome", "found", "where")]
    source = localised(record.facts.concept_note.citation, lang) if record.facts and record.facts.concept_note \
        else ""
    return table(header, rows, lang=lang, caption=_tr("outcomes_caption", lang),
                 source=_tr("outcomes_source", lang, citation=source) if source else "")


def page_exists(page_id: str) -> bool:
    return (paths.generated_dir() / f"{page_id}.ipynb").exists()


# --------------------------------------------------------------------------- page helpers


def show(*parts: str) -> None:
    """Display the non-empty Markdown ``parts`` (one output; nothing for all-empty parts)."""
    from .display import md

    text = "\n\n".join(p.strip("\n") for p in parts if p and p.strip())
    if text:
        md(text + "\n")


def banner(lang: str, *, survey: bool = False, record: bool = False, attendance: bool = False) -> str:
    """One 'Illustrative data' box naming what on the page is illustrative (empty if nothing)."""
    items = [_tr(f"illustrative.{k}", lang) for k, on in (("survey", survey), ("record", record),
                                                         ("attendance", attendance)) if on]
    if not items:
        return ""
    return admonition("warning illustrative-data", t("common.illustrative_title", lang),
                      _tr("illustrative.body", lang, items=join(items, lang)))


def quote_section(record: WorkshopRecord, key: str, lang: str, *, numbered: bool = False) -> str:
    """A concept-note quote (``workshop.yml``, ``concept_note.quotes.<key>``), or nothing."""
    items = record.quotes(key)
    return quote(items, lang, record, key, numbered=numbered) if items else ""


def thematic_areas(record: WorkshopRecord, lang: str) -> str:
    """The thematic areas of Day 1 and Day 2 (concept note, section 3)."""
    out = []
    for key, label in (("thematic_areas_day1", "themes.day1"), ("thematic_areas_day2_pillars", "themes.pillars"),
                       ("thematic_areas_day2_elements", "themes.elements")):
        items = record.quotes(key)
        if items:
            out += [f"**{_tr(label, lang)}**", "", quote(items, lang, record, key)]
    return "\n".join(out) or missing_record(record, lang, (FACTS_FILE,))


def invited_institutions(country: str, lang: str) -> str:
    """How many institutions were invited, with a link to the annex that lists them."""
    from .bookpages import load_stakeholder_table

    try:
        n = len(load_stakeholder_table(country))
    except FileNotFoundError:
        return ""
    page = f"annex_stakeholders_{lang}"
    link = f"{{doc}}`{_tr('institutions_annex', lang)} <{page}>`" if page_exists(page) else _tr("institutions_annex",
                                                                                              lang)
    return _tr("invited", lang, n=n, link=link) + "\n"


def day_intro(record: WorkshopRecord, day: int, lang: str) -> str:
    """'Tuesday 3 December 2024: the UN E-Government Development Index (EGDI).'"""
    f = record.facts
    if f is None:
        return missing_record(record, lang, (FACTS_FILE,))
    info = next((d for d in f.days if d.day == day), None)
    if info is None:
        return ""
    return _tr("day_intro", lang, date=format_date(info.date, lang), theme=localised(info.theme, lang),
               n=len(record.sessions_of_day(day))) + "\n"


def summary_conclusions(record: WorkshopRecord, report) -> str:
    """Front page: the conclusions of the workshop as a whole and where the rest is."""
    lang = report.language
    out = []
    if record.outputs is not None:
        label = f"*[{_label(lang)}]* " if record.outputs_illustrative else ""
        whole = record.outputs.workshop.agreed_conclusions
        n_all = len(record.conclusions())
        if whole:
            out += [_tr("summary.whole", lang), "", bullets([label + localised(c, lang) for c in whole])]
        out.append(label + _tr("summary.counts", lang, n=n_all, n_corrections=len(record.corrections())))
    else:
        out.append(missing_record(record, lang, (RECORD_STEM,)))
    plan = report.inputs.get("actions") or {}
    if plan.get("actions"):
        label = f"*[{_label(lang)}]* " if plan.get("illustrative") else ""
        counts = plan.get("n_by_horizon") or {}
        out.append(label + _tr("summary.actions", lang, n=len(plan["actions"]), short=counts.get("short", 0),
                               medium=counts.get("medium", 0), long=counts.get("long", 0)))
    links = [f"{{doc}}`{p}_{lang}`" for p in ("outcomes", "action_plan") if page_exists(f"{p}_{lang}")]
    if links:
        out.append(f"{_tr('see', lang)}: " + ", ".join(links))
    return "\n\n".join(out) + "\n"


def gaps_markdown(report) -> str:
    """Day 2: the priority gaps (all of them, not the brief's selection)."""
    from .brief import gaps_table

    table_ = gaps_table(report.inputs)
    return table_.markdown(report.language) if table_ else ""


def actions_table(inp):
    """Every intervention of the action plan with its cell, lead institutions and horizon."""
    from .brief import Table, cell_label

    plan = inp.get("actions")
    if not plan or not plan.get("actions"):
        return None
    lang = inp.language
    rows = []
    for a in plan["actions"]:
        description = a.get(f"description_{lang}") or a.get("description_en") or ""
        leads = a.get(f"lead_names_{lang}") or a.get("lead_names_en") or a.get("lead_institutions") or []
        if isinstance(leads, str):
            leads = [leads]
        rows.append([f"{description} ({cell_label(a['cell_id'], lang)})" if a.get("cell_id") else description,
                     "; ".join(leads) or "–",
                     t(f"brief.horizon_short.{a['horizon']}", lang) if a.get("horizon") else "–"])
    basis = "combined_illustrative" if plan.get("illustrative") else "combined"
    return Table(caption=_tr("actions_table.caption", lang),
                 header=[_tr("actions_table.action", lang), t("brief.brief.col_lead", lang),
                         t("brief.brief.col_horizon", lang)],
                 rows=rows, source=_tr(f"actions_table.source_{basis}", lang),
                 illustrative=bool(plan.get("illustrative")), css_class="actions")


def action_plan_markdown(report) -> str:
    """The action plan: counts per horizon and every intervention with its lead and horizon."""
    from .brief import RESULT_SETS

    lang = report.language
    plan = report.inputs.get("actions") or {}
    if not plan.get("actions"):
        return report.text("not_available.results", notebook=RESULT_SETS["actions"][1]) + "\n"
    counts = plan.get("n_by_horizon") or {}
    intro = tn("report.action_plan_intro", len(plan["actions"]), lang, short=counts.get("short", 0),
                medium=counts.get("medium", 0), long=counts.get("long", 0))
    if plan.get("illustrative"):
        intro = f"*[{_label(lang)}]* " + intro
    return intro + "\n\n" + actions_table(report.inputs).markdown(lang)


# --------------------------------------------------------------------------- evaluation


def load_evaluation(pre_file: str, post_file: str):
    """Paired pre/post answers for the evaluation page, or None when the country has neither.

    The files are those the pipeline chose before the run (``inputs:`` in pipeline.yml: the
    real pair when present, else the illustrative one), passed as project-relative paths."""
    from . import evaluation as ev

    if not (pre_file and post_file):
        return None
    return ev.load_workshop_responses(ev.resolve_response_file(pre_file), ev.resolve_response_file(post_file))


def knowledge_counts(responses, min_group_size: int | None = None) -> list[dict]:
    """Per knowledge topic: paired answers and the shares rating higher, the same, lower after."""
    from . import evaluation as ev

    k = min_group_size or ev.DEFAULT_MIN_GROUP_SIZE
    out = []
    for item in responses.post_instrument.knowledge_items:
        pairs = ev.paired_ratings(responses.pre, responses.post, item)
        n = len(pairs)
        if n < k:
            continue
        d = pairs["after"] - pairs["before"]
        out.append({"item": item, "n": n, "higher": float((d > 0).mean()), "same": float((d == 0).mean()),
                    "lower": float((d < 0).mean())})
    return out


def evaluation_markdown(responses, lang: str) -> str:
    """How many questionnaires came back (the findings themselves come from the brief)."""
    from . import evaluation as ev

    if responses is None:
        return ""
    paired = ev.pairing_summary(responses.pre, responses.post)
    label = f"*[{_label(lang)}]* " if responses.illustrative else ""
    return label + _tr("evaluation.returned", lang, n_pre=len(responses.pre), n_post=len(responses.post),
                       n_paired=paired.get("n_paired", "–")) + " " + _tr(
        "evaluation.suppressed", lang, k=ev.DEFAULT_MIN_GROUP_SIZE) + "\n"


def knowledge_figure(responses, lang: str, prefix: str) -> SavedFigure | None:
    """Share of paired participants rating their knowledge of each topic higher/same/lower after."""
    from . import evaluation as ev
    from .figures import OKABE_ITO
    from .reader_figures import grouped_bars

    if responses is None:
        return None
    rows = knowledge_counts(responses)
    if not rows:
        return None
    labels = [ev.item_label(r["item"], responses.post_instrument, lang) for r in rows]
    series = {_tr(f"figure.{k}", lang): [r[k] for r in rows] for k in ("higher", "same", "lower")}
    illu = f"[{_label(lang)}] " if responses.illustrative else ""
    n_paired = ev.pairing_summary(responses.pre, responses.post).get("n_paired", "–")
    files = ", ".join(p.name for p in (responses.pre_file, responses.post_file)) if hasattr(
        responses, "pre_file") else ""
    return responsive_figure(
        f"{prefix}_knowledge_{lang}",
        lambda w: grouped_bars(labels, series, lang, w, title=illu + _tr("figure.knowledge_title", lang),
                               xlabel=_tr("figure.knowledge_axis", lang), stacked=True, value_format="{:.0%}",
                               colours=[OKABE_ITO["green"], "#bdbdbd", OKABE_ITO["vermillion"]]),
        caption=illu + _tr("figure.knowledge_caption", lang),
        source=_tr("figure.evaluation_source", lang, files=files or "data/country"),
        alt=_tr("figure.knowledge_alt", lang, n_paired=n_paired), lang=lang)
