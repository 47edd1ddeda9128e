"""Time as the real tools print it: Ginkgo stamps, Go durations and floats, RFC3339 (Nano)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

EST = timezone(timedelta(hours=-5))  # the test machine's zone in every scenario
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MS = timedelta(milliseconds=1)
DAY = "2026-01-10"


def at(hms: str) -> datetime:
    """'19:19:23.040' on 2026-01-10, UTC."""
    return datetime.fromisoformat(f"{DAY}T{hms}+00:00")


def ginkgo_stamp(t: datetime) -> str:
    """Go layout "01/02/06 15:04:05.999" in local time: 0-3 fraction digits, zeros dropped."""
    local = t.astimezone(EST)
    frac = f"{local.microsecond // 1000:03d}".rstrip("0")
    return local.strftime("%m/%d/%y %H:%M:%S") + (f".{frac}" if frac else "")


def go_duration(ns: int) -> str:
    """time.Duration.String() for durations under an hour."""
    if ns < 1_000_000_000:
        whole, frac = divmod(ns, 1_000_000)
        return f"{whole}.{frac:06d}".rstrip("0").rstrip(".") + "ms"
    minutes, rest = divmod(ns, 60_000_000_000)
    whole, frac = divmod(rest, 1_000_000_000)
    text = f"{whole}.{frac:09d}".rstrip("0").rstrip(".") + "s"
    return f"{minutes}m{text}" if minutes else text


def nanoseconds(delta: timedelta, extra_ns: int = 0) -> int:
    return (delta // timedelta(microseconds=1)) * 1000 + extra_ns


def go_seconds(ns: int) -> float:
    """time.Duration.Seconds()."""
    sec, nsec = divmod(ns, 1_000_000_000)
    return float(sec) + float(nsec) / 1e9


def go_float(value: float) -> str:
    """strconv.FormatFloat(v, 'g', -1, 64) for the values a report holds (1e-4 <= v < 1e6)."""
    text = repr(value)
    assert "e" not in text, value
    return text.removesuffix(".0")


def rfc3339(t: datetime) -> str:
    """zap's RFC3339 encoder: one-second resolution, UTC."""
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch_ns(t: datetime) -> int:
    return (t - EPOCH) // timedelta(microseconds=1) * 1000


def from_ns(ns: int) -> datetime:
    return EPOCH + timedelta(microseconds=ns // 1000)


def rfc3339_nano(ns: int, zone: timezone = UTC) -> str:
    """Go's time.RFC3339Nano: trailing zeros of the fraction dropped, "Z" for UTC."""
    seconds, frac = divmod(ns, 1_000_000_000)
    local = datetime.fromtimestamp(seconds, zone)
    digits = f"{frac:09d}".rstrip("0")
    offset = local.strftime("%z")
    offset = "Z" if offset == "+0000" else f"{offset[:3]}:{offset[3:]}"
    return local.strftime("%Y-%m-%dT%H:%M:%S") + (f".{digits}" if digits else "") + offset


def iso_utc(t: datetime) -> str:
    """RFC3339 UTC with microseconds, as loganalyzer's JSON report writes times."""
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
