"""Timing shared by Eumentia's additions to the peer scripts, the method of gemm_bench.py: one call to
calibrate how many calls make a repeat of at least min_time seconds, one more warm-up call, then reps
repeats; returns (median, min, max) of work units per second. clock="cpu" times a repeat by the process's
CPU time (all threads) instead of the wall clock: on a shared machine it measures the code, not the queue."""
import statistics, time


def rate(fn, work, reps, min_time, clock="wall"):
    inner = calibrate(fn, min_time, clock)
    g = [repeat(fn, work, inner, clock) for _ in range(reps)]
    return statistics.median(g), min(g), max(g)


def calibrate(fn, min_time, clock="wall"):
    """Calls per repeat of at least min_time seconds, from one call, then one more warm-up call."""
    now = clock_of(clock)
    t0 = now(); fn(); dt = now() - t0
    fn()
    return max(1, int(min_time / max(dt, 1e-7)))


def repeat(fn, work, inner, clock="wall"):
    """One timed repeat of inner calls: work units per second."""
    now = clock_of(clock)
    t0 = now()
    for _ in range(inner):
        fn()
    return work * inner / (now() - t0)


def clock_of(clock):
    return time.process_time if clock == "cpu" else time.perf_counter


def add_clock_flag(parser):
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                        help="time repeats by the wall clock (default) or by the process's CPU time")
