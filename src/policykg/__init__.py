"""policykg: an evidence-backed RDF knowledge graph of foreign and security policy texts."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pathlib import Path

    import rdflib

__all__ = ["__version__", "load_graph"]


def load_graph(path: str | Path = "out/graph.ttl") -> rdflib.Graph:
    """Load a built graph (Turtle or any RDF format rdflib reads) as an rdflib Graph."""
    from policykg.graph.store import load_graph as _load

    return _load(path)
