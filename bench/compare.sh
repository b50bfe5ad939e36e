#!/usr/bin/env bash
# Runs the peer (PyTorch 1.13 + OpenMP OpenBLAS, bench/peer/) and Eumentia (bench/Eumentia.Bench) back to back
# on one workload and prints a table of both medians and their ratio. Installs nothing: it checks the peer's
# prerequisites and says how to install what is missing.
#
#   bench/compare.sh gemm --threads 1 2 --sizes 256 512 1024 2048 --reps 5
#   bench/compare.sh gemm-mlp --threads 1 2 --reps 5          # the MLP training products
#   bench/compare.sh dropout --reps 5                         # dropout mask + apply
#   bench/compare.sh train --threads 2 --reps 5               # the four MLPs: training and eval samples/s
#   bench/compare.sh ensemble --threads 2 --reps 3            # 16 x 784-100-100-10 trained together
#   bench/compare.sh train --rounds 3 ...                     # alternate peer/ours 3 times, median over all
#   bench/compare.sh gemm --clock cpu ...                     # rates per CPU-second (gemm, gemm-mlp, dropout)
#   bench/compare.sh all [--rounds 3]                         # the README's table: gemm (2x the rounds), train, ensemble, and
#                                                             # every target of the performance issue checked
#   bench/compare.sh cnn-probe --reps 5 --rounds 3            # the criticality CNN probe's layer against torch conv1d/conv2d
#   bench/compare.sh study phases --rounds 3                  # a whole study's quick preset against its peer script, end to
#                                                             # end (--size tiny: a few nets, to test the harness)
#   bench/compare.sh study criticality --rounds 3             # the same for the criticality study (--size tiny: its tiny preset)
#   bench/compare.sh study lottery --rounds 3                 # the same for the lottery study (--size tiny: its tiny preset)
#   bench/compare.sh study all --rounds 3                     # every study with a peer, then one table of them all
#
# SGEMM runs both sides as two processes side by side that take their timed repeats in turns (bench/lockstep.py;
# --rounds multiplies the repeats); the other workloads run the two processes one after the other, --rounds times,
# train one network per pair of processes.
# Every run also reports each side's peak resident memory (the whole process, measured the same way).
# Flags after the workload go to both sides unchanged (they share the spelling). The machines are shared and
# noisy: compare the ratios of one run, never figures from different runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
py=/usr/bin/python3
# PEER_BLAS_DIR: the OpenMP OpenBLAS somewhere else (e.g. unpacked from its .deb with dpkg -x, without installing it).
blas="${PEER_BLAS_DIR:-/usr/lib/x86_64-linux-gnu/openblas-openmp}"

# The peer's OpenBLAS kernels. Debian 12's OpenBLAS (0.3.21) does not know CPUs newer than itself (Sapphire and
# Emerald Rapids among them) and falls back to its SSE3 "Prescott" kernels, a third of what such a CPU does with
# AVX-512. Beating that would prove nothing, so the peer then runs with the best kernels OpenBLAS has for the
# CPU's instruction set (SkylakeX with AVX-512, Haswell with AVX2). PEER_OPENBLAS_CORETYPE=NAME forces a core,
# PEER_OPENBLAS_CORETYPE=auto keeps OpenBLAS's own choice.
choose_peer_core() {
  detected="$(env -u OPENBLAS_CORETYPE OPENBLAS_VERBOSE=2 LD_LIBRARY_PATH="$blas" "$py" -c 'import torch' 2>&1 | sed -n 's/^Core: //p' | head -1)"
  coretype="${PEER_OPENBLAS_CORETYPE:-}"
  if [ -z "$coretype" ]; then
    coretype=auto
    if [ "$detected" = Prescott ]; then
      if grep -qw avx512f /proc/cpuinfo; then coretype=SkylakeX; elif grep -qw avx2 /proc/cpuinfo; then coretype=Haswell; fi
    fi
  fi
  if [ "$coretype" = auto ]; then peer_core="OpenBLAS core ${detected:-unknown} (its own choice)"
  else export OPENBLAS_CORETYPE="$coretype"; peer_core="OpenBLAS core $coretype (forced; OpenBLAS chose ${detected:-unknown})"; fi
}

