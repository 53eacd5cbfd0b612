"""Testing helpers: a local Pipedrive-compatible server for your own tests.

::

    import pipedrive_rs
    from pipedrive_rs.testing import sandbox

    with sandbox(seed=7) as url:
        client = pipedrive_rs.Client("sandbox-token", base_url=url)
        print(client.deals.list().to_list())

The server is the ``pipedrive-sandbox`` binary of the pipedrive-rs repository. It is
found through ``PIPEDRIVE_SANDBOX_BIN``, else the newer of ``target/release/pipedrive-sandbox``
and ``target/debug/pipedrive-sandbox`` of the repository (found upwards from the current
directory or this package), else built there with ``cargo build``.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Union

__all__ = ["sandbox", "Sandbox", "find_sandbox_binary", "SandboxError"]

BIN_ENV_VAR = "PIPEDRIVE_SANDBOX_BIN"
BIN_NAME = "pipedrive-sandbox" + (".exe" if sys.platform == "win32" else "")
READY_PREFIX = "pipedrive-sandbox listening on "
START_TIMEOUT = 60.0


class SandboxError(RuntimeError):
    """The sandbox binary could not be found, built or started."""


def _repo_roots() -> List[Path]:
    roots: List[Path] = []
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        for d in (start, *start.parents):
            if (d / "crates" / "pipedrive-sandbox" / "Cargo.toml").is_file() and d not in roots:
                roots.append(d)
                break
    return roots


def _target_dirs(root: Path) -> List[Path]:
    dirs = []
    env = os.environ.get("CARGO_TARGET_DIR")
    if env:
        dirs.append(Path(env) if Path(env).is_absolute() else root / env)
    dirs.append(root / "target")
    return dirs


def find_sandbox_binary(build: bool = True) -> Path:
    """The path of the ``pipedrive-sandbox`` binary, building it when allowed and needed."""
    env = os.environ.get(BIN_ENV_VAR)
    if env:
        p = Path(env)
        if not p.is_file():
            raise SandboxError(f"{BIN_ENV_VAR}={env} is not a file")
        return p
    roots = _repo_roots()
    for root in roots:
        # The most recently built profile wins, so a stale release build never shadows
        # the debug build that `cargo test` just refreshed (or the other way round).
        candidates = [
            target / profile / BIN_NAME
            for target in _target_dirs(root)
            for profile in ("release", "debug")
            if (target / profile / BIN_NAME).is_file()
        ]
        if candidates:
            return max(candidates, key=lambda c: c.stat().st_mtime)
    if build and roots and shutil.which("cargo"):
        root = roots[0]
        proc = subprocess.run(
            ["cargo", "build", "-q", "-p", "pipedrive-sandbox", "--bin", "pipedrive-sandbox"],
            cwd=root,
        )
        if proc.returncode == 0:
            return find_sandbox_binary(build=False)
        raise SandboxError(f"`cargo build -p pipedrive-sandbox` failed in {root}")
    raise SandboxError(
        f"pipedrive-sandbox not found: set {BIN_ENV_VAR}, or run inside the pipedrive-rs "
        "repository with cargo on PATH"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Sandbox:
    """A running sandbox process. Prefer the :func:`sandbox` context manager."""

    def __init__(
        self,
        seed: int = 1,
        *,
        port: Optional[int] = None,
        token: Optional[str] = None,
        seed_deals: Optional[int] = None,
        binary: Optional[Union[str, "os.PathLike[str]"]] = None,
    ) -> None:
        self.seed = seed
        self.token = token
        self.seed_deals = seed_deals
        self.binary = Path(binary) if binary is not None else find_sandbox_binary()
        self._requested_port = port
        self._proc: Optional[subprocess.Popen[str]] = None
        self.url = ""

    def start(self) -> str:
        """Starts the server and returns its base URL (``http://127.0.0.1:P/v1``)."""
        attempts = 1 if self._requested_port else 3
        last = ""
        for _ in range(attempts):
            port = self._requested_port or _free_port()
            args = [str(self.binary), "--port", str(port), "--seed", str(self.seed)]
            if self.token is not None:
                args += ["--token", self.token]
            if self.seed_deals is not None:
                args += ["--seed-deals", str(self.seed_deals)]
            proc = subprocess.Popen(
                args,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            lines: "queue.Queue[Optional[str]]" = queue.Queue()

            def pump(stream: Any, sink: "queue.Queue[Optional[str]]") -> None:
                for line in stream:
                    sink.put(line)
                sink.put(None)

            threading.Thread(target=pump, args=(proc.stdout, lines), daemon=True).start()
            try:
                while True:
                    line = lines.get(timeout=START_TIMEOUT)
                    if line is None:
                        break
                    if READY_PREFIX in line:
                        self.url = line.split(READY_PREFIX, 1)[1].strip()
                        self._proc = proc
                        return self.url
            except queue.Empty:
                pass
            proc.kill()
            _, err = proc.communicate(timeout=10)
            last = (err or "").strip()
        raise SandboxError(f"the sandbox did not start: {last or 'no output'}")

    @property
    def control_url(self) -> str:
        """The root of the sandbox's control routes (``/_sandbox/...``)."""
        return self.url.rsplit("/v1", 1)[0]

    def _control(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        import urllib.request  # only needed here; keeps `import pipedrive_rs` light

        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.control_url + path,
            data=data,
            method=method,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def faults(self, **settings: Any) -> Any:
        """Sets fault injection (``POST /_sandbox/faults``), e.g. ``faults(delay_ms=200)``
        or ``faults(clear=True)``."""
        return self._control("POST", "/_sandbox/faults", settings)

    def stats(self) -> Any:
        """The server's counters (``GET /_sandbox/stats``), e.g. ``max_in_flight``."""
        return self._control("GET", "/_sandbox/stats")

    def stop(self) -> None:
        """Stops the server and waits for it to exit."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> "Sandbox":
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


@contextlib.contextmanager
def sandbox(
    seed: int = 1,
    *,
    port: Optional[int] = None,
    token: Optional[str] = None,
    seed_deals: Optional[int] = None,
) -> Iterator[str]:
    """Runs a sandbox for the duration of a ``with`` block and yields its base URL.

    ``token`` makes the server accept only that API token; ``seed_deals`` sets how many
    deals the seed creates (100 by default)."""
    box = Sandbox(seed, port=port, token=token, seed_deals=seed_deals)
    box.start()
    try:
        yield box.url
    finally:
        box.stop()
