"""The fixtures' servers work: each lists, through its own API, the stories a test seeded."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from tests.servers.feedserver import FeedServer, make_items
from tests.servers.fixtures import unavailable
from tests.servers.miniflux import Miniflux, find_miniflux
from tests.servers.procs import Account, ServerUnavailable, reap_orphans
from tests.servers.ttrss import TinyTinyRSS


def test_feed_server_serves_direct_and_proxy_style(feeds: FeedServer) -> None:
    feeds.set_feed("plain", make_items("plain", 3))
    direct = httpx.get(feeds.url("plain"))
    assert direct.status_code == 200
    assert direct.text.count("<item>") == 3
    with httpx.Client(proxy=f"http://{feeds.proxy_address}") as proxied:
        answer = proxied.get(feeds.proxied_url("plain"))
    assert answer.status_code == 200
    assert "plain story 2" in answer.text
    article = httpx.get(feeds.article_url("plain", "plain-1"))
    assert "plain story 1" in article.text
    assert feeds.hits("/feeds/plain.xml") == 2


def test_miniflux_rest_lists_seeded_entries(miniflux: Miniflux, feeds: FeedServer) -> None:
    feed_id = miniflux.subscribe(feeds.set_feed("news", make_items("news", 4)), category="Kalsel")
    titles = {e["title"] for e in miniflux.entries()}
    assert titles == {f"news story {n}" for n in range(4)}

    feeds.add_items("news", *make_items("news", 2, start=4))
    miniflux.refresh(feed_id)
    entries = miniflux.entries(status="unread")
    assert len(entries) == 6
    assert {e["feed"]["category"]["title"] for e in entries} == {"Kalsel"}
    # The API key and basic auth both reach the same account.
    me = httpx.get(f"{miniflux.api_url}/me", auth=(miniflux.username, miniflux.password))
    assert me.json()["username"] == miniflux.username


def test_miniflux_reset_forgets_feeds_but_keeps_the_key(
    miniflux: Miniflux, feeds: FeedServer
) -> None:
    miniflux.subscribe(feeds.set_feed("gone", make_items("gone", 2)))
    key = miniflux.api_key
    miniflux.reset()
    assert miniflux.api("GET", "/feeds") == []
    assert miniflux.api_key == key
    assert miniflux.api("GET", "/me")["username"] == miniflux.username


def test_miniflux_google_reader_login_and_items(miniflux: Miniflux, feeds: FeedServer) -> None:
    miniflux.subscribe(feeds.set_feed("greader", make_items("greader", 3)))
    login = httpx.post(
        miniflux.client_login_url,
        data={
            "Email": miniflux.reader_username,
            "Passwd": miniflux.reader_password,
        },
    )
    assert login.status_code == 200, login.text
    auth = dict(line.split("=", 1) for line in login.text.splitlines() if "=" in line)["Auth"]
    headers = {"Authorization": f"GoogleLogin auth={auth}"}
    ids = httpx.get(
        f"{miniflux.reader_url}/stream/items/ids",
        headers=headers,
        params={
            "s": "user/-/state/com.google/reading-list",
            "n": 100,
            "output": "json",
        },
    )
    assert ids.status_code == 200, ids.text
    refs = ids.json()["itemRefs"]
    assert len(refs) == 3
    token = httpx.get(f"{miniflux.reader_url}/token", headers=headers).text.strip()
    contents = httpx.post(
        f"{miniflux.reader_url}/stream/items/contents",
        headers=headers,
        params={"output": "json"},
        data={"i": [ref["id"] for ref in refs], "T": token},
    )
    assert contents.status_code == 200, contents.text
    assert {item["title"] for item in contents.json()["items"]} == {
        f"greader story {n}" for n in range(3)
    }


def test_miniflux_google_reader_refuses_a_wrong_password(miniflux: Miniflux) -> None:
    login = httpx.post(
        miniflux.client_login_url,
        data={
            "Email": miniflux.reader_username,
            "Passwd": "not the password",
        },
    )
    assert login.status_code == 401


def test_miniflux_stop_and_start_keep_the_data(miniflux: Miniflux, feeds: FeedServer) -> None:
    miniflux.subscribe(feeds.set_feed("kept", make_items("kept", 2)))
    miniflux.stop()
    try:
        httpx.get(f"{miniflux.base_url}/healthcheck", timeout=2)
        raise AssertionError("Miniflux still answers after stop()")
    except httpx.TransportError:
        pass
    miniflux.start()
    assert len(miniflux.entries()) == 2


def test_ttrss_login_and_headlines_list_seeded_entries(
    ttrss: TinyTinyRSS, feeds: FeedServer
) -> None:
    feeds.set_feed("tt", make_items("tt", 3))
    feed_id = ttrss.subscribe(ttrss.feed_url(feeds, "tt"), category="Kalsel")
    ttrss.refresh(feed_id)
    login = httpx.post(
        ttrss.api_url,
        json={
            "op": "login",
            "user": ttrss.username,
            "password": ttrss.password,
        },
    )
    assert login.json()["status"] == 0, login.text
    sid = login.json()["content"]["session_id"]
    headlines = httpx.post(
        ttrss.api_url,
        json={
            "op": "getHeadlines",
            "sid": sid,
            "feed_id": feed_id,
            "show_content": True,
        },
    ).json()
    assert headlines["status"] == 0, headlines
    assert {h["title"] for h in headlines["content"]} == {f"tt story {n}" for n in range(3)}
    assert all(h["unread"] for h in headlines["content"])

    feeds.add_items("tt", *make_items("tt", 2, start=3))
    ttrss.refresh()
    assert len(ttrss.headlines()) == 5
    categories = ttrss.api("getCategories")
    assert "Kalsel" in {c["title"] for c in categories}


def test_ttrss_article_links_are_reachable_through_the_feed_server(
    ttrss: TinyTinyRSS, feeds: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    feeds.set_feed("linked", make_items("linked", 2), proxied_links=ttrss.proxied_links)
    ttrss.refresh(ttrss.subscribe(ttrss.feed_url(feeds, "linked")))
    links = [h["link"] for h in ttrss.headlines()]
    assert links == [feeds.proxied_article_url("linked", f"linked-{n}") for n in (1, 0)]
    for name, value in feeds.proxy_env().items():
        monkeypatch.setenv(name, value)
    with httpx.Client() as client:  # as habari's fetcher: the environment's proxy settings
        page = client.get(links[0])
        api = client.post(ttrss.api_url, json={"op": "getApiLevel"})
    assert page.status_code == 200
    assert "linked story 1" in page.text
    assert api.status_code == 200  # 127.0.0.1 is not sent to the proxy


def test_a_server_that_cannot_start_skips_or_fails_when_required(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HABARI_REQUIRE_SERVERS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not built"):
        unavailable("Miniflux: not built")
    monkeypatch.setenv("HABARI_REQUIRE_SERVERS", "1")
    with pytest.raises(pytest.fail.Exception, match="not built"):
        unavailable("Miniflux: not built")


def test_a_missing_miniflux_binary_is_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HABARI_MINIFLUX_BIN", str(tmp_path / "nothing-here"))
    with pytest.raises(ServerUnavailable, match="HABARI_MINIFLUX_BIN"):
        find_miniflux()


def test_servers_of_a_killed_run_are_ended_by_the_next(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    orphan = subprocess.Popen(["sleep", "60"])
    try:
        cmdline = Path(f"/proc/{orphan.pid}/cmdline")
        while b"sleep" not in cmdline.read_bytes():  # until the exec is complete
            time.sleep(0.01)
        killed_run = tmp_path / "habari-servers-killed"
        killed_run.mkdir()
        (killed_run / "owner.pid").write_text(f"{dead.pid}\n")
        (killed_run / "sleep.pid").write_text(f"{orphan.pid}\n")
        live_run = tmp_path / "habari-servers-live"
        live_run.mkdir()
        (live_run / "owner.pid").write_text(f"{os.getpid()}\n")

        assert reap_orphans(tmp_path, "habari-servers-") == 1
        assert orphan.wait(timeout=5) == -signal.SIGKILL
        assert not killed_run.exists()
        assert live_run.exists()
    finally:
        orphan.kill()
        orphan.wait()


def test_miniflux_comes_back_on_another_port_when_its_own_was_taken(miniflux: Miniflux) -> None:
    taken = miniflux.port
    miniflux.stop()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", taken))
        squatter.listen()
        miniflux.reset()
    assert miniflux.port != taken
    assert miniflux.base_url.endswith(f":{miniflux.port}")
    assert httpx.get(f"{miniflux.base_url}/healthcheck").text == "OK"
    assert miniflux.api("GET", "/me")["username"] == miniflux.username


def test_tests_that_use_a_server_are_marked(
    request: pytest.FixtureRequest, miniflux_server: Miniflux
) -> None:
    assert request.node.get_closest_marker("servers") is not None


def test_servers_run_in_a_temp_dir_their_account_can_reach(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    other = Account("someone", os.geteuid() + 1, os.getegid() + 1, "/")
    assert other.temp_parent() == Path("/tmp")
    private.chmod(0o755)
    tmp_path.chmod(0o755)
    reachable = all(p.stat().st_mode & 0o001 for p in (private, *private.parents))
    assert other.temp_parent() == (private if reachable else Path("/tmp"))
    mine = Account("me", os.geteuid(), os.getegid(), "/")
    private.chmod(0o700)
    assert mine.temp_parent() == private
