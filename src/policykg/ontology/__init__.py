"""The vocabulary of the contract, and the bundled files: ontology, rule pack, queries.

This module is the base of the flow: rules and graph both read the vocabulary from here, and a test
checks that it agrees with ``policykg.ttl``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

PKG = "https://w3id.org/policykg#"
ID = "https://w3id.org/policykg/id/"

PREFIXES: dict[str, str] = {
    "pkg": PKG,
    "id": ID,
    "doc": ID + "document/",
    "sentence": ID + "sentence/",
    "evidence": ID + "evidence/",
    "rule": ID + "rule/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "dcterms": "http://purl.org/dc/terms/",
    "wd": "http://www.wikidata.org/entity/",
}

CLASSES: tuple[str, ...] = ("Nation", "Organization", "Agreement", "Mechanism", "Goal", "Threat")
ACTORS = ("Nation", "Organization")
GROUPINGS = frozenset({"Organization", "Agreement"})  # what states belong to or sign


@dataclass(frozen=True)
class Property:
    """A property between entities: its allowed subject and object classes."""

    name: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    symmetric: bool = False


PROPERTIES: dict[str, Property] = {
    p.name: p
    for p in (
        Property("alliedWith", ACTORS, ACTORS, symmetric=True),
        Property("cooperatesWith", (*ACTORS, "Agreement"), (*ACTORS, "Agreement"), symmetric=True),
        Property("memberOf", ACTORS, ("Organization", "Agreement")),
        Property("partyTo", ACTORS, ("Agreement",)),
        Property("employs", (*ACTORS, "Agreement"), ("Mechanism",)),
        Property("involves", ("Agreement", "Mechanism"), ("Mechanism",)),
        Property("pursues", (*ACTORS, "Agreement"), ("Goal",)),
        Property("contributesTo", ("Mechanism", "Agreement"), ("Goal",)),
        Property("counters", CLASSES, ("Threat",)),
    )
}


def bundled(name: str) -> Path:
    """The path of a file or folder shipped in this package (``policykg.ttl``, ``rules``, …)."""
    return Path(str(resources.files(__name__).joinpath(name)))


ONTOLOGY_FILE = "policykg.ttl"
RULES_DIR = "rules"
QUERIES_DIR = "queries"
