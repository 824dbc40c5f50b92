"""Interactive charts for the "Explore the data" pages: Vega-Lite specs built from the processed
data, drawn in the browser by the Vega scripts vendored in ``book/_static/vendor`` (no CDN; the
pages work from ``file://``).

Five views (each a function returning an :class:`InteractiveChart`):

- :func:`all_states_chart`: the 193 Member States by region (EGDI), hover for the values, a
  list to pick a state;
- :func:`components_chart`: EGDI against a component (OSI, TII, HCI, EPI) chosen in a list;
- :func:`rank_trajectories_chart`: EGDI rank per edition of the state and its peers, with a
  peer picker;
- :func:`governance_heatmap_chart`: the 4 × 6 data-governance cells (desk-review level); a
  click on a cell, or the list under the chart, shows the evidence items of the cell;
- :func:`sensitivity_chart`: the priority ranking of the cells with sliders for the target
  level and the importance weighting (the rules of the sensitivity page).

Every interaction has a keyboard path: the lists and sliders are HTML form controls (Vega
input bindings), hover information is also given by the picked item's label, and charts are
drawn as SVG with ARIA labels (Vega's default) under a ``<figure>`` with a caption. Each chart
saves the data it draws as CSV (``tables/explore_<chart>_<language>.csv``) and the page shows a
download link and a suggested citation. Labels come from the translation catalogues (``t()``).
Static figures (PNG/SVG/PDF) stay the default rendering of the report's other pages and the PDF.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import pandas as pd

from . import datasets
from .citation import item_citation
from .figures import CONTEXT, HIGHLIGHT, OKABE_ITO, PALETTE
from .i18n import country_name, t
from .results import save_table

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
CHART_CLASS = "egov-vega"  # the mark egovreport.book_release looks for to add the scripts
FONT = "DejaVu Sans, Verdana, sans-serif"
COMPONENTS = ("osi", "tii", "hci", "epi")


def X(key: str, lang: str, **values) -> str:
    """A string of the ``explore`` catalogue."""
    return t(f"explore.{key}", lang, **values)


def _json(obj) -> str:
    """JSON safe inside a ``<script>`` element."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _clean(value):
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def records(df: pd.DataFrame) -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def _config() -> dict:
    # a white chart in the theme's dark mode too (Vega's SVG text is dark)
    return {"background": "#ffffff", "font": FONT, "axis": {"labelFontSize": 11, "titleFontSize": 12},
            "legend": {"labelFontSize": 11, "titleFontSize": 12}, "view": {"stroke": None},
            "range": {"category": PALETTE}}


