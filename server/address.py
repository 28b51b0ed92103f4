"""Where students reach this server: the addresses to print and to put in join links and QR codes.

A teacher opens the dashboard on the laptop that serves, as http://127.0.0.1:5000 most of the
time: a link built from that address would send every student's phone to itself. So a link
uses the host the request came in on when it is not loopback (the teacher already used an
address others can reach), else this machine's own network address. Addresses are read from the
interfaces (psutil), never by sending anything anywhere.
"""
from __future__ import annotations

import ipaddress
import socket

import psutil

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that other machines may reach: not loopback, not
    link-local (169.254.x.x, what an interface gets when no network gave it one)."""
    found: list[str] = []
    for address in _ipv4_addresses():
        ip = ipaddress.ip_address(address)
        if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified) and address not in found:
            found.append(address)
    # Private networks (a school's Wi-Fi) first: that is where students are.
    return sorted(found, key=lambda a: not ipaddress.ip_address(a).is_private)


def _ipv4_addresses() -> list[str]:
    return [a.address for addrs in psutil.net_if_addrs().values() for a in addrs if a.family == socket.AF_INET]


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or address, without port) names this machine only."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def split_host(netloc: str, default_port: int) -> tuple[str, int]:
    """'192.168.1.5:5000' → ('192.168.1.5', 5000); '[::1]:80' → ('::1', 80)."""
    if netloc.startswith("["):
        host, _, rest = netloc[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        host, _, port = netloc.partition(":")
    return host, int(port) if port.isdigit() else default_port


def students_base(scheme: str, netloc: str, listen_host: str | None) -> dict:
    """The base URL students use, and whether they can reach it.

    `netloc` is the request's Host; `listen_host` the address the server listens on (None: not
    known, e.g. behind a WSGI server of someone else's). A server listening on loopback only
    is out of students' reach whatever link it shows.
    """
    default_port = 443 if scheme == "https" else 80
    host, port = split_host(netloc, default_port)
    at = "" if port == default_port else f":{port}"
    listens_on_loopback = listen_host is not None and is_loopback(listen_host)
    lan = [] if listens_on_loopback else lan_addresses()
    if not is_loopback(host):
        base, reachable = f"{scheme}://{netloc}", not listens_on_loopback
    elif lan:
        base, reachable = f"{scheme}://{lan[0]}{at}", True
    else:
        base, reachable = f"{scheme}://{netloc}", False
    return {"base": base, "reachable": reachable, "addresses": [f"{scheme}://{a}{at}" for a in lan]}
