"""The report pipeline: data step → papermill notebooks → PDFs → Jupyter Book → publish.

``pipeline.yml`` at the project root declares the run parameters, the country inputs that
exist in a real and an illustrative version, the data step, the notebooks (order,
dependencies, which parameters and inputs each receives) and the PDF step. :func:`build`
runs it with caching and writes a provenance manifest; :func:`verify_manifest` re-checks a
manifest's checksums and those of every published file.

Design notes: execution is done by papermill outside the book (the book is built with
``execute_notebooks: off``); the cache is keyed on code + parameters + checksums of what each
notebook actually read (the OWID/showyourwork idea); a run stages everything it makes and
publishes it all at once, only when every step succeeded (:mod:`.stage`); the same inputs give
the same published bytes (no clock time or machine path in them).
"""

from .config import Pipeline, NotebookSpec, PipelineError, load_pipeline
from .parameters import resolve_parameters
from .processes import BuildInterrupted
from .run import BuildResult, build, run_data_step
from .manifest import verify_manifest

__all__ = [
    "Pipeline", "NotebookSpec", "PipelineError", "load_pipeline", "resolve_parameters",
    "BuildResult", "build", "run_data_step", "verify_manifest", "BuildInterrupted",
]