@dataclass
class InteractiveChart:
    """A Vega-Lite chart with its page furniture: title, caption, source, the data it draws."""

    name: str  # file-name stem, e.g. explore_all_states_en
    title: str
    caption: str
    source: str
    spec: dict
    data: pd.DataFrame  # what the chart draws (saved as CSV)
    lang: str = "en"
    after_html: str = ""  # e.g. the evidence list of the heat map
    hook: str = ""  # JavaScript run with `view` once the chart is drawn
    extra: dict = field(default_factory=dict)

    @property
    def element_id(self) -> str:
        return f"chart-{self.name.replace('_', '-')}"

    def html(self) -> str:
        cid = self.element_id
        waiting = X("loading", self.lang)
        failed = X("failed", self.lang)
        hook = self.hook or ""
        return f"""<figure class="egov-interactive" aria-labelledby="{cid}-title">
<figcaption id="{cid}-title"><strong>{_esc(self.title)}</strong> {_esc(self.caption)} <em>{_esc(t('common.source', self.lang))}:</em> {_esc(self.source)}.</figcaption>
<div class="{CHART_CLASS}" id="{cid}" role="group" aria-label="{_esc(self.title)}"><p>{_esc(waiting)}</p></div>
<noscript><p>{_esc(X('noscript', self.lang))}</p></noscript>
{self.after_html}
</figure>
<script type="application/json" id="{cid}-spec">{_json(self.spec)}</script>
<script>
(function () {{
  var el = document.getElementById("{cid}");
  if (!el || el.getAttribute("data-state")) return;
  el.setAttribute("data-state", "loading");
  if (typeof vegaEmbed === "undefined") {{ el.textContent = {_json(failed)}; el.setAttribute("data-state", "error"); return; }}
  var spec = JSON.parse(document.getElementById("{cid}-spec").textContent);
  vegaEmbed(el, spec, {{actions: false, renderer: "svg", tooltip: {{theme: "light"}}}}).then(function (result) {{
    var view = result.view;
    {hook}
    el.setAttribute("data-state", "rendered");
  }}).catch(function (error) {{
    el.setAttribute("data-state", "error");
    el.setAttribute("data-error", String(error));
    el.textContent = {_json(failed)};
  }});
}})();
</script>
"""

    def save_data(self):
        return save_table(self.data, self.name)

    def data_line(self) -> str:
        """MyST: the chart's data download and its suggested citation."""
        return (f"{{download}}`{t('release.data_csv', self.lang)} <tables/{self.name}.csv>` "
                f"({X('data_note', self.lang)}). *{t('release.suggested_citation', self.lang)}:* "
                f"{item_citation('figure', self.name, self.lang)}")

    def display(self) -> None:
        """Show the chart in a notebook (the book renders the HTML) and save its data."""
        from IPython.display import HTML, display

        from .display import md

        self.save_data()
        display(HTML(self.html()))
        md(self.data_line())


def _esc(text) -> str:
    import html

    return html.escape(str(text), quote=True)


# --------------------------------------------------------------------------- EGDI data

def _states(edition: int, lang: str) -> pd.DataFrame:
    """One row per Member State: name and region in ``lang``, indices, rank, level."""
    from .egdi_analysis import normalise_level
    from .egdi_plots import level_label, place_name

    wide = datasets.load_egdi_wide(edition)
    groups = datasets.load_groupings()[["iso3", "region"]]
    df = wide.merge(groups, on="iso3", how="left")
    df["name"] = [country_name(i, lang, english=n) for i, n in zip(df["iso3"], df["country"])]
    df["region_label"] = [place_name(r, lang) for r in df["region"]]
    df["level_label"] = [level_label(normalise_level(lv), lang) if isinstance(lv, str) else "–" for lv in df["level"]]
    return df


def _state_options(df: pd.DataFrame) -> tuple[list[str], list[str]]:
    ordered = df.sort_values("name")
    return ordered["iso3"].tolist(), ordered["name"].tolist()


