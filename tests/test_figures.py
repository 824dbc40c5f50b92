"""egovreport.figures: the shared figure style (fast checks; the figures themselves are compared
byte for byte between two builds in test_determinism)."""

from __future__ import annotations

import pytest


def test_the_written_out_figure_style_is_seaborns():
    """figures.py writes seaborn's whitegrid/notebook settings out (importing seaborn costs every
    notebook 0.5 s); they must stay what seaborn sets, or the figures would change."""
    seaborn = pytest.importorskip("seaborn")
    from egovreport.figures import SEABORN_WHITEGRID_NOTEBOOK

    expected = {**seaborn.axes_style("whitegrid"), **seaborn.plotting_context("notebook")}
    expected.pop("image.cmap")  # a seaborn colormap; every figure of the report names its own
    assert SEABORN_WHITEGRID_NOTEBOOK == expected
