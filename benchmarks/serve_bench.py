"""A class joining ``backprop-tui serve`` at once: ``python benchmarks/serve_bench.py [--students N]``.

In one run on this machine, on 127.0.0.1: a real ``backprop-tui serve --port 0`` (its own
token, a fresh state folder), then N students (30 by default) whose websocket clients
(backprop_tui.tui.serve_client: the messages textual.js sends) all connect at the same moment.

1. Time to first frame, per student: from opening the websocket to the name screen's text
   ("What is your name?") in what came back. Target: all N within 10 s. (Nobody types until
   all N have theirs: a class reads the screen before typing, and this phase measures joins.)
2. Key-to-update round trip once joined: every student types a name (the lesson list opens),
   then presses ↓ / ↑ ten times, 0.1-0.4 s apart (seeded), all students at once; each round
   trip is from sending the key to the first screen bytes back. Before that, one quiet second
   is watched for bytes nobody asked for (there are none, so a byte back is the key's update).
   Target: p95 < 150 ms.
3. Memory per student process: VmRSS from /proc of every app process the server started, read
   once every student has the lesson list. Target: < 120 MB each.

Bounded: the whole run is cancelled after 180 s. Prints one table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from backprop_tui.tui.serve_client import StudentClient

BOUND = 180.0
PRESSES = 10
SEED = 12


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def descendants(pid: int) -> list[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    found, frontier = [], {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier}
        found += sorted(frontier)
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def student_apps(server: int) -> list[int]:
    """The students' app processes: the fork server's children (or, without one, each
    ``serve_student`` started from nothing)."""
    family = descendants(server)
    module = [(p, cmdline(p).split(b"\0")) for p in family]
    roots = [p for p, argv in module if argv[1:3] == [b"-m", b"backprop_tui.tui.serve_fork"]
             and parent(p) == server]
    return [p for p, argv in module
            if parent(p) in roots or argv[1:3] == [b"-m", b"backprop_tui.tui.serve_student"]]


def parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1])
    except OSError:
        return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far (its own, not its children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pss_mb(pid: int) -> float:
    """Proportional set size: shared pages (the fork server's) split among their sharers."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def student(base: str, token: str, number: int, start: asyncio.Event,
                  framed: asyncio.Barrier, joined: asyncio.Barrier, measured: asyncio.Event,
                  out: dict) -> None:
    client = StudentClient(base, token, size=(120, 40))
    await start.wait()
    began = time.perf_counter()
    await client.connect()
    await client.wait_for("What is your name?", timeout=60)
    out["first_frame"].append(time.perf_counter() - began)
    await client.wait_quiet(0.3)
    await framed.wait()
    mark = client.mark()
    await client.press(*f"student-{number:02d}", "enter")
    await client.wait_for("Lessons", start=mark, timeout=60)
    await client.wait_quiet(0.5)
    await joined.wait()  # everyone has the lesson list: memory is read now
    await measured.wait()
    idle = len(client.received)
    await asyncio.sleep(1.0)
    out["idle_bytes"] += len(client.received) - idle
    rng = random.Random(SEED * 100 + number)
    for i in range(PRESSES):
        await asyncio.sleep(rng.uniform(0.1, 0.4))
        out["round_trip"].append(await client.round_trip("down" if i % 2 == 0 else "up"))
        await client.wait_quiet(0.05)
    await client.close()