def all_states_chart(country: str, edition: int, lang: str = "en") -> InteractiveChart:
    """The 193 Member States by region: EGDI on the x axis, hover for the values; the state
    picked in the list (default: the report's country) is marked and labelled."""
    df = _states(edition, lang)
    assessed = df[df["egdi"].notna()].copy()
    # deterministic spread within a region's band (not random: the same chart every build)
    assessed["spread"] = (assessed["egdi_rank"].fillna(0).astype(int) % 9 - 4) / 4.5
    codes, names = _state_options(assessed)
    data = assessed[["iso3", "name", "region_label", "egdi", "egdi_rank", "level_label", "spread"]]
    tip = [{"field": "name", "title": X("state", lang)}, {"field": "region_label", "title": X("region", lang)},
           {"field": "egdi", "title": "EGDI", "format": ".4f"}, {"field": "egdi_rank", "title": X("rank", lang)},
           {"field": "level_label", "title": X("level", lang)}]
    label = (f"datum.name + ': EGDI ' + format(datum.egdi, '.4f') + ', {X('rank', lang).lower()} ' + datum.egdi_rank"
             f" + ', ' + datum.level_label")
    spec = {
        "$schema": VEGA_LITE_SCHEMA, "description": X("all_states.description", lang, edition=edition),
        "width": "container", "height": 340, "config": _config(),
        "data": {"values": records(data)},
        "params": [{"name": "state", "value": country if country in codes else codes[0],
                    "bind": {"input": "select", "options": codes, "labels": names,
                             "name": X("pick_state", lang) + " "}}],
        "encoding": {"y": {"field": "region_label", "type": "nominal", "title": None, "sort": "ascending"},
                     "x": {"field": "egdi", "type": "quantitative", "title": f"EGDI {edition}",
                           "scale": {"domain": [0, 1]}}},
        "layer": [
            {"mark": {"type": "point", "filled": True, "size": 42, "opacity": 0.75},
             "encoding": {"yOffset": {"field": "spread", "type": "quantitative", "scale": {"domain": [-1.4, 1.4]}},
                          "color": {"condition": {"test": "datum.iso3 === state", "value": HIGHLIGHT},
                                    "value": CONTEXT},
                          "size": {"condition": {"test": "datum.iso3 === state", "value": 160}, "value": 42},
                          "tooltip": tip}},
            {"transform": [{"filter": "datum.iso3 === state"}, {"calculate": label, "as": "label"}],
             "mark": {"type": "text", "align": "left", "baseline": "bottom", "fontWeight": "bold",
                      "color": "#1a1a1a", "x": 0, "y": -6},
             "encoding": {"text": {"field": "label"}, "x": None, "y": None}},
        ],
    }
    return InteractiveChart(
        name=f"explore_all_states_{lang}", title=X("all_states.title", lang, edition=edition),
        caption=X("all_states.caption", lang, n=len(assessed)), source=X("source_egdi", lang, edition=edition),
        spec=spec, data=data.drop(columns="spread"), lang=lang)


def components_chart(country: str, edition: int, lang: str = "en") -> InteractiveChart:
    """EGDI against one component, chosen in a list; colour = region; the state picked is marked."""
    df = _states(edition, lang)
    assessed = df[df["egdi"].notna()].copy()
    codes, names = _state_options(assessed)
    data = assessed[["iso3", "name", "region_label", "egdi", *COMPONENTS]]
    comp_labels = [X(f"component.{c}", lang) for c in COMPONENTS]
    spec = {
        "$schema": VEGA_LITE_SCHEMA, "description": X("components.description", lang, edition=edition),
        "width": "container", "height": 360, "config": _config(),
        "data": {"values": records(data)},
        "params": [
            {"name": "component", "value": "osi",
             "bind": {"input": "select", "options": list(COMPONENTS), "labels": comp_labels,
                      "name": X("pick_component", lang) + " "}},
            {"name": "state", "value": country if country in codes else codes[0],
             "bind": {"input": "select", "options": codes, "labels": names, "name": X("pick_state", lang) + " "}},
        ],
        "transform": [{"calculate": "datum[component]", "as": "component_value"},
                      {"filter": "isValid(datum.component_value)"}],
        "encoding": {"x": {"field": "component_value", "type": "quantitative", "scale": {"domain": [0, 1]},
                           "title": X("component_axis", lang)},
                     "y": {"field": "egdi", "type": "quantitative", "scale": {"domain": [0, 1]},
                           "title": f"EGDI {edition}"}},
        "layer": [
            {"mark": {"type": "point", "filled": True, "opacity": 0.8},
             "encoding": {"color": {"field": "region_label", "type": "nominal", "title": X("region", lang)},
                          "shape": {"field": "region_label", "type": "nominal", "title": X("region", lang)},
                          "size": {"condition": {"test": "datum.iso3 === state", "value": 200}, "value": 40},
                          "stroke": {"condition": {"test": "datum.iso3 === state", "value": "#000000"},
                                     "value": None},
                          "tooltip": [{"field": "name", "title": X("state", lang)},
                                      {"field": "region_label", "title": X("region", lang)},
                                      {"field": "egdi", "title": "EGDI", "format": ".4f"},
                                      *[{"field": c, "title": lab, "format": ".4f"}
                                        for c, lab in zip(COMPONENTS, comp_labels)]]}},
            {"transform": [{"filter": "datum.iso3 === state"},
                           {"calculate": "datum.name + ': EGDI ' + format(datum.egdi, '.4f') + ', ' + "
                                         "upper(component) + ' ' + format(datum.component_value, '.4f')",
                            "as": "label"}],
             "mark": {"type": "text", "align": "left", "baseline": "bottom", "fontWeight": "bold",
                      "color": "#1a1a1a", "x": 0, "y": -6},
             "encoding": {"text": {"field": "label"}, "x": None, "y": None}},
        ],
    }
    return InteractiveChart(
        name=f"explore_components_{lang}", title=X("components.title", lang, edition=edition),
        caption=X("components.caption", lang), source=X("source_egdi", lang, edition=edition),
        spec=spec, data=data, lang=lang)


