"""The loopback server: port 0, clean shutdown (no thread or fd left), loopback only."""

from __future__ import annotations

import asyncio
import io
import os
import threading
import time

import httpx
import pytest
from opstatus_core.testing import Fault, LoopbackServer, check_loopback, serve, serve_forever

from tests.toy.testing import AUTH, TOKEN, ToyFake


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_port_zero_and_no_leaks() -> None:
    fake = ToyFake(credentials={"bearerAuth": [TOKEN]})
    fake.operations.create("j")
    with serve(fake) as warm:  # first use imports and caches; count after it
        httpx.get(f"{warm.base_url}/jobs/j", headers=AUTH)
    threads, fds = threading.active_count(), open_fds()
    for _ in range(3):
        with serve(fake) as server:
            assert server.port > 0
            assert server.base_url == f"http://127.0.0.1:{server.port}/v1"
            assert any(t.name.startswith("opstatus-fake-toy") for t in threading.enumerate())
            with httpx.Client(base_url=server.base_url, headers=AUTH, timeout=5) as c:
                assert c.get("/jobs/j").status_code == 200  # keep-alive connection left open
    assert threading.active_count() == threads
    assert open_fds() == fds
    # after stop the port is really closed: connection refused
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.base_url}/jobs/j", timeout=2)


def test_stop_does_not_wait_for_a_hanging_response() -> None:
    fake = ToyFake()
    fake.operations.create("j")
    fake.inject(Fault.hang())
    server = LoopbackServer(fake)
    server.start()
    errors: list[BaseException] = []

    def call() -> None:
        try:
            httpx.get(f"{server.base_url}/jobs/j", headers=AUTH, timeout=30)
        except httpx.HTTPError as exc:
            errors.append(exc)

    t = threading.Thread(target=call)
    t.start()
    deadline = time.monotonic() + 5
    while not fake.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    start = time.monotonic()
    server.stop()
    assert time.monotonic() - start < 3
    t.join(5)
    assert not t.is_alive()
    assert errors
    assert isinstance(errors[0], httpx.RemoteProtocolError)


async def test_many_concurrent_async_clients_over_loopback() -> None:
    fake = ToyFake(credentials={"bearerAuth": [TOKEN]})
    ids = [
        fake.operations.create(schedule=["Running", "Running", "Succeeded"]).id for _ in range(50)
    ]
    fake.faults.randomize(0.1, [Fault.http_error(503), Fault.drop_connection()], seed=1)
    with serve(fake) as server:
        async with httpx.AsyncClient(base_url=server.base_url, headers=AUTH, timeout=5) as ac:

            async def wait(op_id: str) -> str:
                while True:
                    try:
                        r = await ac.get(f"/jobs/{op_id}")
                    except httpx.TransportError:
                        continue
                    if r.status_code == 200 and r.json()["status"] == "Succeeded":
                        return op_id
                    await asyncio.sleep(0)

            done = await asyncio.gather(*(wait(i) for i in ids))
    assert sorted(done) == sorted(ids)
    assert fake.faults.tally["drop_connection"] > 0
    fake.assert_requests_valid()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com", ""])
def test_non_loopback_hosts_are_refused(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        LoopbackServer(ToyFake(), host=host)
    with pytest.raises(ValueError, match="loopback"):
        serve_forever(ToyFake(), host=host, port=0)


def test_loopback_hosts_are_accepted() -> None:
    assert check_loopback("localhost") == "127.0.0.1"
    assert check_loopback("127.0.0.2") == "127.0.0.2"
    assert check_loopback("::1") == "::1"


def test_serve_forever_prints_the_url_and_stops() -> None:
    fake = ToyFake()
    fake.operations.create("j")
    out = io.StringIO()
    stop = threading.Event()
    result: list[int] = []
    t = threading.Thread(
        target=lambda: result.append(serve_forever(fake, port=0, stop=stop, out=out))
    )
    t.start()
    deadline = time.monotonic() + 5
    while "listening on" not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    url = out.getvalue().split("listening on ")[1].split()[0]
    assert url.startswith("http://127.0.0.1:")
    assert url.endswith("/v1")
    assert httpx.get(f"{url}/jobs/j", headers=AUTH, timeout=5).status_code == 200
    stop.set()
    t.join(5)
    assert result == [0]


def test_kept_alive_connections_answer_without_a_delayed_ack_stall() -> None:
    """TCP_NODELAY on the served connections: headers and body are two writes, and without it
    each response on a kept-alive connection waited ~40 ms for the client's delayed ACK."""
    import socket

    fake = ToyFake()
    fake.operations.create("j")
    with serve(fake) as server, httpx.Client(base_url=server.base_url, headers=AUTH) as c:
        c.get("/jobs/j")
        conn = next(iter(server._server.server_state.connections))  # type: ignore[union-attr]
        sock = conn.transport.get_extra_info("socket")
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
