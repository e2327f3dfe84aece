"""The Gossip Glomers challenges with their exact flags and pass targets.

Flags are fly.io's evaluation commands for each challenge (https://fly.io/dist-sys/);
`node_args` go to the node binary after the flags. Every challenge must be
valid; 3d and 3e also have numeric targets on msgs-per-op (:net :servers)
and on the median and maximum stable latency (ms).
"""
from dataclasses import dataclass, field


@dataclass
class Challenge:
    id: str
    name: str
    workload: str
    binary: str
    flags: list
    node_args: list = field(default_factory=list)
    seed: int = 1
    # (name, summary key, upper bound): met when summary[key] < bound;
    # (name, summary key, lower bound, ">="): met when summary[key] >= bound.
    limits: list = field(default_factory=list)

    def check_targets(self, summary):
        targets = [{"name": "valid", "met": summary.get("valid") is True}]
        for name, key, bound, *op in self.limits:
            value = summary.get(key)
            if value is None:
                met = False
            elif op == [">="]:
                met = value >= bound
            else:
                met = value < bound
            targets.append({"name": name, "value": value, "bound": bound, "met": met})
        return targets


BROADCAST_3D = ["--node-count", "25", "--time-limit", "20", "--rate", "100", "--latency", "100"]

KAFKA_1 = ["--node-count", "1", "--concurrency", "2n", "--time-limit", "20", "--rate", "1000"]
KAFKA_2 = ["--node-count", "2", "--concurrency", "2n", "--time-limit", "20", "--rate", "1000"]

TXN_2 = ["--node-count", "2", "--concurrency", "2n", "--time-limit", "20", "--rate", "1000"]

ALL = [
    Challenge("1", "Echo", "echo", "node-echo", ["--node-count", "1", "--time-limit", "10"]),
    Challenge("2", "Unique ID Generation", "unique-ids", "node-uniqueid",
              ["--time-limit", "30", "--rate", "1000", "--node-count", "3", "--availability", "total",
               "--nemesis", "partition"]),
    Challenge("3a", "Single-Node Broadcast", "broadcast", "node-broadcast",
              ["--node-count", "1", "--time-limit", "20", "--rate", "10"]),
    Challenge("3b", "Multi-Node Broadcast", "broadcast", "node-broadcast",
              ["--node-count", "5", "--time-limit", "20", "--rate", "10"]),
    Challenge("3c", "Fault-Tolerant Broadcast", "broadcast", "node-broadcast",
              ["--node-count", "5", "--time-limit", "20", "--rate", "10", "--nemesis", "partition"]),
    Challenge("3d", "Efficient Broadcast, Part I", "broadcast", "node-broadcast", BROADCAST_3D,
              limits=[("msgs-per-op < 30", "msgs_per_op", 30), ("median < 400 ms", "median_ms", 400),
                      ("max < 600 ms", "max_ms", 600)]),
    Challenge("3e", "Efficient Broadcast, Part II", "broadcast", "node-broadcast", BROADCAST_3D, seed=2,
              limits=[("msgs-per-op < 20", "msgs_per_op", 20), ("median < 1 s", "median_ms", 1000),
                      ("max < 2 s", "max_ms", 2000)]),
    Challenge("4", "Grow-Only Counter", "g-counter", "node-gcounter",
              ["--node-count", "3", "--rate", "100", "--time-limit", "20", "--nemesis", "partition"]),
    Challenge("5a", "Single-Node Kafka-Style Log", "kafka", "node-kafka", KAFKA_1,
              limits=[("every op ok", "ok_ops_fraction", 1.0, ">=")]),
    # "every op ok" counts client ops other than the generator's own :crash ops.
    # 5b runs the correctness-first baseline (offsets and commits in lin-kv),
    # 5c the default owner-per-key log: the two rows are the trade-off.
    Challenge("5b", "Multi-Node Kafka-Style Log", "kafka", "node-kafka", KAFKA_2, node_args=["--mode", "linkv"]),
    Challenge("5c", "Efficient Kafka-Style Log", "kafka", "node-kafka", KAFKA_2,
              limits=[("servers msgs-per-op <= 3", "msgs_per_op", 3.000001),
                      ("every op ok", "ok_ops_fraction", 1.0, ">=")]),
    Challenge("6a", "Single-Node, Totally-Available Transactions", "txn-rw-register", "node-txn",
              ["--node-count", "1", "--time-limit", "20", "--rate", "1000", "--concurrency", "2n",
               "--consistency-models", "read-uncommitted", "--availability", "total"]),
    Challenge("6b", "Totally-Available, Read Uncommitted Transactions", "txn-rw-register", "node-txn",
              TXN_2 + ["--consistency-models", "read-uncommitted"]),
    Challenge("6b-p", "Totally-Available, Read Uncommitted Transactions (partitioned)", "txn-rw-register",
              "node-txn", TXN_2 + ["--consistency-models", "read-uncommitted", "--availability", "total",
                                   "--nemesis", "partition"]),
    Challenge("6c", "Totally-Available, Read Committed Transactions", "txn-rw-register", "node-txn",
              TXN_2 + ["--consistency-models", "read-committed", "--availability", "total",
                       "--nemesis", "partition"]),
    # Beyond the challenge: the same node and flags on list-append, where
    # every version order is visible to the checker.
    Challenge("6c-la", "Read Committed Transactions on list-append (partitioned)", "txn-list-append",
              "node-txn", TXN_2 + ["--consistency-models", "read-committed", "--availability", "total",
                                   "--nemesis", "partition"]),
    Challenge("raft", "Raft key-value store", "lin-kv", "node-raftkv",
              ["--node-count", "3", "--concurrency", "2n", "--time-limit", "20", "--rate", "100",
               "--nemesis", "partition"]),
]

BY_ID = {c.id: c for c in ALL}


def select(ids):
    """The challenges named, in table order; 'all' names every one."""
    if "all" in ids:
        return list(ALL)
    for i in ids:
        if i not in BY_ID:
            raise KeyError(i)
    return [c for c in ALL if c.id in ids]
