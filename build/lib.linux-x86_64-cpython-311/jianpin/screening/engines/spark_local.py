"""A standalone Spark cluster on loopback: a master and workers started with pyspark's own
`spark-class`, for the tests and the benchmark of the distributed path (and for trying the
path on one machine before a real cluster). No Django: the caller passes the environment.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

START_SECONDS = 180


@dataclass
class Cluster:
    url: str
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def cpu_seconds(self) -> float:
        """CPU of the master and workers, with the executors they have waited for."""
        total = 0.0
        for p in self.processes:
            try:
                fields = Path(f"/proc/{p.pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
        return total


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def standalone(folder: Path, workers: int = 2, cores: int = 1, memory: str = "768m",
               env: Mapping[str, str] | None = None) -> Iterator[Cluster]:
    """Start a master and `workers` workers of `cores` cores and `memory` each; logs and work
    folders go under `folder`. Stopped (by their own process ids) when the block ends."""
    import pyspark

    home = Path(pyspark.__file__).parent
    child_env = {**(env or {}), "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1",
                 "SPARK_WORKER_DIR": str(folder / "work"), "SPARK_DAEMON_MEMORY": "256m",
                 "PYSPARK_PYTHON": sys.executable}
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    cluster = Cluster(f"spark://127.0.0.1:{port}")
    cls = str(home / "bin" / "spark-class")
    names = ["master", *(f"w{k + 1}" for k in range(workers))]
    logs = [(folder / f"{n}.log").open("w") for n in names]
    cluster.processes.append(subprocess.Popen(
        [cls, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
         str(port), "--webui-port", "0"], env=child_env, stdout=logs[0], stderr=subprocess.STDOUT))
    for log in logs[1:]:
        cluster.processes.append(subprocess.Popen(
            [cls, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores",
             str(cores), "--memory", memory, "--webui-port", "0", cluster.url],
            env=child_env, stdout=log, stderr=subprocess.STDOUT))
    try:
        deadline = time.monotonic() + START_SECONDS
        while (folder / "master.log").read_text().count("Registering worker") < workers:
            if time.monotonic() > deadline:
                raise RuntimeError("the workers did not register with the master")
            time.sleep(1)
        yield cluster
    finally:
        for p in reversed(cluster.processes):
            p.terminate()
        for p in cluster.processes:
            p.wait(timeout=60)
        for log in logs:
            log.close()
