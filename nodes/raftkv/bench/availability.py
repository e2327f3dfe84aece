#!/usr/bin/env python3
"""Availability of a lin-kv run by how many nodes were down (killed or
paused) when each op completed: ok fraction of read and write completions
(cas left out: most cas fail definitely on a value mismatch by design).

  availability.py STORE_DIR [STORE_DIR ...]

Prints one line per down-count: completions, ok, ok fraction.
"""
import re
import sys
from collections import defaultdict

OP = re.compile(r":time (\d+), :type :(\w+), :process (\S+), :f :(\S+), :value (.*)}$")


def nodes(value):
    return set(re.findall(r'"(n\d+)"', value))


def main(stores):
    total = defaultdict(lambda: [0, 0])
    for store in stores:
        killed, paused = set(), set()
        for line in open(f"{store}/history.edn"):
            m = OP.search(line.strip())
            if not m:
                continue
            _, typ, proc, f, value = m.groups()
            if proc == ":nemesis":
                if not value.startswith("["):
                    continue  # the :info line naming the target class
                if f == "kill":
                    killed |= nodes(value)
                elif f == "start":
                    killed -= nodes(value)
                elif f == "pause":
                    paused |= nodes(value)
                elif f == "resume":
                    paused -= nodes(value)
                continue
            if typ == "invoke" or f not in ("read", "write"):
                continue
            down = len(killed | paused)
            total[down][0] += 1
            total[down][1] += typ == "ok"
    for down in sorted(total):
        n, ok = total[down]
        print(f"down={down} completions={n} ok={ok} ok_fraction={ok / n:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
