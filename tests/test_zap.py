"""zap console and zap JSON: detection, line accounting, event times, fast path = fallback."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from loganalyzer.extract.packs import load_packs
from loganalyzer.extract.scan import extract, extract_per_line
from loganalyzer.formats.controller.zap_console import FORMAT as CONSOLE
from loganalyzer.formats.controller.zap_json import FORMAT as JSON
from loganalyzer.formats.detect import detect
from loganalyzer.read.sources import Source, iter_sources

pytestmark = pytest.mark.usefixtures("polars_scan")  # held to the per-line reader


def source(path: Path) -> Source:
    return next(iter_sources([str(path)]))


PATTERNS = [e for p in load_packs() for e in p.events if e.role == "controller"]
CTX = (
    '{"controller": "notificationrequest", "controllerGroup": "kubernaut.ai", '
    '"controllerKind": "NotificationRequest", "NotificationRequest": '
    '{"name":"e2e-multi-channel-fanout","namespace":"default"}, "namespace": "default", '
    '"name": "e2e-multi-channel-fanout", "reconcileID": "6f1c0f4e-2b7d-4f0e-9a51-0d7c3e1b8a42"'
)
DELIVERED = (
    "2026-01-10T19:18:14Z\tINFO\tNotification delivered successfully to file\t"
    + CTX
    + ', "notification": "e2e-multi-channel-fanout", "namespace": "default", "filePath": '
    '"/tmp/notifications/notification-e2e-multi-channel-fanout-20260110-191814.485730.json", '
    '"filesize": 1965, "format": "json"}'
)
ERROR = (
    "2026-01-10T19:18:15Z\tERROR\tdelivery-orchestrator\tDelivery failed with retryable "
    'error\t{"notification": "e2e-priority-low", "namespace": "default", "error": '
    '"failed to write temporary file: disk quota exceeded"}'
)
STACK = [
    "github.com/jordigilh/kubernaut/pkg/notification/delivery.(*Orchestrator).DeliverToChannels",
    "\t/workspace/pkg/notification/delivery/orchestrator.go:212",
    "sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler",
    "\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.19.0/pkg/internal/controller/"
    "controller.go:316",
]
OTHER = (
    "2026-01-10T19:18:14Z\tINFO\tdelivery-orchestrator\tDelivery successful\t"
    '{"notification": "e2e-multi-channel-fanout", "namespace": "default", "channel": "file"}'
)


def write(tmp_path: Path, lines: list[str], name: str = "c.log") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_console_detected_from_content() -> None:
    head = "\n".join([OTHER, DELIVERED, ERROR, *STACK]).encode()
    assert detect(head, truncated=False).format == "zap-console"


def test_pasted_with_spaces_is_still_console() -> None:
    pasted = OTHER.replace("\t", "    ")
    assert CONSOLE.is_record(pasted)
    assert detect(pasted.encode(), truncated=False).format == "zap-console"


def test_json_detected_and_event_read(tmp_path: Path) -> None:
    line = (
        '{"level":"info","ts":1768072694.4857302,"logger":"controller","caller":'
        '"delivery/file.go:120","msg":"Notification delivered successfully to file",'
        '"notification":"e2e-a","namespace":"default","filePath":'
        '"/tmp/notifications/notification-e2e-a-20260110-191814.485730.json","filesize":10}'
    )
    assert detect(line.encode(), truncated=False).format == "zap-json"
    result = extract(source(write(tmp_path, [line])), JSON, PATTERNS)
    assert result.events.get_column("key").to_list() == ["e2e-a"]
    assert result.used == 1 and result.skipped == 0


JSON_ERROR = (
    '{"level":"error","ts":TS,"msg":"Delivery failed with retryable error",'
    '"notification":"e2e-priority-low","namespace":"default","error":"disk full"}'
)


@pytest.mark.parametrize(
    ("stamp", "expected", "res"),
    [
        # RFC3339 in lower case: fromisoformat, once polars has refused it.
        ('"2026-01-10t19:18:15.5z"', datetime(2026, 1, 10, 19, 18, 15, 500000, tzinfo=UTC), 0.1),
        # Free-form, as an encoder was configured to write it: dateutil.
        (
            '"10 Jan 2026 19:18:15.25 UTC"',
            datetime(2026, 1, 10, 19, 18, 15, 250000, tzinfo=UTC),
            0.01,
        ),
        ('"Sat Jan 10 14:18:15 -0500 2026"', datetime(2026, 1, 10, 19, 18, 15, tzinfo=UTC), 1.0),
        # No zone: refused, never guessed.
        ('"10 Jan 2026 19:18:15"', None, None),
    ],
)
def test_free_form_json_times(
    tmp_path: Path, stamp: str, expected: datetime | None, res: float | None
) -> None:
    path = write(tmp_path, [JSON_ERROR.replace("TS", stamp)])
    fast = extract(source(path), JSON, PATTERNS)
    slow = extract_per_line(source(path), JSON, PATTERNS)
    assert fast.quoted_events().equals(slow.quoted_events())
    assert (fast.untimed, slow.untimed) == ((0, 0) if expected else (1, 1))
    if expected is not None:
        row = fast.events.row(0, named=True)
        assert (row["at"], row["res"]) == (expected, pytest.approx(res))


def test_stack_trace_lines_are_used_not_skipped(tmp_path: Path) -> None:
    lines = [OTHER, ERROR, *STACK, "", "not a log line at all"]
    result = extract(source(write(tmp_path, lines)), CONSOLE, PATTERNS)
    assert result.lines == 8
    assert result.used == 6
    assert result.skip_reasons == {"blank": 1, "unrecognised": 1}


def test_write_time_comes_from_file_name(tmp_path: Path) -> None:
    result = extract(source(write(tmp_path, [DELIVERED])), CONSOLE, PATTERNS)
    row = result.events.row(0, named=True)
    assert row["kind"] == "write"
    assert row["at"] == datetime(2026, 1, 10, 19, 18, 14, 485730, tzinfo=UTC)
    assert row["res"] == pytest.approx(1e-6)
    assert row["basename"] == "notification-e2e-multi-channel-fanout-20260110-191814.485730.json"
    assert row["line_no"] == 1


@pytest.mark.parametrize(
    ("stamp", "expected", "res"),
    [
        ("2026-01-10T19:18:15Z", datetime(2026, 1, 10, 19, 18, 15, tzinfo=UTC), 1.0),
        ("2026-01-10T19:18:15.485Z", datetime(2026, 1, 10, 19, 18, 15, 485000, tzinfo=UTC), 1e-3),
        (
            "2026-01-10T14:18:15.485-0500",
            datetime(2026, 1, 10, 19, 18, 15, 485000, tzinfo=UTC),
            1e-3,
        ),
        ("1.7680726954857e+09", datetime(2026, 1, 10, 19, 18, 15, 485700, tzinfo=UTC), 1e-4),
        ("1768072695.485", datetime(2026, 1, 10, 19, 18, 15, 485000, tzinfo=UTC), 1e-3),
        # Not RFC3339: left to the second, vectorised pass over the leftovers.
        ("2026-01-10 19:18:15,48Z", datetime(2026, 1, 10, 19, 18, 15, 480000, tzinfo=UTC), 1e-2),
    ],
)
def test_record_times_and_resolution(
    tmp_path: Path, stamp: str, expected: datetime, res: float
) -> None:
    line = ERROR.replace("2026-01-10T19:18:15Z", stamp)
    result = extract(source(write(tmp_path, [line])), CONSOLE, PATTERNS)
    row = result.events.row(0, named=True)
    assert row["at"] == expected
    assert row["res"] == pytest.approx(res)
    assert row["error"] == "failed to write temporary file: disk quota exceeded"


def test_keys_match_exactly_from_the_right(tmp_path: Path) -> None:
    critical_2 = DELIVERED.replace("multi-channel-fanout-2026", "priority-critical-2-2026")
    result = extract(source(write(tmp_path, [critical_2])), CONSOLE, PATTERNS)
    assert result.events.get_column("key").to_list() == ["e2e-priority-critical-2"]


def test_fallback_gives_the_fast_path_events(tmp_path: Path) -> None:
    lines = [OTHER, DELIVERED, ERROR, *STACK, "", "junk", DELIVERED.replace("14Z", "14.5Z")]
    path = write(tmp_path, lines)
    fast = extract(source(path), CONSOLE, PATTERNS)
    slow = extract_per_line(source(path), CONSOLE, PATTERNS)
    assert not fast.fallback and slow.fallback
    assert fast.quoted_events().equals(slow.quoted_events())
    assert (fast.lines, fast.used, fast.skip_reasons) == (slow.lines, slow.used, slow.skip_reasons)


def test_separator_byte_takes_the_fallback_for_that_file_only(tmp_path: Path) -> None:
    path = write(tmp_path, [DELIVERED, "odd \x1f line", ERROR])
    result = extract(source(path), CONSOLE, PATTERNS)
    assert result.fallback
    assert result.events.height == 2
    assert result.skip_reasons == {"unrecognised": 1}


def test_offset_without_colon_is_read(tmp_path: Path) -> None:
    line = ERROR.replace("2026-01-10T19:18:15Z", "2026-01-10T19:18:15+0000")
    result = extract(source(write(tmp_path, [line])), CONSOLE, PATTERNS)
    assert result.events.get_column("at").to_list() == [
        datetime(2026, 1, 10, 19, 18, 15, tzinfo=UTC)
    ]
    assert isinstance(result.events, pl.DataFrame)


def test_coloured_levels_are_stripped_from_the_evidence_text(tmp_path: Path) -> None:
    coloured = DELIVERED.replace("\tINFO\t", "\t\x1b[34mINFO\x1b[0m\t")
    path = write(tmp_path, [OTHER, coloured, DELIVERED])
    fast = extract(source(path), CONSOLE, PATTERNS)
    slow = extract_per_line(source(path), CONSOLE, PATTERNS)
    texts = fast.quoted_events().get_column("text").to_list()
    assert texts[0] == texts[1] == DELIVERED[:400]  # the evidence is cut at 400 characters
    assert fast.quoted_events().equals(slow.quoted_events())
