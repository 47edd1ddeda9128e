"""Four failure modes of the same suite: a file never written, a failed suite setup, a flaky
spec, and a test machine whose clock is 7.5 s behind the controller's."""

from __future__ import annotations

from datetime import timedelta

from samples.gen.ginkgo_console import COLOR as C
from samples.gen.ginkgo_console import indent
from samples.gen.model import Attempt, Event, Fail, FailedFile, Log, Request, Retry, Run, Scenario
from samples.gen.scenarios.incident import req, run
from samples.gen.suite import (
    FANOUT_GLOB,
    IMAGE,
    PRIORITY_GLOB,
    SETUP_LOGGER,
    SHARED,
    SUITE_NODES,
    after_suites,
    before_suites,
    build,
    cleaned,
    cluster_cleanup,
    cluster_setup,
    export_lines,
    fail,
    log,
    missed,
    out,
    process_cleanup,
    process_setup,
    seen,
    setup_banner,
    step,
)
from samples.gen.timefmt import MS, at

FANOUT_KEY = "e2e-multi-channel-fanout"
SETUP_EXPECT_LINE = 131  # Expect(err).ToNot(HaveOccurred()) after CreateNotificationCluster
WAIT_LINE = {17: 141, 19: 332, 15: 138}  # the file-wait Eventually of each spec
NO_SPACE = "no space left on device"


def attempt(times: str, backoff_s: int) -> Attempt:
    """times: 'start stamp done recheck' (UTC)."""
    start, stamp, done, recheck = (at(t) for t in times.split())
    return Attempt(start, stamp, done, recheck, timedelta(seconds=backoff_s))


def fiw(indentation: int, max_width: int, text: str) -> str:
    """formatter.Fiw: wrap words at max_width - 2*indentation, then indent."""
    width = max_width - 2 * indentation
    lines: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        words = line.split(" ")
        kept, length = [words[0]], len(words[0])
        for word in words[1:]:
            if length + len(word) + 1 <= width:
                length += len(word) + 1
                kept.append(word)
                continue
            lines.append(" ".join(kept))
            kept, length = [word], len(word)
        lines.append(" ".join(kept))
    return "\n".join(indent("\n".join(lines), indentation))


def ginkgo_error(heading: str, message: str) -> str:
    """types.GinkgoError.Error() (no code location, no doc link)."""
    return f"{C.bold}{C.red}{heading}{C.reset}\n" + fiw(1, 80, message) + "\n\n"


# internal/suite.go: what processes 2..N report when process 1's SynchronizedBeforeSuite fails
PROC1_FAILED = ginkgo_error(
    "SynchronizedBeforeSuite failed on Ginkgo parallel process #1",
    "The first SynchronizedBeforeSuite function running on Ginkgo parallel process #1 failed.  "
    "This suite will now abort.",
)


CTR_IMPORT = (
    "podman exec --privileged -i notification-e2e-worker ctr --namespace=k8s.io images import "
    "--all-platforms --digests --snapshotter=overlayfs -"
)
BLOB = "9b2f6c1d0e7a4f3b8c5d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b"
INGEST = (
    "/var/lib/containerd/io.containerd.content.v1.content/ingest/"
    "5d0c7f3b2e9a41c8b6f1a2d3e4c5b6a7d8e9f0a1b2c3d4e5f60718293a4b5c6d/data"
)
LOAD_ERROR = "failed to load image to Kind: exit status 1"
SETUP_ERROR = f"image loads failed: [{LOAD_ERROR}]"
# Gomega's Expect(err).ToNot(HaveOccurred()) message for SETUP_ERROR (*errors.errorString)
SETUP_FAILURE = (
    "Unexpected error:\n"
    "    <*errors.errorString | 0xc000b8e3f0>: \n"
    f"    {SETUP_ERROR}\n"
    "    {\n"
    f'        s: "{SETUP_ERROR}",\n'
    "    }\n"
    "occurred"
)


