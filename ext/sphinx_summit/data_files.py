"""YAML data files read by the extension, checked before use.

One parse gives both the data and the node tree, so that every problem --
a YAML syntax error or a value of the wrong shape (``schema``) -- can be
reported with the data file's line.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

# libyaml's loader when PyYAML has it (it does on PyPI's wheels)
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):
    """YAML's safe loader, with dates kept as the strings the author wrote."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}

Problem = tuple[int, str]  # (line, message); line 0 when there is none


def load_schema(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load_yaml(path: Path, schema: dict, what: str):
    """The data of ``path`` and its node tree, and its problems (with lines).

    ``what`` names the file for the author ("the catalogue"). On a problem
    that leaves no data, the data is None.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, None, [(0, f"cannot read {what}: {exc.strerror}")]
    try:
        tree, data = _parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, None, [(mark.line + 1 if mark else 0, f"{what} is not valid YAML: {exc}")]
    problems = []
    for error in jsonschema.Draft202012Validator(schema).iter_errors(data):
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        problems.append((line_of(tree, list(error.absolute_path)), f"{where}: {error.message}"))
    return data, tree, sorted(problems)


def _parse(text: str):
    loader = Loader(text)
    try:
        tree = loader.get_single_node()
        return tree, (loader.construct_document(tree) if tree is not None else None)
    finally:
        loader.dispose()


def line_of(node, path: list) -> int:
    """The 1-based line of the YAML node at ``path`` (or of its nearest parent)."""
    line = node.start_mark.line + 1 if node else 0
    for key in path:
        if not isinstance(node, yaml.MappingNode):
            break
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                line, node = key_node.start_mark.line + 1, value_node
                break
        else:
            break
    return line
