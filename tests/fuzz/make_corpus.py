# ruff: noqa: E501
"""Write tests/fuzz/corpus/: one minimal case per hostile-input defect class (issue 16).

Each case is a folder: ``logs/`` (the inputs) and, for pack cases, ``packs/`` (given with
``--patterns``). Cases that need the file system at run time (FIFOs, /dev/zero, bombs,
pipes) are built by the harness itself. Run ``python -m tests.fuzz.make_corpus`` to
rewrite the corpus after changing a case.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import struct
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import zstandard

CORPUS = Path(__file__).parent / "corpus"
DELIM = "-" * 30
ESC = "\x1b"
INJECT = (
    f"{ESC}]0;owned-title{ESC}\\ {ESC}]8;;http://evil.example/{ESC}\\link{ESC}]8;;{ESC}\\ "
    f"{ESC}P1$qm{ESC}\\ \x9b31mC1\x9b0m [bold red]markup[/] [/] [text](http://evil.example) "
    "![](http://evil.example/x.png) <img src=x onerror=alert(1)> a\\|b | c"
)


def zap(stamp: str, key: str, file_stamp: str = "20260110-191814.485730") -> str:
    path = f"/tmp/notifications/notification-{key}-{file_stamp}.json"
    ctx = json.dumps({"notification": key, "namespace": "default", "filePath": path})
    ctx = ctx.replace('":"', '": "')
    return f"{stamp}\tINFO\tNotification delivered successfully to file\t{ctx}"


def console(spec_lines: list[str], header: str = "• [FAILED] [5.118 seconds]") -> str:
    lines = [
        "Running Suite: E2E Suite - /src/test/e2e",
        "=" * 40,
        "Random Seed: 1768072481",
        "",
        "Will run 1 of 1 specs",
        DELIM,
        header,
        "Multi-Channel Fanout E2E (BR-NOT-053) Scenario 1: All channels deliver successfully "
        "[It] should deliver notification to console, file, and log channels",
        "/src/test/e2e/x_test.go:10",
        "",
        "  Timeline >>",
        *(f"  {line}" for line in spec_lines),
        "  << Timeline",
        DELIM,
        "Ran 1 of 1 Specs in 30.000 seconds",
        "FAIL! -- 0 Passed | 1 Failed | 0 Pending | 0 Skipped",
    ]
    return "\n".join(lines) + "\n"


GOOD_SPEC = [
    "STEP: Creating NotificationRequest e2e-multi-channel-fanout @ 01/10/26 14:18:13.2",
    "STEP: Verifying file channel created audit file @ 01/10/26 14:18:14.605",
    "[FAILED] in [It] - /src/test/e2e/x_test.go:138 @ 01/10/26 14:18:19.612",
]
CONTROLLER = zap("2026-01-10T19:18:14Z", "e2e-multi-channel-fanout") + "\n"


def spec_report(**changes: object) -> dict[str, object]:
    spec: dict[str, object] = {
        "ContainerHierarchyTexts": ["Multi-Channel Fanout E2E"],
        "LeafNodeType": "It",
        "LeafNodeText": "delivers",
        "State": "failed",
        "StartTime": "2026-01-10T14:18:13.2-05:00",
        "EndTime": "2026-01-10T14:18:19.612-05:00",
        "RunTime": 6412000000,
        "ParallelProcess": 1,
        "Failure": {"Message": "Timed out", "Location": {"FileName": "x.go", "LineNumber": 1}},
    }
    spec.update(changes)
    return spec


def ginkgo_json(specs: list[dict[str, object]]) -> str:
    suite = {
        "SuitePath": "/src/test/e2e",
        "SuiteDescription": "E2E Suite",
        "SuiteSucceeded": False,
        "PreRunStats": {"TotalSpecs": len(specs), "SpecsThatWillRun": len(specs)},
        "StartTime": "2026-01-10T14:18:00-05:00",
        "EndTime": "2026-01-10T14:19:00-05:00",
        "SpecReports": specs,
    }
    return json.dumps([suite], indent=2)


def junit(
    timestamp: str = "2026-01-10T14:14:52",
    time: str = "6.4",
    encoding: str = "UTF-8",
    newline: str = "\n",
    name: str = "Multi-Channel Fanout E2E [It] delivers",
) -> str:
    lines = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        f'<testsuites tests="1" disabled="0" errors="0" failures="1" time="{time}">',
        f'<testsuite name="E2E Suite" package="/src" tests="1" disabled="0" skipped="0" '
        f'errors="0" failures="1" time="{time}" timestamp="{timestamp}">',
        f'<testcase name="{name}" classname="E2E Suite" status="failed" time="{time}">',
        '<failure message="Timed out" type="failed">Timed out</failure>',
        "</testcase>",
        "</testsuite>",
        "</testsuites>",
    ]
    return newline.join(lines) + newline


def gotest(lines: list[dict[str, object]]) -> str:
    return "".join(json.dumps(line) + "\n" for line in lines)


DEEP = "[" * 20_000 + "]" * 20_000
PACK_HEAD = 'name = "hostile"\n'
EVENT = """
[[event]]
id = "w"
kind = "write"
contains = "delivered successfully"
regex = '''"filePath": "(?P<path>[^"]*/notification-(?P<key>.+)-(?P<stamp>\\d{8}-\\d{6}\\.\\d{6})\\.json)"'''
"""
REDOS = "(a|aa)+$"
REDOS_LINE = "a" * 41 + "!"


def _zip_member_method(data: bytes, method: int) -> bytes:
    """A stored zip whose member claims another compression method (deflate64 = 9)."""
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = out.find(sig)
        while at >= 0:
            struct.pack_into("<H", out, at + offset, method)
            at = out.find(sig, at + 4)
    return bytes(out)


def _stored_zip(name: str, content: bytes, flags: int = 0) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        info = zipfile.ZipInfo(name, (2026, 1, 10, 0, 0, 0))
        archive.writestr(info, content)
    data = bytearray(buf.getvalue())
    if flags:  # the "encrypted" bit in both headers
        for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.find(sig)
            struct.pack_into("<H", data, at + offset, flags)
    return bytes(data)


def _tar_with_specials() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, kind in (
            ("logs/link", tarfile.SYMTYPE),
            ("logs/fifo", tarfile.FIFOTYPE),
            ("logs/dev", tarfile.CHRTYPE),
            ("logs/hard", tarfile.LNKTYPE),
        ):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = "/etc/shadow" if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE) else ""
            tar.addfile(info)
        data = CONTROLLER.encode()
        info = tarfile.TarInfo("logs/controller.log")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _zst(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


CASES: dict[str, Callable[[Path], None]] = {}


def case(name: str) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def register(build: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES[name] = build
        return build

    return register


def text_cases() -> None:
    """Cases that are one log file each: name -> (file name, content)."""
    files: dict[str, tuple[str, str | bytes]] = {
        # Time values.
        "time-console-feb30": (
            "ginkgo.log",
            console(
                [
                    *GOOD_SPEC[:1],
                    "STEP: Verifying file channel created audit file @ 02/30/26 14:18:14.605",
                    GOOD_SPEC[2],
                ]
            ),
        ),
        "time-console-leap-second": (
            "ginkgo.log",
            console(
                [
                    GOOD_SPEC[0],
                    "STEP: Verifying file channel created audit file @ 01/10/26 23:59:60.000",
                    GOOD_SPEC[2],
                ]
            ),
        ),
        "time-console-hour24": (
            "ginkgo.log",
            console(
                [
                    GOOD_SPEC[0],
                    "STEP: Verifying file channel created audit file @ 01/10/26 24:00:00.000",
                    GOOD_SPEC[2],
                ]
            ),
        ),
        "time-console-offset-9999": (
            "ginkgo.log",
            console(
                [
                    "2026-01-10T14:18:13.071+99:99\tINFO\tnotification-e2e-test-process-1\thello",
                    *GOOD_SPEC,
                ]
            ),
        ),
        "time-console-year-0000": (
            "ginkgo.log",
            console(
                [
                    "0000-01-10T14:18:13.071-0500\tINFO\tnotification-e2e-test-process-1\thello",
                    *GOOD_SPEC,
                ]
            ),
        ),
        "time-console-year-9999": (
            "ginkgo.log",
            console(
                [
                    "9999-12-31T23:59:59.999-0500\tINFO\tnotification-e2e-test-process-1\thello",
                    *GOOD_SPEC,
                ]
            ),
        ),
        "time-spec-header-huge-seconds": (
            "ginkgo.log",
            console(GOOD_SPEC, header="• [FAILED] [99999999999 seconds]"),
        ),
        "time-controller-year-0001-offset": (
            "controller.log",
            zap("0001-01-01T00:00:00+01:00", "e2e-multi-channel-fanout") + "\n" + CONTROLLER,
        ),
        "time-controller-year-9999-offset": (
            "controller.log",
            zap("9999-12-31T23:59:59-01:00", "e2e-multi-channel-fanout") + "\n" + CONTROLLER,
        ),
        "time-controller-offset-9999": (
            "controller.log",
            zap("2026-01-10T19:18:14+99:99", "e2e-multi-channel-fanout") + "\n" + CONTROLLER,
        ),
        "time-controller-feb30": (
            "controller.log",
            zap("2026-02-30T19:18:14Z", "e2e-multi-channel-fanout") + "\n" + CONTROLLER,
        ),
        "time-controller-file-name-feb30": (
            "controller.log",
            zap("2026-01-10T19:18:14Z", "e2e-x", "20260230-246099.485730") + "\n" + CONTROLLER,
        ),
        "time-zap-json-epoch-9e12": (
            "controller.log",
            json.dumps(
                {
                    "level": "info",
                    "ts": 9.2e12,
                    "msg": "Notification delivered successfully to file",
                    "filePath": "/tmp/notifications/notification-e2e-x-20260110-191814.485730.json",
                }
            )
            + "\n"
            + json.dumps({"level": "info", "ts": 1.7680e9, "msg": "Starting workers"})
            + "\n",
        ),
        "time-zap-json-epoch-inf": (
            "controller.log",
            '{"level": "info", "ts": 1e400, "msg": "x"}\n'
            '{"level": "info", "ts": -1e300, "msg": "y"}\n{"level": "info", "ts": NaN, "msg": "z"}\n',
        ),
        "time-junit-feb30": ("junit.xml", junit(timestamp="2026-02-30T14:14:52")),
        "time-junit-year-0000": ("junit.xml", junit(timestamp="0000-01-01T00:00:00")),
        "time-junit-year-9999": ("junit.xml", junit(timestamp="9999-12-31T23:59:59")),
        "time-junit-1e308": ("junit.xml", junit(time="1e308")),
        "time-junit-nan": ("junit.xml", junit(time="nan")),
        "time-json-report-feb30": (
            "report.json",
            ginkgo_json(
                [
                    spec_report(
                        StartTime="2026-02-30T14:18:13.2-05:00", EndTime="9999-12-31T23:59:59+99:99"
                    )
                ]
            ),
        ),
        "time-json-report-year-0001": (
            "report.json",
            ginkgo_json(
                [spec_report(StartTime="0001-01-01T00:00:00+01:00", EndTime="0000-01-01T00:00:00Z")]
            ),
        ),
        "time-gotest-year-9999": (
            "go-test.json",
            gotest(
                [
                    {
                        "Time": "9999-12-31T23:59:59.999-05:00",
                        "Action": "run",
                        "Package": "p",
                        "Test": "TestA",
                    },
                    {
                        "Time": "2026-02-30T14:18:13Z",
                        "Action": "fail",
                        "Package": "p",
                        "Test": "TestA",
                        "Elapsed": 1e308,
                    },
                ]
            ),
        ),
        # Deep nesting in a file's head.
        "deep-json-head": ("data.log", DEEP + "\n"),
        "deep-json-zap": (
            "controller.log",
            CONTROLLER + '{"level": "info", "msg": ' + DEEP + "}\n",
        ),
        "deep-json-docker": (
            "container.log",
            CONTROLLER.replace("\n", "")
            and json.dumps({"log": CONTROLLER, "stream": "stderr", "time": "2026-01-10T19:18:14Z"})
            + "\n"
            + '{"log": '
            + DEEP
            + ', "stream": "stderr"}\n',
        ),
        "deep-json-gotest": (
            "go-test.json",
            gotest(
                [{"Time": "2026-01-10T14:18:13Z", "Action": "run", "Package": "p", "Test": "TestA"}]
            )
            + '{"Action": '
            + DEEP
            + "}\n",
        ),
        "deep-json-cut-over-lines": (  # a zap JSON record cut over two lines, deep once joined
            "controller.log",
            '{"level": "info", "ts": 1768072694.0, "msg": "Starting workers"}\n'
            '{"level": "info", "ts": 1768072694.0,\n"msg": "x", "deep": ' + DEEP + "}\n",
        ),
        "deep-json-report": ("report.json", "[" + '{"SuitePath": ' + DEEP + "}]\n"),
        # Structured reports with hostile values.
        "json-report-nan": (
            "report.json",
            ginkgo_json([spec_report(RunTime=float("nan"), ParallelProcess=float("inf"))]),
        ),
        "json-report-infinite-counts": (
            "report.json",
            ginkgo_json([spec_report(NumAttempts=float("inf"), RunTime=float("-inf"))]),
        ),
        "json-report-huge-int": (
            "report.json",
            ginkgo_json([spec_report()])
            .replace('"RunTime": 6412000000', '"RunTime": ' + "9" * 5000)
            .replace('"ParallelProcess": 1', '"ParallelProcess": ' + "9" * 5000),
        ),
        "json-report-wrong-types": (
            "report.json",
            ginkgo_json(
                [
                    spec_report(
                        State=["x"],
                        StartTime=5,
                        EndTime=None,
                        ContainerHierarchyTexts="abc",
                        ParallelProcess="one",
                        Failure="boom",
                        SpecEvents=[1, None, {"TimelineLocation": 3}],
                    )
                ]
            ),
        ),
        "json-report-one-line": ("report.json", ginkgo_json([spec_report()]).replace("\n", "")),
        "json-report-not-a-list": ("report.json", '[{"SuitePath": "x", "SpecReports": 5}]\n'),
        "junit-utf7": ("junit.xml", junit(encoding="UTF-7")),
        "junit-unknown-encoding": ("junit.xml", junit(encoding="x-no-such-codec")),
        "junit-cr-only": ("junit.xml", junit(newline="\r")),
        "junit-entities": (
            "junit.xml",
            junit().replace(
                "Timed out</failure>", "&#27;]0;title&#7; &#x9b;31m &#0; &#xD800;</failure>"
            ),
        ),
        # Rich markup and injection.
        "markup-first-line": ("notes.txt", "[/] closing tag with nothing open [bold]x\n"),
        "markup-first-line-binaryish": ("weird.bin", "[/]\x00\x01\x02" * 50),
        "leak-first-line": ("secrets.txt", "root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n"),
        "inject-spec-name": (
            "ginkgo.log",
            console(
                [
                    "STEP: Creating NotificationRequest e2e-multi-channel-fanout @ 01/10/26 14:18:13.2",
                    f"[FAILED] {INJECT} @ 01/10/26 14:18:19.612",
                ]
            ).replace("should deliver notification", f"should {INJECT} deliver notification"),
        ),
        "inject-json-state": (
            "report.json",
            ginkgo_json(
                [
                    spec_report(
                        State="<img src=x onerror=alert(1)>",
                        LeafNodeText=INJECT,
                        Failure={
                            "Message": INJECT,
                            "Location": {"FileName": INJECT, "LineNumber": 1},
                        },
                    )
                ]
            ),
        ),
        "inject-junit": (
            "junit.xml",
            junit(
                name="x [/] ![](http://e.example/i.png) a\\|b &lt;img src=x&gt;"
                " &#x1b;]0;t&#x7; [t](http://e.example)"
            ),
        ),
        "inject-controller-key": (
            "controller.log",
            zap("2026-01-10T19:18:14Z", "e2e-[x](http:__e)-\x1b]0;t\x07-<img>-\x9b31m-a|b"),
        ),
        # Found by the mutation fuzzer: a zap line cut inside its context, the rest of it
        # nested too deep for json (detection crashed), and a stamp in the year 26, which
        # strftime writes as "26-01-10" (the HTML timeline crashed).
        "deep-json-wrapped-zap": (
            "controller.log",
            CONTROLLER
            + '2026-01-10T19:18:15Z\tINFO\tTERMINAL CHECK\t{"controller": "x", "kind": '
            + "[" * 2000
            + "\n"
            + "[" * 2000
            + ' "x": false}\n'
            + CONTROLLER,
        ),
        "render-year-0026": (
            "ginkgo.log",
            console(
                [
                    *GOOD_SPEC[:2],
                    "0026-01-10T14:18:14.352-0500\tINFO\ttest\tCleaned up test files",
                    GOOD_SPEC[2],
                ]
            ),
        ),
        # Silent loss.
        "nul-padded-tail": ("controller.log", CONTROLLER.encode() * 3 + b"\x00" * 70000),
    }
    for name, (file_name, content) in files.items():

        def build(
            root: Path, file_name: str = file_name, content: str | bytes = content, name: str = name
        ) -> None:
            path = root / "logs" / file_name
            path.parent.mkdir(parents=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
            if file_name == "ginkgo.log" or (
                file_name.endswith((".xml", ".json"))
                and not name.startswith("deep")
                and "controller" not in file_name
            ):
                (root / "logs" / "controller.log").write_text(CONTROLLER)

        CASES[name] = build


@case("zip-encrypted-member")
def _zip_encrypted(root: Path) -> None:
    (root / "logs").mkdir()
    (root / "logs" / "run.zip").write_bytes(_stored_zip("controller.log", CONTROLLER.encode(), 1))


@case("zip-deflate64-member")
def _zip_deflate64(root: Path) -> None:
    (root / "logs").mkdir()
    data = _zip_member_method(_stored_zip("controller.log", CONTROLLER.encode()), 9)
    (root / "logs" / "run.zip").write_bytes(data)


@case("tar-special-members")
def _tar_specials(root: Path) -> None:
    (root / "logs").mkdir()
    (root / "logs" / "run.tar.gz").write_bytes(_tar_with_specials())


def _tar(files: dict[str, bytes], compress: bool = True) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1768072800
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(buf.getvalue(), mtime=0) if compress else buf.getvalue()


@case("archive-member-control-name")
def _member_control_name(root: Path) -> None:
    (root / "logs").mkdir()
    evil = "\x1b]0;owned\x07\x1b[2J\nnext\u2028line\x9b31m.log"
    (root / "logs" / "run.tar.gz").write_bytes(_tar({evil: CONTROLLER.encode()}))


@case("archive-nested-deep")
def _nested_deep(root: Path) -> None:
    (root / "logs").mkdir()
    data = _tar({"controller.log": CONTROLLER.encode()})
    for level in range(12):
        data = _tar({f"level{level}.tar.gz": data})
    (root / "logs" / "artifact.tar.gz").write_bytes(data)


@case("zst-truncated")
def _zst_truncated(root: Path) -> None:
    (root / "logs").mkdir()
    lines = "".join(
        zap("2026-01-10T19:18:14Z", f"e2e-{i * 7919 % 100003}") + "\n" for i in range(6000)
    )
    data = _zst(lines.encode())
    (root / "logs" / "controller.log.zst").write_bytes(data[: len(data) // 2])


@case("gz-truncated")
def _gz_truncated(root: Path) -> None:
    (root / "logs").mkdir()
    data = gzip.compress((CONTROLLER * 2000).encode(), mtime=0)
    (root / "logs" / "controller.log.gz").write_bytes(data[: len(data) // 2])


@case("dir-dangling-symlink")
def _dangling(root: Path) -> None:
    (root / "logs").mkdir()
    (root / "logs" / "controller.log").write_text(CONTROLLER)
    (root / "logs" / "gone.log").symlink_to("no-such-target.log")


@case("year-long-gap")
def _year_gap(root: Path) -> None:
    (root / "logs").mkdir()
    (root / "logs" / "controller.log").write_text(
        zap("2025-01-10T19:18:14Z", "e2e-multi-channel-fanout", "20250110-191814.485730") + "\n"
    )
    (root / "logs" / "ginkgo.log").write_text(
        console(
            [
                "STEP: Creating NotificationRequest e2e-multi-channel-fanout @ 01/10/26 14:18:13.2",
                "STEP: Verifying file channel created audit file @ 01/10/26 14:18:14.605",
                "Found notification-e2e-multi-channel-fanout-20250110-191814.485730.json @ 01/10/26 14:18:15.0",
            ],
            header="• [5.118 seconds]",
        )
        .replace("[It] ", "")
        .replace("FAIL! -- 0 Passed | 1 Failed", "SUCCESS! -- 1 Passed | 0 Failed")
    )


def pack_cases() -> None:
    redos_spec = f"""
