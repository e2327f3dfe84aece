#!/usr/bin/env python3
"""Throughput and latency of one bench run, from its stored history.

Reads <store>/history.edn (one op map a line, :time in nanoseconds since
the run began), pairs each invocation with its completion by :process, and
prints ok ops/s over the span of the run that had completions plus p50, p99
and max completion latency per operation (read, write, cas), in ms.
Benchmarks only: this judges nothing.

  nodes/raftkv/bench/latency.py [STORE_DIR]      (default store/latest)
  nodes/raftkv/bench/latency.py --json STORE_DIR (one JSON object)
  nodes/raftkv/bench/latency.py --nodes N STORE_DIR  (also p50/p99 of
      writes per node a client talks to, process mod N as the bench binds
      them: the leader's clients show the two-hop floor, the others more)
"""
import json
import re
import sys

OP = re.compile(r":time (\d+), :type :(\w+), :process (\d+), :f :(\w+)")


def percentile(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, int(round(p / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]


def analyze(store, nodes=0):
    open_ops = {}  # process -> (f, invoke time ns)
    lat = {}  # f -> {type -> [ms]}
    by_node = {}  # process mod nodes -> [ok write ms]
    first_ok = last_ok = None
    with open(f"{store}/history.edn") as f:
        for line in f:
            m = OP.search(line)
            if not m:
                continue
            t, typ, proc, fn = int(m[1]), m[2], int(m[3]), m[4]
            if typ == "invoke":
                open_ops[proc] = (fn, t)
                continue
            if proc not in open_ops:
                continue
            fn0, t0 = open_ops.pop(proc)
            lat.setdefault(fn0, {}).setdefault(typ, []).append((t - t0) / 1e6)
            if typ == "ok" and nodes and fn0 == "write":
                by_node.setdefault(f"n{proc % nodes}", []).append((t - t0) / 1e6)
            if typ == "ok":
                first_ok = t0 if first_ok is None else min(first_ok, t0)
                last_ok = t if last_ok is None else max(last_ok, t)
    ok_total = sum(len(v.get("ok", [])) for v in lat.values())
    span_s = (last_ok - first_ok) / 1e9 if ok_total else 0
    out = {"store": store, "ok": ok_total,
           "ok_per_s": round(ok_total / span_s, 1) if span_s > 0 else 0,
           "by_f": {}}
    for fn in sorted(lat):
        oks = lat[fn].get("ok", [])
        out["by_f"][fn] = {
            "ok": len(oks),
            "fail": len(lat[fn].get("fail", [])),
            "info": len(lat[fn].get("info", [])),
            "p50_ms": round(percentile(oks, 50), 2) if oks else None,
            "p99_ms": round(percentile(oks, 99), 2) if oks else None,
            "max_ms": round(max(oks), 2) if oks else None,
        }
    if by_node:
        out["write_by_node"] = {
            k: {"p50_ms": round(percentile(v, 50), 2),
                "p99_ms": round(percentile(v, 99), 2), "ok": len(v)}
            for k, v in sorted(by_node.items())}
    all_ok = [x for v in lat.values() for x in v.get("ok", [])]
    out["p50_ms"] = round(percentile(all_ok, 50), 2) if all_ok else None
    out["p99_ms"] = round(percentile(all_ok, 99), 2) if all_ok else None
    return out


def main(argv):
    as_json = "--json" in argv
    args = [a for a in argv[1:] if a != "--json"]
    nodes = 0
    if "--nodes" in args:
        i = args.index("--nodes")
        nodes = int(args[i + 1])
        del args[i:i + 2]
    r = analyze(args[0] if args else "store/latest", nodes)
    if as_json:
        print(json.dumps(r))
        return
    print(f"ok {r['ok']}  ok/s {r['ok_per_s']}  p50 {r['p50_ms']} ms  "
          f"p99 {r['p99_ms']} ms")
    for fn, s in r["by_f"].items():
        print(f"  {fn:6} ok {s['ok']:7} fail {s['fail']:6} info {s['info']:5} "
              f"p50 {s['p50_ms']} p99 {s['p99_ms']} max {s['max_ms']} ms")
    for n, s in r.get("write_by_node", {}).items():
        print(f"  write via {n}: p50 {s['p50_ms']} p99 {s['p99_ms']} ms ({s['ok']} ok)")


if __name__ == "__main__":
    main(sys.argv)
