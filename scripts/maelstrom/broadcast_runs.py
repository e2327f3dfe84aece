#!/usr/bin/env python3
"""Runs node-broadcast under the bench for a list of settings and seeds and
appends one JSON line per run (setting, seed, validity, msgs-per-op,
stable-latency quantiles) to an output file, so a sweep can be split into
short invocations and resumed.

Usage:
  broadcast_runs.py --harness build/bin/harness --bin build/bin/node-broadcast \
      --out runs.jsonl --seeds 1,2,3 [--nemesis partition] [--latency-dist exponential] \
      SETTING...
A SETTING is "fanout:0", "tree:400" or "tree:600:250" (mode:flush-ms[:lead-ms]). Flags are the 3d/3e
command (25 nodes, 20 s, rate 100, latency 100) unless overridden.
"""
import argparse
import json
import os
import subprocess
import sys


def run_one(args, mode, flush_ms, lead_ms, seed):
    cmd = [args.harness, "test", "-w", "broadcast", "--bin", args.bin,
           "--node-count", str(args.node_count), "--time-limit", str(args.time_limit),
           "--rate", str(args.rate), "--latency", str(args.latency), "--seed", str(seed),
           "--store", args.store]
    if args.nemesis:
        cmd += ["--nemesis", args.nemesis]
    if args.latency_dist:
        cmd += ["--latency-dist", args.latency_dist]
    cmd += ["--", "--mode", mode, "--flush-ms", str(flush_ms)]
    if lead_ms:
        cmd += ["--lead-ms", str(lead_ms)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout_s)
    results_path = os.path.join(args.store, "latest", "results.json")
    with open(results_path) as f:
        results = json.load(f)
    workload = results["workload"]
    quantiles = {str(q): v for q, v in workload.get("stable-latencies") or []}
    return {
        "mode": mode, "flush_ms": flush_ms, "lead_ms": lead_ms, "seed": seed,
        "nemesis": args.nemesis or "", "latency_dist": args.latency_dist or "constant",
        "exit": proc.returncode, "valid": results.get("valid?"),
        "msgs_per_op": results["net"]["servers"]["msgs-per-op"],
        "median_ms": quantiles.get("0.5"), "max_ms": quantiles.get("1"),
        "lost": workload.get("lost-count"), "attempts": workload.get("attempt-count"),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--harness", required=True)
    p.add_argument("--bin", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--store", default="store")
    p.add_argument("--seeds", default="1")
    p.add_argument("--nemesis", default="")
    p.add_argument("--latency-dist", default="")
    p.add_argument("--node-count", type=int, default=25)
    p.add_argument("--time-limit", type=int, default=20)
    p.add_argument("--rate", type=float, default=100)
    p.add_argument("--latency", type=int, default=100)
    p.add_argument("--timeout-s", type=int, default=120)
    p.add_argument("settings", nargs="+")
    args = p.parse_args()
    for setting in args.settings:
        parts = setting.split(":")
        mode, flush_ms = parts[0], int(parts[1])
        lead_ms = int(parts[2]) if len(parts) > 2 else 0
        for seed in [int(s) for s in args.seeds.split(",")]:
            row = run_one(args, mode, flush_ms, lead_ms, seed)
            with open(args.out, "a") as f:
                f.write(json.dumps(row) + "\n")
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    sys.exit(main())
