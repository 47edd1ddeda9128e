"""A store in a bucket: delta-rs's storage options, and its errors as one line.

delta-rs talks to S3 through its own client, which reads some ``AWS_*`` variables but not
fsspec's configuration. The options are gathered once here, from the environment first
(``AWS_ENDPOINT_URL_S3``, ``AWS_ENDPOINT_URL``, ``AWS_REGION``, ``AWS_DEFAULT_REGION``,
``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``), then from fsspec's
``s3`` configuration (``~/.config/fsspec/s3.json``: ``key``, ``secret``, ``token``,
``endpoint_url``, ``client_kwargs.endpoint_url`` and ``client_kwargs.region_name``), so a
bucket the runs are read from with fsspec is written the same way.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from loganalyzer.errors import LogAnalyzerError


class StoreError(LogAnalyzerError):
    """The store cannot be used: another version, not a store, or unreachable."""


# How long one request may take, and how long retries may go on, before the store is called
# unreachable: delta-rs's defaults retry for three minutes.
TIMEOUTS = {"timeout": "30s", "connect_timeout": "5s", "max_retries": "3", "retry_timeout": "15s"}


def s3_options(
    env: Mapping[str, str] | None = None, fsspec_conf: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """delta-rs storage options for an ``s3://`` store.

    >>> s3_options({"AWS_ENDPOINT_URL": "http://127.0.0.1:9000"}, {})["AWS_ALLOW_HTTP"]
    'true'
    >>> opts = s3_options({}, {"s3": {"key": "k", "client_kwargs": {"region_name": "eu-1"}}})
    >>> opts["AWS_ACCESS_KEY_ID"], opts["AWS_REGION"]
    ('k', 'eu-1')
    """
    env = os.environ if env is None else env
    if fsspec_conf is None:
        import fsspec.config

        fsspec_conf = fsspec.config.conf
    conf = dict(fsspec_conf.get("s3") or {})
    client = dict(conf.get("client_kwargs") or {})
    wanted = {
        "AWS_ENDPOINT_URL": (
            env.get("AWS_ENDPOINT_URL_S3")
            or env.get("AWS_ENDPOINT_URL")
            or conf.get("endpoint_url")
            or client.get("endpoint_url")
        ),
        "AWS_REGION": (
            env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or client.get("region_name")
        ),
        "AWS_ACCESS_KEY_ID": env.get("AWS_ACCESS_KEY_ID") or conf.get("key"),
        "AWS_SECRET_ACCESS_KEY": env.get("AWS_SECRET_ACCESS_KEY") or conf.get("secret"),
        "AWS_SESSION_TOKEN": env.get("AWS_SESSION_TOKEN") or conf.get("token"),
    }
    opts = {k: str(v) for k, v in wanted.items() if v}
    if opts.get("AWS_ENDPOINT_URL", "").startswith("http://"):
        opts["AWS_ALLOW_HTTP"] = "true"  # a local S3-compatible server
    opts["AWS_S3_ALLOW_UNSAFE_RENAME"] = "true"  # one writer: the client commits
    return {**opts, **TIMEOUTS}


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def one_line(error: BaseException) -> str:
    """delta-rs's multi-line, coloured error chain as one plain line, without the XML body.

    >>> one_line(OSError("Generic S3 error \\x1b[31m↳\\x1b[0m 404 Not Found ↳ <?xml x>"))
    'OSError: Generic S3 error: 404 Not Found'
    """
    text = _ANSI.sub("", str(error)).split("<?xml", 1)[0]
    parts = [" ".join(p.split()).strip(" :") for p in text.split("↳")]
    line = ": ".join(p for p in parts if p)
    if len(line) > 300:
        line = line[:297] + "..."
    return f"{type(error).__name__}: {line}"


@contextmanager
def store_errors(root: str) -> Iterator[None]:
    """Turn a store's I/O failures (unreachable endpoint, no bucket, no access) into a
    StoreError naming the store."""
    from deltalake.exceptions import DeltaError

    try:
        yield
    except (OSError, DeltaError) as exc:
        raise StoreError(f"{root}: the history store cannot be used: {one_line(exc)}") from exc
