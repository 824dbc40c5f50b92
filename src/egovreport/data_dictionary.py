"""Documentation of every column of every processed table (written as ``data_dictionary.{csv,md}``).

The data step refuses to write a table with an undocumented column.
"""

from __future__ import annotations

import pandas as pd

from .methodology import RATING_CLASS_NOTE

UN = "UN DESA, UN E-Government Survey (Data Center export; data/raw/un_datacenter_sevenChrisK, 2024: data/raw/datapicasso_ogdi)"
KEY = "UN name key data/raw/aaravgupta10 (+ data/raw/country_name_aliases.csv)"
M49 = "UNSD M49 overview (data/raw/unsd_m49)"
CC = "datasets/country-codes (data/raw/datasets_country_codes)"
WB_CLASS = "World Bank CLASS FY2025 (data/raw/worldbank_income/CLASS_FY2025.xlsx)"
WB_HIST = "World Bank OGHIST FY89-FY25 (data/raw/worldbank_income/OGHIST_FY89-FY25.xlsx)"
DERIVED = "computed by the data step (egovreport.methodology)"
FLAGS = ("Semicolon-separated flags from data/raw/known_defects.yml (empty = none): not_assessed, "
         "hci_zero_missing, tii_zero_missing, hci_above_one, egdi_computed_with_missing_component, "
         "egdi_computed_with_invalid_component, egdi_deviates_from_component_mean")

TABLE_DESCRIPTIONS = {
    "egdi_long": "Tidy EGDI panel: one row per Member State × Survey edition × indicator (193 × 12 × 5).",
    "egdi_wide": "One table per Survey edition (`egdi_wide_<edition>`): one row per Member State with the "
                 "five indices, their ranks, level and rating class.",
    "country_groupings": "The 193 UN Member States with their M49 region, sub-region, LDC/LLDC/SIDS status "
                         "and World Bank income group and region (FY2025).",
    "income_history": "World Bank income group of each Member State by fiscal year FY1989-FY2025, so analyses "
                      "can use the group in force at survey time (see `egovreport.methodology.income_fy_for_edition`).",
    "tii_hci_inputs": "Underlying indicators of TII and HCI (partial: the UN's own input values per edition are "
                      "not held), long format, Member States only.",
    "data_dictionary": "This dictionary.",
}

_COMMON_IDS = {
    "iso3": ("", "ISO 3166-1 alpha-3 code of the UN Member State", KEY),
    "country": ("", "UN short name of the Member State as used by the E-Government Survey (2022-era names "
                    "for every edition, e.g. Türkiye)", KEY),
    "edition": ("year", "UN E-Government Survey edition (2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, "
                        "2018, 2020, 2022, 2024)", UN),
}
_INDEX_DOC = {
    "egdi": "E-Government Development Index: mean of OSI, TII and HCI (published value)",
    "osi": "Online Service Index (published value)",
    "tii": "Telecommunication Infrastructure Index (published value)",
    "hci": "Human Capital Index (published value)",
    "epi": "E-Participation Index (published value)",
}
_MISSING = (" Missing (blank) when the country was not assessed or the source stores 0 meaning 'no data' "
            "(see flags and data_notes.md); 2003-2010 values are not comparable in level with later editions.")

