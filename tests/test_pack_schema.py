"""Pack files against their schema: the pydantic models, and the JSON Schema made from them."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest

from loganalyzer.errors import PatternError
from loganalyzer.extract.pack_schema import PackModel, schema_text, validate
from loganalyzer.extract.packs import builtin_packs, load_pack

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "patterns" / "pack.schema.json"
EVENT = "[[event]]\nid = 'w'\nkind = 'write'\ncontains = 'x'\nregex = '(?P<key>x)(?P<path>y)'\n"


def test_the_published_schema_is_up_to_date() -> None:
    assert PUBLISHED.read_text(encoding="utf-8") == schema_text(), (
        "regenerate: python -m loganalyzer.extract.pack_schema patterns/pack.schema.json"
    )


@pytest.mark.parametrize("path", builtin_packs(), ids=lambda p: p.name)
def test_every_builtin_pack_validates(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert isinstance(PackModel.model_validate(data), PackModel)
    assert load_pack(path).name == data["name"]  # the schema check on, as for a user's pack


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("event = [1]\n", "event #1: must be a table (got 1)"),
        ("[event]\nid = 'w'\n", "'event': must be an array"),
        ("spec = 'x'\n", "'spec': must be an array"),
        (EVENT.replace("id = 'w'", "id = 7"), "event #1: 'id': must be a string (got 7)"),
        (EVENT.replace("kind = 'write'", "kind = 'wrote'"), "event #1 ('w'): 'kind': input"),
        (EVENT + "time_from = 'x'\n", "event #1 ('w'): 'time_from': must be a table"),
        (
            EVENT + "time_from = { capture = 'key', format = 3 }\n",
            "event #1 ('w'): time_from: 'format': must be a string (got 3)",
        ),
        (
            EVENT + "[[event.sample]]\nline = 'x'\nexpect = { key = 1 }\n",
            "event #1 ('w'): sample #1: expect: 'key': must be a string (got 1)",
        ),
        ("[[spec]]\nmatch = 'a'\nkeys = 'b'\n", "spec #1: 'keys': must be an array (got 'b')"),
        ("[[spec]]\nmatch = 'a'\nkeys = ['b']\npoll_interval = inf\n", "finite number"),
        ("[[spec]]\nmatch = 'a'\nkeys = ['b']\npoll_interval = true\n", "must be a number"),
        ("[[spec]]\nmatch = 'a'\nkeys = ['b']\nordered = 1\n", "'ordered': must be true or"),
        ("[[spec]]\nmatch = 'a'\nkeys = ['b']\ncolour = 1\n", "spec #1: unknown key 'colour'"),
        ("wait_steps = [1]\n", "wait_steps #1: must be a string (got 1)"),
        ("[[signature]]\nid = 's'\n", "signature #1 ('s'): 'contains' is required"),
    ],
)
def test_a_type_error_is_one_line_naming_the_file_and_key(
    tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / "p.toml"
    path.write_text(f"name = 'p'\n{body}", encoding="utf-8")
    with pytest.raises(PatternError) as caught:
        load_pack(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text
    # The published schema refuses it too, so an editor flags it before a run does.
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert not jsonschema.Draft202012Validator(schema).is_valid(data)


def test_validate_returns_the_model_when_sound() -> None:
    data = tomllib.loads("name = 'p'\n" + EVENT)
    model = validate(data, "p.toml")
    assert isinstance(model, PackModel) and model.event[0].kind == "write"


def test_builtin_packs_load_without_the_schema_library() -> None:
    # The built-in packs are checked here, not at every start: pydantic's import is most of
    # a pack's load time, so only a user's pack pays it.
    code = (
        "import sys; from loganalyzer.extract.packs import load_packs; load_packs(); "
        "print('pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
