"""`habari-tui`: argument parsing, the headless sub-commands and exit codes."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import NoReturn, TextIO

from habari_tui import __version__
from habari_tui.config import (
    OTHER_REGION,
    Config,
    default_config_path,
    default_data_dir,
    ensure_config,
)
from habari_tui.errors import ConfigError, FetchError, HabariError
from habari_tui.models import Article, ArticleBody, RefreshSummary
from habari_tui.service import RefreshProgress, Service
from habari_tui.text import STAMP_FORMAT, clean_text, counted, site_url

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# The reader of the output went away (`| head`): the status a Unix tool killed by SIGPIPE has.
EXIT_PIPE = 128 + signal.SIGPIPE.value
DEMO_NOTICE = "Demo: bundled sample stories; nothing is fetched from the network."

DESCRIPTION = """\
A terminal news reader: headlines by region, whole articles with their
related reading, and everything readable offline.

With no command, the TUI starts (and refreshes in the background when the
config says refresh_on_start)."""

EPILOG = """\
commands:
  refresh [--json] [--accept-moves] [--quiet]
                                      fetch every feed; summary on stdout; progress on stderr:
                                      one line updated in place on a terminal, else a line per
                                      feed and a summary of pages; --quiet for none;
                                      --accept-moves writes a 301's new URL to the config;
                                      then saves pages for offline reading as the config's
                                      prefetch_articles says: "recent" (default) = the newest
                                      unread stories of the last two days, at most 20 a feed
  list [--region R] [--unread] [--json]
                                      headlines from the cache, newest first, by region
  show ID [--json] [--mark-read]      one article as text (place, caption, body, related links);
                                      changes nothing unless --mark-read
  import-opml FILE [--region R]       subscribe to the feeds of an OPML or newsboat urls file
  export-opml [FILE]                  the subscriptions as OPML 2.0 (stdout without FILE)
  add URL [--region R] [--yes]        subscribe to a feed, or to the feed a web page announces;
                                      asks first unless --yes
  search QUERY [--json]               full-text search of titles, summaries and saved articles,
                                      best match first
  mark ID... [--read|--unread] [--star|--unstar]
                                      change stories' state (queued for the server when synced)
  sync [--json]                       send queued changes to the feed server of [sync], then
                                      pull its feeds, state and new stories

retention (keep_days in [settings], 90 by default; 0 keeps everything):
  a refresh removes the stories you have read, not starred, that their feed no
  longer carries and that habari first saw more than keep_days ago; unread and
  starred stories stay, and a feed's current stories are listed however old
  their dates. A removed story does not come back as new.

environment:
  HABARI_CONFIG    the config file (default: %(config)s)
  HABARI_DATA_DIR  the cache directory (default: %(data)s)