DICTIONARY: dict[str, dict[str, tuple[str, str, str]]] = {
    "egdi_long": {
        **_COMMON_IDS,
        "indicator": ("", "Index: egdi, osi, tii, hci or epi", UN),
        "value": ("index 0-1", "Index value as published (rounded by the UN to 4-5 decimals)." + _MISSING, UN),
        "rank": ("rank", "Rank among Member States, 1 = highest. EGDI: the UN's published rank (missing when not "
                         "assessed). Components: computed here, descending, ties share the best rank (method min), "
                         "missing values unranked", f"{UN}; {DERIVED}"),
        "rank_source": ("", "'published' (EGDI rank from the UN) or 'computed' (component ranks, method min)", DERIVED),
        "not_assessed": ("", "True when the UN published no EGDI for the country in that edition (stored as "
                                    "EGDI 0 with a tied bottom rank, or blank, in 2003-2012)", f"{UN}; data/raw/known_defects.yml"),
        "flags": ("", FLAGS + " — flags that concern this indicator", "data/raw/known_defects.yml"),
    },
    "egdi_wide": {
        **_COMMON_IDS,
        **{k: ("index 0-1", v + "." + _MISSING, UN) for k, v in _INDEX_DOC.items()},
        "egdi_rank": ("rank", "Published EGDI rank (1 = highest); missing when not assessed", UN),
        **{f"{k}_rank": ("rank", f"{k.upper()} rank computed here (descending, ties share the best rank)", DERIVED)
           for k in ("osi", "tii", "hci", "epi")},
        "not_assessed": ("", "True when the UN published no EGDI for the country in that edition",
                         f"{UN}; data/raw/known_defects.yml"),
        "level": ("", "EGDI level: Very High (0.75 ≤ EGDI ≤ 1), High (0.50 ≤ EGDI < 0.75), Middle (0.25 ≤ EGDI < "
                      "0.50), Low (EGDI < 0.25); applied to every edition although the Survey introduced levels "
                      "later", "UN DESA (levels as quoted by UNPACS); egovreport.methodology.egdi_level"),
        "rating_class": ("", "Rating class within the level, quarter of the countries in the level by EGDI "
                             "(V1 < V2 < V3 < VH; H1 < … < HV; M1 < … < MH; L1 < … < LM). " + RATING_CLASS_NOTE,
                         "egovreport.methodology.rating_class(method='quartile')"),
        "rating_class_equal_width": ("", "Alternative reading: the level cut into four equal-width intervals of "
                                         "0.0625 (for comparison only)",
                                     "egovreport.methodology.rating_class(method='equal_width')"),
        "flags": ("", FLAGS + " — union over the five indices", "data/raw/known_defects.yml"),
    },
    "country_groupings": {
        "iso3": _COMMON_IDS["iso3"],
        "iso2": ("", "ISO 3166-1 alpha-2 code (the key of country names in other languages, Unicode CLDR; "
                     "Namibia's code is the text NA, not a missing value)", CC),
        "country": _COMMON_IDS["country"],
        "m49": ("", "UN M49 numeric code", M49),
        "m49_name": ("", "English name in the M49 table", M49),
        "region": ("", "M49 region (Africa, Americas, Asia, Europe, Oceania)", M49),
        "sub_region": ("", "M49 sub-region (e.g. Eastern Asia)", M49),
        "intermediate_region": ("", "M49 intermediate region (blank when the sub-region has none)", M49),
        "ldc": ("", "Least Developed Country: the list at the time of the 2024 Survey (45; Bhutan graduated "
                           "Dec 2023, São Tomé and Príncipe Dec 2024); current status applied to every edition",
                f"{CC}, UNSD"),
        "lldc": ("", "Landlocked Developing Country", M49),
        "sids": ("", "Small Island Developing State", M49),
        "development_status": ("", "Developed or Developing (M49)", M49),
        "income_group": ("", "World Bank income group FY2025 (July 2024, based on 2023 GNI per capita, Atlas "
                             "method): Low, Lower middle, Upper middle or High income", WB_CLASS),
        "wb_region": ("", "World Bank region", WB_CLASS),
        "lending_category": ("", "World Bank lending category (IDA, IBRD, Blend; blank when none)", WB_CLASS),
    },
    "income_history": {
        "iso3": _COMMON_IDS["iso3"],
        "fiscal_year": ("year", "World Bank fiscal year (FY2024 runs 1 July 2023 - 30 June 2024; classification set "
                                "on 1 July from GNI per capita two calendar years earlier)", WB_HIST),
        "income_group_code": ("", "L, LM, UM or H; blank = not classified ('..')", WB_HIST),
        "income_group": ("", "Low income, Lower middle income, Upper middle income or High income; blank = not "
                             "classified", WB_HIST),
    },
    "tii_hci_inputs": {
        "iso3": _COMMON_IDS["iso3"],
        "year": ("year", "Calendar year of the observation", "see source"),
        "component": ("", "EGDI component the indicator feeds: tii or hci", DERIVED),
        "indicator": ("", "eys, mys (UNDP HDR); mobile_cellular_per100, internet_users_pct_itu (ITU); "
                          "fixed_broadband_per100 (WDI/ITU); internet_users_pct_wdi (WDI naming, to 2024)",
                      "see source"),
        "value": ("see unit", "Observed value as published", "see source"),
        "unit": ("", "Unit of value: years, per 100 inhabitants, per 100 people, % of population", "see source"),
        "source": ("", "Raw file under data/raw the value comes from", "data/raw/<source>/SOURCE.md"),
    },
    "data_dictionary": {
        "table": ("", "Processed table (file stem)", DERIVED),
        "column": ("", "Column name", DERIVED),
        "type": ("", "Column type: string, integer, float, boolean", DERIVED),
        "unit": ("", "Unit (blank for identifiers and labels)", DERIVED),
        "description": ("", "What the column holds", DERIVED),
        "source": ("", "Where the values come from", DERIVED),
    },
}


def _type_name(s: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(s):
        return "boolean"
    if pd.api.types.is_integer_dtype(s):
        return "integer"
    if pd.api.types.is_float_dtype(s):
        return "float"
    return "string"


def doc_key(table: str) -> str:
    """Dictionary entry of a table (all ``egdi_wide_<edition>`` share ``egdi_wide``)."""
    return "egdi_wide" if table.startswith("egdi_wide_") else table


def dictionary_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The data dictionary of ``tables`` (+ itself); error when a column is undocumented."""
    rows = []
    for name, df in tables.items():
        docs = DICTIONARY[doc_key(name)]
        undocumented = [c for c in df.columns if c not in docs]
        if undocumented:
            raise RuntimeError(f"processed table {name}: undocumented column(s) {undocumented}; "
                               f"add them to egovreport.data_dictionary.DICTIONARY")
        for c in df.columns:
            unit, desc, source = docs[c]
            rows.append({"table": name, "column": c, "type": _type_name(df[c]), "unit": unit,
                         "description": desc, "source": source})
    for c, (unit, desc, source) in DICTIONARY["data_dictionary"].items():
        rows.append({"table": "data_dictionary", "column": c, "type": "string", "unit": unit,
                     "description": desc, "source": source})
    return pd.DataFrame(rows, columns=["table", "column", "type", "unit", "description", "source"])
