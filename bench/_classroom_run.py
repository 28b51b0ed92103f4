"""fanout.py --workload classroom: the game server under a class's play (bench/_classroom.py),
beside two bare Flask-SocketIO servers (stock, and with the game server's generic tuning)
broadcasting to as many connections per table, at the rate the game server's tables acted and
with the size its updates weighed (median), all three measured in alternating slices.

Output: one line per kind of action, one line per configuration, and last:
workload=classroom tables=T delivered=X/Y p50_ms=… p99_ms=… tuned_p99_ms=… ratio_p99_tuned=…
bytes_per_conn_s=… max_update_bytes=… rss_mb=…
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _classroom import CONNECTIONS_PER_TABLE, KINDS, worker_main
from _harness import Figures, Servers, Session, http_json
from _load import SEATS_PER_TABLE, percentile


class ClassroomLoad:
    """Worker processes, each playing its share of the tables."""

    def __init__(self, urls: list[str], tables: int, processes: int, settings: dict[str, Any]):
        context = multiprocessing.get_context("spawn")
        processes = max(1, min(processes, tables))
        self.workers = []
        for w in range(processes):
            mine = [t for t in range(tables) if t % processes == w]
            parent, child = context.Pipe()
            proc = context.Process(target=worker_main, args=(child, urls[w % len(urls)], mine, settings), daemon=True)
            proc.start()
            self.workers.append((proc, parent))

    def ask(self, command: tuple, timeout: float) -> list[dict[str, Any]]:
        for _, conn in self.workers:
            conn.send(command)
        answers = []
        deadline = time.monotonic() + timeout
        for _proc, conn in self.workers:
            if not conn.poll(max(0.0, deadline - time.monotonic())):
                raise RuntimeError(f"a classroom worker did not answer {command[0]!r} within {timeout:.0f} s")
            status, body = conn.recv()
            if status == "failed":
                raise RuntimeError(f"a classroom worker failed on {command[0]!r}: {body}")
            answers.append(body)
        return answers

    def close(self) -> None:
        try:
            self.ask(("close",), 60)
        except (RuntimeError, OSError, EOFError):
            pass
        for proc, _ in self.workers:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()


def run_classroom(args: argparse.Namespace) -> int:
    """The game server and both baselines up at once, measured in alternating slices (as the lobby
    workload is), so that a burst of load from elsewhere on a shared machine falls on all three
    alike; each baseline slice broadcasts at the rate and with the median update size of the game
    server's slice before it."""
    settings = {"rounds": args.rounds, "orders_seconds": args.orders_seconds, "talks_seconds": args.talks_seconds,
                "chat_every": args.chat_every}
    workdir = Path(tempfile.mkdtemp(prefix="fanout-classroom-"))
    server = Servers.game_server(workdir, args.processes, args.redis, args.data_dir)
    load, baselines = None, {}
    tunings = () if args.only == "server" else ("stock", "tuned")
    answers: list[dict[str, Any]] = []
    parts: dict[str, list] = {tuning: [] for tuning in tunings}
    cpu = wall = rss = 0.0
    alive = True
    per_slice = args.seconds / args.slices
    try:
        server.wait_ready()
        load = ClassroomLoad(server.urls, args.tables, args.load_processes, settings)
        load.ask(("connect",), 120 + 3 * args.tables)
        warm = _merge(load.ask(("run", args.warm_up, time.time() + 0.5, 0.0), args.warm_up + 90))
        rate, payload = _rate_and_payload(warm, args.tables, args.warm_up)
        for tuning in tunings:
            baselines[tuning] = _open_baseline(args, tuning, payload)
            if baselines[tuning] is not None:
                baselines[tuning].measure(max(rate, 0.01), min(args.warm_up, 3.0), payload)
        for _ in range(args.slices):
            started, cpu_before = time.monotonic(), server.cpu_seconds()
            got = load.ask(("run", per_slice, time.time() + 0.5, 0.0), per_slice + 90)
            cpu += server.cpu_seconds() - cpu_before
            wall += time.monotonic() - started
            rss = max(rss, server.peak_rss_mb(since=started))
            alive = alive and server.alive()
            answers += got
            rate, payload = _rate_and_payload(_merge(got), args.tables, per_slice)
            for tuning, session in baselines.items():
                if session is not None:
                    parts[tuning].append(session.measure(max(rate, 0.01), per_slice, payload))
    except RuntimeError as exc:
        print(f"workload=classroom tables={args.tables} error=setup_failed {exc}"[:2000])
        return 2
    finally:
        for session in baselines.values():
            if session is not None:
                session.close()
        if load is not None:
            load.close()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(server.store_dir, ignore_errors=True)
    figures = _merge(answers)
    seconds = args.seconds
    sent, expected, delivered = figures["sent"], figures["expected"], figures["delivered"]
    everything = sorted(x for values in figures["latencies"].values() for x in values)
    for kind in KINDS:
        values = sorted(figures["latencies"].get(kind, []))
        print(f"kind={kind} actions={len(values)} p50_ms={_ms(values, 50)} p99_ms={_ms(values, 99)} "
              f"max_ms={_ms(values, 100)}", flush=True)
    rate, payload = _rate_and_payload(figures, args.tables, seconds)
    bytes_per_conn_s = figures["bytes_received"] / figures["connections"] * args.slices / seconds
    cpu_ms = 1000 * cpu / max(1, sent)
    lags = sorted(figures.get("loop_lags", []))
    refusals = ",".join(f"{k}={v}" for k, v in sorted(figures["refusals"].items())) or "none"
    print(f"config=server {server.setup} tables={args.tables} connections={figures['connections'] // args.slices} "
          f"seconds={seconds:g} actions={sent} actions_per_table_s={rate:.2f} delivered={delivered}/{expected} "
          f"p50_ms={_ms(everything, 50)} p99_ms={_ms(everything, 99)} max_ms={_ms(everything, 100)} "
          f"bytes_per_conn_s={bytes_per_conn_s:.0f} median_update_bytes={payload} "
          f"max_update_bytes={figures['largest_delta']} rss_mb={rss:.0f} server_cpu_pct={100 * cpu / max(wall, 1e-9):.0f} "
          f"server_cpu_ms_per_action={cpu_ms:.2f} "
          f"games_ended={figures['games_ended']} cut_off={figures['cut_off']} resyncs={figures['resyncs']} "
          f"unanswered={figures['unanswered']} errors={figures['error_count']} disconnects={figures['disconnects']} "
          f"load_cpu_pct_max={figures['cpu_pct']:.0f} load_lag_p99_ms={_ms(lags, 99)} load_lag_max_ms={_ms(lags, 100)} "
          f"refusals={refusals}", flush=True)
    for error in figures["errors"][:5]:
        print(f"#   server error: {error}", file=sys.stderr)
    merged = {tuning: Figures.merge(runs) for tuning, runs in parts.items() if runs}
    for tuning in tunings:
        if tuning in merged:
            print(merged[tuning].line(compare=False), flush=True)
    tuned = merged.get("tuned")
    tuned_p99 = tuned.p(99) if tuned else math.nan
    p99 = 1000 * percentile(everything, 99) if everything else math.nan
    complete = expected > 0 and delivered == expected and alive and figures["error_count"] == 0
    print(f"workload=classroom tables={args.tables} delivered={delivered}/{expected} "
          f"p50_ms={_ms(everything, 50)} p99_ms={_ms(everything, 99)} tuned_p99_ms={tuned_p99:.1f} "
          f"ratio_p99_tuned={p99 / tuned_p99 if tuned_p99 > 0 else math.nan:.2f} "
          f"bytes_per_conn_s={bytes_per_conn_s:.0f} max_update_bytes={figures['largest_delta']} rss_mb={rss:.0f}",
          flush=True)
    return 0 if complete else 1


