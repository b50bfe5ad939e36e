#!/usr/bin/python3
"""The machine's FP32 FMA peak: cores x GHz x FMA units per core x FP32 lanes per unit x 2 (a fused multiply-add
is two FLOP). lscpu and /proc/cpuinfo give the cores, the vendor, the CPU family and the instruction set; the FMA
units and their width are the microarchitecture's (vendors' optimisation manuals), which no file states, so they
come from this table (override with PEAK_FMA_UNITS and PEAK_LANES):

  AMD family 25 (Zen 3, Zen 4)  2 units x  8 lanes (Zen 4 runs AVX-512 on its two 256-bit units)
  AMD family 26 (Zen 5)         2 units x 16 lanes
  AMD family 23 (Zen 1, Zen 2)  2 units x  4 / 8 lanes (Zen 2 is model 0x30 and above)
  Intel with AVX-512            2 units x 16 lanes (Xeon Gold/Platinum and later; a few parts have one unit)
  Intel with AVX2 and FMA       2 units x  8 lanes

The clock is lscpu's "CPU max MHz", else /proc/cpuinfo's "cpu MHz" (a virtual machine often reports neither);
PEAK_GHZ=3.2 gives it. Without a clock the peak is unknown and the script says so (exit 0: a report, not a check).
Prints one line "PEAK {json}": the inputs of the formula and peak_gflops (null when unknown).
    bench/peak.py            PEAK_GHZ=3.2 bench/peak.py
"""
import json, os, re, subprocess


def lscpu():
    try:
        text = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        text = ""
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def cpuinfo():
    fields = {}
    try:
        for line in open("/proc/cpuinfo"):
            if ":" in line:
                k, v = (s.strip() for s in line.split(":", 1))
                fields.setdefault(k, v)
    except OSError:
        pass
    return fields


def units_and_lanes(vendor, family, model, flags):
    if "fma" not in flags:
        return None, None, "no FMA instructions"
    if vendor == "AuthenticAMD":
        if family == 26:
            return 2, 16, "AMD Zen 5"
        if family == 25:
            return 2, 8, "AMD Zen 3/Zen 4"
        if family == 23:
            return (2, 8, "AMD Zen 2") if model >= 0x30 else (2, 4, "AMD Zen 1")
    if vendor == "GenuineIntel":
        return (2, 16, "Intel with AVX-512") if "avx512f" in flags else (2, 8, "Intel with AVX2")
    return (2, 8, "unknown CPU with AVX2, assumed 2 x 8") if "avx2" in flags else (None, None, "unknown CPU")


def main():
    ls, ci = lscpu(), cpuinfo()
    get = lambda d, k: d.get(k, "").strip()
    vendor = get(ls, "Vendor ID") or get(ci, "vendor_id")
    family = int(get(ci, "cpu family") or 0)
    model = int(get(ci, "model") or 0)
    flags = set((get(ci, "flags") or get(ls, "Flags")).split())
    cores = os.cpu_count() or 1
    units, lanes, arch = units_and_lanes(vendor, family, model, flags)
    units = int(os.environ.get("PEAK_FMA_UNITS", units or 0)) or None
    lanes = int(os.environ.get("PEAK_LANES", lanes or 0)) or None
    ghz, clock_from = None, "unknown (set PEAK_GHZ)"
    if os.environ.get("PEAK_GHZ"):
        ghz, clock_from = float(os.environ["PEAK_GHZ"]), "PEAK_GHZ"
    elif get(ls, "CPU max MHz"):
        ghz, clock_from = float(get(ls, "CPU max MHz")) / 1000, "lscpu CPU max MHz"
    elif get(ci, "cpu MHz"):
        ghz, clock_from = float(get(ci, "cpu MHz")) / 1000, "/proc/cpuinfo cpu MHz"
    else:
        m = re.search(r"@ *([0-9.]+) *GHz", get(ls, "Model name"))
        if m:
            ghz, clock_from = float(m.group(1)), "the model name"
    peak = cores * ghz * units * lanes * 2 if ghz and units and lanes else None
    print("PEAK " + json.dumps({"model": get(ls, "Model name") or get(ci, "model name"), "vendor": vendor, "family": family,
                                "cores": cores, "ghz": ghz, "clock_from": clock_from, "fma_units": units, "lanes": lanes,
                                "microarchitecture": arch, "peak_gflops": peak}), flush=True)


if __name__ == "__main__":
    main()
