"""`habari-tui`: argument parsing, the headless sub-commands and exit codes."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from habari_tui import __version__
from habari_tui.config import Config, default_config_path, default_data_dir, ensure_config
from habari_tui.errors import ConfigError, HabariError
from habari_tui.models import Article, ArticleBody, RefreshSummary
from habari_tui.service import RefreshProgress, Service
from habari_tui.store import Store
from habari_tui.text import clean_text

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEMO_NOTICE = "Demo: bundled sample stories; nothing is fetched from the network."

DESCRIPTION = """\
A terminal news reader: headlines by region, whole articles with their
related reading, and everything readable offline.

With no command, the TUI starts (and refreshes in the background when the
config says refresh_on_start)."""

EPILOG = """\
commands:
  refresh [--json]                    fetch every feed; progress on stderr, summary on stdout
  list [--region R] [--unread] [--json]
                                      headlines from the cache, newest first, by region
  show ID [--json]                    one article as text (place, caption, body, related links)

environment:
  HABARI_CONFIG    the config file (default: %(config)s)
  HABARI_DATA_DIR  the cache directory (default: %(data)s)

exit codes: 0 ok, 1 some feeds failed or an article was not found,
2 usage or configuration error."""


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

    listing = commands.add_parser("list", parents=[common], help="headlines from the cache")
    listing.add_argument("--region", metavar="R", help="only this region")
    listing.add_argument("--unread", action="store_true", help="only unread headlines")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    show = commands.add_parser("show", parents=[common], help="one article as text")
    show.add_argument("id", type=int, metavar="ID", help="the article id (from list)")
    show.add_argument("--json", action="store_true", help="print a JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
        return _refresh(service, as_json=args.json)
    if args.command == "list":
        return _list(service, region=args.region, unread=args.unread, as_json=args.json)
    if args.command == "show":
        return _show(service, args.id, as_json=args.json)
    from habari_tui.ui.app import HabariApp  # Textual loads only for the TUI

    refresh = service.config.settings.refresh_on_start and not service.offline
    HabariApp(service, refresh_on_start=refresh, notice=notice).run()
    return EXIT_OK


@contextmanager
def _open_service(args: argparse.Namespace) -> Iterator[tuple[Service, str | None]]:
    """The service for these options; the demo gets a throw-away cache filled from its files."""
    if args.demo:
        from habari_tui.demo import demo_config, demo_page_path

        with tempfile.TemporaryDirectory(prefix="habari-demo-") as data_dir:
            store = Store(Path(data_dir) / "cache.db")
            try:
                service = Service(demo_config(), store, local_pages=demo_page_path)
                asyncio.run(service.refresh())
                service.offline = True  # from here on only the bundled pages are read
                yield service, DEMO_NOTICE
            finally:
                store.close()
        return
    config, notice = _load_config(args.config or default_config_path())
    data_dir = args.data_dir or default_data_dir()
    store = Store(Path(data_dir) / "cache.db")
    try:
        yield Service(config, store, offline=args.offline), notice
    finally:
        store.close()


def _load_config(path: Path) -> tuple[Config, str | None]:
    config, created = ensure_config(path)
    return config, (f"wrote a default config to {path}" if created else None)


# -- refresh ------------------------------------------------------------------------------


def _refresh(service: Service, *, as_json: bool) -> int:
    if service.offline:
        raise ConfigError("refresh needs the network; drop --offline")

    def report(progress: RefreshProgress) -> None:
        outcome = progress.outcome
        if outcome.ok:
            state = "not modified" if outcome.not_modified else f"{outcome.new_articles} new"
        else:
            state = f"FAILED: {outcome.error}"
        print(f"[{progress.done}/{progress.total}] {outcome.url}: {state}", file=sys.stderr)

    def report_page(progress: RefreshProgress) -> None:
        outcome = progress.outcome
        state = "saved" if outcome.ok else f"failed: {outcome.error}"
        print(f"[page {progress.done}/{progress.total}] {outcome.url}: {state}", file=sys.stderr)

    async def refresh_and_prefetch() -> RefreshSummary:
        summary = await service.refresh(report)
        await service.prefetch(summary.new_ids, report_page)
        return summary

    summary = asyncio.run(refresh_and_prefetch())
    if as_json:
        print(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
    else:
        print(_summary_text(summary))
    return EXIT_OK if summary.failed == 0 else EXIT_FAILED


def _summary_text(summary: RefreshSummary) -> str:
    lines = [
        f"{summary.feeds} feeds: {summary.ok} ok, {summary.failed} failed, "
        f"{summary.new_articles} new articles"
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
            when = a.published.strftime("%Y-%m-%d %H:%M") if a.published else " " * 16
            print(f"{a.id:>7} {mark} {when}  {clean_text(a.title)}  [{clean_text(a.feed_title)}]")
    return EXIT_OK


# -- show ---------------------------------------------------------------------------------


def _show(service: Service, article_id: int, *, as_json: bool) -> int:
    article = service.article(article_id)
    body = asyncio.run(service.read_article(article_id))
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
        meta.append(article.published.strftime("%Y-%m-%d %H:%M UTC"))
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
