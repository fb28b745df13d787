"""YAML data files read by the extension, checked before use.

One parse gives both the data and the node tree, so that every problem --
a YAML syntax error or a value of the wrong shape (``schema``) -- can be
reported with the data file's line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import yaml

# characters that are not text: C0 (but tab and line breaks), DEL and C1. A page may
# hold them as typed, a YAML file through an escape ("\x01"); HTML is not valid
# with them and the feeds' XML cannot hold them (shown as U+FFFD, with a message)
CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # (for a [...] of a regular expression)
CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")

# libyaml's loader when PyYAML has it (it does on PyPI's wheels)
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):
    """YAML's safe loader, with dates kept as the strings the author wrote,
    that notes every key given twice in a mapping (YAML keeps the last)."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a list or mapping as a key: the constructor reports it
            key = key_node.value
            if key in seen:
                self.duplicates.append((key_node.start_mark.line + 1,
                                        f"the key {key!r} is given twice (first on line "
                                        f"{seen[key]}); keep one"))
            else:
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}

LineProblem = tuple[int, str]  # a problem of a data file: (line, message); line 0 when there is none
# the only URLs from data or options that become links
NOT_IN_URL = '"<>\\^`{|}'  # ASCII characters a URL cannot hold unencoded (RFC 3986)
URL_SAFE = "/:@!$&'()*+,;=~"  # what a URL's path may hold as it is (RFC 3986), '%' excepted
HTTP_URL = re.compile(rf"^https?://[^\s/$.?#{re.escape(NOT_IN_URL)}][^\s{re.escape(NOT_IN_URL)}]*$")


def load_schema(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load_yaml(path: Path, schema: dict, what: str):
    """The data of ``path`` and its node tree, and its problems (with lines).

    ``what`` names the file for the author ("the catalogue"). On a problem
    that leaves no data, the data is None.
    """
    if path.exists() and not path.is_file():  # a named pipe would never end, a device neither
        return None, None, [(0, f"cannot read {what}: it is not a regular file")]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, None, [(0, f"cannot read {what}: {exc.strerror}")]
    except UnicodeDecodeError as exc:
        return None, None, [(1, f"{what} is not UTF-8 text: {exc.reason}")]
    try:
        tree, data, problems = _parse(text)
    except TooLarge as exc:
        line, message = exc.args
        return None, None, [(line, f"{what} is too large: {message}")]
    except yaml.YAMLError as exc:
        mark, context = getattr(exc, "problem_mark", None), getattr(exc, "context", None)
        where = [f"column {mark.column + 1}"] if mark else []
        if context and getattr(exc, "context_mark", None):
            where.append(f"{context} from line {exc.context_mark.line + 1}")
        problem = getattr(exc, "problem", None) or str(exc)
        return None, None, [(mark.line + 1 if mark else 1, f"{what} is not valid YAML: {problem}"
                             + (f" ({'; '.join(where)})" if where else ""))]
    if data is None:
        return None, None, [(1, f"{what} is empty")]
    data = _without_controls(data, [], tree, problems)
    for error in jsonschema.Draft202012Validator(schema).iter_errors(data):
        path = list(error.absolute_path)
        where = "/".join(str(p) for p in path) or "the top level"
        if "propertyNames" in error.schema_path:  # a key, not a value
            problems.append((line_of(tree, [*path, error.instance]),
                             f"{where}: the key {error.instance!r} should be a text "
                             f"(put it in quotes)"))
            continue
        problems.append((line_of(tree, path), f"{where}: {describe(error)}"))
    return data, tree, sorted(problems)


TYPE_NAMES = {dict: "a mapping (key: value)", list: "a list", str: "a text", int: "a number",
              float: "a number", bool: "true or false", type(None): "empty"}
SCHEMA_TYPES = {"object": "a mapping (key: value)", "array": "a list", "string": "a text",
                "integer": "a whole number", "number": "a number", "boolean": "true or false",
                "null": "empty"}


def describe(error: jsonschema.ValidationError) -> str:
    """A schema error in an author's words, without echoing a whole value back."""
    if error.validator == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        wanted = " or ".join(SCHEMA_TYPES.get(e, e) for e in expected)
        return f"should be {wanted}, not {TYPE_NAMES.get(type(error.instance), 'this')}"
    if error.validator == "pattern" and "description" in error.schema:
        return f"{error.instance!r} is not {error.schema['description'].rstrip('.')}"
    if error.validator == "additionalProperties":
        return f"{error.message}; allowed: {', '.join(error.schema.get('properties', {}))}"
    message = error.message
    return message if len(message) <= 200 else message[:197] + "..."


MAX_VALUES = 100_000  # values a data file may hold once its aliases are expanded


class TooLarge(Exception):
    """A document whose aliases expand it beyond ``MAX_VALUES``: (line, message)."""


def check_expansion(text: str) -> None:
    """Counts the values of ``text`` with every alias expanded, from YAML's events (one
    pass, nothing expanded), so that a "billion laughs" is refused before it is built."""
    sizes: dict[str, int] = {}  # anchor -> the values its node holds
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, values so far) of the open collections
    total = 0
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            open_nodes.append((event.anchor, total))
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, start = open_nodes.pop()
            if anchor:
                sizes[anchor] = total - start + 1
            total += 1
        elif isinstance(event, yaml.ScalarEvent):
            total += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            total += sizes.get(event.anchor, 1)
        if total > MAX_VALUES:
            line = event.start_mark.line + 1
            alias = f" (here *{event.anchor})" if isinstance(event, yaml.AliasEvent) else ""
            raise TooLarge(line, f"its YAML aliases{alias} expand it to more than {MAX_VALUES:,} "
                                 "values; write the values out, or use fewer aliases")


def _parse(text: str):
    check_expansion(text)
    loader = Loader(text)
    loader.duplicates = []
    try:
        tree = loader.get_single_node()
        data = loader.construct_document(tree) if tree is not None else None
        return tree, data, loader.duplicates
    finally:
        loader.dispose()


def _without_controls(value, path: list, tree, problems: list):
    """``value`` with every control character of its texts (keys too) shown as U+FFFD,
    and one problem at each text that held one."""
    if isinstance(value, dict):
        return {_without_controls(k, path, tree, problems): _without_controls(v, [*path, k], tree, problems)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_without_controls(v, [*path, n], tree, problems) for n, v in enumerate(value)]
    if isinstance(value, str) and (found := CONTROL.search(value)):
        where = "/".join(str(p) for p in path) or "the top level"
        problems.append((line_of(tree, path), f"{where}: {value!r} holds a control character "
                         f"(U+{ord(found[0]):04X}), which is not text: delete it (or its escape)"))
        return CONTROL.sub("\ufffd", value)
    return value


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
