#!/usr/bin/env bash
# Run fuzz/fuzz_reader.py until TOTAL inputs (default 1,000,000) have been executed.
# libFuzzer stops at the first crash; this loop records it and starts again, so one run
# reports every distinct crash.  Crash inputs land in $ARTIFACTS, the log in $LOG.
#   bash fuzz/run.sh [TOTAL]          (from the project root)
set -u
TOTAL=${1:-1000000}
WORK=${FUZZ_WORK:-/tmp/risx-fuzz}
LOG=${LOG:-$WORK/fuzz.log}
ARTIFACTS=$WORK/artifacts/
CORPUS=${RISX_CORPUS:-tests/corpus}
mkdir -p "$WORK/corpus" "$WORK/seeds" "$ARTIFACTS"
# Seeds: the start (768 bytes, the -max_len) of every RIS file of the test corpus.
python3 - "$CORPUS" "$WORK/seeds" <<'PY'
import sys
from pathlib import Path
corpus, seeds = Path(sys.argv[1]), Path(sys.argv[2])
for path in sorted(corpus.rglob("*.ris")):
    (seeds / f"{path.parent.name}__{path.name}").write_bytes(path.read_bytes()[:768])
PY
done_runs=0
crashes=0
while [ "$done_runs" -lt "$TOTAL" ]; do
  python3 fuzz/fuzz_reader.py -atheris_runs=$((TOTAL - done_runs)) -max_len=768 -timeout=30 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$ARTIFACTS" \
    "$WORK/corpus" "$WORK/seeds" > "$WORK/part.log" 2>&1
  rc=$?
  cat "$WORK/part.log" >> "$LOG"
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$WORK/part.log" | tail -1 | grep -o '[0-9]*$')
  # atheris does not always print the final stats; libFuzzer's "Done N in S second(s)" line
  # (a clean finish) and the last "#N" status line (a crash) give the count too.
  [ -z "$runs" ] && runs=$(grep -ao '^Done [0-9]*' "$WORK/part.log" | tail -1 | grep -o '[0-9]*$')
  [ -z "$runs" ] && runs=$(grep -ao '^#[0-9]*' "$WORK/part.log" | tail -1 | tr -d '#')
  runs=${runs:-0}
  done_runs=$((done_runs + runs))
  if [ "$rc" -ne 0 ]; then
    crashes=$((crashes + 1))
    [ "$runs" -eq 0 ] && { echo "fuzz: run failed without progress (rc $rc)" >> "$LOG"; break; }
  fi
  echo "fuzz: $done_runs inputs run, $crashes crash(es) so far" >> "$LOG"
done
echo "fuzz: finished: $done_runs inputs, $crashes crash(es); artifacts in $ARTIFACTS" >> "$LOG"