async def bench(count: int) -> dict:
    state = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    server = subprocess.Popen(
        [sys.executable, "-m", "backprop_tui", "serve", "--port", "0", "--state", str(state)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out: dict = {"first_frame": [], "round_trip": [], "idle_bytes": 0, "rss": [], "sh": []}
    try:
        line = await asyncio.to_thread(server.stdout.readline)
        base, token = line.split()[-1].split("/?token=")
        start, measured = asyncio.Event(), asyncio.Event()
        framed, joined = asyncio.Barrier(count + 1), asyncio.Barrier(count + 1)
        tasks = [asyncio.create_task(student(base, token, n, start, framed, joined, measured, out))
                 for n in range(1, count + 1)]
        cpu_before = sum(map(cpu_seconds, [server.pid, *descendants(server.pid)]))
        own_before = time.process_time()
        start.set()
        began = time.perf_counter()
        await framed.wait()
        out["cpu_frames"] = sum(map(cpu_seconds, [server.pid, *descendants(server.pid)])) - cpu_before
        apps = student_apps(server.pid)
        out["cpu_split"] = (cpu_seconds(server.pid), sum(map(cpu_seconds, apps)))
        out["load_frames"] = os.getloadavg()[0]
        await joined.wait()
        out["all_joined"] = time.perf_counter() - began
        # CPU spent by serve, the fork server, the apps and the launchers still running (the
        # short-lived /bin/sh wrappers aside), and by this process's 30 clients
        out["cpu_serve"] = sum(map(cpu_seconds, [server.pid, *descendants(server.pid)])) - cpu_before
        out["cpu_clients"] = time.process_time() - own_before
        out["load"] = os.getloadavg()[0]
        apps = student_apps(server.pid)
        out["rss"] = [rss_mb(p) for p in apps]
        out["pss"] = [pss_mb(p) for p in apps]
        out["server_rss"] = rss_mb(server.pid)
        out["processes"] = len(apps)
        measured.set()
        await asyncio.gather(*tasks)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    count = parser.parse_args().students
    began = time.perf_counter()
    out = asyncio.run(asyncio.wait_for(bench(count), BOUND))
    ff, rt, rss = out["first_frame"], [t * 1000 for t in out["round_trip"]], out["rss"]
    rows = [
        ("students joining at once", f"{count}", "", ""),
        ("app processes started", f"{out['processes']}", f"{count}", out["processes"] == count),
        ("first frame p50", f"{statistics.median(ff):.2f} s", "", ""),
        ("first frame p95", f"{percentile(ff, 95):.2f} s", "", ""),
        ("first frame, last of all", f"{max(ff):.2f} s", "< 10 s", max(ff) < 10),
        ("CPU of serve + apps to there", f"{out['cpu_frames']:.2f} s", "", ""),
        ("  of which serve itself", f"{out['cpu_split'][0]:.2f} s", "", ""),
        ("  of which the apps", f"{out['cpu_split'][1]:.2f} s", "", ""),
        ("load average (1 min) then", f"{out['load_frames']:.1f}", "", ""),
        (f"round trip p50 ({len(rt)} keys)", f"{statistics.median(rt):.1f} ms", "", ""),
        ("round trip p95", f"{percentile(rt, 95):.1f} ms", "< 150 ms", percentile(rt, 95) < 150),
        ("round trip max", f"{max(rt):.1f} ms", "", ""),
        ("bytes sent unasked in 1 s", f"{out['idle_bytes']}", "0", out["idle_bytes"] == 0),
        ("all joined (name typed, list)", f"{out['all_joined']:.2f} s", "", ""),
        ("CPU of serve + apps to there", f"{out['cpu_serve']:.2f} s", "", ""),
        ("CPU of the bench's clients", f"{out['cpu_clients']:.2f} s", "", ""),
        ("load average (1 min) then", f"{out['load']:.1f}", "", ""),
        ("RSS per student p50", f"{statistics.median(rss):.1f} MB", "", ""),
        ("RSS per student max", f"{max(rss):.1f} MB", "< 120 MB", max(rss) < 120),
        ("PSS per student p50", f"{statistics.median(out['pss']):.1f} MB", "", ""),
        ("RSS of the server", f"{out['server_rss']:.1f} MB", "", ""),
    ]
    print(f"serve_bench: {count} students on 127.0.0.1, {os.cpu_count()} CPUs, "
          f"run took {time.perf_counter() - began:.1f} s")
    print(f"{'measure':<30} {'value':>12} {'target':>10}  ok")
    for name, value, target, ok in rows:
        mark = "" if ok == "" else ("yes" if ok else "NO")
        print(f"{name:<30} {value:>12} {target:>10}  {mark}")
    return 0 if all(ok is not False for *_, ok in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
