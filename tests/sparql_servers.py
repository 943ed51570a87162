"""Real SPARQL servers on loopback for the tests of remote stores: the Oxigraph server (from PyPI,
the `oxigraph` command) and Virtuoso 7 (Debian's `virtuoso-opensource-7-bin`, which `.ci/run`
installs), each in a temporary folder, on free ports, stopped at the end.

Virtuoso starts with its own ini file and the stock dba/dba account, whose password the fixture
changes at once to a generated one: the tests then write with that password (digest
authentication at /sparql-graph-crud-auth) and read anonymously at /sparql.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Server:
    name: str
    store_url: str  # Graph Store HTTP Protocol
    query_url: str  # SPARQL Protocol
    user: str | None = None
    password: str | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing(what: str) -> None:
    """A server the machine lacks is a failure: `make test` installs both (system-deps, and the
    test extra's oxigraph)."""
    pytest.fail(f"{what} is not installed (make test installs it)")


def wait_http(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} within {seconds} s:\n{log.read_text()[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


UNION = ("--union-default-graph",)  # queries see the union of the named graphs, as Virtuoso's


def oxigraph_server(folder: Path):
    """The Oxigraph server, its default graph the union of the named graphs."""
    command = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(command).exists():
        missing("the Oxigraph server (pip install oxigraph)")
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [command, "serve", "-l", str(folder / "db"), "-b", f"127.0.0.1:{port}", *UNION],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/query?query=ASK%7B%7D", process, log)
        yield Server("oxigraph", f"{base}/store", f"{base}/query")
    finally:
        stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {db}
ThreadCleanupInterval = 0
ResourcesCleanupInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 4
MaxClientConnections = 5
EnabledDavVSP = 0
HTTPProxyEnabled = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def virtuoso_server(folder: Path):
    """Virtuoso 7 with a fresh database and a non-default dba password."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None:
        missing("Virtuoso (apt-get install virtuoso-opensource-7-bin)")
    db = folder / "virtuoso"
    db.mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, sql_port=sql_port, http_port=http_port))
    log = folder / "virtuoso.out"
    with log.open("w") as out:
        process = subprocess.Popen(
            [server, "+foreground", "+configfile", str(ini)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=db,
        )
    base = f"http://127.0.0.1:{http_port}"
    password = "pk-" + secrets.token_hex(8)
    set_password = f"USER_SET_PASSWORD('dba', '{password}');"
    try:
        wait_http(f"{base}/sparql?query=ASK%7B%7D", process, log, seconds=120)
        changed = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={set_password}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert changed.returncode == 0 and "Error" not in changed.stdout, changed.stdout
        yield Server(
            "virtuoso", f"{base}/sparql-graph-crud-auth", f"{base}/sparql", "dba", password
        )
    finally:
        stop(process)