[[spec]]
match = '''{REDOS}'''
keys = ['{REDOS}']
wait_step = '''{REDOS}'''
"""
    packs: dict[str, str] = {
        "pack-deep-toml": PACK_HEAD + "x = " + "[" * 20_000 + "]" * 20_000 + "\n",
        "pack-event-not-table": PACK_HEAD + "event = [1]\n",
        "pack-spec-not-table": PACK_HEAD + 'spec = ["x"]\n',
        "pack-spec-scalar": PACK_HEAD + "spec = 3\n",
        "pack-backreference-file-name": PACK_HEAD + EVENT + "file_name = '''(?P<key>a)\\1'''\n",
        "pack-bad-time-from-zone": PACK_HEAD
        + EVENT
        + 'time_from = { capture = "stamp", format = "%Y%m%d-%H%M%S.%f", tz = "Mars/Olympus" }\n',
        "pack-time-from-wrong-types": PACK_HEAD
        + EVENT
        + 'time_from = { capture = 1, format = ["x"], tz = 5 }\n',
        "pack-poll-inf": PACK_HEAD + "[[spec]]\nmatch = 'x'\nkeys = ['y']\npoll_interval = inf\n",
        "pack-poll-nan": PACK_HEAD + "[[spec]]\nmatch = 'x'\nkeys = ['y']\npoll_interval = nan\n",
        "pack-wrong-types": PACK_HEAD + 'wait_steps = [1, 2]\ndescription = ["x"]\n'
        '[[signature]]\nid = 1\ncontains = "x"\n',
        "pack-name-markup": 'name = "[/]\\u001b]0;t\\u0007"\n',
        "pack-sample-wrong": PACK_HEAD + EVENT + "[[event.sample]]\nline = 5\nexpect = 'x'\n",
        "pack-redos-spec": PACK_HEAD + redos_spec + f"[[spec.sample]]\nname = '{REDOS_LINE}'\n"
        f"key = '{REDOS_LINE}'\n",
        "pack-redos-signature": PACK_HEAD + f"[[signature]]\nid = 's'\ncontains = 'a'\n"
        f"regex = '''{REDOS}'''\n[[signature.sample]]\nline = '{REDOS_LINE}'\n",
        "pack-redos-event": PACK_HEAD
        + f"""
