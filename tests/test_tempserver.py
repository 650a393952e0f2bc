"""The temporary Prefect server of `scorecard run` (flows/tempserver.py), on loopback."""

import socket

import pytest

from flows.tempserver import TemporaryServer, _start, free_port


def test_free_ports_come_from_prefects_range_and_are_free():
    port = free_port()
    assert 8000 <= port < 9000
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # raises if it were taken


@pytest.mark.e2e
def test_a_taken_port_is_reported_in_chinese_and_the_server_is_gone():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = TemporaryServer(*_start(port))
        try:
            with pytest.raises(RuntimeError, match="端口刚被其他程序占用"):
                server.wait_ready(timeout=120)
        finally:
            server.stop(drain=False)
        assert server.proc.poll() is not None
