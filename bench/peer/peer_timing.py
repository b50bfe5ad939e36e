"""Timing shared by Eumentia's additions to the peer scripts, the method of gemm_bench.py: one call to
calibrate how many calls make a repeat of at least min_time seconds, one more warm-up call, then reps
repeats; returns (median, min, max) of work units per second. clock="cpu" times a repeat by the process's
CPU time (all threads) instead of the wall clock: on a shared machine it measures the code, not the queue."""
import statistics, time


def rate(fn, work, reps, min_time, clock="wall"):
    now = time.process_time if clock == "cpu" else time.perf_counter
    t0 = now(); fn(); dt = now() - t0
    inner = max(1, int(min_time / max(dt, 1e-7)))
    fn()
    g = []
    for _ in range(reps):
        t0 = now()
        for _ in range(inner):
            fn()
        g.append(work * inner / (now() - t0))
    return statistics.median(g), min(g), max(g)


def add_clock_flag(parser):
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                        help="time repeats by the wall clock (default) or by the process's CPU time")