workload="${1:-gemm}"
[ $# -gt 0 ] && shift

if [ "$workload" = all ]; then
  all_rounds=1
  [ "${1:-}" = --rounds ] && all_rounds="${2:?--rounds needs a number}"
  keep="$(mktemp -d)"
  trap 'rm -rf "$keep"' EXIT
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  # Each workload keeps its raw results in one folder; one table and one target check cover them all.
  # An SGEMM pair takes seconds and the host's speed moves by a third within seconds: twice the rounds there.
  COMPARE_KEEP="$keep" "$0" gemm --threads 1 2 --sizes 256 512 1024 2048 --reps 5 --rounds $((2 * all_rounds)) >/dev/null
  COMPARE_KEEP="$keep" "$0" train --threads 2 --reps 5 --rounds "$all_rounds" >/dev/null
  COMPARE_KEEP="$keep" "$0" ensemble --threads 2 --reps 3 --rounds "$all_rounds" >/dev/null
  echo
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores" \
       "load average: $load_before (before), $(cut -d' ' -f1-3 /proc/loadavg) (after)"
  choose_peer_core
  echo "command: bench/compare.sh all --rounds $all_rounds   peer: $peer_core"
  "$py" "$here/compare_table.py" --targets "$keep"
  exit
fi
peer_extra=()
peer_json=0  # torch_mlp_bench.py reports through --json FILE, the others through a "JSON [...]" line
case "$workload" in
  gemm) peer=lockstep ;;  # bench/lockstep.py runs both sides, turn about
  gemm-mlp) peer=gemm_mlp_bench.py ;;
  dropout) peer=dropout_bench.py ;;
  train) peer=torch_mlp_bench.py; peer_json=1 ;;
  ensemble) peer=torch_mlp_bench.py; peer_json=1; peer_extra=(--ensemble) ;;
  cnn-probe) peer=cnn_probe_bench.py ;;  # the criticality study's CNN layer: im2col + GEMM against torch's convolution
  study)
    study="${1:-phases}"
    [ $# -gt 0 ] && shift
    case "$study" in
      phases) peer=phases_study.py ;;
      criticality) peer=criticality_study.py ;;
      lottery) peer=lottery_study.py ;;
      all)
        # Every study with a peer in turn, each printing its own table and agreement; then one table of them all.
        for s in phases criticality lottery; do "$0" study "$s" --check-args "$@" || exit $?; done
        case " $* " in *" --check-args "*) exit 0 ;; esac  # asked only to check the flags
        keep="$(mktemp -d)"
        trap 'rm -rf "$keep"' EXIT
        for s in phases criticality lottery; do COMPARE_KEEP="$keep" "$0" study "$s" "$@"; done
        echo
        echo "all studies:"
        "$py" "$here/compare_table.py" --targets "$keep"
        exit ;;
      *) echo "compare.sh: unknown study '$study' (phases, criticality, lottery, all)" >&2; exit 2 ;;
    esac ;;
  -h|--help) sed -n '/^set -euo/q;2,$p' "$0"; exit 0 ;;
  *) echo "compare.sh: unknown workload '$workload' (gemm, gemm-mlp, dropout, train, ensemble, cnn-probe, all, study)" >&2; exit 2 ;;
esac

rounds=1
size=quick
check_args=0
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = --rounds ]; then rounds="${2:?--rounds needs a number}"; shift 2
  elif [ "$1" = --size ] && [ "$workload" = study ]; then size="${2:?--size needs quick or tiny}"; shift 2
  elif [ "$1" = --check-args ] && [ "$workload" = study ]; then check_args=1; shift  # `study all` checks every study's flags first
  else args+=("$1"); shift; fi
done
case "$size" in quick|tiny) ;; *) echo "compare.sh: --size $size: expected quick or tiny" >&2; exit 2 ;; esac
case "$rounds" in ''|*[!0-9]*|0) echo "compare.sh: --rounds $rounds: expected a positive whole number" >&2; exit 2 ;; esac
given=("${args[@]}")

