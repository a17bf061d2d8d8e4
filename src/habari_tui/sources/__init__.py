"""Getting feeds: fetching bytes (HTTP or file) and parsing them, one small module per format.

`parse` is here; fetching is in `sources.fetch`, imported only where the network is used
(httpx takes a while to import, and reading the cache needs none of it).
"""

from habari_tui.sources.detect import parse

__all__ = ["parse"]
