"""The report pipeline: data step → papermill notebooks → Jupyter Book.

``pipeline.yml`` at the project root declares the run parameters, the data step,
the notebooks (order, dependencies, which parameters each receives) and the PDF
step. :func:`build` runs it with caching and writes a provenance manifest;
:func:`verify_manifest` re-checks a manifest's checksums.

Design notes: execution is done by papermill outside the book (the book is built
with ``execute_notebooks: off``), the cache is keyed on code + parameters +
checksums of what each notebook actually read (the OWID/showyourwork idea), and
the published book is only replaced when a complete build succeeded.
"""

from .config import Pipeline, NotebookSpec, PipelineError, load_pipeline
from .parameters import resolve_parameters
from .run import BuildResult, build, run_data_step
from .manifest import verify_manifest

__all__ = [
    "Pipeline", "NotebookSpec", "PipelineError", "load_pipeline", "resolve_parameters",
    "BuildResult", "build", "run_data_step", "verify_manifest",
]
