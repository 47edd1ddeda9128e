"""Logs as people paste them: indented, prefixed, wrapped, elided; zap variants; wrapped runs.

Every case is read through ``analyze`` or ``ingest`` (detection, reading and accounting
together) and checked against what the same log gives when it is clean.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from loganalyzer import analyze
from loganalyzer.extract.ingest import ingest
from loganalyzer.extract.packs import load_packs
from loganalyzer.formats.detect import detect, normalise_test
from loganalyzer.formats.paste import normalise

pytestmark = pytest.mark.usefixtures("polars_scan")  # held to the per-line reader

PACKS = load_packs()
CTX = (
    '{"controller": "notificationrequest", "controllerGroup": "kubernaut.ai", '
    '"controllerKind": "NotificationRequest", "NotificationRequest": '
    '{"name":"e2e-audit-7","namespace":"kubernaut-e2e"}, "namespace": "kubernaut-e2e", '
    '"name": "e2e-audit-7", "reconcileID": "9b8e0c0e-0f6c-4a6e-b8f8-1f0c1f3de2a1"'
)
INTENT = (
    "2026-01-10T19:18:14Z\tINFO\tDelivering notification to file\t" + CTX + ", "
    '"notification": "e2e-audit-7", "namespace": "kubernaut-e2e", "filename": '
    '"notification-e2e-audit-7-20260110-191814.485730.json", "outputDir": "/tmp/notifications", '
    '"format": "json"}'
)
DELIVERED = (
    "2026-01-10T19:18:14Z\tINFO\tNotification delivered successfully to file\t" + CTX + ", "
    '"notification": "e2e-audit-7", "namespace": "kubernaut-e2e", "filePath": '
    '"/tmp/notifications/notification-e2e-audit-7-20260110-191814.485730.json", '
    '"filesize": 1965, "format": "json"}'
)
WORKERS = (
    "2026-01-10T19:17:02Z\tINFO\tStarting workers\t"
    '{"controller": "notificationrequest", "controllerGroup": "kubernaut.ai", '
    '"controllerKind": "NotificationRequest", "worker count": 1}'
)
SUCCESS = (
    "2026-01-10T19:18:14Z\tINFO\tdelivery-orchestrator\tDelivery successful\t"
    '{"notification": "e2e-audit-7", "namespace": "kubernaut-e2e", "channel": "file"}'
)
ERROR = (
    "2026-01-10T19:18:15Z\tERROR\tdelivery-orchestrator\tDelivery failed with retryable error\t"
    '{"notification": "e2e-audit-8", "namespace": "kubernaut-e2e", "error": '
    '"failed to write temporary file: open /tmp/notifications/.tmp-e2e-audit-8: '
    'no space left on device"}'
)
STACK = [
    "github.com/jordigilh/kubernaut/pkg/notification/delivery.(*Orchestrator).DeliverToChannels",
    "\t/workspace/pkg/notification/delivery/orchestrator.go:212",
    "sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler",
    "\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.19.0/pkg/internal/controller/"
    "controller.go:316",
]
CLEAN = [WORKERS, INTENT, DELIVERED, SUCCESS, ERROR, *STACK]


def write(tmp_path: Path, lines: list[str], name: str = "manager.log") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read(path: Path, **kw: Any) -> dict[str, Any]:
    return analyze([str(path)], **kw).to_dict()


def events(path: Path) -> list[tuple[Any, ...]]:
    got = ingest([str(path)], PACKS, "UTC", None)
    return sorted(
        (r["kind"], r["key"], r["basename"], str(r["at"]), r["error"])
        for r in got.all_events.iter_rows(named=True)
    )


def row(path: Path) -> Any:
    return ingest([str(path)], PACKS, "UTC", None).inputs[0]


@pytest.fixture
def clean(tmp_path: Path) -> list[tuple[Any, ...]]:
    got = events(write(tmp_path, CLEAN, "clean.log"))
    assert [e[0] for e in got] == ["error", "intent", "write"]
    return got


# 1. Indentation ---------------------------------------------------------------------------


@pytest.mark.parametrize("indent", ["  ", "    ", "        ", "\t"])
def test_an_indented_code_block_reads_like_the_clean_log(
    tmp_path: Path, clean: list[tuple[Any, ...]], indent: str
) -> None:
    path = write(tmp_path, [indent + line for line in CLEAN])
    assert detect(path.read_bytes(), truncated=False).format == "zap-console"
    assert events(path) == clean
    got = row(path)
    assert (got.lines, got.used, got.skipped) == (len(CLEAN), len(CLEAN), 0)
    assert "indent of" in got.note


def test_indent_is_stripped_per_block_and_prose_around_it_is_left(
    tmp_path: Path, clean: list[tuple[Any, ...]]
) -> None:
    lines = [
        "The controller logged this right before the spec timed out:",
        "",
        *("    " + line for line in CLEAN[:3]),
        "",
        "and later, after the retry:",
        "",
        *("  " + line for line in CLEAN[3:]),
    ]
    path = write(tmp_path, lines)
    assert events(path) == clean
    got = row(path)
    assert got.skip_reasons == {"blank": 3, "unrecognised": 2}
    assert got.used == len(CLEAN)


def test_ginkgo_timeline_keeps_its_own_indent_inside_a_pasted_block() -> None:
    spec = [
        "------------------------------",
        "• [FAILED] [6.112 seconds]",
        "Audit E2E [It] writes the audit file",
        "/src/test/e2e/audit_test.go:41",
        "",
        "  Timeline >>",
        "  STEP: Creating NotificationRequest e2e-audit-7 @ 01/10/26 14:18:13.2",
        "  STEP: Waiting for the audit file @ 01/10/26 14:18:13.31",
        "  [FAILED] in [It] - /src/test/e2e/audit_test.go:77 @ 01/10/26 14:18:19.612",
        "  << Timeline",
    ]
    pasted = normalise_test(["    " + line if line else "" for line in spec])
    assert pasted.lines == spec


def test_ginkgo_indent_inside_a_clean_log_is_left_alone() -> None:
    spec = ["• [0.512 seconds]", "Audit E2E reads it", "/src/a_test.go:9", "", "  Timeline >>"]
    assert not normalise_test(spec).changed


def test_an_indented_ginkgo_paste_is_detected_and_parsed(tmp_path: Path) -> None:
    lines = (ROOT / "samples/focused-run/logs/ginkgo.log").read_text(encoding="utf-8").splitlines()
    indented = ["  ```", *("  " + ln if ln else "" for ln in lines), "  ```"]
    path = write(tmp_path, indented, "ginkgo.log")
    det = detect(path.read_bytes(), truncated=False)
    assert (det.format, det.paste) == ("ginkgo-text", True)
    report = read(path)
    assert report["summary"]["specs"]["passed"] == 3
    assert report["inputs"][0]["skip_reasons"] == {"markdown fence": 2}


# 2. Prefixes added by the fetching tool -------------------------------------------------

PREFIXED = {
    "kubectl logs --prefix": "[pod/notification-controller-7b9c6d5f4-mx2lp/manager] ",
    "stern": "notification-controller-7b9c6d5f4-mx2lp manager ",
    "stern (colour)": (
        "\x1b[32mnotification-controller-7b9c6d5f4-mx2lp\x1b[0m \x1b[32mmanager\x1b[0m "
    ),
    "container name": "manager ",
    "container name with a bar": "manager | ",
    "docker compose": "controller-1  | ",
    "k9s": "manager │ ",
}


@pytest.mark.parametrize("tool", sorted(PREFIXED))
def test_a_constant_prefix_is_stripped_and_said(
    tmp_path: Path, clean: list[tuple[Any, ...]], tool: str
) -> None:
    prefix = PREFIXED[tool]
    path = write(tmp_path, [prefix + line for line in CLEAN])
    det = detect(path.read_bytes(), truncated=False)
    assert (det.format, det.paste) == ("zap-console", True)
    assert events(path) == clean
    got = row(path)
    assert (got.used, got.skipped) == (len(CLEAN), 0)
    assert "prefix `" in got.note and "stripped" in got.note


def test_stern_across_pods_strips_each_pods_prefix(
    tmp_path: Path, clean: list[tuple[Any, ...]]
) -> None:
    pods = ["ctl-7b9c6d5f4-mx2lp manager ", "ctl-7b9c6d5f4-q8z2k manager "]
    path = write(tmp_path, [pods[i % 2] + line for i, line in enumerate(CLEAN)])
    assert events(path) == clean


def test_kubectl_prefix_inside_a_markdown_block(
    tmp_path: Path, clean: list[tuple[Any, ...]]
) -> None:
    prefix = PREFIXED["kubectl logs --prefix"]
    path = write(tmp_path, ["```", *("    " + prefix + line for line in CLEAN), "```"])
    assert events(path) == clean
    got = row(path)
    assert got.skip_reasons == {"markdown fence": 2}


def test_a_word_before_prose_is_not_a_prefix() -> None:
    lines = ["manager started the reconcile loop", "manager is waiting on leader election"]
    assert normalise(lines, lambda line: line[:4].isdigit()).prefix is None


# 3. Wrapped and pretty-printed records -------------------------------------------------


def pretty(line: str, indent: int = 2) -> list[str]:
    head, _, context = line.partition("\t{")
    body = json.dumps(json.loads("{" + context), indent=indent).splitlines()
    return [head + "\t" + body[0], *body[1:]]


def test_a_pretty_printed_json_context_is_joined(tmp_path: Path) -> None:
    lines = [WORKERS, *pretty(DELIVERED), SUCCESS]
    path = write(tmp_path, lines)
    got = events(path)
    assert [(e[0], e[1]) for e in got] == [("write", "e2e-audit-7")]
    info = row(path)
    assert info.used == len(lines) and info.skipped == 0
    assert f"{len(lines) - 3} wrapped lines joined" in info.note


def test_a_line_break_after_the_message_is_joined(tmp_path: Path) -> None:
    head, _, context = DELIVERED.partition("\t{")
    path = write(tmp_path, [WORKERS, head, "{" + context, SUCCESS])
    assert [(e[0], e[1]) for e in events(path)] == [("write", "e2e-audit-7")]
    assert row(path).used == 4


@pytest.mark.parametrize("width", [80, 100, 120])
def test_a_console_hard_wrapped_at_a_fixed_width_is_joined(
    tmp_path: Path, clean: list[tuple[Any, ...]], width: int
) -> None:
    rows = [ln[i : i + width] for ln in CLEAN for i in range(0, max(len(ln), 1), width)]
    path = write(tmp_path, rows)
    assert events(path) == clean
    got = row(path)
    assert (got.lines, got.used, got.skipped) == (len(rows), len(rows), 0)


def test_pieces_that_do_not_make_a_record_are_not_joined(tmp_path: Path) -> None:
    head, _, context = DELIVERED.partition("\t{")
    broken = "{" + context[: len(context) // 2]  # half a context: never valid JSON
    path = write(tmp_path, [WORKERS, head, broken, "this line was typed by a person", SUCCESS])
    assert events(path) == []
    assert row(path).skip_reasons == {"unrecognised": 2}


def test_a_pretty_printed_zap_json_record_is_joined(tmp_path: Path) -> None:
    record = {
        "level": "info",
        "ts": "2026-01-10T19:18:14.486Z",
        "logger": "controllers.NotificationRequest",
        "msg": "Notification delivered successfully to file",
        "notification": "e2e-audit-7",
        "filePath": "/tmp/notifications/notification-e2e-audit-7-20260110-191814.485730.json",
    }
    other = json.dumps({"level": "info", "ts": "2026-01-10T19:18:14Z", "msg": "Reconciling"})
    lines = [other, *json.dumps(record, indent=2).splitlines(), other]
    path = write(tmp_path, lines)
    assert detect(path.read_bytes(), truncated=False).format == "zap-json"
    assert [(e[0], e[1]) for e in events(path)] == [("write", "e2e-audit-7")]
    assert row(path).used == len(lines)


# 4. zap V-levels ------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["LEVEL(-2)", "Level(-4)", "DEBUG(-1)", "debug", "info"])
def test_zap_console_v_levels_are_records(tmp_path: Path, level: str) -> None:
    lines = [
        WORKERS,
        f"2026-01-10T19:18:13Z\t{level}\tcontroller-runtime.cache\tSyncing informer\t"
        '{"kind": "NotificationRequest"}',
        DELIVERED.replace("\tINFO\t", f"\t{level}\t"),
    ]
    path = write(tmp_path, lines)
    got = row(path)
    assert (got.format, got.used, got.skipped) == ("zap-console", 3, 0)
    assert [(e[0], e[1]) for e in events(path)] == [("write", "e2e-audit-7")]


def test_zap_json_v_levels_are_records(tmp_path: Path) -> None:
    lines = [
        json.dumps({"level": "Level(-2)", "ts": "2026-01-10T19:18:13Z", "msg": "Syncing"}),
        json.dumps(
            {
                "level": "Level(-4)",
                "ts": 1768072694.4857,
                "msg": "Notification delivered successfully to file",
                "filePath": "/tmp/notifications/notification-e2e-v-20260110-191814.485730.json",
            }
        ),
    ]
    path = write(tmp_path, lines)
    assert (row(path).format, row(path).used) == ("zap-json", 2)
    assert [(e[0], e[1]) for e in events(path)] == [("write", "e2e-v")]


# 5. zap JSON with other key names -------------------------------------------------------


@pytest.mark.parametrize(
    ("time_key", "level_key", "msg_key"),
    [
        ("time", "level", "msg"),
        ("timestamp", "severity", "message"),
        ("@timestamp", "lvl", "message"),
        ("ts", "severity", "msg"),
    ],
)
def test_zap_json_key_names_from_the_encoder_config(
    tmp_path: Path, time_key: str, level_key: str, msg_key: str
) -> None:
    def rec(msg: str, **extra: Any) -> str:
        body = {level_key: "INFO", time_key: "2026-01-10T19:18:14.486Z", msg_key: msg}
        return json.dumps({**body, **extra})

    lines = [
        rec("Starting workers", controller="notificationrequest"),
        rec("Delivering notification to file", notification="e2e-k", namespace="default"),
    ]
    path = write(tmp_path, lines)
    assert detect(path.read_bytes(), truncated=False).format == "zap-json"
    (event,) = events(path)
    assert event[:2] == ("intent", "e2e-k") and event[3] == "2026-01-10 19:18:14.486000+00:00"


# 6. Elisions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mark", ["...", "[…]", "[...]", "<snip>", "…", "(...)", "... 240 lines omitted ...", "[snip]"]
)
def test_elisions_are_skipped_with_their_reason(
    tmp_path: Path, clean: list[tuple[Any, ...]], mark: str
) -> None:
    lines = [WORKERS, mark, INTENT, DELIVERED, mark, SUCCESS, ERROR, mark, *STACK]
    path = write(tmp_path, lines)
    assert events(path) == clean
    got = row(path)
    assert got.skip_reasons == {"elision": 3}
    assert got.used == len(CLEAN)


def test_an_elision_between_ginkgo_specs_loses_no_spec(tmp_path: Path) -> None:
    def spec(n: int, secs: str) -> list[str]:
        return [
            "------------------------------",
            f"• [{secs} seconds]",
            f"Audit E2E writes audit file {n}",
            f"/src/test/e2e/audit_test.go:{40 + n}",
            "",
            "  Timeline >>",
            f"  STEP: Waiting for audit file {n} @ 01/10/26 14:18:1{n}.2",
            "  << Timeline",
        ]

    lines = [
        "Running Suite: Audit E2E Suite - /src/test/e2e",
        "Will run 3 of 3 specs",
        *spec(1, "1.204"),
        "  ...",
        *spec(2, "0.982"),
        "[…]",
        *spec(3, "2.310"),
        "------------------------------",
        "Ran 3 of 3 Specs in 4.496 seconds",
        "SUCCESS! -- 3 Passed | 0 Failed | 0 Pending | 0 Skipped",
    ]
    report = read(write(tmp_path, lines, "ginkgo.log"), test_tz="UTC")
    assert report["summary"]["specs"]["total"] == 3
    assert report["inputs"][0]["skip_reasons"] == {"elision": 2}


# 7. klog inside a wrapper takes the wrapper's year --------------------------------------

KLOG = (
    'I0110 19:18:14.485911       1 file.go:141] "Notification delivered successfully to file" '
    'notification="e2e-k" filePath="/tmp/notifications/notification-e2e-k-20200110-191814.'
    '485730.json"'
)
KLOG_INTENT = (
    'I0110 19:18:14.400000       1 file.go:120] "Delivering notification to file" '
    'notification="e2e-k" namespace="default"'
)


def test_klog_in_cri_takes_its_year_from_the_runtime_stamp(tmp_path: Path) -> None:
    lines = [
        f"2020-01-10T19:18:14.{400100 + i}123Z stderr F {ln}"
        for i, ln in enumerate([KLOG_INTENT, KLOG])
    ]
    path = write(tmp_path, lines)
    os.utime(path, (1_768_000_000, 1_768_000_000))  # the file's own date says 2026
    got = ingest([str(path)], PACKS, "UTC", None)
    ats = sorted(str(a) for a in got.all_events.get_column("at").to_list())
    assert ats == ["2020-01-10 19:18:14.400000+00:00", "2020-01-10 19:18:14.485730+00:00"]
    assert got.inputs[0].first_at == "2020-01-10T19:18:14.400000Z"


def test_klog_in_docker_local_time_is_moved_to_utc_with_a_warning(tmp_path: Path) -> None:
    # The process wrote klog in EST (UTC-5); Docker's stamp is UTC.
    lines = [
        json.dumps(
            {
                "log": KLOG_INTENT.replace("19:18:14", "14:18:14") + "\n",
                "stream": "stderr",
                "time": "2021-01-10T19:18:14.400312Z",
            },
            separators=(",", ":"),
        ),
    ]
    path = write(tmp_path, lines)
    got = ingest([str(path)], PACKS, "UTC", None)
    (at,) = got.all_events.get_column("at").to_list()
    assert str(at) == "2021-01-10 19:18:14.400000+00:00"
    assert any("local time" in w for w in got.warnings)


# 8. Ginkgo output inside a container wrapper ---------------------------------------------

GINKGO = [
    "Running Suite: Audit E2E Suite - /src/test/e2e",
    "Will run 2 of 2 specs",
    "------------------------------",
    "• [1.204 seconds]",
    "Audit E2E writes audit file",
    "/src/test/e2e/audit_test.go:41",
    "",
    "  Timeline >>",
    "  STEP: Waiting for audit file @ 01/10/26 19:18:12.2",
    "  << Timeline",
    "------------------------------",
    "• [FAILED] [5.301 seconds]",
    "Audit E2E [It] rotates audit file",
    "/src/test/e2e/audit_test.go:60",
    "",
    "  Timeline >>",
    "  STEP: Waiting for rotation @ 01/10/26 19:18:13.4",
    "  [FAILED] in [It] - /src/test/e2e/audit_test.go:77 @ 01/10/26 19:18:18.7",
    "  << Timeline",
    "------------------------------",
    "Ran 2 of 2 Specs in 6.505 seconds",
    "FAIL! -- 1 Passed | 1 Failed | 0 Pending | 0 Skipped",
]


def test_ginkgo_in_cri_is_detected_and_parsed(tmp_path: Path) -> None:
    def cri(i: int, payload: str, tag: str = "F") -> str:
        return f"2026-01-10T19:18:{10 + i // 10:02d}.{i:06d}Z stdout {tag} {payload}".rstrip(" ")

    lines = [cri(i, ln) for i, ln in enumerate(GINKGO)]
    # A GinkgoWriter dump longer than 16 KiB: the runtime split it into a P and an F line.
    dump = "  " + json.dumps({"items": [{"name": f"e2e-audit-{n}"} for n in range(900)]})
    lines[9:9] = [cri(9, dump[:16384], "P"), cri(9, dump[16384:])]
    path = write(tmp_path, lines, "e2e-runner.log")
    det = detect(path.read_bytes(), truncated=False)
    assert det.label == "cri/ginkgo-text"
    report = read(path, test_tz="UTC")
    specs = report["summary"]["specs"]
    assert (specs["total"], specs["passed"], specs["failed"]) == (2, 1, 1)
    names = sorted(s["name"] for s in report["specs"])
    assert names == ["Audit E2E rotates audit file", "Audit E2E writes audit file"]
    got = report["inputs"][0]
    assert (got["format"], got["lines"], got["skipped"]) == ("cri/ginkgo-text", len(lines), 0)


def test_ginkgo_in_docker_json_file(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"log": ln + "\n", "stream": "stdout", "time": "2026-01-10T19:18:10.1Z"},
            separators=(",", ":"),
        )
        for ln in GINKGO
    ]
    path = write(tmp_path, lines, "runner-json.log")
    assert detect(path.read_bytes(), truncated=False).label == "docker-json/ginkgo-text"
    assert read(path, test_tz="UTC")["summary"]["specs"]["total"] == 2


def test_as_cri_ginkgo_text_is_accepted(tmp_path: Path) -> None:
    lines = [f"2026-01-10T19:18:10.{i:06d}Z stdout F {ln}" for i, ln in enumerate(GINKGO[3:10])]
    path = write(tmp_path, lines, "runner.log")
    report = read(path, test_tz="UTC", force=["*/runner.log=cri/ginkgo-text"])
    assert report["inputs"][0]["format"] == "cri/ginkgo-text"
    assert report["summary"]["specs"]["total"] == 1


# 9. Detection threshold -------------------------------------------------------------------


def test_a_short_paste_with_one_record_in_three_lines_is_detected(tmp_path: Path) -> None:
    lines = [
        "Here is what the controller said when it happened:",
        WORKERS,
        "(then nothing for about a minute)",
        "the file went out at:",
        DELIVERED,
        "and then it reported:",
        "which looks fine to me, but the test never saw the file.",
        SUCCESS,
        "Any idea?",
    ]
    path = write(tmp_path, lines)
    assert detect(path.read_bytes(), truncated=False).format == "zap-console"
    assert [(e[0], e[1]) for e in events(path)] == [("write", "e2e-audit-7")]


def test_records_inside_ginkgo_output_do_not_make_it_a_controller_log() -> None:
    lines = [
        "  STEP: Waiting for audit file @ 01/10/26 14:18:12.2",
        "  2026-01-10T14:18:13.071-0500\tINFO\tnotification-e2e-test-process-7\tCreated e2e-k",
        "  2026-01-10T14:18:13.071-0500\tINFO\tnotification-e2e-test-process-7\tWaiting",
        "  << Timeline",
        "  some GinkgoWriter line",
        "  another GinkgoWriter line",
        "  and another",
        "  and one more",
    ]
    assert detect("\n".join(lines).encode(), truncated=False).format != "zap-console"


def test_prose_alone_is_not_a_log() -> None:
    lines = ["We saw a flake in CI.", "See the attached logs.", "Thanks!"]
    assert detect("\n".join(lines).encode(), truncated=False).format is None


# Clean logs keep the fast path ------------------------------------------------------------


def test_no_clean_sample_is_read_as_a_paste() -> None:
    from loganalyzer.read.sources import iter_sources

    logs = [str(p) for p in sorted((ROOT / "samples").glob("*/logs")) if p.parent.name != "pasted"]
    sources = list(iter_sources(logs))
    assert len(sources) > 10
    for source in sources:
        assert not detect(source.head, truncated=source.truncated).paste, source.name


# 10. The pasted sample gives the clean sample's answers -----------------------------------


def answers(path: Path) -> list[tuple[Any, ...]]:
    report = analyze([str(path)]).to_dict()
    pairs = [
        (
            p["key"],
            p["status"],
            p["spec"],
            p["written_at"],
            p["gap_seconds"],
            p["gap_min_seconds"],
            p["gap_max_seconds"],
        )
        for p in report["pairs"]
    ]
    specs = sorted((s["name"], s["state"], s["verdict"], s["process"]) for s in report["specs"])
    summary = report["summary"]
    counts = (summary["writes"], summary["observed"], summary["unobserved"], summary["specs"])
    return [*pairs, *specs, counts]


def test_the_pasted_sample_gives_the_clean_samples_pairs() -> None:
    clean = answers(ROOT / "samples/focused-run/logs")
    assert len(clean) == 6 + 3 + 1
    assert answers(ROOT / "samples/pasted/logs") == clean


def test_the_pasted_sample_is_what_its_script_writes(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_paste", ROOT / "samples/pasted/make_paste.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    clean = ROOT / "samples/focused-run/logs"
    for name, transform in (("controller.log", module.controller), ("ginkgo.log", module.ginkgo)):
        made = transform((clean / name).read_text(encoding="utf-8"))
        assert made == (ROOT / "samples/pasted/logs" / name).read_text(encoding="utf-8")


# A big prefixed file: the prefix is stripped by the scan, not line by line ---------------


@pytest.mark.parametrize("tool", ["kubectl logs --prefix", "stern (colour)", "docker compose"])
def test_a_big_prefixed_file_is_stripped_in_the_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean: list[tuple[Any, ...]], tool: str
) -> None:
    from loganalyzer.extract import pasted
    from loganalyzer.extract.scan import extract, extract_per_line
    from loganalyzer.formats.detect import LINE_FORMATS
    from loganalyzer.read.sources import iter_sources

    monkeypatch.setattr(pasted, "PASTE_LIMIT", 0)
    path = write(tmp_path, ["    " + PREFIXED[tool] + line for line in CLEAN])
    assert events(path) == clean
    got = row(path)
    assert (got.used, got.skipped) == (len(CLEAN), 0)
    assert "only its constant prefix and indent stripped" in got.note
    det = detect(path.read_bytes(), truncated=False)
    assert det.strip is not None
    source = next(iter_sources([str(path)]))
    fast = extract(source, LINE_FORMATS["zap-console"], PATTERNS, strip=det.strip)
    slow = extract_per_line(source, LINE_FORMATS["zap-console"], PATTERNS, strip=det.strip)
    assert fast.events.drop("text").equals(slow.events.drop("text"))
    assert (fast.lines, fast.used, fast.skip_reasons) == (slow.lines, slow.used, slow.skip_reasons)
    assert fast.first_at is not None and str(fast.first_at).startswith("2026-01-10 19:17:02")


PATTERNS = [e for p in PACKS for e in p.events if e.role == "controller"]


@pytest.mark.parametrize(
    "prefix", ["[pod/e2e-runner-x7k2p/ginkgo] ", "e2e-runner-x7k2p ginkgo ", "runner-1  | "]
)
def test_prefixed_ginkgo_output_is_read(tmp_path: Path, prefix: str) -> None:
    path = write(tmp_path, [prefix + line for line in GINKGO], "runner.log")
    det = detect(path.read_bytes(), truncated=False)
    assert (det.format, det.paste) == ("ginkgo-text", True)
    report = read(path, test_tz="UTC")
    specs = report["summary"]["specs"]
    assert (specs["total"], specs["passed"], specs["failed"]) == (2, 1, 1)
    assert "prefix `" in report["inputs"][0]["note"]


def test_tab_indented_ginkgo_output_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, ["\t" + line if line else "" for line in GINKGO], "ginkgo.log")
    report = read(path, test_tz="UTC")
    assert report["summary"]["specs"]["total"] == 2
    assert report["inputs"][0]["skipped"] == 0


# More fetching tools and wraps --------------------------------------------------------------


def test_kubectl_timestamps_prefix_is_stripped(
    tmp_path: Path, clean: list[tuple[Any, ...]]
) -> None:
    lines = [f"2026-01-10T19:18:{i:02d}.{123456789 + i}Z {ln}" for i, ln in enumerate(CLEAN)]
    path = write(tmp_path, lines)
    assert events(path) == clean
    got = row(path)
    assert (got.used, got.skipped) == (len(CLEAN), 0)
    assert "kubectl logs --timestamps" in got.note and "prefix `2026-01-10T19:18:00" in got.note


def test_kubectl_prefix_and_timestamps_together(
    tmp_path: Path, clean: list[tuple[Any, ...]]
) -> None:
    prefix = PREFIXED["kubectl logs --prefix"]
    lines = [f"{prefix}2026-01-10T19:18:{i:02d}.{100000 + i}Z {ln}" for i, ln in enumerate(CLEAN)]
    path = write(tmp_path, lines)
    assert events(path) == clean
    note = row(path).note
    assert "kubectl logs --prefix and timestamps (kubectl logs --timestamps" in note


def test_a_hard_wrapped_step_line_gets_its_stamp_back(tmp_path: Path) -> None:
    width = 45
    rows: list[str] = []
    for line in GINKGO:
        rows += [line[i : i + width] for i in range(0, max(len(line), 1), width)] or [""]
    assert any(r.startswith("  STEP: ") and r not in GINKGO for r in rows)  # a STEP was cut
    pasted = normalise_test(rows)
    joined = [ln for ln in pasted.lines if ln]
    assert [ln for ln in joined if "STEP:" in ln] == [ln for ln in GINKGO if "STEP:" in ln]
    report = read(write(tmp_path, rows, "ginkgo.log"), test_tz="UTC")
    failed = next(s for s in report["specs"] if s["state"] == "failed")
    assert failed["name"] == "Audit E2E rotates audit file"


def test_a_writer_line_before_a_step_is_not_joined_to_it() -> None:
    lines = [
        "------------------------------",
        "• [1.204 seconds]",
        "Audit E2E writes audit file",
        "/src/test/e2e/audit_test.go:41",
        "  Timeline >>",
        "  STEP: Creating the request @ 01/10/26 19:18:12.2",
        "  created notificationrequest e2e-audit-7 in kubernaut-e2e",
        "  STEP: Waiting for audit file @ 01/10/26 19:18:12.3",
        "  created notificationrequest e2e-audit-8 in kubernaut-e2e",
        "  << Timeline",
    ]
    assert normalise_test(lines).lines == lines


def test_two_records_in_a_note_of_prose_are_read(tmp_path: Path) -> None:
    lines = [
        "Incident 2026-01-10, notification controller.",
        "",
        "The write happened here:",
        DELIVERED,
        "and the orchestrator confirmed it:",
        SUCCESS,
        "The e2e test timed out 3 s later without seeing the file, see the Ginkgo output",
        "attached to the CI run. We think the watcher on the hostPath volume is slow to",
        "see new files under load. Next step: poll instead of watching.",
        "Owner: notifications team.",
    ]
    path = write(tmp_path, lines)
    assert detect(path.read_bytes(), truncated=False).format == "zap-console"
    assert [(e[0], e[1]) for e in events(path)] == [("write", "e2e-audit-7")]


def test_go_test_output_is_not_a_controller_log() -> None:
    lines = [
        "=== RUN   TestReconcile",
        "2026-01-10T19:18:14Z\tINFO\tReconciling\t" + '{"name": "a"}',
        "2026-01-10T19:18:15Z\tINFO\tReconciled\t" + '{"name": "a"}',
        "--- PASS: TestReconcile (1.02s)",
        "PASS",
        "ok  \tgithub.com/x/y/controllers\t1.234s",
        "coverage: 71.2% of statements",
        "some other line",
        "and another",
        "and one more",
    ]
    assert detect("\n".join(lines).encode(), truncated=False).format != "zap-console"


@pytest.mark.parametrize(
    "mark", ["[... 40 lines ...]", "-- snip --", "8< --- cut here ---", "(output truncated)", "⋮"]
)
def test_more_ways_to_mark_a_cut(tmp_path: Path, clean: list[tuple[Any, ...]], mark: str) -> None:
    path = write(tmp_path, [WORKERS, INTENT, mark, DELIVERED, SUCCESS, ERROR, *STACK])
    assert events(path) == clean
    assert row(path).skip_reasons == {"elision": 1}


def test_go_elided_frames_stay_part_of_the_stack_trace(tmp_path: Path) -> None:
    lines = [ERROR, *STACK, "...additional frames elided..."]
    got = row(write(tmp_path, lines))
    assert (got.used, got.skipped) == (len(lines), 0)


def test_a_markdown_quote_is_a_prefix(tmp_path: Path, clean: list[tuple[Any, ...]]) -> None:
    path = write(tmp_path, ["> " + line for line in CLEAN])
    assert events(path) == clean
    assert "Markdown quote" in row(path).note


def test_zap_json_with_the_development_keys(tmp_path: Path) -> None:
    line = json.dumps(
        {
            "L": "INFO",
            "T": "2026-01-10T19:18:14.486Z",
            "N": "notification-controller",
            "M": "Notification delivered successfully to file",
            "filePath": "/tmp/notifications/notification-e2e-dev-20260110-191814.485730.json",
        }
    )
    path = write(tmp_path, [line, line.replace("e2e-dev", "e2e-dev-2")])
    assert [(e[0], e[1]) for e in events(path)] == [("write", "e2e-dev"), ("write", "e2e-dev-2")]


def test_a_forced_format_still_reads_a_paste(tmp_path: Path, clean: list[tuple[Any, ...]]) -> None:
    path = write(tmp_path, ["    " + PREFIXED["container name with a bar"] + ln for ln in CLEAN])
    got = ingest([str(path)], PACKS, "UTC", None, force=["*/manager.log=zap-console"])
    assert got.inputs[0].used == len(CLEAN)
    assert len(got.all_events) == len(clean)


def test_tilt_resource_and_container_prefixes(tmp_path: Path) -> None:
    klog = [
        'I0110 19:18:14.400000    3468 file.go:120] controllers/Notification "msg"="Delivering '
        'notification to file" "notification"="e2e-k" "namespace"="default"',
        'I0110 19:18:14.485911    3468 file.go:141] controllers/Notification "msg"="Notification '
        'delivered successfully to file" "filePath"="/tmp/notifications/'
        'notification-e2e-k-20260110-191814.485730.json"',
    ]
    path = write(tmp_path, ["notification-con… │ [manager] " + ln for ln in klog])
    assert detect(path.read_bytes(), truncated=False).format == "klog"
    got = row(path)
    assert (got.used, got.skipped) == (2, 0)
    assert "docker compose / k9s / Tilt and container name in brackets" in got.note


def test_a_hard_wrapped_spec_title_is_joined_to_its_location(tmp_path: Path) -> None:
    title = (
        "Audit E2E (BR-AUD-101) Scenario 4: rotation under load [It] should rotate the audit "
        "file when it reaches its size limit without losing records"
    )
    lines = [*GINKGO[:12], title, *GINKGO[13:]]
    width = 50
    rows: list[str] = []
    for line in lines:
        rows += [line[i : i + width] for i in range(0, max(len(line), 1), width)] or [""]
    report = read(write(tmp_path, rows, "ginkgo.log"), test_tz="UTC")
    names = sorted(s["name"] for s in report["specs"])
    expected = title.replace(" [It]", "")
    assert names == sorted([expected, "Audit E2E writes audit file"])
    failed = next(s for s in report["specs"] if s["state"] == "failed")
    assert failed["name"] == expected
    steps = [ln for ln in normalise_test(rows).lines if "STEP:" in ln]
    assert steps == [ln for ln in GINKGO if "STEP:" in ln]  # a cut inside the stamp too


def test_an_indented_paste_of_ginkgo_in_cri(tmp_path: Path) -> None:
    lines = [f"2026-01-10T19:18:10.{i:06d}Z stdout F {ln}".rstrip() for i, ln in enumerate(GINKGO)]
    path = write(tmp_path, ["```", *("    " + ln for ln in lines), "```"], "runner.log")
    det = detect(path.read_bytes(), truncated=False)
    assert (det.label, det.paste) == ("cri/ginkgo-text", True)
    report = read(path, test_tz="UTC")
    assert report["summary"]["specs"]["total"] == 2
    assert report["inputs"][0]["skip_reasons"] == {"markdown fence": 2}


# Whatever the paste, every line is accounted for and no event is invented -----------------


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(range(len(CLEAN))), min_size=1, max_size=12),
    st.sampled_from(["", "  ", "    ", "\t"]),
    st.sampled_from(["", *PREFIXED.values()]),
    st.sampled_from([None, 70, 100]),
    st.lists(st.sampled_from(["...", "[…]", "<snip>", "", "some words a person typed"])),
)
def test_any_paste_accounts_for_every_line_and_invents_nothing(
    tmp_path: Path,
    picks: list[int],
    indent: str,
    prefix: str,
    width: int | None,
    extras: list[str],
) -> None:
    lines = [prefix + CLEAN[i] for i in picks]
    if width is not None:
        lines = [ln[k : k + width] for ln in lines for k in range(0, len(ln), width)]
    for n, extra in enumerate(extras):
        lines.insert((n * 7) % (len(lines) + 1), extra)
    lines = [indent + ln if ln else "" for ln in lines]
    path = write(tmp_path, lines, "paste.log")
    got = ingest([str(path)], PACKS, "UTC", None)
    info = got.inputs[0]
    assert info.lines == len(lines)
    assert info.used + info.skipped == info.lines
    clean_events = set(events(write(tmp_path, CLEAN, "clean.log")))
    found = {
        (r["kind"], r["key"], r["basename"], str(r["at"]), r["error"])
        for r in got.all_events.iter_rows(named=True)
    }
    assert found <= clean_events


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(["", "  ", "    ", "\t"]),
    st.sampled_from(["", "[pod/e2e-runner-x7k2p/ginkgo] ", "e2e-runner-x7k2p ginkgo ", "> "]),
    st.sampled_from([None, 45, 60, 100]),
    st.sets(st.sampled_from(range(len(GINKGO) + 1))),
    st.sampled_from(["...", "[…]", "<snip>"]),
)
def test_any_ginkgo_paste_keeps_its_specs(
    tmp_path: Path, indent: str, prefix: str, width: int | None, cuts: set[int], mark: str
) -> None:
    # A wrap narrower than a prefixed delimiter or header cuts Ginkgo's own structure.
    assume(width is None or width >= len(prefix) + 30)
    lines: list[str] = []
    for i, line in enumerate([*GINKGO, ""]):
        if i in cuts and (i == len(GINKGO) or not GINKGO[i - 1].startswith(("•", "Audit"))):
            lines.append(mark)  # never between a header, its title and its location
        if i < len(GINKGO):
            text = prefix + line
            rows = [text[k : k + width] for k in range(0, len(text), width)] if width else [text]
            lines += rows or [""]
    path = write(tmp_path, [indent + ln if ln else "" for ln in lines], "ginkgo.log")
    report = read(path, test_tz="UTC")
    info = report["inputs"][0]
    assert info["used"] + info["skipped"] == info["lines"] == len(lines)
    specs = sorted((s["name"], s["state"]) for s in report["specs"])
    assert specs == [
        ("Audit E2E rotates audit file", "failed"),
        ("Audit E2E writes audit file", "passed"),
    ]


def test_colour_codes_that_lost_their_escape_are_removed(tmp_path: Path) -> None:
    coloured = (ROOT / "samples/focused-run/logs/ginkgo.log").read_text(encoding="utf-8")
    assert "\x1b[38;5;243m" in coloured
    path = tmp_path / "ginkgo.log"
    path.write_text(coloured.replace("\x1b", ""), encoding="utf-8")  # copied from a web page
    det = detect(path.read_bytes(), truncated=False)
    assert (det.format, det.paste) == ("ginkgo-text", True)

    def specs(report: dict[str, Any]) -> list[tuple[Any, ...]]:
        return sorted((s["name"], s["state"], s["process"]) for s in report["specs"])

    report = read(path)
    assert specs(report) == specs(read(ROOT / "samples/focused-run/logs/ginkgo.log"))
    assert report["summary"]["specs"]["passed"] == 3
    assert "lost their escape" in report["inputs"][0]["note"]


def test_a_bracketed_word_that_is_not_a_colour_stays(tmp_path: Path) -> None:
    lines = [WORKERS.replace("Starting workers", f"requeue after [5m0s] #{i}") for i in range(4)]
    assert normalise(lines, lambda line: line[:4].isdigit()).lines == lines


def test_jenkins_timestamps_prefix(tmp_path: Path, clean: list[tuple[Any, ...]]) -> None:
    lines = [f"[2026-01-10T19:18:{i:02d}.{100 + i}Z] {ln}" for i, ln in enumerate(CLEAN)]
    path = write(tmp_path, lines)
    assert events(path) == clean
    assert "Jenkins timestamps" in row(path).note


def test_a_ci_log_with_a_timestamp_on_every_line(tmp_path: Path) -> None:
    lines = [
        "2026-01-10T19:17:59.9871234Z ##[group]Run make test-e2e",
        *(f"2026-01-10T19:18:{i:02d}.{1234567 + i}Z {ln}" for i, ln in enumerate(GINKGO)),
        "2026-01-10T19:18:30.0000000Z ##[endgroup]",
    ]
    path = write(tmp_path, lines, "e2e-job.txt")
    report = read(path, test_tz="UTC")
    specs = report["summary"]["specs"]
    assert (specs["total"], specs["passed"], specs["failed"]) == (2, 1, 1)
    info = report["inputs"][0]
    assert info["skip_reasons"] == {"outside any spec": 2}
    assert "a CI log" in info["note"]


def test_klog_in_an_indented_paste_of_cri_still_takes_the_runtime_year(tmp_path: Path) -> None:
    lines = [
        f"    2020-01-10T19:18:14.{400100 + i}123Z stderr F {ln}"
        for i, ln in enumerate([KLOG_INTENT, KLOG])
    ]
    path = write(tmp_path, lines)
    got = ingest([str(path)], PACKS, "UTC", None)
    ats = sorted(str(a) for a in got.all_events.get_column("at").to_list())
    assert [a[:4] for a in ats] == ["2020", "2020"]
    assert "indent of 4" in got.inputs[0].note


@pytest.mark.parametrize("width", [40, 64])
def test_a_hard_wrapped_zap_json_log_keeps_its_values(tmp_path: Path, width: int) -> None:
    def rec(msg: str, **extra: Any) -> str:
        return json.dumps(
            {"level": "info", "ts": "2026-01-10T19:18:14.486Z", "msg": msg, **extra},
            separators=(",", ":"),
        )

    lines = [
        rec("Starting workers", controller="notificationrequest"),
        rec(
            "Notification delivered successfully to file",
            filePath="/tmp/notifications/notification-e2e-wrap-20260110-191814.485730.json",
        ),
    ]
    rows = [ln[k : k + width] for ln in lines for k in range(0, len(ln), width)]
    path = write(tmp_path, rows)
    got = events(path)
    assert [(e[0], e[1], e[2]) for e in got] == [
        ("write", "e2e-wrap", "notification-e2e-wrap-20260110-191814.485730.json")
    ]
    assert row(path).used == len(rows)


def test_a_context_on_the_next_line_hard_wrapped_keeps_its_values(tmp_path: Path) -> None:
    head, _, context = DELIVERED.partition("\t{")
    context = "{" + context
    rows = [context[k : k + 60] for k in range(0, len(context), 60)]
    path = write(tmp_path, [WORKERS, head, *rows, SUCCESS])
    (event,) = events(path)
    assert event[:3] == (
        "write",
        "e2e-audit-7",
        "notification-e2e-audit-7-20260110-191814.485730.json",
    )


def test_non_breaking_spaces_from_a_web_page(tmp_path: Path, clean: list[tuple[Any, ...]]) -> None:
    lines = ["\xa0\xa0\xa0\xa0" + ln.replace("\t", "\xa0\xa0") for ln in CLEAN]
    path = write(tmp_path, lines)
    assert events(path) == clean
    assert "non-breaking spaces" in row(path).note


def test_evidence_cites_the_pasted_line_where_the_record_starts(tmp_path: Path) -> None:
    prefix = PREFIXED["kubectl logs --prefix"]
    rows = ["Controller log:", "", "```", "    " + prefix + WORKERS, "    ..."]
    start = len(rows) + 1
    rows += ["    " + r for r in pretty(prefix + DELIVERED)]
    rows += ["```"]
    path = write(tmp_path, rows)
    got = ingest([str(path)], PACKS, "UTC", None)
    (line_no,) = got.all_events.get_column("line_no").to_list()
    assert line_no == start
    assert rows[line_no - 1].endswith("Notification delivered successfully to file\t{")
    info = got.inputs[0]
    assert info.lines == len(rows) and info.used + info.skipped == info.lines
