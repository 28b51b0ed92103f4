"""The lane (server/lane.py): the tables' background work one job at a time, in order, going on
after a job that fails, and with people's sockets read between two jobs."""
from __future__ import annotations

import queue
import threading
import time

import gevent
import gevent.queue
import gevent.socket

from server.lane import Lane


def _spawn_thread(fn, *args):
    threading.Thread(target=fn, args=args, daemon=True).start()


def test_jobs_run_one_at_a_time_in_order_and_a_failing_one_stops_nothing():
    lane = Lane(_spawn_thread, time.sleep, queue.Queue())
    done, running, overlap = [], [], []
    finished = threading.Event()

    def job(name):
        running.append(name)
        if len(running) > 1:
            overlap.append(list(running))
        time.sleep(0.01)
        done.append(name)
        running.remove(name)
        if name == "last":
            finished.set()

    def fails():
        raise RuntimeError("a bot's bug")

    for name in ("a", "b"):
        lane.run(job, name)
    lane.run(fails)
    lane.run(job, "last")
    assert finished.wait(5)
    assert done == ["a", "b", "last"] and overlap == []


def test_a_message_waiting_on_a_socket_is_read_between_two_jobs():
    """Three tables' phases close at once; a student's message is already waiting. It is read
    after the first close, not after all three (with sleep(0) between jobs it came last)."""
    events = []
    reader, writer = gevent.socket.socketpair()

    def student():
        reader.recv(16)
        events.append("message read")

    def close_phase(table):
        started = time.perf_counter()
        while time.perf_counter() - started < 0.02:  # CPU work: no yield inside a job
            pass
        events.append(f"closed {table}")

    listening = gevent.spawn(student)
    gevent.sleep(0)  # the student's task is waiting on its socket
    lane = Lane(gevent.spawn, gevent.sleep, gevent.queue.Queue())
    writer.sendall(b"hello")
    for table in (1, 2, 3):
        lane.run(close_phase, table)
    listening.join(timeout=5)
    gevent.wait(timeout=0.2)
    assert events[:2] == ["closed 1", "message read"], events
    reader.close()
    writer.close()
