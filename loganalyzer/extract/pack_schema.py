"""The shape of a pack file, as pydantic models: every type error is one line naming the key.

These models check types, allowed keys and enumerations only; what a schema cannot say
(a regex compiles, has the captures its kind needs, the fast path runs it, a zone exists)
stays in ``packs.py``. The JSON Schema published for editors, ``patterns/pack.schema.json``,
is generated from them: ``python -m loganalyzer.extract.pack_schema patterns/pack.schema.json``
(``tests/test_pack_schema.py`` checks it is up to date).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Regex = Annotated[str, Field(description="A regular expression (Python `regex` syntax).")]


class _Strict(BaseModel):
    # strict: a TOML 1 is not the string "1", nor true the number 1.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TimeFromModel(_Strict):
    """Take the event's time from a capture instead of the line's own stamp."""

    capture: str = Field(description="The named capture that holds the time.")
    format: str = Field(description="Its strptime format, such as %Y%m%d-%H%M%S.%f.")
    tz: str = Field("UTC", description="The zone of that time: an IANA name or +HH:MM.")


class EventSample(_Strict):
    """A line the event must match (``expect`` its captures), or must not (false)."""

    line: str
    expect: bool | dict[str, str] = Field(default_factory=dict)


class EventModel(_Strict):
    """One kind of log line: found by the literal ``contains``, then ``regex``."""

    id: str
    kind: Literal["write", "intent", "error", "observation"]
    role: Literal["controller", "test"] | None = Field(
        None, description="Where its lines are read; default: test for observations."
    )
    contains: str = Field(description="A literal every matching line holds (the prefilter).")
    regex: Regex
    time_from: TimeFromModel | None = None
    file_name: Regex | None = Field(None, description="Parses the key from a file's name.")
    sample: list[EventSample] = Field(default_factory=list)
    description: str = ""


class SpecSample(_Strict):
    name: str
    key: str


class SpecModel(_Strict):
    """A spec text (searched) and the keys that spec creates (matched whole)."""

    match: Regex
    keys: list[Regex] = Field(min_length=1)
    wait_step: Regex | None = None
    ordered: bool = False
    wait: Literal["all", "in-order"] = "all"
    poll_interval: float | None = Field(None, gt=0, lt=86400, allow_inf_nan=False)
    sample: list[SpecSample] = Field(default_factory=list)
    description: str = ""


class SignatureSample(_Strict):
    line: str
    expect: bool = True


class SignatureModel(_Strict):
    """A known infrastructure failure in test output."""

    id: str
    contains: str
    regex: Regex | None = None
    description: str = ""
    sample: list[SignatureSample] = Field(default_factory=list)


class PackModel(_Strict):
    """A loganalyzer pattern pack (TOML): the events, specs and signatures of one system."""

    model_config = ConfigDict(title="loganalyzer pattern pack")

    name: str = Field(min_length=1)
    description: str = ""
    artifact: str = Field("file", description="The noun of what is paired: file, ConfigMap.")
    identity: Literal["basename", "path"] = "basename"
    wait_steps: Regex | list[Regex] = Field(default_factory=list)
    event: list[EventModel] = Field(default_factory=list)
    spec: list[SpecModel] = Field(default_factory=list)
    signature: list[SignatureModel] = Field(default_factory=list)


def validate(data: Mapping[str, Any], where: str) -> PackModel | str:
    """The pack, or one line saying what is wrong and where (``where``: the file)."""
    try:
        return PackModel.model_validate(data)
    except ValidationError as exc:
        return f"{where}: {describe(_telling(exc.errors()), data)}"


# Messages in the words of a TOML file rather than of Python types.
_PLAIN = {
    "model_type": "must be a table",
    "dict_type": "must be a table",
    "list_type": "must be an array",
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "float_type": "must be a number",
    "missing": "is required",
}


def _telling(errors: Sequence[Any]) -> Any:
    """The first error; when it is one branch of a union, the branch that got furthest."""
    first = errors[0]
    loc = first["loc"]
    cut = next((i for i in range(len(loc)) if _is_union_branch(loc, i)), None)
    if cut is None:
        return first
    same = [e for e in errors if tuple(e["loc"][:cut]) == tuple(loc[:cut])]
    return max(same, key=lambda e: len(e["loc"]))


def describe(error: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    """One pydantic error as ``event #2 ('w'): 'kind': input should be …``."""
    loc: Sequence[str | int] = error["loc"]
    parts: list[str] = []
    node: Any = data
    for i, step in enumerate(loc):
        if isinstance(step, int):
            label = f"#{step + 1}"
            if isinstance(node, list) and step < len(node):
                node = node[step]
                ident = node.get("id") if isinstance(node, dict) else None
                if isinstance(ident, str) and ident:
                    label += f" ({ident!r})"
            parts[-1] = f"{parts[-1]} {label}" if parts else label
        elif _is_union_branch(loc, i) and not (isinstance(node, dict) and step in node):
            continue  # pydantic names the union member it tried: not a key of the file
        else:
            parts.append(repr(step) if i == len(loc) - 1 else step)
            node = node.get(step) if isinstance(node, dict) else None
    where = ": ".join(parts)
    if error["type"] == "extra_forbidden":
        key = parts.pop() if parts else "?"
        return f"{': '.join(parts) + ': ' if parts else ''}unknown key {key}"
    message = _PLAIN.get(error["type"]) or str(error["msg"])
    message = message[0].lower() + message[1:]
    got = error.get("input")
    text = repr(got) if len(repr(got)) <= 60 else repr(got)[:57] + "..."
    shown = "" if error["type"] == "missing" or isinstance(got, dict | list) else f" (got {text})"
    if not where:
        return f"{message}{shown}"
    return f"{where} {message}" if error["type"] == "missing" else f"{where}: {message}{shown}"


def _is_union_branch(loc: Sequence[str | int], i: int) -> bool:
    step = loc[i]
    return (
        i > 0
        and isinstance(step, str)
        and (step.startswith(("list[", "dict[", "function-")) or step in ("str", "bool", "float"))
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a pack file, for editors (taplo, Even Better TOML)."""
    schema = PackModel.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m loganalyzer.extract.pack_schema OUT.json")
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.write(schema_text())
