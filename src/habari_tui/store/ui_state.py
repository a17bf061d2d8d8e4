"""What the UI remembers between runs (the theme, for one): a small key-value table."""

from __future__ import annotations

from habari_tui.store.connection import Connection


class UiStateQueries(Connection):
    def ui_state(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM ui_state WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_ui_state(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO ui_state (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
