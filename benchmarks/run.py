"""Benchmark BBAO's steps on the shipped ontology and on BBAO-shaped user data (run by hand).

    python benchmarks/run.py [--sizes 10000,100000,1000000] [--repeat 3] [--slow-validate-max 100000]

Generates synthetic claims (bbao.synthetic: the claim model, 1% injected violations) at each size, then
times in one run every step the CLI performs: load, validate, every bundled query, reason, build. With
user data, each query runs on maplib (``--engine maplib``) against Oxigraph (the default engine), when
the optional maplib is installed. Each row gives the median of the fast path (what BBAO uses), the slow
path it replaces, and their ratio, so figures compare within one run on one (shared, noisy) machine.
Peak memory of a load is read from the child process that does it. Nothing here is a test: it prints
figures.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from bbao.artifacts import NAMED_GRAPHS
from bbao.backend import Backend
from bbao.columnar import MaplibBackend, load_model
from bbao.progress import wanted
from bbao.query import bind, bundled, run
from bbao.store import OxigraphBackend, RdflibBackend, load_store
from bbao.synthetic import generate
from bbao.validate import native_data, shipped_graph, validate, validate_graph

ROWS: list[tuple[str, str, float | None, float | None, str]] = []


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def record(step: str, size: str, fast: float | None, slow: float | None, note: str = "") -> None:
    ROWS.append((step, size, fast, slow, note))
    ratio = f"{slow / fast:.1f}x" if fast and slow else ""
    print(f"  {step:<44} {size:>8}  fast {fmt(fast):>9}  slow {fmt(slow):>9}  {ratio:>7}  {note}", flush=True)


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def peak_rss_mb(code: str) -> float:
    """Peak resident memory (MB) of a child Python process running ``code``."""
    script = code + "\nprint(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return int(out.strip().splitlines()[-1]) / 1024


def bench_queries(fast_backend: Backend, slow_backend: Backend | None, label: str, repeat: int, target: float,
                  slow_name: str = "rdflib") -> None:
    """Every bundled query as ``bbao query NAME`` runs it (required parameters bound to their examples,
    optional ones left open, rows rendered), on ``fast_backend``; on ``slow_backend`` too when given
    (once, or ``repeat`` times when it is Oxigraph beside maplib)."""
    times = []
    for name, query in sorted(bundled().items()):
        bindings = bind(query, [f"{p.name}={p.example}" for p in query.parameters if p.required])
        rows = len(run(query, fast_backend, bindings)[1])
        fast = median_time(lambda q=query, b=bindings: run(q, fast_backend, b), repeat)
        slow_repeat = repeat if slow_name == "oxigraph" else 1
        slow = None if slow_backend is None else median_time(
            lambda q=query, b=bindings: run(q, slow_backend, b), slow_repeat)
        times.append(fast)
        record(f"query {name}", label, fast, slow,
               f"{rows} rows" + (f", {fast_backend.name} vs {slow_name}" if slow_backend else ""))
    over = sum(t > target for t in times)
    print(f"  -> {len(times)} queries at {label} on {fast_backend.name}: median {fmt(statistics.median(times))}, "
          f"max {fmt(max(times))}, {over} over {fmt(target)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--slow-validate-max", type=int, default=100_000, help="largest size to run pyshacl on")
    parser.add_argument("--pellet-timeout", type=float, default=120)
    args = parser.parse_args()
    try:
        import maplib  # noqa: F401 - the optional columnar engine
        columnar = True
    except ImportError:
        columnar = False
        print("maplib is not installed (pip install -e '.[columnar]'): queries run on Oxigraph only")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"BBAO benchmark, python {sys.version.split()[0]}, medians of {args.repeat} runs")

    print("\nshipped ontology")
    from bbao.build import build
    from bbao.reason import check

    with tempfile.TemporaryDirectory() as tmp:  # what `bbao build` does, into a scratch folder
        built = median_time(lambda: build(out_dir=Path(tmp) / "ontology"), args.repeat)
    record("build (compile, render, SHACL, write)", "shipped", built, None, "prefix map from its cache")
    record("bbao build (CLI process)", "shipped", median_time(
        lambda: subprocess.run([sys.executable, "-m", "bbao.cli", "build"], check=True, capture_output=True),
        args.repeat), None, "writes nothing when up to date")
    shipped = shipped_graph()
    fast = median_time(lambda: validate_graph(shipped, engine="fast"), args.repeat)
    slow = median_time(lambda: validate_graph(shipped, engine="pyshacl"), 1)
    record("validate (pyshacl-turbo vs pyshacl)", "shipped", fast, slow)
    hermit = median_time(lambda: check(reasoner="hermit"), args.repeat)
    try:
        pellet: float | None = median_time(lambda: check(reasoner="pellet", timeout=args.pellet_timeout), 1)
        note = ""
    except Exception as exc:
        pellet, note = None, f"pellet: {exc}"[:80]
    record("reason (HermiT vs Pellet)", "shipped", hermit, pellet, note)
    store = load_store()
    rdflib_graph = Graph()
    for artifact in NAMED_GRAPHS.values():
        rdflib_graph.parse(artifact.path(), format=artifact.syntax.rdflib if artifact.syntax else None)
    bench_queries(OxigraphBackend(store), RdflibBackend(rdflib_graph), "shipped", args.repeat, 0.050)
    if columnar:
        bench_queries(MaplibBackend(load_model()), OxigraphBackend(store), "shipped", args.repeat, 0.050, "oxigraph")
    start = time.perf_counter()
    for command in (["build"], ["validate", "--quiet"], ["reason", "--no-write"], ["query", "top-down-regulation"]):
        subprocess.run([sys.executable, "-m", "bbao.cli", *command], check=True, capture_output=True)
    for name, query in bundled().items():
        params = [f"--param={p.name}={p.example}" for p in query.parameters if p.required]
        subprocess.run([sys.executable, "-m", "bbao.cli", "query", name, *params], check=True, capture_output=True)
    record("main job (build, validate, reason, all queries)", "shipped", time.perf_counter() - start, None,
           "CLI processes")
    record("bbao --help", "-", median_time(
        lambda: subprocess.run([sys.executable, "-m", "bbao.cli", "--help"], check=True, capture_output=True),
        args.repeat), None)

    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            label = f"{size // 1000}k" if size < 1_000_000 else f"{size // 1_000_000}M"
            print(f"\nuser data, {label} triples")
            start = time.perf_counter()
            data = generate(shipped, size, progress=wanted())
            record("generate synthetic claims", label, time.perf_counter() - start, None,
                   f"{len(data.graph)} triples, {len(data.injected)} injected")
            path = Path(tmp) / f"user-{size}.nt"
            data.graph.serialize(path, format="nt", encoding="utf-8")
            fast = median_time(
                lambda p=path: pyoxigraph.Store().bulk_load(path=str(p), format=pyoxigraph.RdfFormat.N_TRIPLES),
                args.repeat)
            slow = median_time(lambda p=path: Graph().parse(p, format="nt"), 1)
            mem_fast = peak_rss_mb("import pyoxigraph; s=pyoxigraph.Store(); "
                                   f"s.bulk_load(path={str(path)!r}, format=pyoxigraph.RdfFormat.N_TRIPLES)")
            mem_slow = peak_rss_mb(f"from rdflib import Graph; Graph().parse({str(path)!r}, format='nt')")
            record("load (pyoxigraph vs rdflib)", label, fast, slow, f"peak {mem_fast:.0f} MB vs {mem_slow:.0f} MB")
            merged = shipped_graph()
            merged.parse(path, format="nt")
            native = native_data([path])
            fast = median_time(lambda n=native: validate_graph(n, engine="fast"), 1)
            graph_fast = median_time(lambda m=merged: validate_graph(m, engine="fast"), 1)
            slow = None if size > args.slow_validate_max else median_time(
                lambda m=merged: validate_graph(m, engine="pyshacl"), 1)
            record("validate: pyshacl-turbo on rdflib-turbo dataset vs pyshacl", label, fast, slow,
                   f"pyshacl-turbo on an rdflib Graph: {fmt(graph_fast)}")
            start = time.perf_counter()
            validation = validate([path])  # what `bbao validate FILE` does: read (strict parse) and validate
            elapsed = time.perf_counter() - start
            mem = peak_rss_mb(
                f"from pathlib import Path\nfrom bbao.validate import validate\nvalidate([Path({str(path)!r})])")
            record("bbao validate FILE: read + validate", label, elapsed, None,
                   f"peak {mem:.0f} MB, {len(validation.results)} results")
            del merged, native
            start = time.perf_counter()
            user_store = load_store([path])  # BBAO's graphs, the user's graph, the closure extended with its classes
            record("open store: BBAO + user data + closure", label, time.perf_counter() - start, None,
                   f"{len(user_store)} quads")
            if not columnar:
                bench_queries(OxigraphBackend(user_store), None, f"{label}+", args.repeat, 0.150)
                continue
            start = time.perf_counter()
            model = load_model([path])  # the same, in maplib's tables
            mem = peak_rss_mb(
                f"from pathlib import Path\nfrom bbao.columnar import load_model\nload_model([Path({str(path)!r})])")
            record("open maplib model: BBAO + user data + closure", label, time.perf_counter() - start, None,
                   f"peak {mem:.0f} MB")
            bench_queries(MaplibBackend(model), OxigraphBackend(user_store), f"{label}+", args.repeat, 0.150,
                          "oxigraph")

    print("\nsummary (fast path; slow path; ratio)")
    for step, size, fast, slow, note in ROWS:
        ratio = f"{slow / fast:.1f}x" if fast and slow else ""
        print(f"| {step} | {size} | {fmt(fast)} | {fmt(slow)} | {ratio} | {note} |")


if __name__ == "__main__":
    main()