missing=()
command -v dotnet >/dev/null || missing+=("the .NET 10 SDK (dotnet)")
[ -x "$py" ] || missing+=("$py")
[ -x "$py" ] && ! "$py" -c 'import torch, numpy' 2>/dev/null && missing+=("python3-torch and python3-numpy for $py")
[ -e "$blas/libblas.so.3" ] || missing+=("the OpenMP build of OpenBLAS in $blas")
case "$workload" in train|ensemble)
  [ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=("Fashion-MNIST in /usr/share/datasets/fashion-mnist") ;;
esac
[ "$workload" = study ] && [ ${#args[@]} -gt 0 ] && { echo "compare.sh: study takes --rounds R and --size quick|tiny only, not: ${args[*]}" >&2; exit 2; }
[ "$check_args" = 1 ] && exit 0
if [ ${#missing[@]} -gt 0 ]; then
  printf 'compare.sh: missing %s\n' "${missing[@]}" >&2
  echo "Install the peer (Debian 12, as root):" >&2
  echo "  apt-get update && apt-get install -y python3-torch python3-numpy libopenblas0-openmp dataset-fashion-mnist" >&2
  exit 1
fi

choose_peer_core
echo "peer: $peer_core" >&2

dotnet build "$root/bench/Eumentia.Bench" -c Release -v quiet -nologo >&2 || { echo "compare.sh: build failed" >&2; exit 1; }
dll="$root/bench/Eumentia.Bench/bin/Release/net10.0/Eumentia.Bench.dll"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Runs a command and appends "MAXRSS_KB <peak resident set of the process tree>" to its output.
measured() { "$py" -c 'import resource, subprocess, sys
code = subprocess.call(sys.argv[1:])
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)
sys.exit(code)' "$@"; }
run_peer() {
  local json=()
  [ "$peer_json" = 1 ] && json=(--json "$out/peer.$workload.$1.json")
  LD_LIBRARY_PATH="$blas" measured "$py" "$here/peer/$peer" "${peer_extra[@]}" "${args[@]}" "${json[@]}" | tee "$out/peer.$workload.$1.txt" >&2
}
run_ours() { measured dotnet "$dll" "$workload" "${args[@]}" | tee "$out/ours.$workload.$1.txt" >&2; }

# Alternate who goes first, so that a neighbour's burst of work does not always fall on the same side.
pair() { if [ $(($2 % 2)) -eq 1 ]; then run_peer "$1"; run_ours "$1"; else run_ours "$1"; run_peer "$1"; fi; }

# A whole study end to end, each side timed from outside the same way (wall clock of the whole process, peak
# memory), the two alternating who goes first. Ours is the user's command, study report included; the peer does the
# same work (phases: trains and evaluates the same nets; criticality: the same probes and trainings, stage by stage;
# lottery: the same IMP trajectories, baselines and measurements) and writes what Eumentia.Bench phases-agree,
# criticality-agree or lottery-agree checks against ours.
study_rounds() {
  local ours_args=(--preset quick) peer_args=(--threads 2 --split "$out/split.json") peer_out="$out/peer-$study"
  case "$study" in
    phases)
      peer_out="$out/peer-$study.csv"
      if [ "$size" = tiny ]; then
        ours_args+=(--grid train_size=64,128 --grid seed=0,1 --grid p_train=0,0.6 --set min_steps=30 --bootstrap 20)
        peer_args+=(--sizes 64 128 --seeds 2 --p-train 0 0.6 --min-steps 30)
      fi ;;
    criticality|lottery)
      # --size tiny: the study's own tiny preset on both sides (seconds; its exponents mean nothing)
      [ "$size" = tiny ] && ours_args=(--preset tiny)
      peer_args+=("${ours_args[@]}") ;;
  esac
  dotnet "$dll" data-split --labels "$root/data/mnist-10k/train-labels-idx1-ubyte.gz" --out "$out/split.json" >&2
  EUMENTIA_NO_BUILD=0 "$root/eumentia" --help >/dev/null  # builds the command line once, outside the timing
  study_ours() {
    rm -rf "$out/ours-$study"
    timed "study $study $size" env EUMENTIA_NO_BUILD=1 "$root/eumentia" "$study" "${ours_args[@]}" --out "$out/ours-$study" \
      > "$out/ours.study-$study.$1.txt" 2>"$out/ours.study-$study.$1.log" || { tail -20 "$out/ours.study-$study.$1.log" >&2; exit 1; }
    tail -1 "$out/ours.study-$study.$1.txt" >&2
  }
  study_peer() {
    rm -rf "$peer_out"
    LD_LIBRARY_PATH="$blas" timed "study $study $size" "$py" "$here/peer/$peer" "${peer_args[@]}" --out "$peer_out" \
      > "$out/peer.study-$study.$1.txt" 2>&1 || { tail -20 "$out/peer.study-$study.$1.txt" >&2; exit 1; }
    tail -1 "$out/peer.study-$study.$1.txt" >&2
  }
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then study_peer "$r"; study_ours "$r"; else study_ours "$r"; study_peer "$r"; fi
  done
  "$py" "$here/peak.py" > "$out/peak.txt"
  echo "agreement of the last round's answers (Eumentia.Bench $study-agree):" > "$out/agreement.txt"
  "$py" "$here/peer/$peer" "${peer_args[@]}" --flops-only > "$out/flops.study-$study.txt"
  case "$study" in
    phases)
      dotnet "$dll" phases-agree --ours "$out/ours-$study/results.csv" --peer "$peer_out" --bootstrap 50 --min-agreement 0 \
        >> "$out/agreement.txt" 2>&1 || true ;;
    criticality)
      dotnet "$dll" criticality-agree --ours "$out/ours-$study" --peer "$peer_out" --preset "${ours_args[1]}" \
        >> "$out/agreement.txt" 2>&1 || true ;;
    lottery)
      dotnet "$dll" lottery-agree --ours "$out/ours-$study" --peer "$peer_out" >> "$out/agreement.txt" 2>&1 || true ;;
  esac
}
# Runs a command, then prints a "JSON [...]" record of its wall time (case $1) and "MAXRSS_KB" of its process tree.
timed() { "$py" -c 'import json, resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.call(sys.argv[2:])
s = time.perf_counter() - t
print("JSON " + json.dumps([{"workload": "study", "case": sys.argv[1], "unit": "s (wall, lower is better)", "median": s, "exit": code}]))
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)
sys.exit(code)' "$@"; }

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$workload" = gemm ]; then
  # An SGEMM repeat takes a quarter of a second and this host's speed moves by a third within seconds: the two
  # sides run as two processes side by side and take their timed repeats in turns.
  LD_LIBRARY_PATH="$blas" "$py" "$here/lockstep.py" "${args[@]}" --rounds "$rounds" --out "$out" --ours dotnet "$dll"
