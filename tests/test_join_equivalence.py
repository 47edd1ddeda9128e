"""The join gives the answers the per-line, per-write join gave; the mention rules by example.

``snapshots/join.json`` was written by the straightforward implementation
(one MentionFinder.find per line, every tier chosen by window and start) on
the generated log below, where key mentions, pack mappings, file names and time
windows compete, specs dump listings after their deadlines and failures glob.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from builders import delivered, delivery_error, file_name, spec_block, stamp, suite
from loganalyzer import analyze
from loganalyzer.correlate.mentions import Mention, MentionFinder

SNAPSHOT = Path(__file__).parent / "snapshots" / "join.json"
FAIL = ["[FAILED] Timed out after 5.001s.", "File should be created in pod within 5 seconds"]
CONCURRENT = (
    "File-Based Notification Delivery E2E Tests Scenario 4: Concurrent Delivery Validation "
    "should handle concurrent notifications without file collisions {n}"
)
ORDERED = (
    "Priority-Based Routing E2E (BR-NOT-052) Scenario 2: Multiple priorities delivered in "
    "order should deliver notifications in priority order {n}"
)
PRIORITIES = ["e2e-priority-low", "e2e-priority-medium", "e2e-priority-high"]


def _clock(seconds: float) -> tuple[str, str]:
    """(HHMMSS.ffffff for a file name, HH:MM:SS.fff for a Ginkgo stamp) at 19:18:00 + s."""
    whole = int(seconds)
    micro = round((seconds - whole) * 1e6)
    hh, mm, ss = 19, 18 + whole // 60, whole % 60
    return (
        f"{hh:02d}{mm:02d}{ss:02d}.{micro:06d}",
        f"{hh:02d}:{mm:02d}:{ss:02d}.{micro // 1000:03d}",
    )


def generate(seed: int) -> tuple[list[str], list[list[str]]]:
    """A controller log and Ginkgo spec blocks where every linking tier has rivals."""
    rnd = random.Random(seed)
    controller: list[str] = []
    written: list[tuple[str, str, float]] = []  # key, file stamp, seconds
    keys = [f"g{i}" for i in range(120)] + [f"e2e-concurrent-{i}" for i in range(6)]
    keys += PRIORITIES
    for key in keys:
        at = rnd.uniform(1, 100)
        stamp_, _ = _clock(at)
        if rnd.random() < 0.08:
            controller.append(delivery_error(key, _clock(at)[1][:8], "disk full"))
            continue
        controller.append(delivered(key, stamp_))
        written.append((key, stamp_, at))
        if rnd.random() < 0.05:  # logged twice: still one file
            controller.append(delivered(key, stamp_, "/var/notifications"))
    blocks = []
    for n in range(45):
        start = rnd.uniform(0, 95)
        failed = rnd.random() < 0.35
        deadline = start + 5.001
        timeline: list[str] = []
        mine = rnd.sample(written, rnd.randint(0, 3))
        for key, _, _ in mine:
            if rnd.random() < 0.6:
                timeline.append(f"Created NotificationRequest default/{key}")
        timeline.append(f"STEP: wait for files @ {stamp(_clock(start)[1])}")
        for key, fstamp, _ in mine:
            name = file_name(key, fstamp)
            shape = rnd.choice(["/mnt/x/{}", "C:\\pod\\{}", "{}.", "saw {} and more", "{}"])
            if rnd.random() < 0.7:
                timeline.append("found " + shape.format(name))
        for key, fstamp, _ in rnd.sample(written, rnd.randint(0, 2)):
            timeline.append(f"neighbour file {file_name(key, fstamp)} seen")
        if rnd.random() < 0.15:
            timeline.append(f"found {file_name(f'ghost-{n}', '191900.000000')}")
        if rnd.random() < 0.3:
            timeline.append(f"STEP: next @ {stamp(_clock(start + rnd.uniform(0.1, 4))[1])}")
        failure = None
        if failed:
            timeline.append(f"[FAILED] in [It] - /src/a_test.go:9 @ {stamp(_clock(deadline)[1])}")
            timeline.append("Files in /tmp/notifications at failure:")
            for key, fstamp, _ in rnd.sample(written, rnd.randint(0, 4)):
                timeline.append(f"  {file_name(key, fstamp)}")
            failure = list(FAIL)
            if mine and rnd.random() < 0.5:
                key = mine[0][0]
                failure.append(
                    rnd.choice(
                        [
                            f"notification file for default/{key} should appear",
                            f"file matching pattern notification-{key}-*.json not found",
                            f"file notification-{key}-*.yaml missing",
                        ]
                    )
                )
            if rnd.random() < 0.3:  # another spec's file, named but not seen
                other, fstamp, _ = rnd.choice(written)
                failure.append(f"file {file_name(other, fstamp)} not found")
        else:
            timeline.append(f"STEP: done @ {stamp(_clock(start + 4.5)[1])}")
        name = f"Generated leaf {n}"
        if n % 9 == 3:
            name = CONCURRENT.format(n=n)
            timeline.insert(
                0,
                f"STEP: Validating distinct files created for each notification @ "
                f"{stamp(_clock(start)[1])}",
            )
        elif n % 11 == 5:
            name = ORDERED.format(n=n)
        blocks.append(
            spec_block(
                name,
                timeline,
                seconds=5.5,
                failure=failure,
                failed_at=stamp(_clock(deadline)[1]) if failed else None,
            )
        )
    return controller, blocks


def summary(tmp_path: Path, seed: int) -> dict[str, Any]:
    controller, blocks = generate(seed)
    (tmp_path / "controller.log").write_text("\n".join(controller) + "\n", encoding="utf-8")
    (tmp_path / "ginkgo.log").write_text(suite(blocks), encoding="utf-8")
    report = analyze([str(tmp_path)], test_tz="UTC").to_dict()
    shown = json.dumps({k: report[k] for k in ("pairs", "specs", "warnings")})
    # Evidence cites absolute paths; the snapshot must not depend on the temporary directory.
    result: dict[str, Any] = json.loads(shown.replace(f"{tmp_path}/", ""))
    return result


def test_generated_join_matches_the_reference(tmp_path: Path) -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for seed, want in expected.items():
        path = tmp_path / seed
        path.mkdir()
        got = summary(path, int(seed))
        assert got["warnings"] == want["warnings"]
        assert got["pairs"] == want["pairs"]
        assert len(got["specs"]) == len(want["specs"])
        for mine, theirs in zip(got["specs"], want["specs"], strict=True):
            # Evidence is now labelled, dated, listed once and joined by the wait's step:
            # every line the reference cited is still cited, with its text.
            assert {k: mine[k] for k in theirs if k != "evidence"} == {
                k: v for k, v in theirs.items() if k != "evidence"
            }
            cited = {(e["at"], e["text"]) for e in mine["evidence"]}
            assert {(e["at"], e["text"]) for e in theirs["evidence"]} <= cited


def test_the_snapshot_exercises_every_tier() -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    pairs = [p for want in expected.values() for p in want["pairs"]]
    links = {p["link"] for p in pairs}
    assert {"key-mention", "pack-mapping", "file-name", None} <= links
    assert "time-window" not in links  # a time window is no evidence: never a link
    assert {"observed", "unobserved", "undetermined", "not-waited", "orphan"} <= {
        p["status"] for p in pairs
    }
    assert any("linked by" in w for want in expected.values() for w in want["warnings"])


NAMES = ["notification-k1-x.json", "k1.json", "a.b", "x.", "d/e", "a+b.json", "e"]
KEYS = ["k1", "k1-2", "a", "b.", "ns/k1"]
SHAPE = r"notification-(?P<key>\w+)-y\.json"


def test_mentions_are_tokens_read_by_their_base_name() -> None:
    finder = MentionFinder(NAMES, KEYS, [SHAPE])
    texts = [
        "x. d/e a.b. ns/k1. C:\\a\\k1.json, /mnt/e",
        "",
        "notification-z-y.json\nk1-2/a",
        "a+b.json k1-2x saw /mnt/notification-k1-x.json.",
    ]
    assert finder.find_lines(texts) == [
        (0, "d/e", None),  # written as a whole path; "x." is read as x, a full stop
        (0, "a.b", None),
        (0, None, "ns/k1"),  # ns/k1.: a namespaced key, known as such
        (0, "k1.json", None),  # a Windows path
        (0, "e", None),  # /mnt/e: by its base name
        (2, "notification-z-y.json", None),  # not written, but a file's shape
        (2, None, "k1-2"),
        (2, None, "a"),
        (3, None, "a"),  # a+b.json is two tokens; k1-2x is no key
        (3, "notification-k1-x.json", None),
    ]
    assert finder.find(texts[0])[:2] == [Mention("d/e", None), Mention("a.b", None)]
