"""egovreport: reproducible EGDI analysis and data-governance gap assessment.

The package holds all reusable logic; notebooks in ``notebooks/`` stay thin
(narrative, a parameters cell, calls into this package, figures).
"""

__version__ = "0.1.0"  # the one version number: also CITATION.cff (RELEASING.md)
