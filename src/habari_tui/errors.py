"""The one exception hierarchy of habari-tui: every error we raise is a HabariError."""


class HabariError(Exception):
    """Root of all habari-tui errors; its message is one line fit for a user."""


class ConfigError(HabariError):
    """The config file is missing, unreadable or invalid (message: `file:line: reason`)."""


class FetchError(HabariError):
    """A feed or page could not be fetched (network, HTTP status, size or time limits)."""


class ParseError(HabariError):
    """Bytes that were fetched are not a feed we can read."""


class NotAnArticleError(ParseError):
    """The page lists stories (a home, category, tag or search page): it is not one to read."""


class StoreError(HabariError):
    """The cache database cannot be opened, read or written."""


class NotFoundError(HabariError):
    """An article or feed asked for by id does not exist in the cache."""


class RetryLater(FetchError):
    """The server said 429 or 503 and when to come back (Retry-After), as epoch seconds."""

    def __init__(self, message: str, retry_at: float | None) -> None:
        super().__init__(message)
        self.retry_at = retry_at


class SyncError(HabariError):
    """The feed server could not be reached, refused us, or answered something unusable."""


class SyncTooLarge(SyncError):
    """The feed server's answer was larger than habari-tui accepts in one piece."""


class SyncAuthError(SyncError):
    """The feed server refused the user name or password."""
