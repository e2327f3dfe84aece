#!/usr/bin/env python3
"""Folds matrix.sh's JSON lines into one summary per configuration.

  summarize.py LABEL=FILE.jsonl [LABEL=FILE.jsonl ...] > fault-matrix.json
  summarize.py --markdown LABEL=FILE.jsonl ...   (one table row per group)

LABEL names the node build the lines came from (e.g. a commit). Per
(label, nemesis, node flags, nodes, concurrency, rate): the seeds run, how
many runs were valid overall, how many were linearizable (the lin-kv
checker alone), and every invalid run with its failed checkers and first
anomaly lines.
"""
import json
import sys


def main(argv):
    markdown = "--markdown" in argv
    groups = {}
    for spec in [a for a in argv[1:] if a != "--markdown"]:
        label, path = spec.split("=", 1)
        for line in open(path):
            line = line.strip()
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            key = (label, r["nemesis"], r["node_args"], r["nodes"],
                   r["concurrency"], r["rate"])
            g = groups.setdefault(key, {
                "build": label, "nemesis": r["nemesis"],
                "node_flags": r["node_args"], "nodes": r["nodes"],
                "concurrency": r["concurrency"], "rate": r["rate"],
                "seeds": [], "runs": 0, "valid": 0, "linearizable": 0,
                "ok_ops": 0, "ok_fractions": [], "invalid_runs": []})
            g["seeds"].append(r["seed"])
            g["runs"] += 1
            g["ok_ops"] += r["ok"]
            if r["ops"]:
                g["ok_fractions"].append(round(r["ok"] / r["ops"], 3))
            if r["valid"] == "true":
                g["valid"] += 1
            else:
                g["invalid_runs"].append({
                    "seed": r["seed"], "store": r["store"],
                    "invalid_checkers": r.get("invalid_checkers"),
                    "anomalies": r["anomalies"]})
            if r.get("linearizable") is True:
                g["linearizable"] += 1
    out = sorted(groups.values(), key=lambda g: (
        g["build"], g["nemesis"], g["node_flags"], g["nodes"],
        g["concurrency"], g["rate"]))
    if markdown:
        print("| build | nemesis | node flags | nodes | conc | rate | runs | valid "
              "| linearizable | ok fraction mean (min-max) |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for g in out:
            f = g["ok_fractions"] or [0.0]
            print(f"| {g['build']} | {g['nemesis']} | {g['node_flags'] or '-'} "
                  f"| {g['nodes']} | {g['concurrency']} | {g['rate']:g} | {g['runs']} "
                  f"| {g['valid']} | {g['linearizable']} "
                  f"| {sum(f) / len(f):.2f} ({min(f):.2f}-{max(f):.2f}) |")
        return
    print(json.dumps({"configurations": out,
                      "totals": {"runs": sum(g["runs"] for g in out),
                                 "valid": sum(g["valid"] for g in out),
                                 "linearizable": sum(g["linearizable"] for g in out)}},
                     indent=1))


if __name__ == "__main__":
    main(sys.argv)