def default_peers(country: str, edition: int, peers=None) -> list[str]:
    """The report's peers: the ``peers`` parameter, else the documented rule of the peer page."""
    from . import egdi_analysis as ea

    try:
        inputs = ea.load_inputs()
        return list(ea.select_peers(inputs, country, edition, peers).peers)
    except (KeyError, ValueError):  # e.g. the state was not assessed in the edition
        return [p for p in (peers or []) if p != country]


def rank_trajectories_chart(country: str, edition: int, peers=None, lang: str = "en") -> InteractiveChart:
    """Published EGDI rank per edition of the state and its peers; a list adds one more state."""
    panel = datasets.load_egdi_panel()
    egdi = panel[(panel["indicator"] == "egdi") & panel["rank"].notna()]
    names = {i: country_name(i, lang, english=n) for i, n in
             datasets.load_egdi_wide(edition)[["iso3", "country"]].itertuples(index=False)}
    shown = [country, *[p for p in default_peers(country, edition, peers) if p != country]]
    data = egdi.assign(name=egdi["iso3"].map(names))[["iso3", "name", "edition", "rank", "value"]]
    data = data.rename(columns={"value": "egdi"}).sort_values(["iso3", "edition"])
    codes = sorted(names, key=lambda c: names[c])
    spec = {
        "$schema": VEGA_LITE_SCHEMA, "description": X("ranks.description", lang),
        "width": "container", "height": 340, "config": _config(),
        "data": {"values": records(data)},
        "params": [{"name": "shown", "value": shown},
                   {"name": "peer", "value": "",
                    "bind": {"input": "select", "options": ["", *codes],
                             "labels": [X("no_extra_state", lang), *[names[c] for c in codes]],
                             "name": X("pick_peer", lang) + " "}}],
        "transform": [{"filter": "indexof(shown, datum.iso3) >= 0 || datum.iso3 === peer"}],
        "encoding": {"x": {"field": "edition", "type": "ordinal", "title": X("edition", lang)},
                     "y": {"field": "rank", "type": "quantitative", "scale": {"reverse": True, "domain": [1, 193]},
                           "title": X("rank_axis", lang)},
                     "color": {"field": "name", "type": "nominal", "title": X("state", lang),
                               "sort": [names.get(c, c) for c in shown]}},
        "layer": [
            {"mark": {"type": "line", "strokeWidth": 2}},
            {"mark": {"type": "point", "filled": True, "size": 50},
             "encoding": {"tooltip": [{"field": "name", "title": X("state", lang)},
                                      {"field": "edition", "title": X("edition", lang)},
                                      {"field": "rank", "title": X("rank", lang)},
                                      {"field": "egdi", "title": "EGDI", "format": ".4f"}]}},
        ],
    }
    return InteractiveChart(
        name=f"explore_rank_trajectories_{lang}", title=X("ranks.title", lang),
        caption=X("ranks.caption", lang, states=", ".join(names.get(c, c) for c in shown)),
        source=X("source_egdi_all", lang), spec=spec, data=data, lang=lang)


