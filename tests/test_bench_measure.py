"""The benchmark's memory sampling sees what a command and its children hold."""

import sys

import pytest

from bench.measure import timed

pytestmark = pytest.mark.e2e  # measures processes it starts

# A child that touches 60 MB and lives long enough to be sampled several times.
HOLD = "import time; b = bytearray(60_000_000); b[::4096] = b'x' * len(b[::4096]); time.sleep(1)"


def test_peak_memory_counts_child_processes():
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {HOLD!r}], check=True)"
    t = timed([sys.executable, "-c", parent])
    assert t.peak_mb >= 60  # the child's 60 MB, seen through the parent's tree
    assert 60 <= t.pss_mb <= t.peak_mb  # PSS counts shared pages once, so never above RSS
    assert len(t.cpu) >= 2  # parent and child both had their CPU time read