def failed_cluster_setup(t: dict[str, str]) -> list[Event]:
    """Process 1's SynchronizedBeforeSuite when the AuthWebhook image does not load."""
    return [
        *setup_banner(t["begin"]),
        out(
            *build("Notification"),
            "📦 PHASE 3: Loading images into Kind cluster...",
            "  ├── Notification Controller",
            "  └── AuthWebhook (SOC2)",
            "📦 Loading image to Kind cluster: notification-e2e",
            "   📦 Exporting image to: /tmp/notification-e2e-test.tar",
            "📦 Loading image to Kind cluster: notification-e2e",
            "   📦 Exporting image to: /tmp/authwebhook-e2e-test.tar",
            "   📦 Importing archive into Kind cluster...",
            "   📦 Importing archive into Kind cluster...",
            f'ERROR: failed to load image: command "{CTR_IMPORT}" failed with error: exit status 1',
            f'Command Output: ctr: failed to ingest "blobs/sha256:{BLOB}": failed to copy: write '
            f"{INGEST}: no space left on device",
            "   ✅ Removed tar file: /tmp/notification-e2e-test.tar",
            "   🗑️  Removing Podman image to free disk space...",
            f"Untagged: {IMAGE}",
            "Deleted: 3f9c2b7e1d4a6c8b0e2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b",
            f"   ✅ Podman image removed: {IMAGE}",
            "   ✅ Image loaded to Kind",
            "  ✅ Notification loaded",
            f"  ❌ AuthWebhook load failed: {LOAD_ERROR}",
        ),
        Fail(at(t["fail"]), SETUP_EXPECT_LINE, SETUP_FAILURE, "SynchronizedBeforeSuite"),
    ]


