"""Pattern packs: the built-in pack is sound, and every kind of broken pack is refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from loganalyzer.errors import PatternError
from loganalyzer.extract.pack_check import check_pack
from loganalyzer.extract.packs import load_pack, load_packs

GOOD_EVENT = """
[[event]]
id = "w"
kind = "write"
contains = "wrote"
regex = \'\'\'wrote (?P<path>\\S*/f-(?P<key>\\w+)\\.json)\'\'\'
[[event.sample]]
line = "x wrote /d/f-abc.json"
expect = { key = "abc", path = "/d/f-abc.json" }
"""


def pack_file(tmp_path: Path, body: str, name: str = "p") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\n{body}', encoding="utf-8")
    return path


def test_builtin_packs_pass_their_own_samples() -> None:
    packs = load_packs()
    assert [p.name for p in packs] == ["configmap-sync", "infrastructure", "kubernaut-notification"]
    assert [check_pack(p) for p in packs] == [[], [], []]


def test_user_pack_overrides_builtin_of_same_name(tmp_path: Path) -> None:
    pack_file(tmp_path, GOOD_EVENT, name="kubernaut-notification")
    packs = {p.name: p for p in load_packs([tmp_path])}
    assert len(packs) == 3 and Path(packs["kubernaut-notification"].path).parent == tmp_path
    assert not packs["kubernaut-notification"].builtin and packs["infrastructure"].builtin


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "[[event]]\nid = 'w'\nkind = 'write'\ncontains = 'x'\nregex = '(?P<key>['\n",
            "regex does not compile",
        ),
        (
            "[[event]]\nid = 'w'\nkind = 'write'\ncontains = 'x'\nregex = '(?P<path>x)'\n",
            "needs a (?P<key>",
        ),
        (
            "[[event]]\nid = 'w'\nkind = 'teleport'\ncontains = 'x'\nregex = 'x'\n",
            "'kind': input should be 'write', 'intent', 'error' or 'observation' (got 'teleport')",
        ),
        ("[[event]]\nid = 'w'\nkind = 'intent'\nregex = '(?P<key>x)'\n", "'contains'"),
        ("colour = 'red'\n", "unknown key 'colour'"),
        (
            "[[event]]\nid = 'w'\nkind = 'intent'\ncontains = 'x'\nregex = '(?<=a)(?P<key>x)'\n",
            "not supported by the fast path",
        ),
        ("name2 = [\n", "invalid TOML"),
        (
            "[[event]]\nid = 'w'\nkind = 'write'\nrole = 'test'\ncontains = 'x'\n"
            "regex = '(?P<key>x)(?P<path>y)'\n",
            "only an observation is read from test output",
        ),
        ("artifact = ''\n", "'artifact' must be a non-empty string"),
        (
            "[[event]]\nid = 'o'\nkind = 'observation'\ncontains = 'x'\nregex = 'x(?P<at>y)'\n",
            "an observation regex needs a (?P<path>…) or (?P<key>…) capture",
        ),
    ],
)
def test_broken_packs_are_refused_with_file_name(tmp_path: Path, body: str, message: str) -> None:
    path = pack_file(tmp_path, body)
    with pytest.raises(PatternError) as info:
        load_pack(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_sample_that_does_not_match_is_reported(tmp_path: Path) -> None:
    pack = load_pack(pack_file(tmp_path, GOOD_EVENT.replace("x wrote /d/f-abc", "x made /d/f-abc")))
    assert any("does not match its event" in p for p in check_pack(pack))


def test_sample_with_wrong_capture_is_reported(tmp_path: Path) -> None:
    pack = load_pack(pack_file(tmp_path, GOOD_EVENT.replace('key = "abc"', 'key = "abd"')))
    assert any("capture 'key' is 'abc', expected 'abd'" in p for p in check_pack(pack))


def test_sample_matching_two_events_is_reported(tmp_path: Path) -> None:
    twin = GOOD_EVENT.replace('id = "w"', 'id = "w2"')
    pack = load_pack(pack_file(tmp_path, GOOD_EVENT + twin))
    assert any("also matches event 'w2'" in p for p in check_pack(pack))


def test_spec_mapping_samples_are_checked(tmp_path: Path) -> None:
    body = (
        GOOD_EVENT + "[[spec]]\nmatch = 'Fanout'\nkeys = ['abc']\n"
        "[[spec.sample]]\nname = 'Fanout test'\nkey = 'abc-2'\n"
    )
    pack = load_pack(pack_file(tmp_path, body))
    assert any("sample key does not match" in p for p in check_pack(pack))


def test_signature_samples_are_checked(tmp_path: Path) -> None:
    body = (
        "[[signature]]\nid = 's'\ncontains = 'boom'\n"
        "[[signature.sample]]\nline = 'all fine'\n"
        "[[signature.sample]]\nline = 'boom here'\nexpect = false\n"
    )
    problems = check_pack(load_pack(pack_file(tmp_path, body)))
    assert any("sample #1: does not match" in p for p in problems)
    assert any("sample #2: should not match but does" in p for p in problems)
