"""Retention: which stories leave the cache, and remembering them so a feed cannot bring them
back as new.

A story leaves once the reader has had it `keep_days` (counted from when habari first saw it),
has read it, has not starred it, and its feed no longer carries it. The publisher's dates play
no part: a quiet blog's year-old posts stay while the feed lists them.
"""

from __future__ import annotations

from habari_tui.store.connection import Connection

DAY = 86400
# The stories retention takes: read, not starred, gone from their feed, had long enough.
_DUE = "read = 1 AND starred = 0 AND in_feed = 0 AND first_seen < ?"


class RetentionQueries(Connection):
    def prune(self, keep_days: int) -> int:
        """Remove the stories due (see the module); how many went. 0 days keeps everything.

        Their feed and keys are remembered until their feed has not carried them for
        `keep_days`, so a story that comes back into its feed is not new again.
        """
        if keep_days <= 0:
            return 0
        now = int(self.now())
        cutoff = now - keep_days * DAY
        with self._transaction() as db:
            db.execute(
                "INSERT INTO removed_articles (feed_id, guid, url, in_feed, last_seen) "
                f"SELECT feed_id, guid, url, 0, ? FROM articles WHERE {_DUE}",
                (now, cutoff),
            )
            removed = db.execute(f"DELETE FROM articles WHERE {_DUE}", (cutoff,)).rowcount
            db.execute(
                "DELETE FROM removed_articles WHERE in_feed = 0 AND last_seen < ?", (cutoff,)
            )
        return removed
