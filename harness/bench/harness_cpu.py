#!/usr/bin/env python3
"""harness_cpu.py: runs one `harness test` and reports what the bench itself
costs during the main phase, next to the routing rate.

    harness_cpu.py BIN_DIR TEST_ARGS...     (BIN_DIR holds harness and journal_latency)

The nodes share the machine's cores with the bench, so wall-clock msgs/s
alone cannot tell whether the bench is the bottleneck. This samples the
harness process's own CPU time (utime + stime of its pid, not of its
children) and its nodes' CPU time from /proc at the start and at the end of
the main phase (--time-limit seconds after the harness prints "Main
phase"), counts the sends journaled in that window, and prints msgs/s,
harness CPU share, and msgs routed per harness CPU-second, after
journal_latency's per-hop figures for the same run.
"""
import os
import re
import subprocess
import sys
import threading
import time


def cpu_seconds(pid):
    try:
        with open(f'/proc/{pid}/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    except (OSError, IndexError, ValueError):
        return 0.0


def children_cpu_seconds(pid):
    total = 0.0
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open(f'/proc/{d}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
            if int(fields[1]) == pid:
                total += (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
        except (OSError, IndexError, ValueError):
            pass
    return total


def main():
    bin_dir, args = sys.argv[1], sys.argv[2:]
    time_limit = float(args[args.index('--time-limit') + 1])
    proc = subprocess.Popen([os.path.join(bin_dir, 'harness'), 'test'] + args,
                            stdout=subprocess.PIPE, text=True)
    main_start = threading.Event()
    samples = {}

    def sample():
        main_start.wait()
        samples['start'] = (cpu_seconds(proc.pid), children_cpu_seconds(proc.pid))
        end = time.monotonic() + time_limit
        while proc.poll() is None and time.monotonic() < end:
            time.sleep(0.01)
        samples['end'] = (cpu_seconds(proc.pid), children_cpu_seconds(proc.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    store = None
    for line in proc.stdout:
        if line.startswith('Main phase'):
            main_start.set()
        m = re.search(r'store=(\S+)', line)
        if m:
            store = m.group(1)
    proc.wait()
    main_start.set()
    sampler.join()
    if store is None:
        print('harness printed no RESULT line')
        return 1
    subprocess.run([os.path.join(bin_dir, 'journal_latency'), store])
    sends = 0
    with open(os.path.join(store, 'journal')) as f:
        for line in f:
            t, kind, _ = line.split(' ', 2)
            if kind == 'send' and 0 <= int(t) < time_limit * 1e9:
                sends += 1
    harness_cpu = samples['end'][0] - samples['start'][0]
    nodes_cpu = samples['end'][1] - samples['start'][1]
    per_cpu = sends / harness_cpu if harness_cpu > 0 else float('inf')
    print(f'main phase: {sends / time_limit:.0f} msgs/s; harness CPU {harness_cpu:.2f} s '
          f'({100 * harness_cpu / time_limit:.0f}% of a core), nodes CPU {nodes_cpu:.2f} s; '
          f'{per_cpu:.0f} msgs per harness CPU-second')
    return 0


if __name__ == '__main__':
    sys.exit(main())
