"""Loads the hub's pages and the ceiling with a load tool against gunicorn on 127.0.0.1.

    .venv/bin/python benchmarks/load.py [--scale 1] [--duration 10] [--connections 16]

Starts gunicorn on a free port of 127.0.0.1 with the benchmark settings against the generated
data set (benchmarks/output/bench-<scale>x.sqlite3, or DATABASE_URL's PostgreSQL database),
signs in as the benchmark's business-unit user through the sign-in page, then loads each page
for --duration seconds at --connections connections (after a short warm-up) and prints
requests/s, p50 and p99 latency, the page's share of the ceiling's requests/s and its query
count. Pages that answer 404 (not built yet) are skipped. gunicorn is stopped at the end, also
on Ctrl-C or an error. The figures are also written to benchmarks/output/results-<scale>x.json;
--baseline results-1x.json adds the 10x-versus-1x comparison.

The load tool is wrk (Debian package `wrk`; script/bench installs it); without it, a small
threaded Python client stands in (it competes with the server for the CPU, so its figures are
lower: the output says which tool ran).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "benchmarks" / "output"
sys.path.insert(0, str(ROOT))

from benchmarks.generate import BENCH_PASSWORD, SIGN_INS  # noqa: E402

HOST = "127.0.0.1"  # the only address this benchmark ever sends traffic to
CEILING = "/bench/ceiling/"
# (label, path): the ceiling first, then the hub's pages as they exist, signed in as the
# business unit. The apps' scenarios (benchmarks/scenarios) add theirs after these, each with its
# own sign-in.
PAGES = [
    ("Ceiling: 50-row table, no database", CEILING),
    ("Directory: agencies", "/directory/"),
    ("Directory: people", "/directory/people/"),
    ("Home: what needs me", "/home/"),
]
BARS = {"share_of_ceiling": 0.5, "p99_ms": 100.0, "ten_x_time": 1.3}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Load the hub's pages and the ceiling.")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--output", help="SQLite data set (default bench-<scale>x.sqlite3)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="load-tool threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--worker-threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--baseline", help="results JSON of the 1x run to compare with")
    parser.add_argument(
        "--only", help="load only the pages whose label contains this text (and the ceiling)"
    )
    args = parser.parse_args(argv)
    if args.output is None:
        args.output = str(OUTPUT_DIR / f"bench-{args.scale}x.sqlite3")
    if not 1 <= args.duration <= 300:
        parser.error("--duration must be between 1 and 300 seconds")
    return args


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(args) -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="benchmarks.settings")
    if not env.get("DATABASE_URL"):
        if not Path(args.output).exists():
            sys.exit(f"No data set at {args.output}: run benchmarks/generate.py first.")
        env["BENCH_SQLITE"] = args.output
    return env


def start_server(args, port: int) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"{HOST}:{port}",
        "--workers", str(args.workers),
        "--threads", str(args.worker_threads),
        "--log-level", "warning",
    ]  # fmt: skip
    log = open(OUTPUT_DIR / "gunicorn.log", "w")  # noqa: SIM115 - kept open for the server
    server = subprocess.Popen(
        command, cwd=ROOT, env=server_env(args), stdout=log, stderr=log, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start: see {OUTPUT_DIR / 'gunicorn.log'}")
        try:
            if fetch_status(port, CEILING, "") == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    sys.exit("gunicorn did not answer within 60 seconds")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # the server's own process group, nothing else
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def fetch_status(port: int, path: str, cookie: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def sign_in(port: int, email: str) -> str:
    """Signs in through the sign-in page like a person would; returns the Cookie header."""
    base = f"http://{HOST}:{port}"
    jar = CookieJar()
    opener = build_opener(HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        sys.exit("The sign-in page has no CSRF token: cannot sign in")
    form = urlencode(
        {"csrfmiddlewaretoken": token.group(1), "login": email, "password": BENCH_PASSWORD}
    ).encode()
    request = Request(f"{base}/accounts/login/", data=form, headers={"Referer": base})
    opener.open(request, timeout=30).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        sys.exit(f"Signing in as {email} failed: was the data set generated?")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


# --- Load tools ---------------------------------------------------------------------------


def run_wrk(port: int, path: str, cookie: str, seconds: int, args) -> dict:
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s",
        "--timeout", "10s", "--latency",
    ]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://{HOST}:{port}{path}")
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout

    def latency_ms(percentile: str) -> float:
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }


def run_python(port: int, path: str, cookie: str, seconds: int, args) -> dict:
    """A bounded threaded client: each connection sends requests one after another, on a
    kept-alive HTTP/1.1 connection, until the time is up."""
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    headers = {"Cookie": cookie} if cookie else {}

    def client() -> None:
        mine, failed = [], 0
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(p: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0
        )

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "errors": errors[0],
        "socket_errors": "",
    }


def mean_of(first: dict, second: dict) -> dict:
    """The two ceiling runs as one: mean figures, summed errors, both requests/s kept."""
    merged = {key: (first[key] + second[key]) / 2 for key in ("rps", "p50_ms", "p99_ms")}
    merged.update(
        requests=first["requests"] + second["requests"],
        errors=first["errors"] + second["errors"],
        socket_errors=first["socket_errors"] or second["socket_errors"],
        queries=first.get("queries"),
        runs_rps=[first["rps"], second["rps"]],
    )
    return merged


def query_counts(args, paths: list[str]) -> dict:
    """{"paths": {path: {"status", "queries"}}, "pages": the scenarios' resolved pages}."""
    command = [sys.executable, str(ROOT / "benchmarks" / "queries.py"), "--scenarios", *paths]
    env = server_env(args)
    if "BENCH_SQLITE" in env:
        command += ["--output", env["BENCH_SQLITE"]]
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if result.returncode != 0:
        print(result.stderr[-2000:], file=sys.stderr)
        return {}
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Report -------------------------------------------------------------------------------


def page_list(results: dict) -> list[tuple[str, str]]:
    """(label, path) of every page in the run, in order (older results: the built-in pages)."""
    return [tuple(page[:2]) for page in results.get("order", PAGES)]


def print_table(results: dict, args, tool: str) -> None:
    ceiling = results["pages"].get(CEILING, {}).get("rps") or 0
    print()
    print(
        f"Scale {args.scale}x, {args.connections} connections, {args.duration}s per page, "
        f"gunicorn {args.workers} workers x {args.worker_threads} threads, load tool: {tool}"
    )
    header = (
        f"{'page':<36} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'of ceiling':>10} "
        f"{'queries':>7} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for label, path in page_list(results):
        figures = results["pages"].get(path)
        if figures is None:
            continue
        if figures.get("skipped"):
            print(f"{label:<36} skipped: {figures['skipped']}")
            continue
        share = figures["rps"] / ceiling if ceiling else 0
        queries = figures.get("queries")
        print(
            f"{label:<36} {figures['rps']:>8.0f} {figures['p50_ms']:>8.1f} "
            f"{figures['p99_ms']:>8.1f} {share:>10.0%} {'-' if queries is None else queries:>7} "
            f"{figures['errors']:>6}"
        )
    runs = results["pages"].get(CEILING, {}).get("runs_rps")
    if runs:
        print(
            f"The ceiling ran first ({runs[0]:.0f} req/s) and last ({runs[1]:.0f} req/s): "
            "a large difference means the machine was busy with other work."
        )
    print()
    print(
        f"Bars (quality.md): a page reaches >= {BARS['share_of_ceiling']:.0%} of the ceiling's "
        f"requests/s and p99 < {BARS['p99_ms']:.0f} ms at 16 connections."
    )
    for label, path in page_list(results)[1:]:
        figures = results["pages"].get(path)
        if not figures or figures.get("skipped") or not ceiling:
            continue
        share_ok = figures["rps"] / ceiling >= BARS["share_of_ceiling"]
        p99_ok = figures["p99_ms"] < BARS["p99_ms"]
        print(
            f"  {label:<34} share of ceiling: {'met' if share_ok else 'NOT met'}; "
            f"p99: {'met' if p99_ok else 'NOT met'}"
        )


def print_comparison(results: dict, baseline_file: str) -> None:
    """10x against 1x. `time` is the raw ratio of time per request (1 / req/s at the same
    concurrency); `vs ceiling` divides it by the ceiling's own ratio, which takes out a change
    in the machine's speed between the two runs. The bar is judged on `vs ceiling`."""
    baseline = json.loads(Path(baseline_file).read_text())
    ceiling_now = results["pages"].get(CEILING, {}).get("rps")
    ceiling_then = baseline["pages"].get(CEILING, {}).get("rps")
    drift = ceiling_then / ceiling_now if ceiling_now and ceiling_then else 1.0
    print()
    print(
        f"{results['scale']}x data against {baseline['scale']}x (bar: a page costs <= "
        f"{BARS['ten_x_time']}x the time, judged on 'vs ceiling': the time ratio divided by "
        f"the ceiling's, {drift:.2f}x in this pair of runs)"
    )
    header = (
        f"{'page':<36} {'time':>7} {'vs ceiling':>10} {'p50':>7} {'p99':>7} {'queries':>9}  bar"
    )
    print(header)
    print("-" * len(header))
    for label, path in page_list(results)[1:]:
        now, then = results["pages"].get(path), baseline["pages"].get(path)
        if not now or not then or now.get("skipped") or then.get("skipped"):
            continue
        time_ratio = then["rps"] / now["rps"] if now["rps"] else float("inf")
        normalised = time_ratio / drift
        p50 = now["p50_ms"] / then["p50_ms"] if then["p50_ms"] else 0
        p99 = now["p99_ms"] / then["p99_ms"] if then["p99_ms"] else 0
        queries = f"{then.get('queries', '-')}->{now.get('queries', '-')}"
        verdict = "met" if normalised <= BARS["ten_x_time"] else "NOT met"
        print(
            f"{label:<36} {time_ratio:>6.2f}x {normalised:>9.2f}x {p50:>6.2f}x {p99:>6.2f}x "
            f"{queries:>9}  {verdict}"
        )


def main(argv=None) -> None:
    args = parse_args(argv)
    # A time limit (script/bench's `timeout`) ends the run through the `finally` below, which
    # stops gunicorn too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "python"
    if tool == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk), or use --tool python")
    load = run_wrk if tool == "wrk" else run_python
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)

    print(f"==> Query counts at {args.scale}x (Django test client, no server)")
    found = query_counts(args, [path for _, path in PAGES])
    counts = dict(found.get("paths", {}))
    pages = [(label, path, "unit") for label, path in PAGES]
    for page in found.get("pages", []):
        if not page.get("path"):
            print(f"  {page['label']}: no path ({page.get('error')}), left out")
            continue
        pages.append((page["label"], page["path"], page["sign_in"]))
        counts[page["path"]] = {"status": page.get("status"), "queries": page.get("queries")}
    if args.only:
        pages = [page for page in pages if page[1] == CEILING or args.only in page[0]]
    for path, figures in counts.items():
        print(f"  {path:<24} status {figures['status']}, {figures['queries']} queries")

    print(f"  load average now: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    port = free_port()
    print(
        f"==> Starting gunicorn on {HOST}:{port} against "
        f"{args.output if 'BENCH_SQLITE' in server_env(args) else 'DATABASE_URL'}"
    )
    server = start_server(args, port)
    results = {
        "scale": args.scale,
        "tool": tool,
        "connections": args.connections,
        "duration": args.duration,
        "workers": args.workers,
        "worker_threads": args.worker_threads,
        "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "pages": {},
        "order": [[label, path, who] for label, path, who in pages],
    }
    try:
        # A page whose sign-in is "" is loaded without signing in (a public page).
        cookies = {
            who: sign_in(port, SIGN_INS[who]) if who else ""
            for who in sorted({page[2] for page in pages})
        }
        # The ceiling runs first and again last: the ratio uses the mean of the two, and
        # their difference shows how much the machine's load moved during the run.
        schedule = [*pages, pages[0]]
        for label, path, who in schedule:
            page_cookie = "" if path == CEILING else cookies[who]  # the ceiling needs no session
            status = fetch_status(port, path, page_cookie)
            if status != 200:
                reason = "not built yet (404)" if status == 404 else f"answered {status}"
                results["pages"][path] = {"skipped": reason}
                print(f"  {label}: skipped, {reason}")
                continue
            print(f"==> {label} ({path}): {args.warmup}s warm-up, {args.duration}s measured")
            if args.warmup:
                load(port, path, page_cookie, args.warmup, args)
            figures = load(port, path, page_cookie, args.duration, args)
            after = fetch_status(port, path, page_cookie)
            if after != 200:
                figures["errors"] += 1
                print(f"  warning: {path} answered {after} after the run (session lost?)")
            figures["queries"] = counts.get(path, {}).get("queries")
            if path in results["pages"]:  # the ceiling's second run
                figures = mean_of(results["pages"][path], figures)
            results["pages"][path] = figures
    finally:
        stop_server(server)

    (OUTPUT_DIR / f"results-{args.scale}x.json").write_text(json.dumps(results, indent=2))
    print_table(results, args, tool)
    if args.baseline and Path(args.baseline).exists():
        print_comparison(results, args.baseline)


if __name__ == "__main__":
    main()