def _rate_and_payload(figures: dict[str, Any], tables: int, seconds: float) -> tuple[float, int]:
    """Actions a second per table, and the median update size, of a measured stretch."""
    sizes = sorted(figures["delta_sizes"])
    return figures["sent"] / tables / seconds if seconds else 0.0, (sizes[len(sizes) // 2] if sizes else 2048)


def _open_baseline(args: argparse.Namespace, tuning: str, payload: int) -> Session | None:
    """A bare server of `tuning` with 8 connections a table, as many as a classroom table holds."""
    assert SEATS_PER_TABLE == CONNECTIONS_PER_TABLE
    try:
        return Session("baseline", args.tables, args.load_processes, payload_bytes=payload, tuning=tuning)
    except Exception as exc:  # noqa: BLE001 - reported, the server's figures still stand
        print(f"config=baseline tuning={tuning} error=setup_failed {exc}"[:500])
        return None


def _merge(answers: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {"latencies": {}, "refusals": {}, "errors": [], "delta_sizes": []}
    for a in answers:
        for kind, values in a["latencies"].items():
            merged["latencies"].setdefault(kind, []).extend(values)
        for key, count in a["refusals"].items():
            merged["refusals"][key] = merged["refusals"].get(key, 0) + count
        merged["errors"] += a["errors"]
        merged["delta_sizes"] += a["delta_sizes"]
        merged["loop_lags"] = merged.get("loop_lags", []) + a.get("loop_lags", [])
        for key in ("sent", "expected", "delivered", "unanswered", "error_count", "resyncs", "disconnects",
                    "games_ended", "bytes_received", "connections", "cut_off"):
            merged[key] = merged.get(key, 0) + a[key]
        merged["largest_delta"] = max(merged.get("largest_delta", 0), a["largest_delta"])
        merged["cpu_pct"] = max(merged.get("cpu_pct", 0.0), a["cpu_pct"])
    return merged


def _ms(sorted_values: list[float], q: float) -> str:
    return f"{1000 * percentile(sorted_values, q):.1f}" if sorted_values else "nan"


def soak_classroom(args: argparse.Namespace) -> int:
    """soak.py --workload classroom: tables played as a class plays them for `--minutes`, games
    ending and replaced by new ones all the while, one line a minute: delivery, errors, the
    server's mean RSS and how many games it holds in memory (GET /healthz)."""
    settings = {"rounds": args.rounds, "orders_seconds": args.orders_seconds, "talks_seconds": args.talks_seconds,
                "chat_every": args.chat_every}
    env = {"CRISIS_UNLOAD_IDLE_SECONDS": str(args.unload_idle_seconds)} if args.unload_idle_seconds else None
    workdir = Path(tempfile.mkdtemp(prefix="soak-classroom-"))
    server = Servers.game_server(workdir, 1, None, args.data_dir, env)
    load = None
    minutes: list[dict[str, Any]] = []
    try:
        server.wait_ready()
        load = ClassroomLoad(server.urls, args.tables, args.load_processes, settings)
        load.ask(("connect",), 120 + 3 * args.tables)
        for minute in range(1, args.minutes + 1):
            started = time.monotonic()
            got = _merge(load.ask(("run", args.minute_seconds, time.time() + 0.5, 0.0), args.minute_seconds + 90))
            got["rss_mean_mb"] = server.mean_rss_mb(started, time.monotonic())
            got["rss_peak_mb"] = server.peak_rss_mb(since=started)
            got["in_memory"] = http_json("GET", server.urls[0] + "/healthz")["games_in_memory"]
            got["alive"] = server.alive()
            minutes.append(got)
            values = sorted(x for v in got["latencies"].values() for x in v)
            print(f"minute={minute} rss_mean_mb={got['rss_mean_mb']:.1f} games_in_memory={got['in_memory']} "
                  f"games_ended={got['games_ended']} actions={got['sent']} "
                  f"delivered={got['delivered']}/{got['expected']} p99_ms={_ms(values, 99)} "
                  f"errors={got['error_count']} disconnects={got['disconnects']} resyncs={got['resyncs']}", flush=True)
            if not got["alive"]:
                break
    except RuntimeError as exc:
        print(f"soak workload=classroom tables={args.tables} error=setup_failed {exc}"[:2000])
        return 2
    finally:
        if load is not None:
            load.close()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(server.store_dir, ignore_errors=True)
    reference = minutes[min(args.reference_minute, len(minutes)) - 1]
    last = minutes[-1]
    drift = (last["rss_mean_mb"] - reference["rss_mean_mb"]) / reference["rss_mean_mb"]
    checks = {
        "delivery": all(m["delivered"] == m["expected"] for m in minutes),
        "errors": all(m["error_count"] == 0 and m["disconnects"] == 0 for m in minutes),
        "memory": abs(drift) <= args.rss_tolerance,
        "games_came_and_went": sum(m["games_ended"] for m in minutes) >= args.tables,
        "ran_all_minutes": len(minutes) == args.minutes and last["alive"],
    }
    print(f"soak workload=classroom tables={args.tables} minutes={len(minutes)} "
          f"unload_idle_seconds={args.unload_idle_seconds or 'default'} "
          f"actions={sum(m['sent'] for m in minutes)} games_ended={sum(m['games_ended'] for m in minutes)} "
          f"delivered={sum(m['delivered'] for m in minutes)}/{sum(m['expected'] for m in minutes)} "
          f"rss_minute{min(args.reference_minute, len(minutes))}_mb={reference['rss_mean_mb']:.1f} "
          f"rss_last_mb={last['rss_mean_mb']:.1f} rss_drift_pct={100 * drift:+.1f} "
          f"peak_rss_mb={max(m['rss_peak_mb'] for m in minutes):.0f} "
          f"games_in_memory_last={last['in_memory']} "
          + " ".join(f"{name}={'ok' if ok else 'FAIL'}" for name, ok in checks.items()), flush=True)
    return 0 if all(checks.values()) else 1
