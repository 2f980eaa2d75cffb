"""The history store: past runs in SQLite, for flaky detection across invocations and
for the trend charts. A run is stored once (its key is a digest of its streams)."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from tkit_scaffold.errors import TkitError
from tkit_scaffold.reporting.model import CaseResult, Failure, Run, Status

DEFAULT_HISTORY = Path(".tkit") / "history.sqlite"
DEFAULT_LAST_RUNS = 20
_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    commit_id TEXT,
    started_at TEXT,
    recorded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    file TEXT NOT NULL,
    test TEXT NOT NULL,
    scenario TEXT,
    status TEXT NOT NULL,
    duration_ms REAL NOT NULL,
    started_at TEXT,
    message TEXT
);
CREATE INDEX IF NOT EXISTS results_by_run ON results(run_id);
"""


class HistoryError(TkitError):
    """The history store cannot be opened, read or written."""


class History:
    """One SQLite file of runs. Use :func:`open_history`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        # Rows read back that were not what this code writes (edited by hand, another
        # tool): left out of the runs, counted so that the report can say so.
        self.skipped_rows = 0

    def runs(
        self,
        *,
        exclude: Sequence[str] = (),
        limit: int | None = None,
        commit: str | None = None,
    ) -> list[Run]:
        """Stored runs, oldest first: the last ``limit`` of them (all when None), only
        those of ``commit`` when given, never those whose key is in ``exclude``."""
        query = "SELECT id, key, label, commit_id, started_at FROM runs"
        parameters: list[str] = []
        if commit is not None:
            query += " WHERE commit_id = ?"
            parameters.append(commit)
        skipped = set(exclude)
        rows = [
            row
            for row in self._db.execute(query + " ORDER BY id", parameters).fetchall()
            if row[1] not in skipped
        ]
        if limit is not None:
            rows = rows[-limit:] if limit > 0 else []
        return [self._run(*row) for row in rows]

    def count(self) -> int:
        """How many runs the store holds."""
        (number,) = self._db.execute("SELECT count(*) FROM runs").fetchone()
        return int(number)

    def _run(
        self, run_id: int, key: str, label: str, commit: str | None, started: str | None
    ) -> Run:
        results = []
        for row in self._db.execute(
            "SELECT language, file, test, scenario, status, duration_ms, started_at, "
            "message FROM results WHERE run_id = ? ORDER BY rowid",
            (run_id,),
        ):
            result = _result_of(row, commit)
            if result is None:
                self.skipped_rows += 1
                continue
            results.append(result)
        return Run(
            label=str(label),
            results=tuple(results),
            commit=commit if isinstance(commit, str) else None,
            started_at=started if isinstance(started, str) else None,
            key=str(key),
        )

    def record(self, runs: Sequence[Run]) -> int:
        """Store the runs not stored yet; how many were new."""
        added = 0
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._db:
            for run in runs:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO runs (key, label, commit_id, started_at, recorded_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (run.key, run.label, run.commit, run.started_at or now, now),
                )
                if cursor.rowcount != 1:
                    continue
                added += 1
                self._db.executemany(
                    "INSERT INTO results (run_id, language, file, test, scenario, status, "
                    "duration_ms, started_at, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            cursor.lastrowid,
                            result.language,
                            result.file,
                            result.test,
                            result.scenario,
                            result.status,
                            result.duration_ms,
                            result.started_at,
                            result.failure.message if result.failure else None,
                        )
                        for result in run.results
                    ],
                )
        return added


def _result_of(row: tuple[object, ...], commit: str | None) -> CaseResult | None:
    """A stored result, or None for a row whose values are not of the types stored."""
    language, file, test, scenario, status, duration, started, message = row
    texts = (language, file, test)
    optional = (scenario, started, message)
    if not all(isinstance(value, str) for value in texts):
        return None
    if not all(value is None or isinstance(value, str) for value in optional):
        return None
    if isinstance(duration, bool) or not isinstance(duration, int | float):
        return None
    if not isinstance(status, str) or status not in ("passed", "failed", "skipped"):
        return None
    return CaseResult(
        language=str(language),
        file=str(file),
        test=str(test),
        scenario=scenario if isinstance(scenario, str) else None,
        status=_status(status),
        duration_ms=float(duration),
        started_at=started if isinstance(started, str) else None,
        commit=commit if isinstance(commit, str) else None,
        failure=Failure(message) if isinstance(message, str) else None,
    )


def _status(text: str) -> Status:
    if text == "passed":
        return "passed"
    if text == "failed":
        return "failed"
    return "skipped"


@contextmanager
def open_history(path: Path) -> Iterator[History]:
    """Open (creating it and its folder when missing) the store at ``path``: a regular
    file or a new one. SQLite writes a journal beside the store, so a device, a FIFO or a
    folder is refused before it is touched (``--history /dev/null`` must not create
    ``/dev/null-journal``)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        pass
    except OSError as error:
        raise HistoryError(f"cannot open the history store {path}: {error.strerror}") from None
    else:
        if not stat.S_ISREG(mode):
            raise HistoryError(
                f"the history store {path} is not a regular file; pass --history with a "
                "file (a new one, or a store written before), or --no-history"
            )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path)
    except (OSError, sqlite3.Error) as error:
        raise HistoryError(f"cannot open the history store {path}: {error}") from None
    with closing(connection):
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > _VERSION:
                raise HistoryError(
                    f"{path} was written by a newer tkit (store version {version}); "
                    "upgrade tkit or pass --history with another file"
                )
            connection.executescript(_SCHEMA)
            connection.execute(f"PRAGMA user_version = {_VERSION}")
            yield History(connection, path)
        except sqlite3.Error as error:
            raise HistoryError(f"the history store {path} cannot be used: {error}") from None
