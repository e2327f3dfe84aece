#!/usr/bin/env python3
"""One line of figures per kafka bench run, from its store directory.

Prints validity, ok fraction, client ops/s, msgs-per-op (servers and all,
from results.json) and completion latency p50/p99 in ms per operation
(send, poll, assign) and over all of them, from history.edn. Benchmarks
only: this judges nothing; the checker's verdict is results.json's.

  nodes/kafka/bench/summary.py STORE_DIR...        (a table)
  nodes/kafka/bench/summary.py --json STORE_DIR... (one JSON object a line)
"""
import json
import os
import re
import sys

OP = re.compile(r":time (\d+), :type :(\w+), :process (\d+), :f :(\w+)")


def percentile(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, int(round(p / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]


def summarize(store):
    results = json.load(open(os.path.join(store, "results.json")))
    started = {}
    lat = {}
    counts = {"ok": 0, "fail": 0, "info": 0}
    first = last = None
    for line in open(os.path.join(store, "history.edn")):
        m = OP.search(line)
        if not m:
            continue
        t, typ, proc, f = int(m.group(1)), m.group(2), m.group(3), m.group(4)
        if f == "crash":
            continue
        if typ == "invoke":
            started[proc] = t
            continue
        t0 = started.pop(proc, None)
        if t0 is None:
            continue
        counts[typ] = counts.get(typ, 0) + 1
        first = t0 if first is None else min(first, t0)
        last = t if last is None else max(last, t)
        if typ == "ok":
            ms = (t - t0) / 1e6
            lat.setdefault(f, []).append(ms)
            lat.setdefault("all", []).append(ms)
    total = sum(counts.values())
    net = results.get("net", {})
    out = {
        "store": store,
        "valid": results.get("valid?"),
        "ops": total,
        "ok_fraction": round(counts["ok"] / total, 4) if total else None,
        "fail": counts["fail"],
        "info": counts["info"],
        "ops_per_s": round(total / ((last - first) / 1e9), 1) if total and last > first else None,
        "msgs_per_op_servers": round(net.get("servers", {}).get("msgs-per-op", 0.0), 3),
        "msgs_per_op_all": round(net.get("all", {}).get("msgs-per-op", 0.0), 3),
        "error_types": results.get("workload", {}).get("error-types"),
    }
    for f in ("all", "send", "poll", "assign"):
        xs = lat.get(f, [])
        out[f + "_p50_ms"] = round(percentile(xs, 50), 2) if xs else None
        out[f + "_p99_ms"] = round(percentile(xs, 99), 2) if xs else None
    return out


def main(argv):
    as_json = "--json" in argv
    stores = [a for a in argv if a != "--json"]
    for s in stores:
        o = summarize(s)
        if as_json:
            print(json.dumps(o))
        else:
            print("valid=%s ok=%s ops=%d ops/s=%s mpo_servers=%s mpo_all=%s p50/p99 all=%s/%s send=%s/%s poll=%s/%s errors=%s"
                  % (o["valid"], o["ok_fraction"], o["ops"], o["ops_per_s"], o["msgs_per_op_servers"],
                     o["msgs_per_op_all"], o["all_p50_ms"], o["all_p99_ms"], o["send_p50_ms"], o["send_p99_ms"],
                     o["poll_p50_ms"], o["poll_p99_ms"], o["error_types"]))


if __name__ == "__main__":
    main(sys.argv[1:])