# --------------------------------------------------------------------------- data governance

def governance_heatmap_chart(country: str, lang: str = "en") -> InteractiveChart | None:
    """The 24 cells (pillar × element) coloured by the desk-review level; a click on a cell (or
    the list) shows the evidence items cited for it. ``None`` when the country has no desk review.

    Elements are the rows (their long names in two lines) and pillars the columns (one word
    each), with the key below the grid, so no label runs into another on a desktop or a phone."""
    from .governance import evidence as ev
    from .governance.framework import CELL_IDS, element_label, level_label, pillar_label, split_cell
    from .governance.heatmap import wrap_label
    from .governance.inputs import MissingInputError

    try:
        register = ev.load_evidence_register(country)
        desk = ev.load_desk_review(country, register=register)
    except MissingInputError:
        return None
    by_cell = desk.set_index("cell_id")
    rows, evidence = [], {}
    items = register.set_index("evidence_id")
    for order, cid in enumerate(CELL_IDS):
        pillar, element = split_cell(cid)
        rec = by_cell.loc[cid] if cid in by_cell.index else None
        level = None if rec is None or pd.isna(rec["level"]) else int(rec["level"])
        ids = [] if rec is None else [i for i in rec["evidence_list"] if i in items.index]
        rows.append({"cell_id": cid, "order": order, "pillar": pillar_label(pillar, lang),
                     "element": element_label(element, lang),
                     "element_lines": wrap_label(element_label(element, lang), 16), "level": level,
                     "level_label": X("not_assessed", lang) if level is None else f"{level} {level_label(level, lang)}",
                     "confidence": None if rec is None else (rec["confidence"] or None), "n_evidence": len(ids),
                     "evidence_ids": ";".join(ids)})
        evidence[cid] = [{"id": i, "date": _clean(items.loc[i, "date"]), "fact": _clean(items.loc[i, "fact"]),
                          "source": _clean(items.loc[i, "source_title"]),
                          "url": _clean(items.loc[i, "source_url"]), "grade": _clean(items.loc[i, "grade"])}
                         for i in ids]
    data = pd.DataFrame(rows)
    cell_labels = [f"{r['pillar']} — {r['element']}" for r in rows]
    first = next((r["cell_id"] for r in rows if r["n_evidence"]), rows[0]["cell_id"])
    levels = [f"{lv} {level_label(lv, lang)}" for lv in range(5)]
    spec = {
        "$schema": VEGA_LITE_SCHEMA, "description": X("heatmap.description", lang),
        "width": "container", "height": 330, "config": _config(),
        "data": {"values": records(data)},
        "params": [{"name": "cell", "value": first,
                    "bind": {"input": "select", "options": [r["cell_id"] for r in rows], "labels": cell_labels,
                             "name": X("pick_cell", lang) + " "}}],
        "encoding": {"x": {"field": "pillar", "type": "nominal", "title": None, "sort": {"field": "order"},
                           # written upwards on a phone, where four pillar names do not fit side by side
                           "axis": {"labelAngle": {"expr": "width < 400 ? -90 : 0"},
                                    "labelAlign": {"expr": "width < 400 ? 'left' : 'center'"},
                                    "labelLimit": 0, "orient": "top"}},
                     "y": {"field": "element_lines", "type": "nominal", "title": None, "sort": {"field": "order"},
                           # one line per line of the wrapped name (Vega draws an array as lines)
                           "axis": {"labelExpr": "split(datum.label, '\\n')", "labelLimit": 0}}},
        "layer": [
            {"mark": {"type": "rect", "cursor": "pointer"},
             "encoding": {"color": {"field": "level_label", "type": "ordinal", "title": X("level", lang),
                                    "legend": {"orient": "bottom", "columns": 2, "direction": "vertical"},
                                    "scale": {"domain": [*levels, X("not_assessed", lang)],
                                              "range": ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b",
                                                        "#ffffff"]}},
                          "stroke": {"condition": {"test": "datum.cell_id === cell", "value": HIGHLIGHT},
                                     "value": "#bbbbbb"},
                          "strokeWidth": {"condition": {"test": "datum.cell_id === cell", "value": 3}, "value": 1},
                          "tooltip": [{"field": "pillar", "title": X("pillar", lang)},
                                      {"field": "element", "title": X("element", lang)},
                                      {"field": "level_label", "title": X("level", lang)},
                                      {"field": "n_evidence", "title": X("n_evidence", lang)}]}},
            {"transform": [{"calculate": "isValid(datum.level) ? '' + datum.level : '–'", "as": "level_text"}],
             "mark": {"type": "text", "fontSize": 13},
             "encoding": {"text": {"field": "level_text", "type": "nominal"},
                          "color": {"condition": {"test": "datum.level >= 3", "value": "#ffffff"},
                                    "value": "#1a1a1a"}}},
        ],
    }
    cid = f"chart-explore-governance-heatmap-{lang}"
    box = f"{cid}-evidence"
    texts = {"heading": X("heatmap.evidence_heading", lang), "none": X("heatmap.no_evidence", lang),
             "source": t("common.source", lang), "grade": X("grade", lang),
             "labels": dict(zip([r["cell_id"] for r in rows], cell_labels))}
    after = (f'<div class="egov-evidence" id="{box}" aria-live="polite"></div>'
             f'<script type="application/json" id="{box}-data">{_json({"items": evidence, "text": texts})}</script>')
    hook = f"""
    var store = JSON.parse(document.getElementById("{box}-data").textContent);
    var box = document.getElementById("{box}");
    function showCell(id) {{
      var items = store.items[id] || [];
      box.textContent = "";
      var h = document.createElement("h3");
      h.textContent = store.text.heading + ": " + (store.text.labels[id] || id) + " (" + items.length + ")";
      box.appendChild(h);
      if (!items.length) {{ var p = document.createElement("p"); p.textContent = store.text.none; box.appendChild(p); return; }}
      var ul = document.createElement("ul");
      items.forEach(function (it) {{
        var li = document.createElement("li");
        var strong = document.createElement("strong"); strong.textContent = it.id; li.appendChild(strong);
        li.appendChild(document.createTextNode(" (" + (it.date || "–") + ", " + store.text.grade + " " + (it.grade || "–") + "): " + (it.fact || "") + " " + store.text.source + ": "));
        if (it.url) {{ var a = document.createElement("a"); a.href = it.url; a.textContent = it.source || it.url; a.rel = "noopener"; li.appendChild(a); }}
        else {{ li.appendChild(document.createTextNode(it.source || "–")); }}
        ul.appendChild(li);
      }});
      box.appendChild(ul);
    }}
    view.addEventListener("click", function (event, item) {{
      if (item && item.datum && item.datum.cell_id) {{ view.signal("cell", item.datum.cell_id).runAsync(); }}
    }});
    view.addSignalListener("cell", function (name, value) {{ showCell(value); }});
    showCell(view.signal("cell"));"""
    data_out = data.drop(columns=["order", "element_lines"])
    return InteractiveChart(
        name=f"explore_governance_heatmap_{lang}", title=X("heatmap.title", lang),
        caption=X("heatmap.caption", lang), source=X("source_desk", lang, country=country),
        spec=spec, data=data_out, lang=lang, after_html=after, hook=hook)


