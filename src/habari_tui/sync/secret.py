"""The server password: from a command, an environment variable, or the (private) config.

The secret is never put in a message: a failing command is reported by its exit status only.
"""

from __future__ import annotations

import os
import subprocess

from habari_tui.errors import ConfigError, SyncError

COMMAND_TIMEOUT = 60.0  # seconds: a password manager may ask for its own passphrase


def password(
    *, command: str | None, env: str | None, plain: str | None, where: str = "[sync]"
) -> str:
    """The secret the [sync] table points to; ConfigError/SyncError with a one-line reason."""
    if command:
        return _from_command(command, where)
    if env:
        value = os.environ.get(env)
        if value is None:
            raise ConfigError(f"{where}: password_env names {env}, which is not set")
        return value
    if plain is not None:
        return plain
    raise ConfigError(f"{where}: no password_command, password_env or password")


def _from_command(command: str, where: str) -> str:
    try:
        done = subprocess.run(
            command,
            shell=True,  # as newsboat's *-passwordeval: the user's own shell line
            capture_output=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise SyncError(f"{where}: password_command took over {COMMAND_TIMEOUT:g} s") from error
    except OSError as error:
        raise SyncError(f"{where}: password_command could not run: {error.strerror}") from error
    if done.returncode != 0:
        raise SyncError(f"{where}: password_command failed (exit status {done.returncode})")
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if not lines or not lines[0]:
        raise SyncError(f"{where}: password_command printed no password")
    return lines[0]  # `pass` prints the secret on the first line, notes after it
