"""Bounded memory per connection: what python-engineio's Socket lacks for clients that stop reading.

Measured before this module (issue 17): a client that joins a busy table and never reads its
socket grew the server by 54 MB in 120 s and was never timed out, and a client silenced by the
ping timeout kept its socket until it closed TCP itself. Three causes, all in engineio.socket:

1. Each connection's outgoing queue has no bound. The websocket writer takes packets off it and
   blocks in the socket's send when the client does not read, so every later update of the table
   piles up in the queue, for ever.
2. Any PONG the client sends resets the ping timeout, including one sent unasked, while the PING
   it would answer still waits in that queue: a client that writes pongs but never reads stays.
3. A session closed for its ping timeout writes a CLOSE packet and ends its writer, but the
   reader (simple-websocket's thread) waits in recv() until the client closes TCP.

`BoundedSocket` counts the bytes queued for each connection; past `max_queued_bytes` the
connection is dropped (closed without the Socket.IO disconnect packet, so the client reconnects
and resyncs from a fresh snapshot, as after any network cut). A PONG counts only when a PING has
been written to the client since the last one. A session the server closes (ping timeout,
overflow) has its TCP connection shut down, which wakes both its reader and a writer blocked in
send(). It also makes simple-websocket write whole frames (see `_WholeWrites`).

It relies on engineio.socket.Socket's internals (send/poll/receive/close, the writer calling
`ws.send` with each encoded packet, `last_ping`), and on engineio.server building sockets as
`socket.Socket(self, sid)`: tests/server/test_backpressure.py checks each of these against the
installed library and fails loudly if an upgrade changes one; pyproject.toml bounds the version.
"""
from __future__ import annotations

import logging
import socket as _os_socket
from typing import Any

import engineio.socket
from engineio import packet

log = logging.getLogger(__name__)

UpstreamSocket = engineio.socket.Socket  # engineio's own class, before install() replaces it
PING_TEXT = packet.Packet(packet.PING).encode()  # what the writer hands the websocket for a PING
PACKET_OVERHEAD = 64  # bytes counted for a packet whose data is not text or bytes (OPEN, PING, ...)


def packet_bytes(pkt: packet.Packet) -> int:
    data = pkt.data
    return len(data) if isinstance(data, (str, bytes)) else PACKET_OVERHEAD