elif [ "$workload" = train ]; then
  # A process trains every network in turn (a minute or two); the host's speed drifts over that, so each network
  # is timed as its own peer/ours pair: the two figures of a pair lie seconds apart, not a whole sweep.
  configs="256:2:128 512:3:128 100:2:32 1024:2:256"
  rest=()
  for ((i = 0; i < ${#args[@]}; i++)); do
    if [ "${args[$i]}" = --configs ]; then
      configs=""
      while [ $((i + 1)) -lt ${#args[@]} ] && [[ "${args[$((i + 1))]}" != --* ]]; do i=$((i + 1)); configs="$configs ${args[$i]}"; done
    else rest+=("${args[$i]}"); fi
  done
  i=0
  for r in $(seq 1 "$rounds"); do
    for c in $configs; do i=$((i + 1)); args=("${rest[@]}" --configs "$c"); pair "r$r-$c" "$i"; done
  done
elif [ "$workload" = study ]; then
  study_rounds
else
  for r in $(seq 1 "$rounds"); do pair "$r" "$r"; done
fi

echo
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores" \
     "load average: $load_before (before), $(cut -d' ' -f1-3 /proc/loadavg) (after)"
shown=("$workload" ${study:+"$study"} "${given[@]}")
[ "$workload" = study ] && shown+=(--size "$size")
echo "command: bench/compare.sh ${shown[*]} --rounds $rounds   peer: $peer_core"
targets=()
case "$workload" in study|cnn-probe) targets=(--targets) ;; esac
"$py" "$here/compare_table.py" "${targets[@]}" "$out"
[ -e "$out/agreement.txt" ] && { echo; cat "$out/agreement.txt"; }
# Under `compare.sh all`, hand the raw results to the combined table: the plain files only (a study's round also
# leaves its output folders there, which the table does not read).
[ -n "${COMPARE_KEEP:-}" ] && find "$out" -maxdepth 1 -type f -exec cp {} "$COMPARE_KEEP"/ \;
exit 0
