"""What fanout.py and soak.py share: starting a server under test, watching its CPU and memory,
and driving client worker processes through measured runs."""
from __future__ import annotations

import json
import math
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from _load import SEATS_PER_TABLE, TableSpec, die_with_parent, percentile, worker_main

REPO = Path(__file__).resolve().parent.parent
START_SECONDS = 60.0
CONNECT_SECONDS_PER_TABLE = 2.0
SCENARIO = "plates-2021"
# The load generator opens every table's game from one address, and the classroom workload opens
# a new one whenever a game ends: past the REST creation limit a real class never reaches.
BENCH_ENV = {**os.environ, "CRISIS_CREATE_LIMIT": "1000000 per minute"}


def prepare_bench_process() -> None:
    """Turn SIGTERM into SystemExit so that `finally` blocks stop the servers and workers, and allow
    as many open files as the system lets (1,000 clients and the server's 1,000 sockets pass a
    common default of 1,024); the servers and workers inherit the limit."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = hard if hard != resource.RLIM_INFINITY else 65536
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ImportError, ValueError, OSError):
        pass


def code_version() -> str:
    """The commit measured, and whether server/ or game_rules/ differed from it (others' work in
    progress in a shared tree)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "server", "game_rules"], cwd=REPO,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head or 'unknown'}{'+uncommitted' if dirty else ''}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(method: str, url: str, body: Any = None, timeout: float = 10.0) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


# ---- servers under test -----------------------------------------------------------------------

class Servers:
    """One or more server processes of one kind, started and stopped together, watched for CPU and
    resident memory (summed over the processes)."""

    def __init__(self, kind: str, commands: list[list[str]], ports: list[int], workdir: Path, setup: str,
                 env: dict[str, str] | None = None):
        self.kind = kind
        self.setup = setup
        self.store_dir = workdir
        self.urls = [f"http://127.0.0.1:{p}" for p in ports]
        self.workdir = workdir
        self.procs: list[subprocess.Popen] = []
        self.logs = []
        for i, command in enumerate(commands):
            log = open(workdir / f"{kind}-{i}.log", "wb")
            self.logs.append(log)
            self.procs.append(subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                                               preexec_fn=die_with_parent, env={**BENCH_ENV, **(env or {})}))
        self._watched = [psutil.Process(p.pid) for p in self.procs]
        self._samples: list[tuple[float, float]] = []  # (time, rss MB)
        self._stop = threading.Event()
        self._sampler: threading.Thread | None = None

    @classmethod
    def baseline(cls, workdir: Path, payload_bytes: int, tuning: str = "freeze") -> Servers:
        port = free_port()
        command = [sys.executable, str(REPO / "bench" / "baseline_server.py"), "--port", str(port),
                   "--payload-bytes", str(payload_bytes), "--tuning", tuning]
        return cls("baseline", [command], [port], workdir, f"store=- processes=1 tuning={tuning}")

    @classmethod
    def game_server(cls, workdir: Path, processes: int = 1, redis_url: str | None = None,
                    data_dir: str | None = None, env: dict[str, str] | None = None) -> Servers:
        store = Path(tempfile.mkdtemp(prefix="fanout-store-", dir=data_dir)) if data_dir else workdir
        ports = [free_port() for _ in range(processes)]
        commands = []
        for port in ports:
            command = [sys.executable, "-m", "server.cli", "serve", "--port", str(port)]
            command += ["--redis", redis_url] if redis_url else ["--data", str(store / "bench.sqlite3")]
            commands.append(command)
        where = f" data_dir={data_dir}" if data_dir and not redis_url else ""
        servers = cls("server", commands, ports, workdir,
                      f"store={'redis' if redis_url else 'sqlite'}{where} processes={processes}", env)
        servers.store_dir = store
        return servers

    def wait_ready(self, timeout: float = START_SECONDS) -> None:
        """Wait for every process to answer /healthz; fail with its log if it died or never did."""
        deadline = time.monotonic() + timeout
        for proc, url in zip(self.procs, self.urls, strict=True):
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"{self.kind} server exited with {proc.returncode}:\n{self.log_tail()}")
                try:
                    http_json("GET", url + "/healthz", timeout=2)
                    break
                except (urllib.error.URLError, ConnectionError, OSError, ValueError) as error:
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"{self.kind} server not ready after {timeout:.0f} s:\n{self.log_tail()}") from error
                    time.sleep(0.05)
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def log_tail(self, lines: int = 15) -> str:
        out = []
        for log in self.logs:
            log.flush()
            out += Path(log.name).read_text(errors="replace").splitlines()[-lines:]
        return "\n".join(out)

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.procs)

    def cpu_seconds(self) -> float:
        total = 0.0
        for proc in self._watched:
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return total

    def rss_mb(self) -> float:
        total = 0
        for proc in self._watched:
            try:
                total += proc.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total / 2**20

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            self._samples.append((time.monotonic(), self.rss_mb()))

    def peak_rss_mb(self, since: float = 0.0) -> float:
        values = [mb for t, mb in self._samples if t >= since]
        return max(values, default=self.rss_mb())

    def mean_rss_mb(self, start: float, end: float) -> float:
        values = [mb for t, mb in self._samples if start <= t <= end]
        return sum(values) / len(values) if values else self.rss_mb()

    def stop(self) -> None:
        self._stop.set()
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for log in self.logs:
            log.close()


