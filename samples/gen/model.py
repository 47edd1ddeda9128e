"""A scenario as data: specs, timelines, the controller's requests and the true times.

Every time is true UTC; the console writer shifts test-side stamps by ``Scenario.skew``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from samples.gen.zap import Fields


@dataclass(frozen=True)
class Spec:
    containers: tuple[str, ...]
    leaf: str
    file: str
    line: int  # the It node
    labels: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return " ".join((*self.containers, self.leaf))


@dataclass(frozen=True)
class Step:
    t: datetime
    text: str


@dataclass(frozen=True)
class Log:
    """A line of the suite's logger (zap console, explicit offset) via GinkgoWriter."""

    t: datetime
    msg: str
    fields: Fields = ()
    logger: str | None = None  # None: notification-e2e-test-process-<N>


@dataclass(frozen=True)
class Out:
    """GinkgoWriter text with no timestamp of its own."""

    text: str


@dataclass(frozen=True)
class Fail:
    t: datetime
    line: int  # Failure.Location
    message: str
    node: str = "It"  # FailureNodeType


@dataclass(frozen=True)
class Retry:
    """SpecEventSpecRetry: 'Attempt #N Failed.  Retrying ↺ @ t'."""

    t: datetime
    attempt: int


Event = Step | Log | Out | Fail | Retry


@dataclass(frozen=True)
class Wait:
    """A file wait: ground truth, printed nowhere."""

    key: str
    step: datetime  # the wait STEP
    seen: datetime | None = None  # the poll that found the file
    deadline: datetime | None = None  # the [FAILED] stamp
    write: int = 0  # which write of the key (a retried spec writes the same key twice)


@dataclass(frozen=True)
class Run:
    node: int | str  # spec row, or a suite node name
    process: int
    start: datetime
    end: datetime
    events: tuple[Event, ...] = ()
    waits: tuple[Wait, ...] = ()

    @property
    def attempts(self) -> int:
        return 1 + sum(isinstance(e, Retry) for e in self.events)

    @property
    def failure(self) -> Fail | None:
        """The failure the node ended with (a retried attempt's failure is not one)."""
        last_retry = max((i for i, e in enumerate(self.events) if isinstance(e, Retry)), default=-1)
        fails = [e for e in self.events[last_retry + 1 :] if isinstance(e, Fail)]
        return fails[-1] if fails else None

    @property
    def timed(self) -> list[datetime]:
        return [e.t for e in self.events if not isinstance(e, Out)]


@dataclass(frozen=True)
class Content:
    """What the controller was asked to deliver."""

    type: str
    priority: str
    subject: str
    body: str
    channels: tuple[str, ...]
    labels: tuple[tuple[str, str], ...] = ()
    metadata: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Request:
    """One NotificationRequest as the single reconcile worker handled it."""

    name: str
    init: datetime  # first reconcile: status initialised, requeued
    deliver: datetime  # second reconcile: channels delivered
    done: datetime  # status written (Sent or Retrying)
    recheck: datetime  # third reconcile, triggered by the status update
    written: datetime | None = None  # file name stamp = the write, microseconds (UTC)
    visible: datetime | None = None  # when `ls` in the pod first lists it

    @property
    def file_name(self) -> str:
        assert self.written is not None
        return file_name(self.name, self.written)


def file_name(name: str, written: datetime) -> str:
    return f"notification-{name}-{written.strftime('%Y%m%d-%H%M%S.%f')}.json"


@dataclass(frozen=True)
class Attempt:
    """One reconcile that tried the file channel and failed before writing anything."""

    start: datetime
    stamp: datetime  # time.Now() in generateFilenameWithFormat: the file that never was
    done: datetime  # status update (entering retry phase)
    recheck: datetime  # reconcile triggered by that update: backoff enforced
    backoff: timedelta


@dataclass(frozen=True)
class FailedFile:
    """A request whose file channel never wrote: every attempt fails, then it gives up."""

    name: str
    init: datetime
    attempts: tuple[Attempt, ...]
    final: datetime  # the reconcile that finds the channel out of attempts
    final_done: datetime
    final_recheck: datetime
    error: str


@dataclass
class Scenario:
    slug: str
    procs: int
    will_run: int
    cli_start: datetime
    suite_start: datetime
    suite_end: datetime
    cli_end: datetime
    controller_start: datetime | None = None
    skew: timedelta = timedelta(0)  # test clock minus true time
    requests: list[Request] = field(default_factory=list)
    failed_files: list[FailedFile] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    order: list[int | str] = field(default_factory=list)  # --procs=1: nodes and "S" in order
    skips: dict[int, int] = field(default_factory=dict)  # block index -> 'S' printed after it
    failure_order: list[int] = field(default_factory=list)  # processes, for suite-node failures
    controller_text: str | None = None  # a controller.log that is not a controller's output
    pod: str = ""
    ci_artifact: bool = False  # also write ci-artifact and ci-artifact-archive

    @property
    def seed(self) -> int:
        """Ginkgo's default seed: time.Now().Unix() on the test machine."""
        return int((self.cli_start + self.skew).timestamp())

    def writes(self, key: str) -> list[Request]:
        written = (r for r in self.requests if r.name == key and r.written is not None)
        return sorted(written, key=lambda r: r.written or r.init)

    @property
    def spec_runs(self) -> list[Run]:
        return [r for r in self.runs if isinstance(r.node, int)]
