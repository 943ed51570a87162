"""Safe YAML with positions, fast: libyaml composes the node tree (PyYAML's C parser), and the
tree becomes dicts and lists that remember where each key, value and item stood.

The rule loader needs the line and column of every value to locate problems, which a
round-trip loader gives at 30 to 40 µs a node (ruamel.yaml: 74 s for a pack of 100k aliases);
libyaml composes the same tree with its marks in a tenth of that. Only YAML's safe types are
built (strings, numbers, booleans, null, lists, mappings): no tags run code. Duplicate keys are
an error, as in ruamel.yaml. Anchors and aliases are allowed (``unless: *negation``) but their
expansion is bounded: a "billion laughs" file is refused, not expanded.
"""

from __future__ import annotations

import re

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader


class _Loader12(_Loader):
    """YAML 1.2's core schema for plain scalars, as ruamel.yaml reads them: "NO" (Norway's ISO
    code) and "on" (a trigger word) are strings, not YAML 1.1's booleans; "12:30" is no number."""


_Loader12.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if not tag.endswith((":bool", ":int", ":float"))]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}
_Loader12.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader12.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Loader12.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)

MarkedYAMLError = yaml.MarkedYAMLError
YAMLError = yaml.YAMLError

# nodes reached again through aliases, in all: the bundled pack uses a few thousand
MAX_ALIAS_EXPANSION = 100_000


class RefusedYAMLError(YAMLError):
    """Well-formed YAML that is refused, at a mark."""

    def __init__(self, message: str, mark):
        super().__init__(message)
        self.mark = mark


class AliasBombError(RefusedYAMLError):
    """The aliases of a document expand past MAX_ALIAS_EXPANSION nodes."""

    def __init__(self, mark):
        super().__init__(
            f"YAML aliases expand to more than {MAX_ALIAS_EXPANSION:,} nodes; refused"
            " (a 'billion laughs' file?)",
            mark,
        )


class Positions:
    """Where a mapping's or a sequence's parts stand: 0-based (line, column) pairs, as
    ruamel.yaml's ``.lc`` gives them."""

    __slots__ = ("_items", "_keys", "_values", "col", "line")

    def __init__(self, mark):
        self.line, self.col = mark.line, mark.column
        self._keys: dict = {}
        self._values: dict = {}
        self._items: list = []

    def key(self, key) -> tuple[int, int]:
        return self._keys[key]

    def value(self, key) -> tuple[int, int]:
        return self._values[key]

    def item(self, index: int) -> tuple[int, int]:
        return self._items[index]


class PositionedMap(dict):
    """A mapping read from YAML, with ``lc``: its positions."""

    __slots__ = ("lc",)


class PositionedSeq(list):
    """A sequence read from YAML, with ``lc``: its positions."""

    __slots__ = ("lc",)


class QuotedStr(str):
    """A string written in quotes (its text starts one column after its mark)."""

    __slots__ = ()


def load(text: str):
    """The document in ``text`` as positioned dicts and lists, or None for an empty one."""
    loader = _Loader12(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if root is None:
        return None
    return _Builder().build(root)


_PLAIN = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_STR = "tag:yaml.org,2002:str"


class _Builder:
    def __init__(self) -> None:
        self.constructor = yaml.constructor.SafeConstructor()
        self.seen: set[int] = set()
        self.expanded = 0

    def build(self, node):
        if id(node) in self.seen:  # an alias: the tree below is built again, and counted
            self.expanded += 1
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise AliasBombError(node.start_mark)
        else:
            self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN:
            raise RefusedYAMLError(
                f"the YAML tag {node.tag!r} is refused: rule files hold plain YAML only",
                node.start_mark,
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            built = PositionedSeq()
            built.lc = positions = Positions(node.start_mark)
            for item in node.value:
                positions._items.append((item.start_mark.line, item.start_mark.column))
                built.append(self.build(item))
            return built
        if node.tag == _STR:  # most scalars: no constructor needed
            return QuotedStr(node.value) if node.style in ("'", '"') else node.value
        value = self.constructor.construct_object(node)
        if isinstance(value, str) and node.style in ("'", '"'):
            return QuotedStr(value)
        return value

    def _mapping(self, node):
        built = PositionedMap()
        built.lc = positions = Positions(node.start_mark)
        for key_node, value_node in node.value:
            key = self.build(key_node)
            if isinstance(key, list | dict):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "a key must be a scalar",
                    key_node.start_mark,
                )
            if key in built:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {str(key)!r}",
                    key_node.start_mark,
                )
            positions._keys[key] = (key_node.start_mark.line, key_node.start_mark.column)
            positions._values[key] = (value_node.start_mark.line, value_node.start_mark.column)
            built[key] = self.build(value_node)
        return built
