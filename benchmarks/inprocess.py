"""CPU time per request of every benchmarked page, in-process, on two data sets back to back.

    .venv/bin/python benchmarks/inprocess.py [--scales 1 10] [--rounds 3] [--requests 20]

wrk's requests/s move with the machine's speed, which drifts between runs (the same ceiling
view gave 329 and 91 req/s an hour apart). This measure does not: each page is requested
through Django's test client in one process, and the process's own CPU time is read around
each request (time.process_time), so other work on the machine barely moves it. The data
sets are measured in turns, 1x then 10x then 1x again..., each in a fresh process, and each
page keeps its lowest median over the rounds.

For each page it prints, per data set:
- "repeat": the median CPU ms of a request made again with nothing changed (what a busy page
  mostly serves: its fragments come from the cache, core.fragments);
- "fresh": the same with the fragment cache emptied before each request (the first request
  after a change, when the page is rendered from the database);
- the query count of a repeat;
and the 10x/1x ratios, judged against the bar (a page costs at most 1.3x, with the same
queries). The ceiling's CPU time is printed beside them: a page at twice the ceiling's CPU is
at about half its requests/s.

Data sets: benchmarks/output/bench-<scale>x.sqlite3 (benchmarks/generate.py --scale N), or
PostgreSQL databases given as --database 1=postgres://... --database 10=postgres://...
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "benchmarks" / "output"
TEN_X_BAR = 1.3


def measure(requests: int) -> dict:
    """Inside Django: {path: {"label", "repeat_ms", "fresh_ms", "queries", "status"}}."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benchmarks.load import PAGES
    from benchmarks.queries import _clients, scenario_pages

    pages = [(label, path, "" if path.startswith("/bench/") else "unit") for label, path in PAGES]
    pages += [
        (page["label"], page["path"], page["sign_in"])
        for page in scenario_pages()
        if page.get("path")
    ]
    clients = _clients()
    fragments = caches["fragments"]
    results = {}
    for label, path, sign_in in pages:
        client = clients[sign_in]
        response = client.get(path)  # warm: first-use lookups, and the fragments
        with CaptureQueriesContext(connection) as queries:
            client.get(path)

        def cpu_ms(before=None, client=client, path=path) -> float:
            timings = []
            for _ in range(requests):
                if before:
                    before()
                started = time.process_time()
                client.get(path)
                timings.append((time.process_time() - started) * 1000)
            return statistics.median(timings)

        results[path] = {
            "label": label,
            "status": response.status_code,
            "queries": len(queries),
            "repeat_ms": cpu_ms(),
            "fresh_ms": cpu_ms(before=fragments.clear),
        }
    return results


def run_one(scale: int, database: str | None, requests: int) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="benchmarks.settings")
    env.pop("DATABASE_URL", None)
    if database:
        env["DATABASE_URL"] = database
    else:
        data = OUTPUT_DIR / f"bench-{scale}x.sqlite3"
        if not data.exists():
            sys.exit(f"No data set at {data}: run benchmarks/generate.py --scale {scale} first.")
        env["BENCH_SQLITE"] = str(data)
    command = [sys.executable, __file__, "--worker", "--requests", str(requests)]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    if done.returncode != 0:
        sys.exit(f"Measuring {scale}x failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def best_of(runs: list[dict]) -> dict:
    """Per page, the lowest median over the rounds (noise only ever adds time)."""
    best = {}
    for run in runs:
        for path, figures in run.items():
            kept = best.setdefault(path, dict(figures))
            for key in ("repeat_ms", "fresh_ms"):
                kept[key] = min(kept[key], figures[key])
    return best


def print_table(results: dict[int, dict], scales: list[int]) -> None:
    low, high = scales
    first, second = results[low], results[high]
    ceiling = first.get("/bench/ceiling/", {}).get("repeat_ms")
    print()
    print(
        f"CPU ms per request, in-process, {low}x and {high}x measured in turns (lowest median"
        f" of the rounds). Bar: {high}x costs at most {TEN_X_BAR}x {low}x, same queries."
    )
    if ceiling:
        print(f"Ceiling (no database): {ceiling:.1f} ms; 'x ceiling' is a repeat's CPU against it")
    header = (
        f"{'page':<38} {'repeat ' + str(low) + 'x':>10} {str(high) + 'x':>7} {'ratio':>6}"
        f" {'fresh ' + str(low) + 'x':>9} {str(high) + 'x':>7} {'ratio':>6}"
        f" {'queries':>8} {'x ceiling':>9}  bar"
    )
    print(header)
    print("-" * len(header))
    for path, one in first.items():
        other = second.get(path)
        if other is None or path == "/bench/ceiling/":
            continue
        repeat = other["repeat_ms"] / one["repeat_ms"] if one["repeat_ms"] else 0
        fresh = other["fresh_ms"] / one["fresh_ms"] if one["fresh_ms"] else 0
        same_queries = one["queries"] == other["queries"]
        met = repeat <= TEN_X_BAR and same_queries
        share = one["repeat_ms"] / ceiling if ceiling else 0
        print(
            f"{one['label'][:38]:<38} {one['repeat_ms']:>10.1f} {other['repeat_ms']:>7.1f}"
            f" {repeat:>5.2f}x {one['fresh_ms']:>9.1f} {other['fresh_ms']:>7.1f} {fresh:>5.2f}x"
            f" {one['queries']:>3}->{other['queries']:<3} {share:>8.1f}x  "
            f"{'met' if met else 'NOT met'}"
        )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="In-process CPU time per page, 1x and 10x")
    parser.add_argument("--scales", type=int, nargs=2, default=[1, 10])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20, help="requests per measurement")
    parser.add_argument(
        "--database", action="append", default=[], help="SCALE=postgres://... (else SQLite)"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        print(json.dumps(measure(args.requests)))
        return
    databases = dict(item.split("=", 1) for item in args.database)
    print(f"==> Load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    runs: dict[int, list[dict]] = {scale: [] for scale in args.scales}
    for round_number in range(1, args.rounds + 1):
        for scale in args.scales:
            print(f"==> Round {round_number}: {scale}x")
            runs[scale].append(run_one(scale, databases.get(str(scale)), args.requests))
    results = {scale: best_of(found) for scale, found in runs.items()}
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUTPUT_DIR / "inprocess.json").write_text(json.dumps(results, indent=2))
    print_table(results, args.scales)


if __name__ == "__main__":
    main()
