"""A throwaway PostgreSQL server for tests and benchmarks: initdb in a temporary directory.

The server binaries are Debian's ``postgresql`` package (``make test`` installs it when it is
missing). PostgreSQL refuses to run as root, so under root (CI) the cluster belongs to the
``postgres`` user (or ``nobody``) and is started with ``runuser``. It listens on a Unix
socket only, in its own directory, so nothing else on the machine is touched, and stops when
the tests end. ``python -m testing.postgres`` starts one by hand and prints its URL.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

START_TIMEOUT = 30.0
TEMPLATE = "upsell_template"
_TEMPLATES: set[Path] = set()
"""Servers (by data directory) whose template database is migrated already."""


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started; the message says what to install or fix."""


def server_bindir() -> Path:
    """Where ``initdb``, ``pg_ctl`` and ``postgres`` live (newest Debian version first)."""
    found = shutil.which("initdb") and shutil.which("pg_ctl")
    if found:
        return Path(shutil.which("initdb") or "").resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found: install Debian's postgresql package "
            "(apt-get install -y postgresql); make test does this when run as root"
        )
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class PostgresServer:
    """A running cluster: its socket directory, port and superuser."""

    datadir: Path
    socket_dir: Path
    port: int
    user: str

    def url(self, database: str = "postgres") -> str:
        return (
            f"postgresql://{quote(self.user)}@/{quote(database)}"
            f"?host={quote(str(self.socket_dir))}&port={self.port}"
        )

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """A new database (empty, or a copy of ``template``); returns its URL.

        Its text sorts like English (ICU ``en-US``: ``a < b < B``), as on many production
        servers and unlike SQLite's bytewise ``B < a``, so tests show the schema's own order.
        """
        source = (
            f' TEMPLATE "{template}"'
            if template
            else " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
        )
        self._psql(f'CREATE DATABASE "{name}"{source}')
        return self.url(name)

    def migrated_database(self, name: str) -> str:
        """A new database with the bot's whole schema, copied from a migrated template
        (about 30 ms, where migrating costs a dozen transactions); returns its URL."""
        return self.create_database(name, template=self._template())

    def empty_tables(self, name: str) -> None:
        """Delete every row but ``schema_migrations``' and restart the ids: a migrated
        database as good as new, in one round trip (a new database is a file copy, and
        TRUNCATE replaces files too; the bot's foreign keys cascade, so any order works)."""
        import psycopg

        with psycopg.connect(self.url(name), autocommit=True) as conn:
            tables = conn.execute(
                "SELECT quote_ident(table_name) FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                "AND table_name <> 'schema_migrations'"
            ).fetchall()
            sequences = conn.execute(
                "SELECT pg_get_serial_sequence(quote_ident(table_name), column_name) "
                "FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND is_identity = 'YES'"
            ).fetchall()
            script = [f"DELETE FROM {table};" for (table,) in tables]
            script += [f"ALTER SEQUENCE {sequence} RESTART;" for (sequence,) in sequences]
            conn.execute(f"BEGIN; {' '.join(script)} COMMIT;".encode())

    def _template(self) -> str:
        if self.datadir not in _TEMPLATES:
            from bot.store import Store

            self._psql(
                f"DO $$ BEGIN IF EXISTS (SELECT FROM pg_database WHERE datname = '{TEMPLATE}') "
                f'THEN ALTER DATABASE "{TEMPLATE}" IS_TEMPLATE false; END IF; END $$'
            )
            self.drop_database(TEMPLATE)  # one another process left: this code migrates it
            Store.connect(self.create_database(TEMPLATE)).close()
            # No connection, autovacuum's included: CREATE DATABASE waits for those to leave.
            self._psql(f'ALTER DATABASE "{TEMPLATE}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false')
            _TEMPLATES.add(self.datadir)
        return TEMPLATE

    def drop_database(self, name: str) -> None:
        self._psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _psql(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.encode())


def _owner() -> tuple[str, list[str]]:
    """Who owns the cluster, and the command prefix that runs a program as them."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid()).pw_name, []
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name, ["runuser", "-u", name, "--"]
    raise PostgresUnavailable("running as root and no 'postgres' or 'nobody' user to own it")


@contextlib.contextmanager
def running_postgres(base: Path | None = None) -> Iterator[PostgresServer]:
    """Start a cluster in a temporary directory; stop and delete it afterwards."""
    bindir = server_bindir()
    owner, as_owner = _owner()
    root = Path(tempfile.mkdtemp(prefix="upsell-pg-", dir=base))
    datadir, socket_dir = root / "data", root / "run"
    socket_dir.mkdir()
    if as_owner:
        info = pwd.getpwnam(owner)
        for path in (root, socket_dir):
            os.chown(path, info.pw_uid, info.pw_gid)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    port = _free_port()
    log = root / "server.log"
    try:
        _run(
            [*as_owner, str(bindir / "initdb"), "-D", str(datadir), "-U", owner, "-A", "trust",
             "-E", "UTF8", "--no-sync"],
            env,
        )  # fmt: skip
        options = (
            f"-k {socket_dir} -p {port} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        _run(
            [*as_owner, str(bindir / "pg_ctl"), "-D", str(datadir), "-o", options, "-l", str(log),
             "-w", "-t", str(int(START_TIMEOUT)), "start"],
            env,
        )  # fmt: skip
        yield PostgresServer(datadir, socket_dir, port, owner)
    except subprocess.CalledProcessError as exc:
        detail = log.read_text(errors="replace")[-800:] if log.exists() else ""
        raise PostgresUnavailable(
            f"PostgreSQL did not start ({' '.join(exc.cmd[-1:])}): "
            f"{(exc.stderr or b'').decode(errors='replace').strip()[-400:]} {detail}".strip()
        ) from None
    finally:
        if (datadir / "postmaster.pid").exists():
            subprocess.run(
                [*as_owner, str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "stop"],
                env=env,
                capture_output=True,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


def _run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, env=env, capture_output=True, check=True, cwd="/")


def main() -> None:
    """Start a server by hand (``python -m testing.postgres``) until Ctrl-C."""
    with running_postgres() as server:
        print(server.url(), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
