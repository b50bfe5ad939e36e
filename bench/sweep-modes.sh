#!/usr/bin/env bash
# Times `eumentia sweep run` with its workers as threads of one process versus child processes, on a sweep of
# small MLPs (kind train on the shipped mnist-10k, one per seed). Usage:
#   bench/sweep-modes.sh [workers=2] [repeats=3] [width=64] [train_size=1024] [runs=24] [epochs=3]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
workers=${1:-2}; repeats=${2:-3}; width=${3:-64}; n=${4:-1024}; runs=${5:-24}; epochs=${6:-3}
dotnet build "$here/src/Eumentia.Cli" -c Release -v quiet -nologo >/dev/null
export CI=true
cli="$here/src/Eumentia.Cli/bin/Release/net10.0/Eumentia.Cli.dll"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
seeds=$(seq -s, 0 $((runs - 1)))
for r in $(seq "$repeats"); do
  for mode in threads processes; do
    # Wall time, and CPU time of the whole process tree (children included): on a shared machine the CPU
    # time is the steadier measure of how much work each mode costs.
    TIMEFORMAT="$mode repeat $r: $runs runs of width $width, N $n, $epochs epochs, $workers workers: wall %R s, cpu %U s user + %S s sys"
    time dotnet "$cli" sweep run --kind train --set data=mnist-10k --set width="$width" --set train_size="$n" \
      --set epochs="$epochs" --set validation_size=1000 --grid seed="$seeds" \
      --dir "$tmp/$mode-$r" -j "$workers" --mode "$mode" >/dev/null
  done
done