exit codes: 0 ok, 1 some feeds failed, the sync failed or an article was not found,
2 usage or configuration error (sync: no [sync] table); output into a closed pipe
(`| head`) ends quietly with 141, as other Unix tools do."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"habari-tui: {message} (see habari-tui --help)\n")


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--config",
        type=Path,
        default=default,
        metavar="PATH",
        help="config file (HABARI_CONFIG overrides the default)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default,
        metavar="PATH",
        help="cache directory (HABARI_DATA_DIR overrides the default)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="never touch the network; read only the cache",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="use the bundled sample feeds; no network, no user files touched",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="habari-tui",
        description=DESCRIPTION,
        epilog=EPILOG % {"config": default_config_path(), "data": default_data_dir()},
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"habari-tui {__version__}")
    _global_options(parser, suppress=False)
    common = _Parser(add_help=False)
    _global_options(common, suppress=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    refresh = commands.add_parser("refresh", parents=[common], help="fetch every configured feed")
    refresh.add_argument("--json", action="store_true", help="print the summary as JSON")
    refresh.add_argument(
        "--accept-moves",
        action="store_true",
        help="when a feed answers 301/308, change its URL in the config to the new one",
    )
    refresh.add_argument(
        "--quiet", action="store_true", help="no progress on stderr (the summary is still printed)"
    )

    listing = commands.add_parser("list", parents=[common], help="headlines from the cache")
    listing.add_argument("--region", metavar="R", help="only this region")
    listing.add_argument("--unread", action="store_true", help="only unread headlines")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    show = commands.add_parser("show", parents=[common], help="one article as text")
    show.add_argument("id", type=int, metavar="ID", help="the article id (from list)")
    show.add_argument("--json", action="store_true", help="print a JSON object")
    show.add_argument(
        "--mark-read", action="store_true", help="mark the story read (show changes nothing else)"
    )

    opml_in = commands.add_parser(
        "import-opml", parents=[common], help="subscribe to the feeds of an OPML or urls file"
    )
    opml_in.add_argument("file", type=Path, metavar="FILE", help="OPML, or a newsboat urls file")
    opml_in.add_argument("--region", metavar="R", help="put every feed in this region")
    opml_out = commands.add_parser("export-opml", parents=[common], help="subscriptions as OPML")
    opml_out.add_argument("file", type=Path, nargs="?", metavar="FILE", help="(default: stdout)")
    add = commands.add_parser("add", parents=[common], help="subscribe to a feed or a site")
    add.add_argument("url", metavar="URL", help="a feed, or a page that announces one")
    add.add_argument("--region", metavar="R", help=f"its region ({OTHER_REGION!r} otherwise)")
    add.add_argument("--yes", action="store_true", help="add without asking")

    search = commands.add_parser("search", parents=[common], help="full-text search, best first")
    search.add_argument("query", nargs="+", metavar="QUERY", help="words to find (all of them)")
    search.add_argument("--limit", type=int, default=50, metavar="N", help="at most N (50)")
    search.add_argument("--json", action="store_true", help="print a JSON array")

    mark = commands.add_parser(
        "mark", parents=[common], help="mark stories read/unread, starred/unstarred"
    )
    mark.add_argument("ids", type=int, nargs="+", metavar="ID", help="article ids (from list)")
    read = mark.add_mutually_exclusive_group()
    read.add_argument("--read", dest="read", action="store_const", const=True, default=None)
    read.add_argument("--unread", dest="read", action="store_const", const=False)
    star = mark.add_mutually_exclusive_group()
    star.add_argument("--star", dest="starred", action="store_const", const=True, default=None)
    star.add_argument("--unstar", dest="starred", action="store_const", const=False)

    sync = commands.add_parser(
        "sync", parents=[common], help="push queued changes to the feed server, then pull"
    )
    sync.add_argument("--json", action="store_true", help="print the summary as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _run(build_parser().parse_args(argv))
        sys.stdout.flush()  # a reader that went away is found here, not at exit
    except BrokenPipeError:
        # Whatever is still buffered goes nowhere: flushing it at exit would fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE
    return code


def _run(args: argparse.Namespace) -> int:
    try:
        with _open_service(args) as (service, notice):
            if notice and args.command is not None and not args.demo:
                print(f"habari-tui: {notice}", file=sys.stderr)
            return _dispatch(args, service, notice)
    except ConfigError as error:
        print(f"habari-tui: {error}", file=sys.stderr)
        return EXIT_USAGE
    except HabariError as error:
        print(f"habari-tui: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, service: Service, notice: str | None) -> int:
    if args.command == "refresh":
        return _refresh(
            service, as_json=args.json, accept_moves=args.accept_moves, quiet=args.quiet
        )
    if args.command == "list":
        return _list(service, region=args.region, unread=args.unread, as_json=args.json)
    if args.command == "search":
        return _search(service, " ".join(args.query), limit=args.limit, as_json=args.json)
    if args.command == "show":
        return _show(service, args.id, as_json=args.json, mark_read=args.mark_read)
    if args.command == "import-opml":
        return _import_opml(service, args.file, region=args.region)
    if args.command == "export-opml":
        return _export_opml(service, args.file)
    if args.command == "add":
        return _add(service, args.url, region=args.region, yes=args.yes)
    if args.command == "mark":
        return _mark(service, args.ids, read=args.read, starred=args.starred)
    if args.command == "sync":
        return _sync(service, as_json=args.json)
    from habari_tui.ui.app import HabariApp  # Textual loads only for the TUI

    HabariApp(
        service, refresh_on_start=service.refreshes_on_start, notice=notice, demo=args.demo
    ).run()
    return EXIT_OK


@contextmanager
def _open_service(args: argparse.Namespace) -> Iterator[tuple[Service, str | None]]:
    """The service for these options; the demo gets a throw-away cache filled from its files."""
    if args.demo:
        with tempfile.TemporaryDirectory(prefix="habari-demo-") as data_dir:
            service = asyncio.run(Service.demo(Path(data_dir)))
            try:
                yield service, DEMO_NOTICE
            finally:
                service.close()
        return
    config, notice = _load_config(args.config or default_config_path())
    service = Service.open(config, args.data_dir or default_data_dir(), offline=args.offline)
    notice = "; ".join(n for n in (notice, service.cache_notice) if n) or None
    try:
        yield service, notice
    finally:
        service.close()


def _load_config(path: Path) -> tuple[Config, str | None]:
    config, created = ensure_config(path)
    return config, (f"wrote a default config to {path}" if created else None)


# -- refresh ------------------------------------------------------------------------------

# How `refresh` tells its progress on stderr. On a terminal: one line, updated in place (feeds
# n/N, pages n/N, failures). Otherwise (a log, a pipe): a line per feed, and one summary of
# the pages with the failed ones. With --quiet: nothing.
_REDRAW_EVERY = 0.1  # seconds: a terminal line redrawn for every feed would cost more than it says
_FAILED_PAGES_LISTED = 5


class RefreshReport:
    """Progress of one refresh, told to a stream."""

    def __init__(
        self,
        stream: TextIO,
        *,
        quiet: bool = False,
        on_terminal: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._quiet = quiet
        self._live = stream.isatty() if on_terminal is None else on_terminal
        self._clock = clock
        self._drawn_at = float("-inf")
        self._feeds = (0, 0)
        self._pages = (0, 0)
        self._failed = 0
        self._failed_pages: list[str] = []
        self._saved_pages = 0

    def feed(self, progress: RefreshProgress) -> None:
        """A feed has been fetched (and stored, or failed)."""
        outcome = progress.outcome
        self._feeds = (progress.done, progress.total)
        self._failed += not outcome.ok
        if self._quiet:
            return
        if self._live:
            self._draw(last=progress.done == progress.total)
            return
        if outcome.ok:
            state = "not modified" if outcome.not_modified else f"{outcome.new_articles} new"
        else:
            state = f"FAILED: {outcome.error}"
        self._write(f"[{progress.done}/{progress.total}] {outcome.url}: {state}\n")

    def page(self, progress: RefreshProgress) -> None:
        """A story's page has been saved for offline reading, or could not be."""
        outcome = progress.outcome
        self._pages = (progress.done, progress.total)
        if outcome.ok:
            self._saved_pages += 1
        else:
            self._failed += 1
            self._failed_pages.append(f"{outcome.url}: {outcome.error}")
        if self._live and not self._quiet:
            self._draw(last=progress.done == progress.total)

    def finish(self) -> None:
        """The refresh is over: end the live line, or sum up the pages."""
        if self._quiet:
            return
        if self._live:
            if self._drawn_at != float("-inf"):
                self._draw(last=True)
                self._write("\n")
            return
        if self._pages[1] == 0:
            return
        failed = len(self._failed_pages)
        self._write(f"pages: {self._saved_pages} saved, {failed} failed\n")
        for line in self._failed_pages[:_FAILED_PAGES_LISTED]:
            self._write(f"  page failed: {line}\n")
        if failed > _FAILED_PAGES_LISTED:
            self._write(f"  … and {failed - _FAILED_PAGES_LISTED} more\n")

    def _draw(self, *, last: bool) -> None:
        now = self._clock()
        if not last and now - self._drawn_at < _REDRAW_EVERY:
            return
        self._drawn_at = now
        line = f"feeds {self._feeds[0]}/{self._feeds[1]}"
        if self._pages[1]:
            line += f", pages {self._pages[0]}/{self._pages[1]}"
        if self._failed:
            line += f", {self._failed} failed"
        self._write(f"\r{line}\x1b[K")

    def _write(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()


def _refresh(
    service: Service, *, as_json: bool, accept_moves: bool = False, quiet: bool = False
) -> int:
    if service.offline:
        raise ConfigError("refresh needs the network; drop --offline")
    report = RefreshReport(sys.stderr, quiet=quiet)

    async def refresh_and_prefetch() -> RefreshSummary:
        # Every feed is stored before the first page is asked for.
        summary = await service.refresh(report.feed)
        await service.prefetch(summary.new_ids, report.page)
        return summary

    try:
        summary = asyncio.run(refresh_and_prefetch())
    finally:
        report.finish()
    _report_moves(service, summary, accept=accept_moves)
    if as_json:
        print(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
    else:
        print(_summary_text(summary))
    return EXIT_OK if summary.failed == 0 else EXIT_FAILED


def _report_moves(service: Service, summary: RefreshSummary, *, accept: bool) -> None:
    """Say which feeds moved; change their URLs in the config only when asked to."""
    moves = {o.url: o.moved_to for o in summary.outcomes if o.moved_to}
    if not moves:
        return
    if accept and service.config.path is not None:
        for old in service.accept_moves(moves):
            print(f"habari-tui: {old} moved to {moves[old]}: config updated", file=sys.stderr)
        return
    for old, new in moves.items():
        print(
            f"habari-tui: {old} moved permanently to {new}; "
            "run `habari-tui refresh --accept-moves` to update the config",
            file=sys.stderr,
        )


def _summary_text(summary: RefreshSummary) -> str:
    lines = [
        f"{counted(summary.feeds, 'feed')}: {summary.ok} ok, {summary.failed} failed, "
        f"{counted(summary.new_articles, 'new article')}"
    ]
    lines += [f"  failed: {o.url}: {o.error}" for o in summary.outcomes if not o.ok]
    return "\n".join(lines)


# -- list ---------------------------------------------------------------------------------


def _headline_json(article: Article) -> dict[str, object]:
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "feed": article.feed_title,
        "region": article.region,
        "published": _iso(article.published),
        "read": article.read,
        "starred": article.starred,
        "summary": article.summary,
    }


def _stamp(moment: datetime | None) -> str:
    """A moment in the listing's column, or blanks as wide when there is none."""
    return moment.strftime(STAMP_FORMAT) if moment else " " * len("2026-11-27 14:35")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _list(service: Service, *, region: str | None, unread: bool, as_json: bool) -> int:
    names = [r.name for r in service.regions()[1:]]
    if region is not None and region not in names:
        known = ", ".join(names) or "none yet"
        raise ConfigError(f"no region {region!r}; the regions are: {known}")
    groups = [
        (n, service.headlines(n, unread_only=unread, limit=-1))
        for n in names
        if region is None or n == region
    ]
    if as_json:
        items = [_headline_json(a) for _, articles in groups for a in articles]
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return EXIT_OK
    for name, articles in groups:
        if not articles:
            continue
        unread_count = sum(1 for a in articles if not a.read)
        print(f"== {name} ({unread_count} unread of {len(articles)})")
        for a in articles:
            mark = ("N" if not a.read else " ") + ("*" if a.starred else " ")
            when = _stamp(a.published)
            print(f"{a.id:>7} {mark} {when}  {clean_text(a.title)}  [{clean_text(a.feed_title)}]")
    return EXIT_OK


# -- search -------------------------------------------------------------------------------


def _search(service: Service, query: str, *, limit: int, as_json: bool) -> int:
    if service.search_note:
        print(f"habari-tui: {service.search_note}", file=sys.stderr)
    found = service.search(query, limit=max(limit, 1))
    if as_json:
        print(json.dumps([_headline_json(a) for a in found], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not found:
        print(f"habari-tui: nothing matches {clean_text(query)!r}", file=sys.stderr)
    for a in found:
        mark = ("N" if not a.read else " ") + ("*" if a.starred else " ")
        when = _stamp(a.published)
        print(
            f"{a.id:>7} {mark} {when}  {clean_text(a.title)}  "
            f"[{clean_text(a.feed_title)} · {clean_text(a.region)}]"
        )
    return EXIT_OK


# -- show ---------------------------------------------------------------------------------


def _show(service: Service, article_id: int, *, as_json: bool, mark_read: bool = False) -> int:
    article = service.article(article_id)
    body = asyncio.run(service.read_article(article_id))
    if mark_read:
        service.set_read(article_id)
    if as_json:
        print(json.dumps(_article_json(article, body), ensure_ascii=False, indent=2))
    else:
        print(_article_text(article, body))
    return EXIT_OK


def _article_json(article: Article, body: ArticleBody) -> dict[str, object]:
    return {
        **_headline_json(article),
        "place": body.place,
        "caption": body.caption,
        "body": body.markdown,
        "related": [{"title": r.title, "url": r.url} for r in body.related],
        "offline": body.offline,
        "source": body.source,
    }


def _article_text(article: Article, body: ArticleBody) -> str:
    meta = [clean_text(article.feed_title), article.region]
    if article.published:
        meta.append(f"{_stamp(article.published)} UTC")
    if body.place:
        meta.append(clean_text(body.place))
    lines = [clean_text(article.title), " · ".join(meta)]
    if article.url:
        lines.append(article.url)
    if body.note:
        lines += ["", body.note]
    if body.caption:
        lines += ["", f"[Caption] {clean_text(body.caption)}"]
    lines += ["", clean_text(body.markdown)]
    if body.related:
        lines += ["", "Related reading"]
        lines += [f"{i:>3}. {clean_text(r.title)} <{r.url}>" for i, r in enumerate(body.related, 1)]
    return "\n".join(lines)


# -- subscriptions ------------------------------------------------------------------------


def _config_to_change(service: Service) -> Path:
    if service.config.path is None:
        raise ConfigError("the demo has no config to change; drop --demo")
    return service.config.path


def _import_opml(service: Service, file: Path, *, region: str | None) -> int:
    _config_to_change(service)
    result = service.import_subscriptions(file, region=region)
    for feed in result.added:
        title = clean_text(feed.title or "(the feed's own title)")
        print(f"added: {title} <{clean_text(feed.url)}> in {clean_text(feed.region)}")
    for what, reason in result.skipped:
        print(f"skipped: {clean_text(what)} ({reason})")
    print(f"{len(result.added)} added, {len(result.skipped)} skipped")
    return EXIT_OK


def _export_opml(service: Service, file: Path | None) -> int:
    document = service.export_opml()
    if file is None:
        sys.stdout.write(document.decode("utf-8"))
        return EXIT_OK
    try:
        file.write_bytes(document)
    except OSError as error:
        raise ConfigError(f"{file}: cannot write: {error.strerror or error}") from error
    regions = len({f.region for f in service.config.feeds})
    feeds = counted(len(service.config.feeds), "feed")
    print(f"wrote {feeds} in {counted(regions, 'region')} to {file}")
    return EXIT_OK


def _add(service: Service, url: str, *, region: str | None, yes: bool) -> int:
    _config_to_change(service)
    if service.offline:
        raise ConfigError("add needs the network; drop --offline")
    try:
        found = asyncio.run(service.discover(url))
    except FetchError as error:
        found, reason = [], str(error)
    else:
        reason = "neither a feed nor a page that announces one"
    if not found:
        where = clean_text(site_url(url))
        print(f"habari-tui: no feed found at {where}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Found {counted(len(found), 'feed')}:")
    for number, feed in enumerate(found, start=1):
        print(f"{number:>3}. {feed.describe()}")
    chosen = found[0]
    if service.is_subscribed(chosen.url):
        print(f"Already subscribed: {clean_text(chosen.url)}")
        return EXIT_OK
    region = region or OTHER_REGION
    if not yes and not _confirm(f"Add {clean_text(chosen.url)} to {clean_text(region)!r}?"):
        print("Nothing added.")
        return EXIT_OK
    added = service.subscribe(chosen, region)
    if added is None:
        print(f"Already subscribed: {clean_text(chosen.url)}")
        return EXIT_OK
    print(f"added: {clean_text(added.url)} in {clean_text(added.region)}")
    return EXIT_OK


def _confirm(question: str) -> bool:
    print(f"{question} [y/N] ", end="", flush=True)
    answer = sys.stdin.readline()
    if not answer.endswith("\n"):
        print()
    return answer.strip().lower() in ("y", "yes")


# -- sync and mark ------------------------------------------------------------------------


def _mark(service: Service, ids: list[int], *, read: bool | None, starred: bool | None) -> int:
    if read is None and starred is None:
        raise ConfigError("mark needs --read, --unread, --star or --unstar")
    changed = service.mark(ids, read=read, starred=starred)
    queued = " (queued for the server)" if service.sync_enabled and changed else ""
    print(f"{changed} of {len(ids)} stories changed{queued}")
    return EXIT_OK


def _sync(service: Service, *, as_json: bool) -> int:
    summary = asyncio.run(service.sync())
    if as_json:
        print(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
    else:
        print(
            f"sync: {summary.pushed} changes sent, {summary.pulled} stories pulled,"
            f" {summary.new_articles} new"
        )
    if summary.new_ids:  # pages saved for offline reading, as prefetch_articles says
        asyncio.run(service.prefetch(summary.new_ids))
    return EXIT_OK
