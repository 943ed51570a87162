"""The progress bar of `policykg build` on a terminal: documents, MB/s and facts found (rich)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from policykg.rules.extract import DocumentExtraction
    from policykg.sources import Document


class BuildProgress:
    """A context manager whose ``start(documents)`` gives the pipeline its per-document callback.

    Shown only on a terminal (the console's ``is_terminal``), so a piped or redirected build
    prints nothing; the CLI leaves it out entirely with ``--quiet``."""

    def __init__(self, console: Console):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("documents · {task.fields[speed]} · {task.fields[facts]} facts"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = None
        self.bytes = 0
        self.facts = 0
        self.started = time.perf_counter()

    def __enter__(self) -> BuildProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def start(self, documents: list[Document]):
        self.task = self.progress.add_task("extract", total=len(documents), speed="", facts=0)
        self.started = time.perf_counter()
        return self.advance

    def advance(self, result: DocumentExtraction, size: int) -> None:
        self.bytes += size
        self.facts += len(result.extractions)
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        self.progress.update(
            self.task,
            advance=1,
            speed=f"{self.bytes / elapsed / 1e6:.2f} MB/s",
            facts=self.facts,
        )
