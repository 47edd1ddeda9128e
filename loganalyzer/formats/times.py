"""Timestamps: polars for the usual stamps, ``datetime.fromisoformat`` for the rest.

Every time becomes a UTC datetime with microsecond storage plus a resolution in
seconds: the true instant lies in ``[t, t + resolution)`` because loggers
truncate rather than round.

One parser per kind of stamp:

- a controller record's RFC3339 stamp, and klog's ``MMDD hh:mm:ss.uuuuuu``: polars,
  vectorised (:func:`parse_record_times`); epoch floats (``1.7680e+09``): polars too;
- any other ISO 8601 spelling (a space for ``T``, ``,`` before the fraction, an
  offset without its colon, more than six fraction digits) and every stamp a test
  log carries: :func:`parse_iso`, on ``datetime.fromisoformat``, which reads them all
  and keeps the microseconds of a longer (RFC3339Nano) fraction;
- ``python-dateutil`` (:func:`parse_stamp`) only for the truly free-form: a record
  stamp that is neither ISO 8601 nor an epoch float. Only the formats whose time is
  a free value reach it: zap JSON's ``ts``/``time`` and logfmt's ``time=`` as an
  encoder was configured to write them (``10 Jan 2026 19:18:14 UTC``). A value it
  reads without a zone is refused (untimed), never guessed.
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
# RFC3339 as loggers print it; %#z takes Z, +hh, +hhmm and +hh:mm.
_RFC3339_FORMAT = "%Y-%m-%dT%H:%M:%S%.f%#z"
_OFFSET_RE = re.compile(r"^(?:UTC|Z)?([+-])(\d{1,2}):?(\d{2})?$")
# An RFC3339-like stamp with an explicit zone, as test-side loggers print it.
ISO_WITH_ZONE = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})"


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
    """``at`` and ``res`` from ``_stamp`` where RFC3339 did not take it: epoch floats
    (vectorised), then other spellings once per distinct stamp (:func:`parse_stamp`)."""
    todo = pl.col("at").is_null() & pl.col("_stamp").is_not_null()
    stamps = frame.filter(todo).select(pl.col("_stamp").unique())
    if stamps.is_empty():
        return frame
    stamp = pl.col("_stamp")
    epoch = stamp.str.contains(_EPOCH)
    stamps = stamps.with_columns(
        pl.when(epoch).then(epoch_to_utc(stamp)).alias("at"),
        pl.when(epoch).then(epoch_resolution(stamp)).alias("res"),
    )
    values = stamps.get_column("_stamp").to_list()
    parsed = [
        (at, res) if at is not None else parse_stamp(value)
        for value, at, res in zip(
            values, stamps.get_column("at").to_list(), stamps.get_column("res"), strict=True
        )
    ]
    found = pl.Series([at for at, _ in parsed], dtype=UTC_DTYPE)
    resolution = pl.Series([res for _, res in parsed], dtype=pl.Float64)
    return frame.with_columns(
        pl.coalesce("at", stamp.replace_strict(values, found, default=None)).alias("at"),
        pl.when(todo)
        .then(stamp.replace_strict(values, resolution, default=None))
        .otherwise("res")
        .alias("res"),
    )


def parse_iso(text: str) -> tuple[datetime, float]:
    """An ISO 8601 / RFC3339 stamp with a zone -> its UTC time and resolution.

    Every spelling seen in logs: ``T`` or a space, ``.`` or ``,`` before 1 to 9
    fraction digits (nanoseconds are truncated to microseconds, as loggers truncate),
    ``Z`` or an offset with or without its colon; RFC3339 allows lower case ``t`` and
    ``z``. Raises ValueError for anything else, and for a stamp without a zone.

    >>> at, res = parse_iso("2026-01-10 14:18:13,071123456-0500")
    >>> at.isoformat(), res
    ('2026-01-10T19:18:13.071123+00:00', 1e-06)
    """
    at = datetime.fromisoformat(text.strip().upper())
    if at.tzinfo is None:
        raise ValueError(f"no zone in {text!r}")
    try:
        return at.astimezone(UTC_ZONE), _resolution(text)
    except OverflowError as exc:  # year 1 or 9999 moved past the calendar's edge by its offset
        raise ValueError(f"out of range in UTC: {text!r}") from exc


def _resolution(text: str) -> float:
    """Resolution implied by the digits after the seconds field (1 s when none)."""
    fraction = _FRACTION_RE.search(text)
    return 10.0 ** -min(len(fraction.group(1)), 6) if fraction else 1.0


def parse_stamp(text: str) -> tuple[datetime | None, float]:
    """A record stamp in any spelling with a zone: :func:`parse_iso`, else dateutil.

    dateutil is for the free-form values only (see the module's docstring); a time it
    reads without a zone is refused: ``(None, 1.0)``.

    >>> at, res = parse_stamp("10 Jan 2026 19:18:14.25 UTC")
    >>> at.isoformat() if at else None, res
    ('2026-01-10T19:18:14.250000+00:00', 0.01)
    >>> parse_stamp("10 Jan 2026 19:18:14")
    (None, 1.0)
    """
    try:
        return parse_iso(text)
    except ValueError:
        pass
    try:
        parsed = du_parser.parse(text)
        if not isinstance(parsed, datetime) or parsed.tzinfo is None:
            return None, 1.0
        return parsed.astimezone(UTC_ZONE), _resolution(text)
    except (ValueError, OverflowError):  # an offset past 24 h, a year past the calendar
        return None, 1.0


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
    """The UTC offset written in an ISO stamp, or None when it has none.

    >>> offset_of("2026-01-10T14:18:13.071-0500"), offset_of("2026-01-10 14:18:13")
    (datetime.timedelta(days=-1, seconds=68400), None)
    """
    try:
        return datetime.fromisoformat(stamp.strip().upper()).utcoffset()
    except ValueError:
        return None


def iso_utc(value: datetime | None) -> str | None:
    """RFC3339 UTC with microseconds, as the JSON report writes every time.

    >>> iso_utc(datetime(2026, 1, 10, 14, 18, 13, 71000, tzinfo=timezone(-timedelta(hours=5))))
    '2026-01-10T19:18:13.071000Z'
    >>> iso_utc(datetime(26, 1, 10, tzinfo=UTC_ZONE))  # a year typo: still four digits
    '0026-01-10T00:00:00.000000Z'
    """
    if value is None:
        return None
    # Not strftime: its %Y writes the year 26 as "26", which fromisoformat refuses.
    return value.astimezone(UTC_ZONE).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def iso_utc_many(values: list[datetime | None]) -> list[str | None]:
    """:func:`iso_utc` of each value, in one polars call: the report's times, a column at a time.

    >>> iso_utc_many([datetime(26, 1, 10, tzinfo=timezone(timedelta(hours=1))), None])
    ['0026-01-09T23:00:00.000000Z', None]
    """
    return pl.Series(values, dtype=UTC_DTYPE).dt.strftime(ISO_FORMAT).to_list()


ISO_FORMAT = "%Y-%m-%dT%H:%M:%S%.6fZ"  # iso_utc's text in polars, which pads years to four digits


def parse_record_time(
    text: str, layout: str = "iso", year: int | None = None
) -> tuple[datetime | None, float]:
    """One record's stamp, for the per-line reader: what :func:`parse_record_times` and
    :func:`fill_leftover_times` give the scan, read by :func:`parse_iso` (klog stamps
    in ISO order), the epoch arithmetic, then :func:`parse_stamp`.

    >>> at, res = parse_record_time("0110 19:18:14.4857", "klog", 2026)
    >>> at.isoformat() if at else None, res
    ('2026-01-10T19:18:14.485700+00:00', 0.0001)
    """
    if layout == "klog":
        stamp = text.strip()
        try:
            # MMDD hh:mm:ss.uuuuuu, UTC, in the year given.
            return parse_iso(
                f"{year or datetime.now(UTC).year:04d}-{stamp[:2]}-{stamp[2:4]}T{stamp[5:]}+00:00"
            )
        except ValueError:
            return None, 1.0
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
    return parse_stamp(text)


_EPOCH = r"^\s*\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$"
_EPOCH_RE = re.compile(_EPOCH)
_FRACTION_RE = re.compile(r":\d\d[.,](\d+)")