def not_written() -> Scenario:
    scn = Scenario(
        slug="not-written", procs=4, will_run=4,
        cli_start=at("16:07:02.000"), suite_start=at("16:07:13.508"),
        suite_end=at("16:13:03.760"), cli_end=at("16:13:04.305418"),
        controller_start=at("16:11:10.322"),
    )  # fmt: skip
    # One reconcile worker. The node's /tmp is full from 16:11:54.9 to 16:11:58.4: every file
    # write in that window fails; the writes before it succeed.
    scn.requests = [  # name, "init deliver done recheck", file stamp (the write), visible
        req("e2e-multi-channel-fanout", "16:11:52.559 16:11:52.639 16:11:53.009 16:11:53.019",
            "16:11:52.759403", "16:11:54.300"),
        req("e2e-priority-high-multi", "16:11:52.591 16:11:53.029 16:11:53.420 16:11:53.430",
            "16:11:53.149882", "16:11:54.900"),
        req("e2e-priority-validation", "16:11:54.419 16:11:54.499 16:11:54.760 16:11:54.772",
            "16:11:54.619330", "16:11:55.900"),
    ]  # fmt: skip
    scn.failed_files = [
        FailedFile(
            "e2e-priority-critical",
            init=at("16:11:54.762"),
            attempts=(
                attempt("16:11:54.852 16:11:54.962431 16:11:55.052 16:11:55.062", 1),
                attempt("16:11:56.058 16:11:56.147902 16:11:56.212 16:11:56.222", 2),
                attempt("16:11:58.218 16:11:58.305517 16:11:58.370 16:11:58.380", 4),
            ),
            final=at("16:12:02.376"),
            final_done=at("16:12:02.392"),
            final_recheck=at("16:12:02.402"),
            error=NO_SPACE,
        )
    ]
    pod = "notification-controller-5f8b9c7d6-tw4rk"
    setup = cluster_setup(
        {"begin": "16:07:13.559", "deploy": "16:11:07.884", "wait": "16:11:09.571",
         "ready": "16:11:22.046", "audit": "16:11:39.512", "webhook": "16:11:47.268"},
        pod)  # fmt: skip
    cleanup = cluster_cleanup(
        {"begin": "16:12:00.301", "deleted": "16:12:57.402", "rmi": "16:13:00.118",
         "end": "16:13:03.709"}, export_lines("20260110-111200"))  # fmt: skip
    scn.runs = [
        run("SynchronizedBeforeSuite", 1, "16:07:13.511-16:11:52.330",
            *setup, *process_setup(1, "16:11:47.297", "16:11:52.318")),
        *before_suites({2: "16:11:52.362", 3: "16:11:54.371", 4: "16:11:54.390"}, "16:07:13.511"),
        run(15, 1, "16:11:52.336-16:11:55.069",
            log("16:11:52.337", "Multi-channel fanout test starting", SHARED),
            step("16:11:52.538", "Creating NotificationRequest with three channels"),
            step("16:11:52.562", "Waiting for all channels to deliver successfully"),
            step("16:11:53.069", "Verifying all three channels delivered (BR-NOT-053)"),
            step("16:11:53.075", "Verifying file channel created audit file"),
            step("16:11:55.051", "Validating file content matches notification"),
            step("16:11:55.057", "Verifying delivery attempts recorded for all channels"),
            log("16:11:55.059", "✅ MULTI-CHANNEL SUCCESS: All 3 channels delivered successfully"),
            cleaned("16:11:55.066", FANOUT_GLOB, 1),
            waits=(seen("e2e-multi-channel-fanout", "16:11:53.075", "16:11:54.425"),)),
        run(19, 2, "16:11:52.367-16:11:55.578",
            log("16:11:52.368", "Priority routing test starting", SHARED),
            step("16:11:52.568", "Creating High priority NotificationRequest with three channels"),
            step("16:11:52.592",
                 "Waiting for high priority notification to be delivered to all channels"),
            step("16:11:53.597", "Verifying all three channels delivered successfully"),
            step("16:11:53.603", "Verifying file audit trail contains priority metadata"),
            step("16:11:55.561", "Verifying delivery attempts recorded for all channels"),
            log("16:11:55.563", "✅ HIGH PRIORITY MULTI-CHANNEL SUCCESS: All channels delivered "
                "with priority preserved"),
            cleaned("16:11:55.571", PRIORITY_GLOB, 1),
            waits=(seen("e2e-priority-high-multi", "16:11:53.603", "16:11:54.953"),)),
        run(17, 3, "16:11:54.376-16:12:00.291",
            log("16:11:54.377", "Priority routing test starting", SHARED),
            step("16:11:54.577",
                 "Creating Critical priority NotificationRequest with file channel"),
            step("16:11:54.601", "Waiting for critical notification to be delivered immediately"),
            log("16:11:55.106", "Critical notification delivered",
                ("deliveryTime", "528.912377ms")),
            step("16:11:55.108", "Verifying both channels delivered successfully"),
            step("16:11:55.114", "Verifying file audit trail was created"),
            fail("16:12:00.121", WAIT_LINE[17]),
            cleaned("16:12:00.283", PRIORITY_GLOB, 1),
            waits=(missed("e2e-priority-critical", "16:11:55.114", "16:12:00.121"),)),
        run(5, 4, "16:11:54.395-16:11:56.309",
            step("16:11:54.396", "Creating NotificationRequest with Critical priority"),
            step("16:11:54.420", "Waiting for successful delivery"),
            step("16:11:54.926", "Validating priority field in file (BR-NOT-056)"),
            waits=(seen("e2e-priority-validation", "16:11:54.926", "16:11:55.951"),)),
        *after_suites({2: "16:11:55.578", 4: "16:11:56.309", 3: "16:12:00.291"}),
        # process 1 waits in its SynchronizedAfterSuite for the others, then deletes the cluster
        run("SynchronizedAfterSuite", 1, "16:11:55.073-16:13:03.711",
            *process_cleanup(1, "16:11:55.074"), *cleanup),
    ]  # fmt: skip
    # --focus leaves 4 of 19 specs; the processes report the other 15 (S) as they reach them.
    scn.skips = {0: 5, 1: 4, 2: 3, 3: 3}
    return scn


