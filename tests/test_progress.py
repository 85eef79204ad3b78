"""Progress on standard error only on a terminal and when not quiet; the items pass through unchanged, and
nothing is ever written to standard output (where query results go)."""

from __future__ import annotations

import io
import re
import sys

import pytest

from bbao import progress
from bbao.progress import counting, step, wanted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_not_wanted_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert wanted() is False
    assert wanted(quiet=False) is False


def test_not_wanted_under_pytest_capture(capsys):
    assert wanted() is False


def test_wanted_on_a_terminal_unless_quiet(monkeypatch):
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert wanted() is True
    assert wanted(quiet=True) is False


def test_counting_disabled_yields_every_item_unchanged_and_writes_nothing(capsys):
    items = [("s", "p", "o"), ("s", "p", "o2"), None, 0]
    assert list(counting(items, "reading data.ttl", enabled=False)) == items
    assert capsys.readouterr() == ("", "")


def test_counting_is_lazy_and_passes_a_generator_through():
    consumed = []

    def source():
        for n in range(3):
            consumed.append(n)
            yield n

    iterator = counting(source(), "x", enabled=False)
    assert consumed == []
    assert next(iterator) == 0
    assert consumed == [0]
    assert list(iterator) == [1, 2]


def test_counting_enabled_yields_every_item_and_counts_on_stderr(capsys):
    triples = (("s", "p", n) for n in range(1500))
    assert list(counting(triples, "reading claims.ttl", enabled=True)) == [("s", "p", n) for n in range(1500)]
    out, err = capsys.readouterr()
    assert out == ""
    assert "reading claims.ttl" in err
    assert "1.50k triples" in err


def test_step_disabled_writes_nothing(capsys):
    with step("loading 1M triples", enabled=False):
        print("body", file=sys.stdout)
    assert capsys.readouterr() == ("body\n", "")


def test_step_enabled_says_what_runs_and_how_long_it_took_on_stderr(capsys, monkeypatch):
    clock = iter([10.0, 12.34])
    monkeypatch.setattr(progress.time, "perf_counter", lambda: next(clock))
    with step("loading into Oxigraph", enabled=True):
        pass
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "loading into Oxigraph ... 2.3 s\n"


def test_step_enabled_reports_the_time_even_when_the_step_fails(capsys):
    with pytest.raises(RuntimeError, match="boom"), step("validating", enabled=True):
        raise RuntimeError("boom")
    err = capsys.readouterr().err
    assert re.fullmatch(r"validating \.\.\. \d+\.\d s\n", err)


def test_interruptible_sees_ctrl_c_while_the_work_is_still_running():
    """The work (here 30 s of sleep, standing for a native call that checks no signal) runs in a worker thread;
    a SIGINT to the main thread raises KeyboardInterrupt there within a fraction of a second."""
    import signal
    import threading
    import time

    from bbao.progress import interruptible

    timer = threading.Timer(0.3, lambda: signal.pthread_kill(threading.main_thread().ident, signal.SIGINT))
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        interruptible(lambda: time.sleep(30))
    assert time.monotonic() - started < 3


def test_interruptible_passes_results_and_errors_through():
    from bbao.progress import interruptible

    assert interruptible(lambda: "done") == "done"
    with pytest.raises(ValueError, match="bad"):
        interruptible(lambda: (_ for _ in ()).throw(ValueError("bad")))


def test_an_interrupted_request_is_given_time_to_end_before_the_caller_goes_on():
    """With ``settle``, Ctrl-C still raises, but only once the work has ended (within ``settle`` s): bbao load
    then puts a graph back after the server has answered the interrupted PUT, never while it still applies it.
    (Python 3.11's Thread.join, interrupted, can take the thread for stopped while it runs: the worker's end is
    told by an Event.) Work that outlasts ``settle`` is cut off by ``abandon``."""
    import signal
    import threading
    import time

    from bbao.progress import interruptible

    def interrupt_soon() -> None:
        threading.Timer(0.2, lambda: signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)).start()

    finished: list[float] = []
    interrupt_soon()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        interruptible(lambda: (time.sleep(1.0), finished.append(time.monotonic())), settle=5.0)
    assert finished and finished[0] <= time.monotonic()  # the work had ended when the interrupt came through
    assert 0.9 < time.monotonic() - started < 4

    cut = threading.Event()
    interrupt_soon()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        interruptible(lambda: cut.wait(30), settle=0.5, abandon=cut.set)
    assert cut.is_set() and time.monotonic() - started < 3