class BoundedSocket(engineio.socket.Socket):
    """engineio's Socket with a byte cap on its queue, pongs that must answer a delivered ping,
    and a TCP shutdown when the server closes the session."""

    max_queued_bytes = 1024 * 1024  # set by install() from CRISIS_MAX_QUEUED_BYTES

    def __init__(self, server: Any, sid: str):
        self.queued_bytes = 0
        self.ping_delivered = False  # a PING reached the client's socket since the last PONG
        self.overflowed = False
        self._transport: Any = None  # the websocket wrapper, once upgraded
        super().__init__(server, sid)

    # ---- the cap ------------------------------------------------------------------------------

    def send(self, pkt: packet.Packet) -> None:
        if self.overflowed:
            return
        size = packet_bytes(pkt)
        if self.queued_bytes + size > self.max_queued_bytes and not self.closed:
            self._drop(size)
            return
        self.queued_bytes += size  # counted first: the writer may take it off at once
        super().send(pkt)

    def poll(self) -> list[packet.Packet]:
        packets = super().poll()
        for pkt in packets:
            self.queued_bytes -= packet_bytes(pkt)
            if pkt.packet_type == packet.PING and not self.upgraded:
                self.ping_delivered = True  # long-polling: this response carries it to the client
        self.queued_bytes = max(self.queued_bytes, 0)  # packets queued before counting began
        return packets

    def _drop(self, size: int) -> None:
        self.overflowed = True
        log.warning("%s: dropped: %d bytes waiting for a client that does not read (cap %d, "
                    "CRISIS_MAX_QUEUED_BYTES); it will resync when it reconnects",
                    self.sid, self.queued_bytes + size, self.max_queued_bytes)
        # abort: no CLOSE packet (it would only join the queue); the client sees the transport
        # close and reconnects. The disconnect event takes the connection out of its rooms.
        self.close(wait=False, abort=True, reason=self.server.reason.TRANSPORT_ERROR)

    # ---- pings --------------------------------------------------------------------------------

    def receive(self, pkt: packet.Packet) -> None:
        if pkt.packet_type == packet.PONG:
            if not self.ping_delivered:
                return  # answers no ping the client can have read: it proves nothing
            self.ping_delivered = False
        super().receive(pkt)

    # ---- closing ------------------------------------------------------------------------------

    def close(self, wait: bool = True, abort: bool = False, reason: str | None = None) -> None:
        timed_out = reason == self.server.reason.PING_TIMEOUT and not self.closed and not self.closing
        server_side = timed_out or self.overflowed
        super().close(wait=wait, abort=abort, reason=reason)
        if timed_out:
            log.info("%s: closed: its client did not answer a ping within %s s", self.sid, self.server.ping_timeout)
        if server_side:
            self._shut_transport()

    def _shut_transport(self) -> None:
        """End the TCP connection under a websocket the server gave up on. Upstream only stops
        writing; the reader waits in recv() until the client closes, which a dead client never
        does. shutdown() wakes both the reader and a writer blocked in send()."""
        sock = _socket_of(self._transport)
        if sock is None:
            return  # long-polling: closing the session is enough, its next request is refused
        try:
            sock.shutdown(_os_socket.SHUT_RDWR)
        except OSError:
            pass  # already gone

    def _websocket_handler(self, ws: Any) -> Any:
        self._transport = ws
        simple = getattr(ws, "ws", None)
        if simple is not None and hasattr(simple, "sock") and not isinstance(simple.sock, _WholeWrites):
            simple.sock = _WholeWrites(simple.sock)
        send = ws.send

        def send_and_note_pings(message: Any) -> Any:
            result = send(message)
            if message == PING_TEXT:
                self.ping_delivered = True
            return result

        ws.send = send_and_note_pings  # the writer and the upgrade probe send through it
        try:
            return super()._websocket_handler(ws)
        finally:
            # The connection is over. Unlinked, this socket, its websocket and the closure above
            # made a cycle (~55 objects a connection: wsproto, h11, gevent's socket and events)
            # that only a full collection frees; the server freezes the old generation, so each
            # closed connection stayed until the ten-minute sweep (RSS +200 MB over 6 minutes of
            # the classroom soak, and a 1-2 s sweep).
            self._transport = None
            vars(ws).pop("send", None)


class _WholeWrites:
    """simple-websocket writes each frame with one sock.send() and ignores how much of it the
    socket took. gevent's send on a socket whose buffer is nearly full takes part of it, so a
    slow reader got a cut frame and the rest of the connection was garbage. sendall writes the
    whole frame (and blocks like send, which the cap above bounds)."""

    def __init__(self, sock: Any):
        self._sock = sock

    def send(self, data: bytes, *flags: int) -> int:
        self._sock.sendall(data, *flags)
        return len(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _socket_of(transport: Any) -> Any:
    simple = getattr(transport, "ws", None)  # engineio's SimpleWebSocketWSGI → simple_websocket.Server
    sock = getattr(simple, "sock", None)
    return sock._sock if isinstance(sock, _WholeWrites) else sock


def install(max_queued_bytes: int) -> None:
    """Make engineio build BoundedSocket for every new connection of this process."""
    if max_queued_bytes <= 0:
        raise ValueError("CRISIS_MAX_QUEUED_BYTES must be a positive number of bytes")
    BoundedSocket.max_queued_bytes = max_queued_bytes
    engineio.socket.Socket = BoundedSocket  # engineio.server calls socket.Socket(self, sid)
