"""National data-governance assessment (UN DESA framework: 4 pillars × 6 elements).

Modules: ``framework`` (ids, labels, rubric), ``inputs`` (locating and
validating input files), ``evidence`` (evidence register, desk review),
``stakeholders`` (the institutions and their roles per element); and
(gov-scoring) ``survey`` (validated responses, per-cell aggregates with
suppression), ``scoring`` (current level, targets, gaps, priorities,
sensitivity), ``actions`` (intervention catalogue, action plan) and ``plots``
(heat maps, perception vs evidence, priorities, sensitivity, Gantt; imported on
demand because it loads matplotlib).
"""

from .framework import (CELL_IDS, ELEMENTS, HORIZONS, IMPORTANCE, LEVELS, PILLARS, PRINCIPLES,
                        cell_grid, cell_id, cell_label, element_label, is_cell_id, level_label,
                        load_framework, load_rubric, pillar_label, principle_label, split_cell)
from .inputs import MissingInputError, check_country, country_file
from ..privacy import find_personal_data

__all__ = [
    "CELL_IDS", "ELEMENTS", "HORIZONS", "IMPORTANCE", "LEVELS", "PILLARS", "PRINCIPLES",
    "cell_grid", "cell_id", "cell_label", "element_label", "is_cell_id", "level_label",
    "load_framework", "load_rubric", "pillar_label", "principle_label", "split_cell",
    "MissingInputError", "check_country", "country_file",
    "find_personal_data",
]
