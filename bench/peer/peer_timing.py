"""Timing shared by Eumentia's additions to the peer scripts, the method of gemm_bench.py: one call to
calibrate how many calls make a repeat of at least min_time seconds, one more warm-up call, then reps
repeats; returns (median, min, max) of work units per second."""
import statistics, time


def rate(fn, work, reps, min_time):
    t0 = time.perf_counter(); fn(); dt = time.perf_counter() - t0
    inner = max(1, int(min_time / max(dt, 1e-7)))
    fn()
    g = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        g.append(work * inner / (time.perf_counter() - t0))
    return statistics.median(g), min(g), max(g)