# ---------------------------------------------------------------------------------------------
# Scenario 2: infrastructure, ginkgo -v --procs=4, image load fails in setup (~16:25 UTC)
# ---------------------------------------------------------------------------------------------
def infrastructure() -> Scenario:
    scn = Scenario(
        slug="infrastructure", procs=4, will_run=19,
        cli_start=at("16:20:20.000"), suite_start=at("16:20:31.588"),
        suite_end=at("16:25:47.986"), cli_end=at("16:25:48.531207"),
    )  # fmt: skip
    # The controller was never deployed: the CI step that saves `kubectl logs` found nothing.
    scn.controller_text = 'Error from server (NotFound): namespaces "notification-e2e" not found\n'
    setup = failed_cluster_setup({"begin": "16:20:31.639", "fail": "16:24:58.742"})
    cleanup = cluster_cleanup(
        {"begin": "16:24:58.851", "deleted": "16:25:44.213", "rmi": "16:25:44.402",
         "end": "16:25:47.935"},
        export_lines("20260110-112458"), logger=SETUP_LOGGER, setup_failed=True)  # fmt: skip
    proc1_failed = at("16:24:58.742")
    scn.runs = [run("SynchronizedBeforeSuite", 1, "16:20:31.591-16:24:58.744", *setup)]
    for p, seen_at in ((2, "16:24:58.789"), (3, "16:24:58.791"), (4, "16:24:58.793")):
        # BlockUntilSynchronizedBeforeSuiteData polls every 50 ms, then the node fails
        fail = Fail(at(seen_at), SUITE_NODES["SynchronizedBeforeSuite"], PROC1_FAILED,
                    "SynchronizedBeforeSuite")  # fmt: skip
        assert proc1_failed < fail.t
        begin = at("16:20:31.591") + (p - 1) * MS
        scn.runs.append(Run("SynchronizedBeforeSuite", p, begin, fail.t + 2 * MS, (fail,)))
    scn.runs += [
        *after_suites({2: "16:24:58.791", 3: "16:24:58.793", 4: "16:24:58.795"}),
        # the per-process logger was never created: process 1 still logs as the setup logger
        run("SynchronizedAfterSuite", 1, "16:24:58.748-16:25:47.937",
            *process_cleanup(1, "16:24:58.749", SETUP_LOGGER), *cleanup),
    ]  # fmt: skip
    # The summary follows the aggregated report: processes 2-4 end first, process 1 last.
    scn.failure_order = [2, 3, 4, 1]
    return scn


