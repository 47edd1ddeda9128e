"""Timestamps: vectorised parsing first, dateutil only for rare leftovers; zones and resolution.

Every time becomes a UTC datetime with microsecond storage plus a resolution in
seconds: the true instant lies in ``[t, t + resolution)`` because loggers
truncate rather than round.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl
from dateutil import parser as du_parser

from loganalyzer.errors import LogAnalyzerError

UTC_DTYPE = pl.Datetime("us", "UTC")
# The zone object polars gives the times it hands to Python. Times parsed here use the
# same object: comparing or subtracting times with different zone objects calls
# utcoffset on both, about 15 times slower, and correlation does that per file.
UTC_ZONE = ZoneInfo("UTC")
_ISO_FORMAT = "%Y-%m-%dT%H:%M:%S%.f%:z"
# RFC3339 as loggers print it; %#z takes Z, +hh, +hhmm and +hh:mm.
_RFC3339_FORMAT = "%Y-%m-%dT%H:%M:%S%.f%#z"
_OFFSET_RE = re.compile(r"^(?:UTC|Z)?([+-])(\d{1,2}):?(\d{2})?$")
# An RFC3339-like stamp with an explicit zone, as test-side loggers print it.
ISO_WITH_ZONE = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})"


def iso_to_utc(col: pl.Expr) -> pl.Expr:
    """RFC3339 / ISO8601 strings with ``Z`` or a numeric offset -> UTC datetimes (null if not)."""
    norm = (
        col.str.strip_chars()
        .str.replace(r"^(\d{4}-\d\d-\d\d) ", "${1}T")
        .str.replace(r",(\d)", ".${1}")
        .str.replace(r"[Zz]$", "+00:00")
        .str.replace(r"([+-]\d\d)(\d\d)$", "${1}:${2}")
    )
    return (
        norm.str.to_datetime(_ISO_FORMAT, strict=False, time_unit="us")
        .dt.convert_time_zone("UTC")
        .cast(UTC_DTYPE)
    )


def epoch_to_utc(col: pl.Expr) -> pl.Expr:
    """Epoch seconds as a float string (``1.7680726944857e+09``) -> UTC datetimes."""
    micros = (col.str.strip_chars().cast(pl.Float64, strict=False) * 1_000_000).round(0)
    return micros.cast(pl.Int64, strict=False).cast(UTC_DTYPE)


def fraction_resolution(col: pl.Expr) -> pl.Expr:
    """Resolution in seconds implied by the digits after the seconds field (1 s when none)."""
    digits = col.str.extract(r":\d\d[.,](\d+)", 1).str.len_chars().fill_null(0)
    return pl.lit(10.0).pow(-digits.clip(0, 6).cast(pl.Float64))


def epoch_resolution(col: pl.Expr) -> pl.Expr:
    """Resolution of an epoch float: ``1.7680e+09`` is only good to 10^5 s."""
    mantissa = col.str.extract(r"^\s*\d+(?:\.(\d*))?", 1).str.len_chars().fill_null(0)
    exponent = col.str.extract(r"[eE]([+-]?\d+)", 1).cast(pl.Int64, strict=False).fill_null(0)
    power = (exponent - mantissa).clip(-6, 12).cast(pl.Float64)
    return pl.lit(10.0).pow(power)


def parse_record_times(
    col: pl.Expr, layout: str = "iso", year: int | None = None
) -> tuple[pl.Expr, pl.Expr]:
    """Record time and resolution: RFC3339, ISO8601 with a fraction, epoch float, or klog.

    Only RFC3339 is tried here, the usual case and the cheap one: epoch floats and
    other ISO8601 spellings are left null for :func:`fill_leftover_times`.
    """
    if layout == "klog":
        full = pl.lit(str(year or datetime.now(UTC).year)) + col.str.strip_chars()
        at = full.str.to_datetime("%Y%m%d %H:%M:%S%.f", strict=False, time_unit="us")
        return at.dt.replace_time_zone("UTC"), fraction_resolution(col)
    at = col.str.to_datetime(_RFC3339_FORMAT, strict=False, time_unit="us")
    return at.cast(UTC_DTYPE), fraction_resolution(col)


def fill_leftover_times(frame: pl.DataFrame) -> pl.DataFrame:
    """``at`` and ``res`` from ``_stamp`` where RFC3339 did not take it: epoch floats and
    other ISO8601 spellings (vectorised, once per distinct stamp), then dateutil."""
    todo = pl.col("at").is_null() & pl.col("_stamp").is_not_null()
    stamps = frame.filter(todo).select(pl.col("_stamp").unique())
    if stamps.is_empty():
        return frame
    stamp = pl.col("_stamp")
    epoch = stamp.str.contains(r"^\s*\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$")
    stamps = stamps.with_columns(
        pl.when(epoch).then(epoch_to_utc(stamp)).otherwise(iso_to_utc(stamp)).alias("at"),
        pl.when(epoch)
        .then(epoch_resolution(stamp))
        .otherwise(fraction_resolution(stamp))
        .alias("res"),
    )
    values, res = stamps.get_column("_stamp").to_list(), stamps.get_column("res")
    fixed = [
        at if at is not None else parse_leftover(value)
        for value, at in zip(values, stamps.get_column("at").to_list(), strict=True)
    ]
    found = stamp.replace_strict(values, pl.Series(fixed, dtype=UTC_DTYPE), default=None)
    return frame.with_columns(
        pl.coalesce("at", found).alias("at"),
        pl.when(todo)
        .then(stamp.replace_strict(values, res, default=None))
        .otherwise("res")
        .alias("res"),
    )


def parse_leftover(value: str) -> datetime | None:
    """dateutil for the handful of values the vectorised formats refused."""
    try:
        parsed = du_parser.parse(value)
    except (ValueError, OverflowError):
        return None
    if not isinstance(parsed, datetime) or parsed.tzinfo is None:
        return None
    return parsed.astimezone(UTC_ZONE)


def strptime_to_polars(fmt: str) -> str:
    """Translate a Python strptime format to chrono's: ``.%f`` (micro) becomes ``%.f``."""
    return fmt.replace(".%f", "%.f")


