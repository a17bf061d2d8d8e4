"""HTTP to a feed server: JSON in and out, every failure one line, never the secret in it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from habari_tui.errors import SyncAuthError, SyncError, SyncTooLarge
from habari_tui.sources.fetch import describe_network_error, describe_size
from habari_tui.text import clean_text

# One answer from a feed server is refused past this size: a page of stories is far smaller.
MAX_RESPONSE_BYTES = 32 << 20


@dataclass(frozen=True, slots=True)
class Answer:
    """A decoded answer and the server's clock when it gave it (its Date header)."""

    data: Any
    server_time: float | None


class Transport:
    """One HTTP client per sync, counting requests (the bench reports them)."""

    def __init__(self, base_url: str, *, timeout: float, service: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.service = service
        self.requests = 0
        self.last_server_time: float | None = None  # the Date of the last answer
        self.headers: dict[str, str] = {}  # authentication, set by the client after login
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=True,
            headers={"User-Agent": "habari-tui (sync)"},
        )

    @property
    def host(self) -> str:
        parts = urlsplit(self.base_url)
        return clean_text(parts.hostname or self.base_url) + (
            f":{parts.port}" if parts.port else ""
        )

    async def close(self) -> None:
        await self._client.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        json_body: Any = None,
        form: Any = None,
        headers: dict[str, str] | None = None,
        expect_json: bool = True,
    ) -> Answer:
        """Send one request; the JSON answer (or text when `expect_json` is false)."""
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        extra = dict(headers or {})
        content: bytes | None = None
        if form is not None:  # repeated keys (Google Reader's i=…&i=…) need a list of pairs
            content = urlencode(form, doseq=True).encode("ascii")
            extra["Content-Type"] = "application/x-www-form-urlencoded"
        self.requests += 1
        try:
            async with self._client.stream(
                method,
                url,
                params=params,
                json=json_body,
                content=content,
                headers={**self.headers, **extra},
            ) as response:
                self._check_status(response)
                body = await _read_limited(response, self._where())
                when = _server_time(response)
                self.last_server_time = when if when is not None else self.last_server_time
        except httpx.TimeoutException as error:
            raise SyncError(f"{self._where()}: timed out") from error
        except httpx.HTTPError as error:
            raise SyncError(f"{self._where()}: {describe_network_error(error)}") from error
        if not expect_json:
            return Answer(body.decode("utf-8", "replace"), when)
        return Answer(self._decode(body, response), when)

    def _where(self) -> str:
        return f"{self.service} server {self.host}"

    def _check_status(self, response: httpx.Response) -> None:
        status = response.status_code
        if status in (401, 403):
            raise SyncAuthError(
                f"{self._where()} refused the user name or password (HTTP {status})"
            )
        if status == 404:
            raise SyncError(
                f"{self._where()}: not found (HTTP 404); is the url the {self.service} API?"
            )
        if status >= 400:
            raise SyncError(f"{self._where()} answered HTTP {status}")

    def _decode(self, body: bytes, response: httpx.Response) -> Any:
        try:
            return json.loads(body)
        except ValueError as error:
            kind = response.headers.get("content-type", "").split(";")[0].strip() or "not JSON"
            raise SyncError(
                f"{self._where()} answered {clean_text(kind)[:40]} instead of JSON;"
                f" is the url the {self.service} API?"
            ) from error


async def _read_limited(response: httpx.Response, where: str) -> bytes:
    too_big = f"{where} sent an answer larger than {describe_size(MAX_RESPONSE_BYTES)}"
    declared = response.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > MAX_RESPONSE_BYTES:
        raise SyncTooLarge(too_big)
    body = bytearray()
    async for piece in response.aiter_bytes():
        body += piece
        if len(body) > MAX_RESPONSE_BYTES:
            raise SyncTooLarge(too_big)
    return bytes(body)


def _server_time(response: httpx.Response) -> float | None:
    value = response.headers.get("date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