# ---------------------------------------------------------------------------------------------
# Scenario 3: flaky, ginkgo -v --procs=2 --focus=..., FlakeAttempts(2) retries once (~16:40 UTC)
# ---------------------------------------------------------------------------------------------
def flaky() -> Scenario:
    scn = Scenario(
        slug="flaky", procs=2, will_run=3,
        cli_start=at("16:35:31.000"), suite_start=at("16:35:42.211"),
        suite_end=at("16:40:39.466"), cli_end=at("16:40:40.012733"),
        controller_start=at("16:39:29.540"),
    )  # fmt: skip
    scn.requests = [  # name, "init deliver done recheck", file stamp (the write), visible
        req("e2e-priority-critical", "16:40:12.030 16:40:12.110 16:40:12.410 16:40:12.420",
            "16:40:12.230514", "16:40:13.700"),
        # attempt 1: written before the wait starts, visible only 5.65 s later (a stalled sync)
        req("e2e-priority-high-multi", "16:40:12.090 16:40:12.430 16:40:12.840 16:40:12.850",
            "16:40:12.550113", "16:40:18.200"),
        req("e2e-multi-channel-fanout", "16:40:14.777 16:40:14.857 16:40:15.227 16:40:15.237",
            "16:40:14.977288", "16:40:16.450"),
        # attempt 2 recreates the request (attempt 1's was deleted): a new file, a new stamp
        req("e2e-priority-high-multi", "16:40:18.493 16:40:18.573 16:40:18.983 16:40:18.993",
            "16:40:18.693627", "16:40:20.150"),
    ]  # fmt: skip
    pod = "notification-controller-6d4c8b9f7-k2vxq"
    setup = cluster_setup(
        {"begin": "16:35:42.262", "deploy": "16:39:27.118", "wait": "16:39:28.806",
         "ready": "16:39:41.311", "audit": "16:39:58.904", "webhook": "16:40:06.655"},
        pod)  # fmt: skip
    cleanup = cluster_cleanup(
        {"begin": "16:40:20.984", "deleted": "16:40:33.102", "rmi": "16:40:35.871",
         "end": "16:40:39.415"}, [])  # fmt: skip
    scn.runs = [
        run("SynchronizedBeforeSuite", 1, "16:35:42.214-16:40:11.802",
            *setup, *process_setup(1, "16:40:06.683", "16:40:11.797")),
        *before_suites({2: "16:40:11.861"}, "16:35:42.214"),
        run(17, 1, "16:40:11.806-16:40:14.541",
            log("16:40:11.807", "Priority routing test starting", SHARED),
            step("16:40:12.007",
                 "Creating Critical priority NotificationRequest with file channel"),
            step("16:40:12.031", "Waiting for critical notification to be delivered immediately"),
            log("16:40:12.533", "Critical notification delivered",
                ("deliveryTime", "524.318714ms")),
            step("16:40:12.535", "Verifying both channels delivered successfully"),
            step("16:40:12.541", "Verifying file audit trail was created"),
            step("16:40:14.521", "Validating priority field preserved in file audit"),
            log("16:40:14.524",
                "✅ CRITICAL PRIORITY SUCCESS: Delivered immediately with file audit trail"),
            cleaned("16:40:14.531", PRIORITY_GLOB, 1),
            waits=(seen("e2e-priority-critical", "16:40:12.541", "16:40:13.891"),)),
        run(19, 2, "16:40:11.866-16:40:20.975",
            log("16:40:11.867", "Priority routing test starting", SHARED),
            step("16:40:12.067", "Creating High priority NotificationRequest with three channels"),
            step("16:40:12.091",
                 "Waiting for high priority notification to be delivered to all channels"),
            step("16:40:13.097", "Verifying all three channels delivered successfully"),
            step("16:40:13.103", "Verifying file audit trail contains priority metadata"),
            fail("16:40:18.110", WAIT_LINE[19]),
            cleaned("16:40:18.262", PRIORITY_GLOB, 1),
            Retry(at("16:40:18.268"), 1),
            log("16:40:18.270", "Priority routing test starting", SHARED),
            step("16:40:18.470", "Creating High priority NotificationRequest with three channels"),
            step("16:40:18.494",
                 "Waiting for high priority notification to be delivered to all channels"),
            step("16:40:18.999", "Verifying all three channels delivered successfully"),
            step("16:40:19.005", "Verifying file audit trail contains priority metadata"),
            step("16:40:20.958", "Verifying delivery attempts recorded for all channels"),
            log("16:40:20.960", "✅ HIGH PRIORITY MULTI-CHANNEL SUCCESS: All channels delivered "
                "with priority preserved"),
            cleaned("16:40:20.967", PRIORITY_GLOB, 1),
            waits=(missed("e2e-priority-high-multi", "16:40:13.103", "16:40:18.110"),
                   seen("e2e-priority-high-multi", "16:40:19.005", "16:40:20.355", write=1))),
        run(15, 1, "16:40:14.553-16:40:17.262",
            log("16:40:14.554", "Multi-channel fanout test starting", SHARED),
            step("16:40:14.754", "Creating NotificationRequest with three channels"),
            step("16:40:14.778", "Waiting for all channels to deliver successfully"),
            step("16:40:15.284", "Verifying all three channels delivered (BR-NOT-053)"),
            step("16:40:15.290", "Verifying file channel created audit file"),
            step("16:40:17.241", "Validating file content matches notification"),
            step("16:40:17.247", "Verifying delivery attempts recorded for all channels"),
            log("16:40:17.249", "✅ MULTI-CHANNEL SUCCESS: All 3 channels delivered successfully"),
            cleaned("16:40:17.256", FANOUT_GLOB, 1),
            waits=(seen("e2e-multi-channel-fanout", "16:40:15.290", "16:40:16.640"),)),
        *after_suites({2: "16:40:20.975"}),
        run("SynchronizedAfterSuite", 1, "16:40:17.266-16:40:39.417",
            *process_cleanup(1, "16:40:17.267"), *cleanup),
    ]  # fmt: skip
    scn.skips = {0: 8, 1: 6, 2: 2}
    return scn


# ---------------------------------------------------------------------------------------------
# Scenario 4: skewed-clock, ginkgo -v --procs=2 --focus=..., all pass, test clock 7.5 s behind
# ---------------------------------------------------------------------------------------------
SKEW = timedelta(seconds=-7.5)


def found(hms: str, request: Request) -> Log:
    """A debug line added to the spec after WaitForFileInPod: the file it copied."""
    return log(hms, "Found notification file", ("file", request.file_name))