def sensitivity_chart(country: str, survey_file: str | None, lang: str = "en", targets=None,
                      priority_horizon: str = "long") -> InteractiveChart | None:
    """Priority of every assessed cell = max(target − current level, 0) × importance^power, with
    sliders for the target level and the power (0: equal weights, 1: mean importance — the
    baseline rule —, 2: squared importance). ``None`` when no cell is assessed."""
    from .governance import scoring
    from .governance.framework import cell_label, level_label

    a = scoring.gap_assessment(country, survey_file, targets=targets, priority_horizon=priority_horizon)
    scores = a.scores[a.scores["current_level"].notna()].copy()
    if scores.empty:
        return None
    order = scoring.cell_order()  # ties broken in framework order, as the report ranks them
    data = pd.DataFrame({
        "cell_id": scores["cell_id"], "cell": [cell_label(c, lang) for c in scores["cell_id"]],
        "current_level": scores["current_level"].astype(float),
        "current_label": [level_label(int(v), lang) for v in scores["current_level"]],
        "importance": scores["importance"].fillna(scoring.NEUTRAL_IMPORTANCE).astype(float),
        "importance_observed": scores["importance"].notna(),
        "baseline_rank": scores["rank"].astype(float), "order": scores["cell_id"].map(order),
        "basis": [t(f"governance_results.basis.{b}", lang) for b in scores["basis"]]})
    target = int(a.targets[priority_horizon])
    spec = {
        "$schema": VEGA_LITE_SCHEMA, "description": X("sensitivity.description", lang),
        "width": "container", "height": {"step": 18}, "config": _config(),
        "data": {"values": records(data)},
        "params": [
            {"name": "target", "value": target,
             "bind": {"input": "range", "min": 0, "max": 4, "step": 1, "name": X("target_slider", lang) + " "}},
            {"name": "power", "value": 1,
             "bind": {"input": "range", "min": 0, "max": 2, "step": 1, "name": X("power_slider", lang) + " "}},
        ],
        "transform": [
            {"calculate": "max(target - datum.current_level, 0)", "as": "gap"},
            {"calculate": "pow(datum.importance, power)", "as": "weight"},
            {"calculate": "datum.gap * datum.weight", "as": "priority"},
            {"window": [{"op": "row_number", "as": "rank"}],
             "sort": [{"field": "priority", "order": "descending"}, {"field": "gap", "order": "descending"},
                      {"field": "weight", "order": "descending"}, {"field": "order", "order": "ascending"}]},
            {"calculate": "datum.rank + '. ' + datum.cell", "as": "ranked_cell"},
        ],
        "encoding": {"y": {"field": "ranked_cell", "type": "nominal", "title": None,
                           "sort": {"field": "rank", "order": "ascending"}, "axis": {"labelLimit": 260}},
                     "x": {"field": "priority", "type": "quantitative", "title": X("priority_axis", lang)}},
        "layer": [
            {"mark": {"type": "bar", "color": OKABE_ITO["blue"]},
             "encoding": {"tooltip": [{"field": "cell", "title": X("cell", lang)},
                                      {"field": "rank", "title": X("rank", lang)},
                                      {"field": "baseline_rank", "title": X("baseline_rank", lang)},
                                      {"field": "current_label", "title": X("current_level", lang)},
                                      {"field": "basis", "title": X("basis", lang)},
                                      {"field": "gap", "title": X("gap", lang)},
                                      {"field": "importance", "title": X("importance", lang), "format": ".2f"},
                                      {"field": "priority", "title": X("priority_axis", lang), "format": ".2f"}]}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "color": "#1a1a1a"},
             "encoding": {"text": {"field": "priority", "type": "quantitative", "format": ".1f"}}},
        ],
    }
    return InteractiveChart(
        name=f"explore_sensitivity_{lang}", title=X("sensitivity.title", lang),
        caption=X("sensitivity.caption", lang, target=target, n=len(data),
                  n_desk=int((scores["basis"] == "desk").sum()), n_other=int((scores["basis"] != "desk").sum())),
        source=X("source_scores", lang, file=survey_file or "–"),
        spec=spec, data=data.drop(columns=["order"]), lang=lang,
        extra={"illustrative": bool(a.illustrative)})
