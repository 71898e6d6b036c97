"""What a client may cost the server: bodies over the limit get 413 before they are
read, and connections that trickle, stall or never send a request are closed."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from linkgraph.settings import Settings
from tests.conftest import serving

LIMIT = 64 * 1024
TIMEOUT_S = 1.0


@pytest.fixture(scope="module")
def address(settings: Settings) -> Iterator[tuple[str, int]]:
    limited = dataclasses.replace(settings, max_body_bytes=LIMIT, request_timeout_s=TIMEOUT_S)
    with serving(limited) as url:
        parts = urlsplit(url)
        yield parts.hostname or "127.0.0.1", parts.port or 80


def connect(address: tuple[str, int]) -> socket.socket:
    sock = socket.create_connection(address, timeout=10)
    return sock


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_declared_large_body_is_refused_before_it_is_sent(address) -> None:
    with connect(address) as sock:
        sock.sendall(b"POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 52428800\r\n\r\n")  # fmt: skip
        # Not a byte of the 50 MB is sent: the answer comes anyway.
        head, _, body = read_all(sock).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    error = json.loads(body)["errors"][0]
    assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert error["extensions"]["maximum"] == LIMIT


def test_a_chunked_body_is_cut_off_at_the_limit(address) -> None:
    host, port = address

    def chunks() -> Iterator[bytes]:
        yield b'{"query": "' + b"x" * 1024
        for _ in range(1000):  # 8 MB, if it were all read
            yield b"x" * 8192

    response = httpx.post(f"http://{host}:{port}/graphql", content=chunks(),
                          headers={"content-type": "application/json"})  # fmt: skip
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_a_body_within_the_limit_is_served(address) -> None:
    host, port = address
    query = "{ viewer { id } }" + " " * (LIMIT // 2)
    response = httpx.post(f"http://{host}:{port}/graphql", json={"query": query})
    assert response.status_code == 200 and response.json()["data"] == {"viewer": None}


@pytest.mark.parametrize("behaviour", ["silent", "stalled", "trickling"])
def test_slow_clients_are_closed(address, behaviour: str) -> None:
    request = b"POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{"
    with connect(address) as sock:
        opened = time.monotonic()
        if behaviour == "stalled":
            sock.sendall(request[:30])
        elif behaviour == "trickling":
            # A byte every 0.2 s: each resets a keep-alive timer, not the deadline.
            for byte in request[:25]:
                try:
                    sock.sendall(bytes([byte]))
                except OSError:
                    break  # closed under us: what is wanted
                time.sleep(0.2)
        sock.settimeout(10)
        with contextlib.suppress(ConnectionResetError):  # closed without an answer
            assert read_all(sock) == b""
        assert time.monotonic() - opened < 9  # closed by the server, not our timeout
