"""Extraction on a Dask cluster: ``policykg build --scheduler tcp://HOST:PORT``.

The documents are read here, the loaded rule pack is sent once to every worker, and each worker
extracts whole documents, the same function a local build runs; the results come back in
document order, so the graph is byte-identical to a local build's. The workers need policykg
installed, at the version of the client (checked before any work), but neither the sources nor
the rule files: both travel with the tasks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import metadata

from policykg.errors import PolicyKGError, UsageError
from policykg.rules.extract import extract_document
from policykg.rules.model import RulePack
from policykg.sources import Document

CONNECT_TIMEOUT = "10s"
ADDRESS = re.compile(r"(?:tcp|tls|ws|wss)://(?:\[[0-9A-Fa-f:.]+\]|[\w.-]+):\d{1,5}")


class ClusterError(PolicyKGError):
    """The Dask cluster cannot be reached or cannot run policykg (D codes)."""


def check_address(address: str) -> None:
    """A scheduler address as Dask takes it, checked before anything is read or started."""
    if not ADDRESS.fullmatch(address):
        raise UsageError.at_address(
            "--scheduler", "U001", f"'{address}' is no scheduler address: give tcp://HOST:PORT"
        )


def extract_on_cluster(documents: list[Document], pack: RulePack, address: str) -> Iterator[tuple]:
    """(focus, mentions, extractions) of each document, in order, computed by the workers of
    the Dask scheduler at ``address``."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError.at_address(
            address, "D003", "--scheduler needs Dask: pip install 'policykg[dask]'"
        ) from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError.at_address(
            address, "D001", f"cannot reach the Dask scheduler: {_reason(exc)}"
        ) from None
    try:
        _check_workers(client, address)
        shared = client.scatter(pack, broadcast=True, hash=False)
        futures = client.map(_extract, documents, pack=shared, pure=False)
        try:
            for future in futures:
                yield future.result()
        finally:
            client.cancel(futures)
    finally:
        client.close()


def _extract(document: Document, pack: RulePack) -> tuple:
    """What a worker runs for one document (the document itself stays with the client)."""
    found = extract_document(document, pack)
    return found.focus, found.mentions, found.extractions


def _check_workers(client, address: str) -> None:
    """Every worker has policykg at this version: otherwise the tasks would fail one by one, or
    worse, extract with other code than the client's."""
    wanted = metadata.version("policykg")
    if not client.scheduler_info().get("workers"):
        raise ClusterError.at_address(address, "D002", "the Dask cluster has no workers")
    try:
        versions = client.run(_policykg_version)
    except Exception as exc:  # a worker that cannot even run the check
        raise ClusterError.at_address(
            address, "D002", f"a Dask worker cannot run policykg: {_reason(exc)}"
        ) from None
    wrong = sorted(f"{worker} has {found}" for worker, found in versions.items() if found != wanted)
    if wrong:
        raise ClusterError.at_address(
            address,
            "D002",
            f"Dask workers need policykg {wanted}: {'; '.join(wrong)}",
        )


def _policykg_version() -> str:
    try:
        return metadata.version("policykg")
    except metadata.PackageNotFoundError:
        return "no policykg"


def _reason(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
