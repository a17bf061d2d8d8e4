"""A PostgreSQL cluster of the test session's own, in a temp dir, listening on 127.0.0.1 only."""

from __future__ import annotations

import glob
import subprocess
from pathlib import Path

from tests.servers.procs import Account, ServerUnavailable, find_program, free_port


def _pg_bindirs() -> list[Path]:
    """Debian keeps the server programs off PATH, under /usr/lib/postgresql/N/bin."""
    found = glob.glob("/usr/lib/postgresql/*/bin")
    return [Path(p) for p in sorted(found, key=lambda p: int(Path(p).parent.name), reverse=True)]


class Postgres:
    """One cluster: `initdb` in `root/pgdata`, trust auth, superuser `habari`, no fsync.

    `url(db)` is a libpq URL over TCP; `sql(text, db)` runs SQL and returns psql's unaligned
    output; `clone(template, name)` replaces database `name` by a copy of `template`.
    """

    superuser = "habari"

    def __init__(self, root: Path, account: Account) -> None:
        self.root = root
        self.account = account
        self.data = root / "pgdata"
        self.sockets = root / "pgsock"
        self.log = root / "postgres.log"
        self.port = 0
        bindirs = _pg_bindirs()
        found = {name: find_program(name, *bindirs) for name in ("initdb", "pg_ctl", "psql")}
        missing = [name for name, path in found.items() if path is None]
        if missing:
            raise ServerUnavailable(f"PostgreSQL is not installed ({', '.join(missing)} not found)")
        programs = {name: path for name, path in found.items() if path is not None}
        self._initdb, self._pg_ctl, self._psql = (programs[n] for n in ("initdb", "pg_ctl", "psql"))

    def start(self) -> None:
        self.sockets.mkdir(parents=True, exist_ok=True)
        self.account.own(self.sockets)
        self.account.run(
            [
                self._initdb,
                "-D",
                str(self.data),
                "-U",
                self.superuser,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
                "--no-instructions",
            ],
            timeout=120,
        )
        for _attempt in range(3):
            self.port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sockets} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=100"
            )
            try:
                self.account.run(
                    [
                        self._pg_ctl,
                        "-D",
                        str(self.data),
                        "-l",
                        str(self.log),
                        "-w",
                        "-t",
                        "60",
                        "-o",
                        options,
                        "start",
                    ],
                    timeout=90,
                )
                return
            except ServerUnavailable:
                continue  # the port was taken meanwhile: try another
        log = self.log.read_text(errors="replace")[-500:] if self.log.exists() else ""
        raise ServerUnavailable(f"PostgreSQL did not start: {log}")

    def stop(self) -> None:
        if not (self.data / "postmaster.pid").exists():
            return
        subprocess.run(
            [self._pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
            **self.account.popen_kwargs(),
        )

    def url(self, db: str) -> str:
        return f"postgres://{self.superuser}@127.0.0.1:{self.port}/{db}?sslmode=disable"

    def sql(self, text: str, db: str = "postgres") -> str:
        """Run `text` in `db`; an error raises RuntimeError with psql's message."""
        done = subprocess.run(
            [
                self._psql,
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                self.superuser,
                "-d",
                db,
                "-f",
                "-",
            ],
            input=text,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"psql in {db}: {done.stderr.strip()}")
        return done.stdout.strip()

    def create(self, name: str, template: str | None = None) -> None:
        self.sql(self._create_statement(name, template))

    def clone(self, template: str, name: str) -> None:
        """Drop `name` (closing its connections) and make it again as a copy of `template`."""
        self.sql(
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE);\n'
            + self._create_statement(name, template)
        )

    @staticmethod
    def _create_statement(name: str, template: str | None) -> str:
        clause = f' TEMPLATE "{template}"' if template else ""
        return f'CREATE DATABASE "{name}"{clause}'
