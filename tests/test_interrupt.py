"""Ctrl-C end to end: `bbao query --data` as a subprocess, interrupted while Oxigraph evaluates a query that
would run for minutes (a cross product of all triples); it must end at once with the documented code."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HEAVY = """# How many pairs of triples are there? (a cross product: minutes of native evaluation)
# Parameters: none.
SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d }
"""


def threads(pid: int) -> int:
    """How many threads the process runs now (0 once it has ended)."""
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except FileNotFoundError:
        return 0


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see the worker thread")
def test_ctrl_c_during_a_long_native_query_exits_3_at_once(tmp_path):
    data = tmp_path / "big.nt"
    with data.open("w", encoding="utf-8") as out:  # 20,000 triples beside BBAO's: ~1e9 pairs to count
        out.writelines(f'<https://example.org/item/{i}> <http://www.w3.org/2000/01/rdf-schema#label> "item {i}" .\n'
                       for i in range(20_000))
    (tmp_path / "heavy.rq").write_text(HEAVY, encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    command = [sys.executable, "-m", "bbao.cli", "query", "heavy.rq", "--data", "big.nt"]
    # As from a shell: SIGINT at its default, whatever this test runner does with it.
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        # Wait until the native phase runs: the query's worker thread has been alive for 1 s without a break
        # (the load before it takes well under that and starts and ends short workers of its own).
        started, since = time.monotonic(), None
        while time.monotonic() - started < 30:
            alive = threads(process.pid) >= 2
            since = (since or time.monotonic()) if alive else None
            if since is not None and time.monotonic() - since >= 1.0:
                break
            assert process.poll() is None, process.communicate()
            time.sleep(0.02)
        else:
            pytest.fail("the query's native evaluation did not start within 30 s")
        assert process.poll() is None  # still evaluating: not finished, so the signal comes mid-query
        signalled = time.monotonic()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
        took = time.monotonic() - signalled
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    message = err.decode()
    assert process.returncode == 3, message
    assert took < 2.0, f"ended {took:.2f} s after Ctrl-C"
    assert message.splitlines() == [message.strip()] and message.startswith("bbao query: interrupted")
    assert "Traceback" not in message and out == b""
    assert sorted(tmp_path.iterdir()) == before  # nothing written
