"""Getting feeds: fetching bytes (HTTP or file) and parsing them, one small module per format."""

from habari_tui.sources.detect import parse
from habari_tui.sources.fetch import MAX_BYTES, USER_AGENT, fetch, make_client

__all__ = ["MAX_BYTES", "USER_AGENT", "fetch", "make_client", "parse"]