def open_games(server: Servers, tables: int) -> list[TableSpec]:
    """Create one game per table through the REST API (docs/protocol.md), in the lobby, where
    seated players may chat in the plenary."""
    specs = []
    for i in range(tables):
        answer = http_json("POST", server.urls[0] + "/api/games", {"scenario": SCENARIO, "team_size": 1})
        specs.append(TableSpec(i, answer["game"], answer["code"]))
    return specs


def baseline_tables(tables: int) -> list[TableSpec]:
    return [TableSpec(i, f"t{i:04d}") for i in range(tables)]


# ---- the load generator -----------------------------------------------------------------------

@dataclass
class Figures:
    """One measured run, all workers together."""

    kind: str
    tables: int
    rate: float
    seconds: float
    setup: str = "store=- processes=1"
    sent: int = 0
    delivered: int = 0
    expected: int = 0
    incomplete: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    disconnects: int = 0
    latencies: list[float] = field(default_factory=list)
    server_cpu_pct: float = 0.0
    server_cpu_seconds: float = 0.0
    rss_mb: float = 0.0  # peak over the run
    rss_mean_mb: float = 0.0
    load_cpu_pct_max: float = 0.0
    loop_lag_ms_max: float = 0.0
    payload_bytes: int = 0
    server_alive: bool = True

    @classmethod
    def merge(cls, parts: list[Figures]) -> Figures:
        """Slices of one configuration's load as one measurement (CPU weighted by time)."""
        first = parts[0]
        whole = cls(first.kind, first.tables, first.rate, sum(p.seconds for p in parts), first.setup)
        for p in parts:
            whole.sent += p.sent
            whole.delivered += p.delivered
            whole.expected += p.expected
            whole.incomplete += p.incomplete
            whole.errors += p.errors
            whole.error_count += p.error_count
            whole.latencies += p.latencies
            whole.server_cpu_pct += p.server_cpu_pct * p.seconds / whole.seconds
            whole.server_cpu_seconds += p.server_cpu_seconds
        whole.disconnects = max(p.disconnects for p in parts)  # counted since connecting
        whole.rss_mb = max(p.rss_mb for p in parts)
        whole.rss_mean_mb = parts[-1].rss_mean_mb
        whole.load_cpu_pct_max = max(p.load_cpu_pct_max for p in parts)
        whole.loop_lag_ms_max = max(p.loop_lag_ms_max for p in parts)
        whole.payload_bytes = sorted(p.payload_bytes for p in parts)[len(parts) // 2]
        whole.server_alive = all(p.server_alive for p in parts)
        whole.latencies.sort()
        return whole

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.delivered == self.expected and self.error_count == 0 and self.server_alive

    def p(self, q: float) -> float:
        return 1000.0 * percentile(self.latencies, q)

    @property
    def messages_per_second(self) -> float:
        return self.tables * SEATS_PER_TABLE * self.rate

    def line(self, baseline: Figures | None = None, compare: bool = True) -> str:
        """The summary line; `baseline` None compares a baseline run with itself, and a server run
        with nothing (nan)."""
        base_p99 = (baseline or self).p(99) if (baseline or self.kind == "baseline") else math.nan
        ratio = self.p(99) / base_p99 if base_p99 > 0 else math.nan
        comparison = f"baseline_p99_ms={base_p99:.1f} ratio_p99={ratio:.2f} " if compare else ""
        return (f"config={self.kind} {self.setup} tables={self.tables} seats={self.tables * SEATS_PER_TABLE} "
                f"rate={self.rate:g} msgs_per_s={self.messages_per_second:.0f} seconds={self.seconds:g} "
                f"delivered={self.delivered}/{self.expected} p50_ms={self.p(50):.1f} p90_ms={self.p(90):.1f} "
                f"p99_ms={self.p(99):.1f} "
                f"max_ms={self.p(100):.1f} {comparison}"
                f"rss_mb={self.rss_mb:.0f} server_cpu_pct={self.server_cpu_pct:.0f} "
                f"server_cpu_ms_per_action={1000 * self.server_cpu_seconds / max(1, self.sent):.2f} "
                f"payload_bytes={self.payload_bytes} errors={self.error_count} disconnects={self.disconnects} "
                f"load_cpu_pct_max={self.load_cpu_pct_max:.0f} load_lag_ms_max={self.loop_lag_ms_max:.0f}")


class LoadGenerator:
    """Client worker processes, each holding every seat of its share of the tables."""

    def __init__(self, kind: str, urls: list[str], tables: list[TableSpec], processes: int):
        context = multiprocessing.get_context("spawn")
        processes = max(1, min(processes, len(tables)))
        self.kind = kind
        self.tables = tables
        self.workers = []
        for w in range(processes):
            mine = [t for t in tables if t.index % processes == w]
            parent, child = context.Pipe()
            proc = context.Process(target=worker_main, args=(child, kind, urls, mine), daemon=True)
            proc.start()
            self.workers.append((proc, parent))

    def _ask_all(self, command: tuple, timeout: float) -> list[dict[str, Any]]:
        for _, conn in self.workers:
            conn.send(command)
        answers = []
        deadline = time.monotonic() + timeout
        for proc, conn in self.workers:
            try:
                if not conn.poll(max(0.0, deadline - time.monotonic())):
                    raise RuntimeError(f"a load worker did not answer {command[0]!r} within {timeout:.0f} s")
                status, body = conn.recv()
            except (EOFError, OSError) as error:
                raise RuntimeError(f"a load worker died (exit code {proc.exitcode}) during {command[0]!r}") from error
            if status == "failed":
                raise RuntimeError(f"a load worker failed on {command[0]!r}: {body}")
            answers.append(body)
        return answers

    def connect(self) -> int:
        timeout = 60 + CONNECT_SECONDS_PER_TABLE * len(self.tables)
        return sum(a["clients"] for a in self._ask_all(("connect",), timeout))

    def measure(self, server: Servers, rate: float, seconds: float, payload_bytes: int | None = None) -> Figures:
        start_wall = time.time() + 0.5
        started = time.monotonic()
        cpu_before = server.cpu_seconds()
        answers = self._ask_all(("run", rate, seconds, start_wall, payload_bytes), seconds + 60)
        wall = time.monotonic() - started
        figures = Figures(self.kind, len(self.tables), rate, seconds, server.setup)
        figures.server_cpu_seconds = server.cpu_seconds() - cpu_before
        figures.server_cpu_pct = 100.0 * figures.server_cpu_seconds / wall
        figures.rss_mb = server.peak_rss_mb(since=started)
        figures.rss_mean_mb = server.mean_rss_mb(started, time.monotonic())
        figures.server_alive = server.alive()
        sizes: list[int] = []
        for a in answers:
            figures.sent += a["sent"]
            figures.delivered += a["delivered"]
            figures.expected += a["expected"]
            figures.incomplete += a["incomplete"]
            figures.errors += a["errors"]
            figures.error_count += a["error_count"]
            figures.disconnects += a["disconnects"]
            figures.latencies += a["latencies"]
            figures.load_cpu_pct_max = max(figures.load_cpu_pct_max, a["cpu_pct"])
            figures.loop_lag_ms_max = max(figures.loop_lag_ms_max, a["loop_lag_ms"])
            sizes += a["payload_sizes"]
        figures.latencies.sort()
        figures.payload_bytes = sorted(sizes)[len(sizes) // 2] if sizes else 0
        return figures

    def close(self) -> None:
        try:
            self._ask_all(("close",), 30)
        except (RuntimeError, OSError, EOFError):
            pass
        for proc, _ in self.workers:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()
                proc.join()


class Session:
    """A server of one kind with its clients connected: `measure` as many runs as wanted, then `close`."""

    def __init__(self, kind: str, tables: int, load_processes: int, payload_bytes: int = 2048,
                 server_processes: int = 1, redis_url: str | None = None, data_dir: str | None = None,
                 tuning: str = "freeze"):
        self.workdir = Path(tempfile.mkdtemp(prefix=f"fanout-{kind}-"))
        self.server = (Servers.baseline(self.workdir, payload_bytes, tuning) if kind == "baseline"
                       else Servers.game_server(self.workdir, server_processes, redis_url, data_dir))
        self.load: LoadGenerator | None = None
        try:
            self.server.wait_ready()
            specs = baseline_tables(tables) if kind == "baseline" else open_games(self.server, tables)
            self.load = LoadGenerator(kind, self.server.urls, specs, load_processes)
            self.clients = self.load.connect()
        except BaseException:
            self.close()
            raise

    def measure(self, rate: float, seconds: float, payload_bytes: int | None = None) -> Figures:
        """A run at `rate` actions a second per table; the baseline broadcasts `payload_bytes`
        (default: what it was started with)."""
        return self.load.measure(self.server, rate, seconds, payload_bytes)

    def close(self) -> None:
        if self.load is not None:
            self.load.close()
        self.server.stop()
        if os.environ.get("FANOUT_KEEP_LOGS"):
            print(f"# logs kept in {self.workdir}", file=sys.stderr)
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)
            shutil.rmtree(self.server.store_dir, ignore_errors=True)
