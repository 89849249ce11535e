"""Run a parser over an uploaded file in a child process, under a memory ceiling and a time
limit, so a hostile file costs at most that much and never takes the web process down.

The child is a fresh interpreter (`python -m jianpin.uploads.sandbox`): it sets RLIMIT_AS
before importing the parser, calls `module:function(path, **options)` (a pure function that
returns a dict of strings and numbers) and writes the result as JSON on stdout. Errors the
parser raises as ValueError come back with their message; anything else is reported alike.
"""
from __future__ import annotations

import importlib
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from jianpin.kernel.errors import DomainError

ROOT = Path(__file__).resolve().parents[2]


class SandboxError(DomainError):
    pass


def run_limited(target: str, path: Path, options: dict[str, Any], *, seconds: int,
                memory_bytes: int) -> dict[str, Any]:
    """`target` is "package.module:function"; returns its dict or raises SandboxError."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME")}
    env["PYTHONPATH"] = str(ROOT)
    request = json.dumps({"target": target, "path": str(path), "options": options,
                          "memory": memory_bytes, "cpu": seconds})
    try:
        done = subprocess.run([sys.executable, "-m", "jianpin.uploads.sandbox"], input=request,
                              capture_output=True, text=True, timeout=seconds, env=env,
                              check=False)
    except subprocess.TimeoutExpired:
        raise SandboxError("too_slow", f"解析超过 {seconds} 秒仍未完成，已停止（文件过大或结构异常）") \
            from None
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        # the CPU limit (soft, then hard) stopped it before the wall clock did: same cause
        raise SandboxError("too_slow", f"解析超过 {seconds} 秒仍未完成，已停止（文件过大或结构异常）")
    try:
        answer = json.loads(done.stdout or "{}")
    except ValueError:
        answer = {}
    if "result" in answer:
        return dict(answer["result"])
    if answer.get("error") == "memory" or (done.returncode != 0 and (
            "MemoryError" in done.stderr or "memory allocation" in done.stderr)):
        raise SandboxError("too_large", f"解析所需内存超过上限（{memory_bytes // 1048576} MB），"
                                        "文件过大或疑似压缩炸弹，已拒绝")
    if answer.get("error"):
        raise SandboxError("unreadable", str(answer["error"]))
    raise SandboxError("unreadable", "文件无法解析（解析程序异常退出）")


def _child() -> None:
    request = json.loads(sys.stdin.read())
    memory, cpu = int(request["memory"]), int(request["cpu"])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    out: dict[str, Any]
    try:
        module, _, name = request["target"].partition(":")
        fn = getattr(importlib.import_module(module), name)
        out = {"result": fn(Path(request["path"]), **request["options"])}
    except MemoryError:
        out = {"error": "memory"}
    except ValueError as exc:
        out = {"error": str(exc)[:500]}
    except Exception as exc:  # noqa: BLE001 - a hostile file may break a parser in any way
        out = {"error": f"文件已损坏或格式异常（{type(exc).__name__}）"}
    sys.stdout.write(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    _child()