def skewed_clock() -> Scenario:
    scn = Scenario(
        slug="skewed-clock", procs=2, will_run=3,
        cli_start=at("17:00:41.000"), suite_start=at("17:00:52.417"),
        suite_end=at("17:05:31.751"), cli_end=at("17:05:32.296581"),
        skew=SKEW, controller_start=at("17:04:26.514"),
    )  # fmt: skip
    scn.requests = [  # name, "init deliver done recheck", file stamp (the write), visible
        req("e2e-priority-validation", "17:05:08.442 17:05:08.522 17:05:08.802 17:05:08.813",
            "17:05:08.642813", "17:05:10.050"),
        req("e2e-priority-critical", "17:05:08.803 17:05:08.893 17:05:09.173 17:05:09.183",
            "17:05:09.013374", "17:05:10.350"),
        req("e2e-multi-channel-fanout", "17:05:10.791 17:05:10.871 17:05:11.241 17:05:11.251",
            "17:05:10.991655", "17:05:12.450"),
    ]  # fmt: skip
    critical, fanout = scn.writes("e2e-priority-critical")[0], scn.writes(FANOUT_KEY)[0]
    pod = "notification-controller-7c5d9b8f4-p9wzn"
    setup = cluster_setup(
        {"begin": "17:00:52.468", "deploy": "17:04:24.073", "wait": "17:04:25.760",
         "ready": "17:04:38.209", "audit": "17:04:55.842", "webhook": "17:05:03.317"},
        pod)  # fmt: skip
    cleanup = cluster_cleanup(
        {"begin": "17:05:13.283", "deleted": "17:05:25.390", "rmi": "17:05:28.166",
         "end": "17:05:31.702"}, [])  # fmt: skip
    scn.runs = [
        run("SynchronizedBeforeSuite", 1, "17:00:52.420-17:05:08.412",
            *setup, *process_setup(1, "17:05:03.345", "17:05:08.407")),
        *before_suites({2: "17:05:08.455"}, "17:00:52.420"),
        run(5, 1, "17:05:08.418-17:05:10.552",
            step("17:05:08.419", "Creating NotificationRequest with Critical priority"),
            step("17:05:08.443", "Waiting for successful delivery"),
            step("17:05:08.949", "Validating priority field in file (BR-NOT-056)"),
            waits=(seen("e2e-priority-validation", "17:05:08.949", "17:05:10.101"),)),
        run(17, 2, "17:05:08.460-17:05:11.196",
            log("17:05:08.461", "Priority routing test starting", SHARED),
            step("17:05:08.661",
                 "Creating Critical priority NotificationRequest with file channel"),
            step("17:05:08.685", "Waiting for critical notification to be delivered immediately"),
            log("17:05:09.188", "Critical notification delivered",
                ("deliveryTime", "526.104392ms")),
            step("17:05:09.190", "Verifying both channels delivered successfully"),
            step("17:05:09.196", "Verifying file audit trail was created"),
            found("17:05:11.172", critical),
            step("17:05:11.178", "Validating priority field preserved in file audit"),
            log("17:05:11.181",
                "✅ CRITICAL PRIORITY SUCCESS: Delivered immediately with file audit trail"),
            cleaned("17:05:11.188", PRIORITY_GLOB, 2),
            waits=(seen("e2e-priority-critical", "17:05:09.196", "17:05:10.546"),)),
        run(15, 1, "17:05:10.567-17:05:13.273",
            log("17:05:10.568", "Multi-channel fanout test starting", SHARED),
            step("17:05:10.768", "Creating NotificationRequest with three channels"),
            step("17:05:10.792", "Waiting for all channels to deliver successfully"),
            step("17:05:11.298", "Verifying all three channels delivered (BR-NOT-053)"),
            step("17:05:11.304", "Verifying file channel created audit file"),
            found("17:05:13.250", fanout),
            step("17:05:13.256", "Validating file content matches notification"),
            step("17:05:13.262", "Verifying delivery attempts recorded for all channels"),
            log("17:05:13.264", "✅ MULTI-CHANNEL SUCCESS: All 3 channels delivered successfully"),
            cleaned("17:05:13.271", FANOUT_GLOB, 1),
            waits=(seen(FANOUT_KEY, "17:05:11.304", "17:05:12.654"),)),
        *after_suites({2: "17:05:11.196"}),
        run("SynchronizedAfterSuite", 1, "17:05:13.277-17:05:31.704",
            *process_cleanup(1, "17:05:13.278"), *cleanup),
    ]  # fmt: skip
    scn.skips = {0: 8, 1: 6, 2: 2}
    return scn
