"""Which data-governance inputs a country has, and what a page says when some are missing.

Mongolia is the first country, not the only one: any of the 193 Member States can be run, and
most have no data-governance inputs yet. Every Day-2 page (and the workshop evaluation) asks
:func:`country_inputs` what it has, shows :func:`missing_inputs_markdown` for what it lacks
(what is missing, where the files go, which existing file shows the format) and leaves out
every table, figure and sentence that would rest on the missing files — no empty chart, no
"median level –", no action plan of 0 actions.

Country inputs live in ``data/country/<ISO3>/`` (:func:`egovreport.paths.country_dir`);
Mongolia's folder is the worked example of every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..display import admonition
from ..i18n import t
from .framework import country_name

#: Folder of the worked example (every input format exists there, with a README).
EXAMPLE_COUNTRY = "MNG"

#: Input id → file name in ``data/country/<ISO3>/``.
INPUT_FILES = {
    "evidence_register": "evidence_register.csv",
    "desk_review": "desk_review_scores.csv",
    "stakeholders": "stakeholders.csv",
    "stakeholder_roles": "stakeholder_roles.csv",
    "governance_survey": "governance_survey.csv",
    "workshop_pre_survey": "workshop_pre_survey.csv",
    "workshop_post_evaluation": "workshop_post_evaluation.csv",
}

#: Input id → project files that show its format (all exist in the repository; tested).
FORMAT_REFERENCES = {
    "evidence_register": ("data/country/MNG/evidence_register.csv", "data/country/MNG/README.md"),
    "desk_review": ("data/country/MNG/desk_review_scores.csv", "data/country/MNG/README.md"),
    "stakeholders": ("data/country/MNG/stakeholders.csv", "data/country/MNG/README.md"),
    "stakeholder_roles": ("data/country/MNG/stakeholder_roles.csv", "data/country/MNG/README.md"),
    "governance_survey": ("data/instruments/governance_questionnaire.yml",
                          "data/country/MNG/governance_survey_ILLUSTRATIVE.csv"),
    "workshop_pre_survey": ("data/instruments/workshop_pre_survey.yml",
                            "data/country/MNG/workshop_pre_survey_ILLUSTRATIVE.csv"),
    "workshop_post_evaluation": ("data/instruments/workshop_post_evaluation.yml",
                                 "data/country/MNG/workshop_post_evaluation_ILLUSTRATIVE.csv"),
}

#: The inputs a current level per cell can rest on (either is enough).
ASSESSMENT_INPUTS = ("desk_review", "governance_survey")
GOVERNANCE_INPUTS = ("evidence_register", "desk_review", "stakeholders", "stakeholder_roles", "governance_survey")


def _present(path) -> Path | None:
    if path is None or str(path).strip() == "":
        return None
    p = Path(path)
    if not p.is_absolute():
        # a bare file name is looked up by the caller; a relative path is relative to the project
        p = paths.project_root() / p
    return p if p.is_file() else None


@dataclass(frozen=True)
class CountryInputs:
    """The data-governance inputs found for ``country``: input id → path (None when absent)."""

    country: str
    files: dict = field(default_factory=dict)

    def has(self, *ids: str) -> bool:
        """True when every input of ``ids`` is present."""
        return all(self.files.get(i) is not None for i in ids)

    def missing(self, ids=GOVERNANCE_INPUTS) -> list[str]:
        """The inputs of ``ids`` that are absent, in the order given."""
        return [i for i in ids if self.files.get(i) is None]

    @property
    def can_assess(self) -> bool:
        """A cell can get a current level: the desk review or the survey is present."""
        return any(self.files.get(i) is not None for i in ASSESSMENT_INPUTS)

    @property
    def has_any(self) -> bool:
        return any(v is not None for k, v in self.files.items() if k in GOVERNANCE_INPUTS)


def country_inputs(country: str, *, survey_file=None, evaluation_files=None) -> CountryInputs:
    """What ``data/country/<country>/`` holds.

    ``survey_file``: the survey the run uses (a bare file name in the country folder, a path,
    or empty/None when the country has none); ``evaluation_files``: the (pre, post) pair the
    evaluation uses, or None. Both follow the notebooks' parameters, so an empty parameter
    or a file that is absent counts as missing.
    """
    folder = paths.country_dir(country)
    files: dict[str, Path | None] = {}
    for key in ("evidence_register", "desk_review", "stakeholders", "stakeholder_roles"):
        path = folder / INPUT_FILES[key]
        files[key] = path if path.is_file() else None
    survey = None
    if survey_file is not None and str(survey_file).strip():
        p = Path(str(survey_file))
        survey = _present(folder / p if not p.is_absolute() and p.parent == Path(".") else p)
    files["governance_survey"] = survey
    pre = post = None
    if evaluation_files:
        pre, post = (_present(f) for f in evaluation_files)
    files["workshop_pre_survey"] = pre
    files["workshop_post_evaluation"] = post
    return CountryInputs(country=country.upper(), files=files)


def _label(input_id: str, lang: str) -> str:
    return t(f"governance.inputs.{input_id}", lang)


def missing_inputs_markdown(inputs: CountryInputs, ids, lang: str = "en", consequence: str | None = None) -> str:
    """An admonition naming the inputs of ``ids`` that ``inputs`` lacks, where their files go and
    which existing files show the format ("" when none is missing). ``consequence`` is a
    sentence saying what the page therefore leaves out."""
    missing = inputs.missing(ids)
    if not missing:
        return ""
    name = country_name(inputs.country, lang)
    items = "\n".join(f"- {_label(i, lang)} (`{INPUT_FILES[i]}`)" for i in missing)
    refs = []
    for i in missing:
        for ref in FORMAT_REFERENCES[i]:
            if ref not in refs:
                refs.append(ref)
    body = [t("governance.inputs.intro", lang, country=name), "", items, "",
            t("governance.inputs.where", lang, folder=f"data/country/{inputs.country}/",
              example=f"data/country/{EXAMPLE_COUNTRY}/",
              formats=", ".join(f"`{r}`" for r in refs))]
    if consequence:
        body += ["", consequence]
    title = t("governance.inputs.title", lang, country=name)
    return admonition("important not-available", title, "\n".join(body))


def section_not_shown(inputs: CountryInputs, lang: str = "en") -> str:
    """The one sentence under a section that has nothing to show for ``inputs.country``."""
    return t("governance.inputs.section_not_shown", lang, country=country_name(inputs.country, lang))


def format_reference_paths() -> list[str]:
    """Every project file the missing-input messages cite (tests check that each exists)."""
    return sorted({r for refs in FORMAT_REFERENCES.values() for r in refs})