def parse_zone(spec: str) -> tzinfo:
    """``--test-tz``: an IANA name (``America/New_York``) or a fixed offset (``-05:00``).

    >>> parse_zone("-05:00").utcoffset(None)
    datetime.timedelta(days=-1, seconds=68400)
    """
    text = spec.strip()
    if text.upper() in {"UTC", "Z"}:
        return UTC
    match = _OFFSET_RE.match(text)
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if hours > 23 or minutes > 59:
            raise LogAnalyzerError(f"--test-tz: offset out of range: {spec!r}")
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if sign == "-" else delta)
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise LogAnalyzerError(
            f"--test-tz: unknown zone {spec!r} (use an IANA name such as "
            "America/New_York or an offset such as -05:00)"
        ) from exc


def offset_of(stamp: str) -> timedelta | None:
    """The UTC offset written in an ISO stamp, or None when it has none."""
    match = re.search(r"(Z|[+-]\d{2}:?\d{2})$", stamp.strip())
    if not match:
        return None
    text = match.group(1)
    if text == "Z":
        return timedelta(0)
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))


def iso_utc(value: datetime | None) -> str | None:
    """RFC3339 UTC with microseconds, as the JSON report writes every time."""
    if value is None:
        return None
    if value.utcoffset() != _NO_OFFSET:  # astimezone is slow even from UTC to UTC
        value = value.astimezone(UTC_ZONE)
    if value.year < 1000:  # strftime leaves such years unpadded; keep its spelling
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    # isoformat is twice as fast as strftime; the same text once "+00:00" becomes "Z".
    return value.isoformat(timespec="microseconds")[:-6] + "Z"


_NO_OFFSET = timedelta(0)


_EPOCH_RE = re.compile(r"^\s*\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$")


def parse_record_time(
    text: str, layout: str = "iso", year: int | None = None
) -> tuple[datetime | None, float]:
    """The per-line twin of :func:`parse_record_times`, for the fallback path."""
    if layout == "klog":
        found = re.match(r"^\s*(\d{4} \d\d:\d\d:\d\d)(?:\.(\d+))?\s*$", text)
        if found is None:
            return None, 1.0
        try:
            at = datetime.strptime(
                f"{year or datetime.now(UTC).year}{found.group(1)}", "%Y%m%d %H:%M:%S"
            )
        except ValueError:
            return None, 1.0
        frac = found.group(2) or ""
        micros = int((frac + "000000")[:6]) if frac else 0
        return at.replace(microsecond=micros, tzinfo=UTC_ZONE), 10.0 ** -min(len(frac), 6)
    if _EPOCH_RE.match(text):
        try:
            micros = round(float(text) * 1_000_000)
            at = datetime(1970, 1, 1, tzinfo=UTC_ZONE) + timedelta(microseconds=micros)
        except (OverflowError, ValueError):
            return None, 1.0
        mantissa = re.match(r"^\s*\d+(?:\.(\d*))?", text)
        exp = re.search(r"[eE]([+-]?\d+)", text)
        digits = len(mantissa.group(1) or "") if mantissa else 0
        power = max(-6, min(12, (int(exp.group(1)) if exp else 0) - digits))
        return at, 10.0**power
    norm = re.sub(r"^(\d{4}-\d\d-\d\d) ", r"\1T", text.strip())
    norm = re.sub(r",(\d)", r".\1", norm)
    norm = re.sub(r"[Zz]$", "+00:00", norm)
    norm = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", norm)
    frac = re.search(r":\d\d\.(\d+)", norm)
    digits = len(frac.group(1)) if frac else 0
    if digits > 6:
        norm = norm.replace(frac.group(1), frac.group(1)[:6], 1)  # type: ignore[union-attr]
    try:
        at = datetime.fromisoformat(norm)
    except ValueError:
        return None, 1.0
    if at.tzinfo is None:
        return None, 1.0
    return at.astimezone(UTC_ZONE), 10.0 ** -min(digits, 6)
