"""Container logs (CRI, Docker json-file), klog, logfmt, node journals, and duplicate copies."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import delivered
from loganalyzer import analyze
from loganalyzer.extract.packs import load_packs
from loganalyzer.extract.scan import extract, extract_per_line
from loganalyzer.formats.containers import CRI, DOCKER
from loganalyzer.formats.detect import LINE_FORMATS, detect
from loganalyzer.read.sources import Source, iter_sources

pytestmark = pytest.mark.usefixtures("polars_scan")  # held to the per-line reader


def source(path: Path) -> Source:
    return next(iter_sources([str(path)]))


PATTERNS = [e for p in load_packs() for e in p.events if e.role == "controller"]
ZAP = LINE_FORMATS["zap-console"]
WORKERS = '2026-01-10T19:18:10Z\tINFO\tStarting workers\t{"worker count": 1}'
STACK = ["github.com/x/y.(*O).DeliverToChannels", "\t/workspace/pkg/x/orchestrator.go:212"]


def cri(
    payload: str, ts: str = "2026-01-10T19:18:14.48573012Z", stream: str = "stderr", tag: str = "F"
) -> str:
    return f"{ts} {stream} {tag} {payload}"


def write(tmp_path: Path, lines: list[str], name: str = "c.log") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cri_file_is_unwrapped_and_read_by_its_payload_format(tmp_path: Path) -> None:
    line = delivered("k-1", "191814.485730")
    lines = [cri(WORKERS), cri(line), *(cri(s) for s in STACK), cri("", stream="stdout")]
    det = detect("\n".join(lines).encode(), truncated=False)
    assert det.label == "cri/zap-console" and det.wrapper is CRI
    got = extract(source(write(tmp_path, lines)), ZAP, PATTERNS, CRI)
    assert got.events.get_column("key").to_list() == ["k-1"]
    assert (got.lines, got.used) == (5, 4)
    assert got.skip_reasons == {"blank": 1}


def test_cri_partial_lines_are_rejoined_across_interleaved_streams(tmp_path: Path) -> None:
    line = delivered("long-1", "191814.485730")
    cut1, cut2 = 40, 120
    lines = [
        cri(WORKERS),
        cri(line[:cut1], tag="P"),
        cri("stdout chatter", stream="stdout"),
        cri(line[cut1:cut2], tag="P"),
        cri(line[cut2:]),
        cri(WORKERS),
        "not a CRI line",
    ]
    path = write(tmp_path, lines)
    fast = extract(source(path), ZAP, PATTERNS, CRI)
    slow = extract_per_line(source(path), ZAP, PATTERNS, CRI)
    assert fast.events.get_column("key").to_list() == ["long-1"]
    assert fast.events.get_column("line_no").to_list() == [2]
    assert fast.joined == 1
    assert fast.quoted_events().equals(slow.quoted_events())
    assert (fast.lines, fast.used, fast.skip_reasons) == (slow.lines, slow.used, slow.skip_reasons)
    assert fast.skip_reasons == {"not a container log line": 1, "unrecognised": 1}
    assert fast.used + fast.skipped == fast.lines


def test_docker_json_file(tmp_path: Path) -> None:
    def docker(text: str) -> str:
        return json.dumps(
            {"log": text + "\n", "stream": "stderr", "time": "2026-01-10T19:18:14.485730123Z"},
            separators=(",", ":"),
        )

    lines = [docker(WORKERS), docker(delivered("d-1", "191814.485730"))]
    det = detect("\n".join(lines).encode(), truncated=False)
    assert det.label == "docker-json/zap-console" and det.wrapper is DOCKER
    got = extract(source(write(tmp_path, lines)), ZAP, PATTERNS, DOCKER)
    assert got.events.get_column("key").to_list() == ["d-1"]
    assert got.used == 2


def test_klog_lines_with_year_from_the_run(tmp_path: Path) -> None:
    lines = [
        'I0110 19:18:14.485911       1 file.go:141] "Notification delivered successfully to '
        'file" notification="e2e-a" namespace="default" filePath="/tmp/notifications/'
        'notification-e2e-a-20260110-191814.485730.json" filesize=1965 format="json"',
        'E0110 19:18:15.100000       1 orchestrator.go:88] "Delivery failed with retryable '
        'error" err=<',
        "\tfailed to write temporary file: disk full",
        " >",
    ]
    det = detect("\n".join(lines).encode(), truncated=False)
    assert det.format == "klog"
    got = extract(source(write(tmp_path, lines)), LINE_FORMATS["klog"], PATTERNS, year=2026)
    assert got.used == 4 and got.skipped == 0
    row = got.events.row(0, named=True)
    assert row["key"] == "e2e-a" and str(row["at"]) == "2026-01-10 19:18:14.485730+00:00"


def test_logfmt_lines(tmp_path: Path) -> None:
    line = (
        'time=2026-01-10T19:18:14.486Z level=INFO msg="Notification delivered successfully '
        'to file" notification=e2e-b namespace=default filePath=/tmp/notifications/'
        "notification-e2e-b-20260110-191814.485730.json filesize=1965"
    )
    assert detect(line.encode(), truncated=False).format == "logfmt"
    got = extract(source(write(tmp_path, [line])), LINE_FORMATS["logfmt"], PATTERNS)
    assert got.events.get_column("key").to_list() == ["e2e-b"]


def test_node_journals_are_skipped_with_reason() -> None:
    line = (
        "Jan 10 19:18:14 notification-e2e-control-plane kubelet[211]: I0110 19:18:14.485730"
        '     211 kubelet.go:2421] "SyncLoop ADD" source="api"'
    )
    det = detect(line.encode(), truncated=False)
    assert det.format is None and "node journal" in det.reason


@pytest.mark.parametrize("copies", [2, 3])
def test_the_same_controller_log_twice_counts_once(tmp_path: Path, copies: int) -> None:
    plain = [
        WORKERS,
        delivered("k-1", "191814.485730"),
        "2026-01-10T19:18:15Z\tERROR\tdelivery-orchestrator\tDelivery failed with retryable "
        'error\t{"notification": "k-2", "namespace": "default", "error": "boom"}',
    ]
    write(tmp_path, plain, "kubectl-logs.txt")
    (tmp_path / "containers").mkdir()
    write(tmp_path / "containers", [cri(x) for x in plain], "controller_ns_manager-1.log")
    if copies == 3:
        (tmp_path / "pods" / "ns_controller_uid" / "manager").mkdir(parents=True)
        write(tmp_path / "pods" / "ns_controller_uid" / "manager", [cri(x) for x in plain], "0.log")
    report = analyze([str(tmp_path)], test_tz="UTC")
    assert report.summary.writes == 1
    dupes = [row.duplicates for row in report.inputs]
    assert sorted(dupes) == [0] + [2] * (copies - 1)


def test_klog_json_lines_are_read_as_json(tmp_path: Path) -> None:
    line = (
        '{"ts":1768072754.4859111,"caller":"delivery/file.go:141","msg":"Notification delivered '
        'successfully to file","v":0,"notification":"e2e-k","namespace":"default","filePath":'
        '"/tmp/notifications/notification-e2e-k-20260110-191914.485730.json","filesize":1965}'
    )
    assert detect(line.encode(), truncated=False).format == "zap-json"
    got = extract(source(write(tmp_path, [line])), LINE_FORMATS["zap-json"], PATTERNS)
    row = got.events.row(0, named=True)
    assert row["key"] == "e2e-k" and str(row["at"]) == "2026-01-10 19:19:14.485730+00:00"


def test_klog_year_comes_from_the_test_logs(tmp_path: Path) -> None:
    from builders import spec_block, stamp, suite
    from loganalyzer.extract.ingest import ingest

    intent = (
        'I0110 19:18:20.400000       1 file.go:120] "Delivering notification to file" '
        'notification="k-1" namespace="default"'
    )
    write(tmp_path, [intent])
    os.utime(tmp_path / "c.log", (0, 0))  # the file's own date says 1970
    block = spec_block(
        "Y leaf", [f"STEP: wait @ {stamp('19:18:20')}", f"STEP: done @ {stamp('19:18:22')}"]
    )
    (tmp_path / "ginkgo.log").write_text(suite([block]))
    got = ingest([str(tmp_path)], load_packs(), "UTC", None)
    (at,) = got.events.get_column("at").to_list()
    assert str(at) == "2026-01-10 19:18:20.400000+00:00"
    assert got.inputs[0].first_at == "2026-01-10T19:18:20.400000Z"


CRI_PIECES = [
    cri(WORKERS),
    cri(delivered("h-1", "191814.485730")),
    cri(delivered("h-2", "191815.000001"), ts="2026-01-10T19:18:15Z", stream="stdout"),
    cri(WORKERS, ts="2026-01-10T20:18:15.5+01:00"),
    cri(delivered("h-3", "191816.000002")[:60], tag="P"),
    cri(delivered("h-3", "191816.000002")[60:]),
    *(cri(s) for s in STACK),
    cri(""),
    "2026-01-10T19:18:14Z stdout F",
    cri("   "),
    cri(WORKERS, stream="stdin"),
    cri(WORKERS, tag="X"),
    cri(WORKERS, ts="2026-01-10 19:18:14Z"),
    "not a CRI line",
    "",
    WORKERS,
    cri("\t" + WORKERS),
    cri(" " + delivered("h-4", "191817.000003")),
    cri(WORKERS.replace("2026", "２０２６")),  # Unicode digits: a record to \d, not to [0-9]
    cri(WORKERS, ts="２０２６-01-10T19:18:14Z"),
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(CRI_PIECES), max_size=40), st.booleans())
def test_cri_fast_path_reads_any_mix_like_the_per_line_reader(
    tmp_path: Path, lines: list[str], crlf: bool
) -> None:
    path = tmp_path / "c.log"
    path.write_text(("\r\n" if crlf else "\n").join(lines) + "\n", encoding="utf-8", newline="")
    fast = extract(source(path), ZAP, PATTERNS, CRI)
    slow = extract_per_line(source(path), ZAP, PATTERNS, CRI)
    assert (fast.lines, fast.used, fast.skip_reasons) == (slow.lines, slow.used, slow.skip_reasons)
    assert fast.quoted_events().equals(slow.quoted_events())
    assert fast.joined == slow.joined
    # Streamed in small blocks, so that block edges fall inside partial records.
    data = path.read_bytes()

    class Small(Source):
        def chunks(self, size: int | None = None) -> Iterator[bytes]:
            return super().chunks(200)

    streamed = extract(Small(str(path), b"", True, stream=io.BytesIO(data)), ZAP, PATTERNS, CRI)
    assert (streamed.lines, streamed.skip_reasons) == (slow.lines, slow.skip_reasons)
    assert streamed.quoted_events().equals(slow.quoted_events())