[[event]]
id = "w"
kind = "write"
contains = "a"
regex = '''(?P<path>(?P<key>(a|aa)+))$'''
file_name = '''(?P<key>(a|aa)+)$'''
[[event.sample]]
line = '{REDOS_LINE}'
expect = false
""",
        "pack-redos-observation": PACK_HEAD
        + f"""
[[event]]
id = "o"
kind = "observation"
role = "test"
contains = "a"
regex = '''(?P<key>(a|aa)+)$'''
[[event.sample]]
line = '{REDOS_LINE}'
expect = false
""",
        "pack-not-utf8": "name = 'x'\n# \udcff\n",
    }
    for name, text in packs.items():

        def build(root: Path, text: str = text, name: str = name) -> None:
            (root / "packs").mkdir(parents=True)
            data = text.encode("utf-8", "surrogateescape")
            (root / "packs" / "hostile.toml").write_bytes(data)
            (root / "logs").mkdir()
            (root / "logs" / "controller.log").write_text(
                CONTROLLER + REDOS_LINE + "\n" + zap("2026-01-10T19:18:15Z", REDOS_LINE) + "\n"
            )
            (root / "logs" / "ginkgo.log").write_text(
                console(
                    [
                        f"STEP: {REDOS_LINE} @ 01/10/26 14:18:13.2",
                        f"{REDOS_LINE}",
                        *GOOD_SPEC,
                    ]
                ).replace("Multi-Channel Fanout", REDOS_LINE)
            )

        CASES[name] = build


def main() -> None:
    text_cases()
    pack_cases()
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    for name, build in sorted(CASES.items()):
        root = CORPUS / name
        root.mkdir(parents=True)
        build(root)
    print(f"{len(CASES)} cases in {CORPUS}")


if __name__ == "__main__":
    main()
