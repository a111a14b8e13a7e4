"""Drive the real Bolt app with signed Slack requests and time each one: the ack, the reply, the CPU spent."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bench.cpu import now as cpu_now
from bench.workspace import Sample
from kambot.config import load_settings
from kambot.core.dispatch import Core
from kambot.slack.app import create_app
from kambot.testing.fake_slack import requests as sr
from kambot.testing.fake_slack.api import FakeSlack
from kambot.testing.executor import TrackingExecutor

COMMANDS = ("log", "who", "account", "stale", "dm", "digest")
TEAM_WIDE = ("stale all", "keys", "digest all")  # the whole workspace in one answer: O(accounts) by design


def lines(kind: str, sample: Sample) -> tuple[str, str]:
    """(slash text or DM text, Fake Slack method the reply arrives by) for one command about one account."""
    who = sample.contact or "Ana"
    return {
        "log": (f"log call with {who} at {sample.name} yesterday, next: send the proposal by Friday", "response_url"),
        "who": (f"who {sample.name}", "response_url"),
        "account": (f"account {sample.name}", "response_url"),
        "stale": ("stale", "response_url"),
        "dm": (f"met {who} at {sample.name} today, they want a pilot", "chat.postMessage"),
        "digest": ("digest preview mine", "response_url"),
        "stale all": ("stale all", "response_url"),
        "keys": ("keys", "response_url"),
        "digest all": ("digest preview all", "response_url"),
    }[kind]


@dataclass
class Timings:
    """Seconds per request: ack (dispatch returned) and its thread's CPU, reply (Slack got the answer), all CPU."""

    ack: list[float] = field(default_factory=list)
    ack_cpu: list[float] = field(default_factory=list)  # the request thread only: what other processes cannot inflate
    reply: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


class Driver:
    """The app from create_app on a FakeSlack; one request at a time, each on an idle app."""

    def __init__(self, engine: Engine, fake: FakeSlack):
        self.fake = fake
        settings = load_settings({"SLACK_API_URL": fake.base_url, "SLACK_BOT_TOKEN": "xoxb-bench",
                                  "SLACK_SIGNING_SECRET": sr.SIGNING_SECRET})
        client = WebClient(base_url=fake.base_url, token="xoxb-bench")
        self.app = create_app(settings=settings, core=Core(engine), client=client,
                              clock=lambda: datetime.now(timezone.utc))
        self.pool = TrackingExecutor("bench-slack")
        self.app.listener_runner.listener_executor = self.pool
        self.app.listener_runner.lazy_listener_runner.executor = self.pool

    def request(self, kind: str, sample: Sample):
        """The signed request Slack would send (signed now: Bolt rejects stale timestamps)."""
        text, _ = lines(kind, sample)
        if kind == "dm":
            return sr.dm_event(text, user=sample.owner)
        return sr.slash_command(text, user_id=sample.owner, channel_id="C_BENCH", response_url=self.fake.response_url())

    def one(self, kind: str, sample: Sample, into: Timings, profiler=None) -> None:
        """Dispatch, time the ack, wait for the reply and for every follow-up (Home refresh) to finish."""
        method = lines(kind, sample)[1]
        seen = len(self.fake.calls(method))
        request = self.request(kind, sample).to_bolt()
        cpu = cpu_now()  # first: on PostgreSQL it reads /proc, which must not count as the ack
        started, thread = time.perf_counter(), time.thread_time()
        if profiler is not None:  # the ack path only: the work after it runs on the pool's threads
            profiler.enable()
        response = self.app.dispatch(request)
        if profiler is not None:
            profiler.disable()
        acked, ack_cpu = time.perf_counter(), time.thread_time() - thread
        if response.status != 200:
            raise RuntimeError(f"{kind}: HTTP {response.status} {response.body}")
        self.fake.wait_for(method, count=seen + 1, timeout=120)
        replied = time.perf_counter()
        self.pool.settle(timeout=120)
        into.ack.append(acked - started)
        into.ack_cpu.append(ack_cpu)
        into.reply.append(replied - started)
        into.cpu.append(cpu_now() - cpu)

    def run(self, kind: str, samples: list[Sample], budget: float | None = None, least: int = 10) -> Timings:
        """One request per sample, in order; with a budget (seconds), stop once it is spent and `least` ran."""
        found, started = Timings(), time.perf_counter()
        for sample in samples:
            self.one(kind, sample, found)
            if budget is not None and len(found.ack) >= least and time.perf_counter() - started > budget:
                break  # a slow command at size L: fewer samples, still a p99 of what was seen
        if len(self.fake.calls()) > 5_000:
            self.fake.reset()  # its call list is scanned on every wait
        return found

    def profile_acks(self, kind: str, samples: list[Sample]) -> str:
        """cProfile of app.dispatch alone (the acknowledgement), over these requests."""
        import cProfile

        from bench.profiling import summary

        profiler = cProfile.Profile()
        for sample in samples:
            self.one(kind, sample, Timings(), profiler)
        return summary(profiler)

    def close(self) -> None:
        """Let the last follow-ups finish, then stop the pool."""
        self.pool.settle(timeout=120)
        self.pool.shutdown(wait=True)
