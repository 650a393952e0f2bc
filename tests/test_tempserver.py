"""The temporary Prefect server of `scorecard run` (flows/tempserver.py), on loopback."""

import os
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


# A parent that starts a long-running module through the watchdog launcher, says the
# launcher's pid, and waits to be killed.
_PARENT = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, sys.argv[1], str(os.getpid()), "-m", "http.server",
                          "--bind", "127.0.0.1", "0"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
print(child.pid, flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie, ended but not yet collected, counts as gone)."""
    import os
    from pathlib import Path

    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (macOS): ask the system
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def _watched_module_outlives_a_killed_parent(parent_code: str, cwd=None) -> bool:
    """Start `parent_code` (it starts a module through the watchdog launcher and prints the
    launcher's pid), SIGKILL the parent, and tell whether the module still runs 30 s later
    (a hang guard, not a timing: it is checked every 0.1 s)."""
    import signal
    import subprocess
    import sys
    import time

    from flows.tempserver import WATCHDOG

    parent = subprocess.Popen([sys.executable, "-c", parent_code, str(WATCHDOG)], stdout=subprocess.PIPE, text=True, cwd=cwd)  # fmt: skip
    try:
        server = int(parent.stdout.readline())
        time.sleep(1)
        assert _alive(server), "the watched module did not start"
        parent.send_signal(signal.SIGKILL)  # no exit handler runs, no death signal is set
        parent.wait()
        for _ in range(300):
            if not _alive(server):
                break
            time.sleep(0.1)
        return _alive(server)
    finally:
        parent.kill()
        parent.wait()


def test_watchdog_ends_the_server_when_its_parent_is_killed():
    assert not _watched_module_outlives_a_killed_parent(_PARENT), "the server outlived its parent"


# A module that ignores the polite request to stop, as a hung server would.
_STUBBORN = """
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
time.sleep(120)
"""


def test_watchdog_ends_a_server_that_ignores_sigterm_after_its_parent_is_killed(tmp_path):
    (tmp_path / "stubborn_server.py").write_text(_STUBBORN, encoding="utf-8")
    parent_code = _PARENT.replace('"http.server",', '"stubborn_server",').replace(
        '"--bind", "127.0.0.1", "0"', ""
    )
    assert "stubborn_server" in parent_code and "--bind" not in parent_code
    outlived = _watched_module_outlives_a_killed_parent(parent_code, cwd=tmp_path)
    assert not outlived, "a server ignoring SIGTERM outlived its parent"


def test_watchdog_is_used_where_there_is_no_parent_death_signal(monkeypatch):
    import sys

    from flows import tempserver

    monkeypatch.delenv(tempserver.WATCHDOG_ENV, raising=False)
    assert not tempserver.watchdog_only() or not sys.platform.startswith("linux")
    monkeypatch.setenv(tempserver.WATCHDOG_ENV, "1")
    assert tempserver.watchdog_only()  # selectable on Linux, for the test of that path
    monkeypatch.delenv(tempserver.WATCHDOG_ENV)
    for platform in ("darwin", "win32"):
        monkeypatch.setattr(sys, "platform", platform)
        assert tempserver.watchdog_only() and tempserver._die_with(1) is None


def test_the_temporary_server_registers_no_block_types_and_reports_no_usage():
    from flows.tempserver import server_environment

    env = server_environment({"PATH": "/bin"})
    assert env["PREFECT_SERVER_REGISTER_BLOCKS_ON_START"] == "0" and env["PATH"] == "/bin"
    assert env["PREFECT__SERVER_EPHEMERAL"] == "1"
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"  # no usage report from it
    told = server_environment({"PREFECT_API_BLOCKS_REGISTER_ON_START": "1"})
    assert "PREFECT_SERVER_REGISTER_BLOCKS_ON_START" not in told
    assert "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION" not in told


def test_the_loopback_ca_file_holds_one_certificate_and_no_key():
    import ssl

    from flows.tempserver import LOOPBACK_CA

    text = LOOPBACK_CA.read_text()
    assert text.count("BEGIN CERTIFICATE") == 1 and "PRIVATE KEY" not in text
    context = ssl.create_default_context(cafile=str(LOOPBACK_CA))  # raises if unreadable
    assert context.cert_store_stats()["x509_ca"] == 1


@pytest.mark.e2e
def test_clients_of_a_temporary_server_load_the_one_certificate_and_reach_it(monkeypatch):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_SSL_CERT_FILE, PREFECT_API_URL, temporary_settings

    from flows.tempserver import LOOPBACK_CA, prefect_api

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_API_SSL_CERT_FILE", raising=False)
    before = PREFECT_API_SSL_CERT_FILE.value()
    # no server configured (another test's Prefect harness may be active for the session)
    with temporary_settings(restore_defaults={PREFECT_API_URL}), prefect_api() as server:
        assert server.proc is not None  # a temporary server of our own
        server.wait_ready()
        assert PREFECT_API_URL.value() == server.api_url.rstrip("/")
        assert PREFECT_API_SSL_CERT_FILE.value() == str(LOOPBACK_CA)
        assert os.environ["PREFECT_API_SSL_CERT_FILE"] == str(LOOPBACK_CA)  # workers' too
        with get_client(sync_client=True) as client:
            assert client.hello().status_code == 200  # plain HTTP: the file never checks
    assert PREFECT_API_SSL_CERT_FILE.value() == before
    assert "PREFECT_API_SSL_CERT_FILE" not in os.environ


def test_a_configured_server_keeps_the_users_certificate_settings(monkeypatch):
    from prefect.settings import PREFECT_API_SSL_CERT_FILE, PREFECT_API_URL, temporary_settings

    from flows.tempserver import LOOPBACK_CA, prefect_api

    before = PREFECT_API_SSL_CERT_FILE.value()  # e.g. from SSL_CERT_FILE
    url = "https://prefect.example.org/api"
    monkeypatch.setenv("PREFECT_API_URL", url)
    with temporary_settings(updates={PREFECT_API_URL: url}), prefect_api() as server:
        assert server.proc is None and server.api_url == url
        assert PREFECT_API_SSL_CERT_FILE.value() == before != str(LOOPBACK_CA)
