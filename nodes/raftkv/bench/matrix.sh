#!/usr/bin/env bash
# Runs lin-kv on node-raftkv over a grid of configurations and seeds under a
# nemesis and appends one JSON line per run (configuration, seed, validity,
# counts, the first anomaly line) to OUT. Run from a build directory.
#   OUT=matrix.jsonl NEMESIS=partition SEEDS="1 2" TIME=20 \
#     ../nodes/raftkv/bench/matrix.sh [-- node flags...]
# Env: NODES ("3 5"), CONC ("2n 4n"), RATES ("100 1000"), NEMESIS_INTERVAL
# (bench default when unset), NEMESIS_TARGETS (--nemesis-targets, e.g.
# primaries; bench default when unset), LATENCY (0), PRUNE=1 (delete the store of
# each valid run once its row is written; long matrices fill the disk),
# plus run.sh's HARNESS and NODE. Every run is bounded by `timeout`.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:?set OUT}"
node_args=()
if [[ "${1:-}" == "--" ]]; then shift; node_args=("$@"); fi
for n in ${NODES:-3 5}; do
  for c in ${CONC:-2n 4n}; do
    for r in ${RATES:-100 1000}; do
      for s in ${SEEDS:-1 2}; do
        flags=(--node-count "$n" --concurrency "$c" --rate "$r"
               --time-limit "${TIME:-20}" --seed "$s"
               --latency "${LATENCY:-0}")
        [[ -n "${NEMESIS:-}" ]] && flags+=(--nemesis "$NEMESIS")
        [[ -n "${NEMESIS_INTERVAL:-}" ]] && flags+=(--nemesis-interval "$NEMESIS_INTERVAL")
        [[ -n "${NEMESIS_TARGETS:-}" ]] && flags+=(--nemesis-targets "$NEMESIS_TARGETS")
        log="$(mktemp)"
        timeout $(( ${TIME:-20} * 3 + 120 )) "$here/run.sh" "${flags[@]}" -- \
          "${node_args[@]}" >"$log" 2>&1
        rc=$?
        python3 - "$log" "$rc" "$n" "$c" "$r" "$s" "${NEMESIS:-none}" \
            "${node_args[*]:-}" >>"$out" <<'PY'
import json, os, re, shutil, sys
log, rc, n, c, r, s, nem, args = sys.argv[1:]
text = open(log, errors="replace").read()
m = re.search(r"RESULT valid=(\w+) ops=(\d+) ok=(\d+) fail=(\d+) info=(\d+) store=(\S+)", text)
anomaly = [l.strip() for l in text.splitlines()
           if l.strip().startswith(("workload:", "net:", "stats:", "availability:", "protocol:", "exceptions:"))]
perf = re.search(r"ok/s ([\d.]+)\s+p50 ([\d.None]+) ms\s+p99 ([\d.None]+) ms", text)
row = {"nodes": int(n), "concurrency": c, "rate": float(r), "seed": int(s),
       "nemesis": nem, "node_args": args, "exit": int(rc),
       "nemesis_interval": os.environ.get("NEMESIS_INTERVAL") or "default",
       "nemesis_targets": os.environ.get("NEMESIS_TARGETS") or "default",
       "valid": m.group(1) if m else "no-result",
       "ops": int(m.group(2)) if m else 0, "ok": int(m.group(3)) if m else 0,
       "fail": int(m.group(4)) if m else 0, "info": int(m.group(5)) if m else 0,
       "store": m.group(6) if m else None,
       "ok_per_s": float(perf.group(1)) if perf else None,
       "anomalies": anomaly[:3]}
try:
    res = json.load(open(f"{row['store']}/results.json"))
    row["invalid_checkers"] = sorted(k for k, v in res.items()
                                     if isinstance(v, dict) and v.get("valid?") is False)
    row["linearizable"] = res.get("workload", {}).get("valid?")
except Exception:
    row["invalid_checkers"] = None
    row["linearizable"] = None
print(json.dumps(row))
if os.environ.get("PRUNE") == "1" and row["valid"] == "true" and row["store"]:
    shutil.rmtree(row["store"], ignore_errors=True)
PY
        tail -1 "$out"
        rm -f "$log"
      done
    done
  done
done
