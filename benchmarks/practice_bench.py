"""Practice speed: ``python benchmarks/practice_bench.py`` (``make bench`` runs it too).

For each skill, over 200 seeds: ``generate(skill, seed)`` and then ``check`` of a wrong answer
(the first misconception's number when there is one, so the diagnosis runs; else answer + 1).
Per call the median and the 95th percentile, each the lowest of 3 runs over the same seeds (the
machine is shared: a run another process slowed down says nothing about this code); target:
generate + check median under 2 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backprop_tui.core.course.practice import SKILLS, exam, generate, grade  # noqa: E402

SEEDS = range(1000, 1200)
RUNS = 3
TARGET_MS = 2.0


def wrong_answer(p) -> str:
    if p.options:
        return "1" if int(p.answer) != 1 else "2"
    values = [v for vs in p.mistakes.values() for v in vs]
    return repr(values[0] if values else p.answer + 1.0)


def measure(skill: str) -> tuple[float, float, float, float]:
    runs = [measure_once(skill) for _ in range(RUNS)]
    return tuple(min(r[i] for r in runs) for i in range(4))  # type: ignore[return-value]


def measure_once(skill: str) -> tuple[float, float, float, float]:
    gen, chk, both = [], [], []
    for seed in SEEDS:
        t0 = time.perf_counter()
        p = generate(skill, seed)
        t1 = time.perf_counter()
        p.check(wrong_answer(p))
        t2 = time.perf_counter()
        gen.append(t1 - t0)
        chk.append(t2 - t1)
        both.append(t2 - t0)
    ms = 1e3
    p95 = sorted(both)[int(0.95 * len(both))]
    return (statistics.median(gen) * ms, statistics.median(chk) * ms, statistics.median(both) * ms,
            p95 * ms)


def main() -> int:
    generate("forward-z", 0)  # imports and first-call set-up are not what is measured
    print(f"{'skill':<18} {'generate':>9} {'check':>7} {'both':>7} {'both p95':>9}  (ms, median of {len(SEEDS)} seeds, best of {RUNS} runs)")
    worst = 0.0
    for skill in SKILLS:
        g, c, b, p95 = measure(skill)
        worst = max(worst, b)
        print(f"{skill:<18} {g:>9.3f} {c:>7.3f} {b:>7.3f} {p95:>9.3f}")
    times = []
    for seed in range(20):
        t0 = time.perf_counter()
        steps = exam(seed)
        grade(steps, [repr(p.answer * 1.1) for p in steps])
        times.append(time.perf_counter() - t0)
    print(f"{'exam + grade':<18} {'':>9} {'':>7} {statistics.median(times) * 1e3:>7.3f}  (a whole exam, every step)")
    ok = worst < TARGET_MS
    print(f"\nslowest skill's generate + check median: {worst:.3f} ms "
          f"({'under' if ok else 'OVER'} the {TARGET_MS:g} ms target)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
