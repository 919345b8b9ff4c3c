"""QR-code login against the local fake server: the flow in core, `login bilibili` run as a user
would (a subprocess), and the crawl page's login box driven in the window."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_bilibili import FakeBilibili

from core.llm.secrets import SERVICE
from core.sources.bilibili.client import COOKIES_SECRET, parse_cookies, saved_cookies
from core.sources.bilibili.login import LoginFailed, login_status, logout, qr_login, qr_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fake():
    with FakeBilibili() as server:
        yield server


def _login(fake, **kw):
    codes, states = [], []
    result = asyncio.run(qr_login(fake.api_base, on_code=codes.append,
                                  on_state=lambda s, m: states.append((s, m.render("en"))), interval=0.01, **kw))
    return result, codes, states


def test_states_in_order_and_cookies_in_the_keyring(fake):
    import keyring

    fake.qr_script.extend([86101, 86101, 86090, 86090, 0])
    result, codes, states = _login(fake)
    assert result.ok and result.uname == "测试账号"
    assert len(codes) == 1 and fake.qr_keys[0] in codes[0]
    # each change said once, in the order the phone went
    assert [s for s, _ in states] == ["waiting", "scanned", "logged_in"]
    assert states[1][1] == "Scanned: confirm the login on the phone."
    assert states[2][1] == "Logged in as 测试账号."
    assert fake.calls["qr_poll"] == 5
    stored = keyring.get_keyring().data[(SERVICE, COOKIES_SECRET)]
    cookies = parse_cookies(stored)
    assert cookies["SESSDATA"] == fake.sessdata and cookies["DedeUserID"] == "42"
    assert cookies["buvid3"]  # a guest device id: without one the site truncates even a login
    assert "bili_jct" not in stored and "fakecsrf" not in stored  # the CSRF token is not kept
    assert asyncio.run(login_status(fake.api_base)).uname == "测试账号"


def test_cookies_from_the_cross_domain_url_when_no_set_cookie(fake):
    fake.qr_set_cookie = False
    fake.qr_script.extend([0])
    result, _, _ = _login(fake)
    assert result.ok and saved_cookies()["SESSDATA"] == fake.sessdata


def test_expired_code_stores_nothing(fake):
    fake.qr_script.extend([86101, 86038])
    result, _, states = _login(fake)
    assert not result.ok and result.state == "expired"
    assert [s for s, _ in states] == ["waiting", "expired"]
    assert saved_cookies() == {}
    assert fake.calls["nav"] == 0


def test_refusal_raises_with_words(fake):
    fake.inject("412", endpoint="qr_poll")
    with pytest.raises(LoginFailed) as e:
        _login(fake)
    assert "refused" in e.value.args[0].render("en")


def test_status_and_logout(fake):
    assert not asyncio.run(login_status(fake.api_base)).has_cookies
    assert fake.calls["nav"] == 0  # nothing asked without cookies
    fake.qr_script.extend([0])
    _login(fake)
    fake.sessdata = "another-session-now"  # the site forgot the login: expired
    status = asyncio.run(login_status(fake.api_base))
    assert status.has_cookies and not status.logged_in
    assert status.said().render("en").startswith("The saved login has expired")
    logout()
    assert saved_cookies() == {}


def test_qr_text_is_block_characters():
    text = qr_text("https://account.bilibili.com/h5/account-h5/auth/scan-web?qrcode_key=abc")
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1 and len(lines[0]) >= 25
    assert set(text) <= set("█▀▄ \n") and "▀" in text and "▄" in text


# ---- the command ---------------------------------------------------------------------------------
@pytest.fixture
def env(tmp_path):
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", CORPUSMITH_CONFIG_DIR=str(tmp_path / "config"),
             PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    e.pop("CORPUSMITH_BILIBILI_API", None)
    return e


def run(env, *args):
    return subprocess.run([sys.executable, "main.py", "--lang", "en", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)


def test_cli_login_status_crawl_logout(fake, env, tmp_path):
    fake.guest_limit = 3
    v = fake.add_video(roots=25, replies=30, seed=31)
    r = run(env, "login", "bilibili", "--status", "--api-base", fake.api_base)
    assert r.returncode == 1 and "Not logged in" in r.stdout

    fake.qr_script.extend([86101, 86090, 0])
    r = run(env, "login", "bilibili", "--api-base", fake.api_base, "--interval", "0.01")
    assert r.returncode == 0, r.stderr
    assert "█" in r.stdout and fake.qr_keys[0] in r.stdout  # the code and its link
    assert "Scan the QR code" in r.stderr and "confirm the login on the phone" in r.stderr
    assert "Logged in as 测试账号." in r.stdout
    assert fake.sessdata not in r.stdout + r.stderr

    r = run(env, "login", "bilibili", "--status", "--api-base", fake.api_base)
    assert r.returncode == 0 and "Logged in as 测试账号" in r.stdout

    # a later crawl uses the login with no flag: the server sees the cookie, the video is complete
    project = tmp_path / "p.corpus"
    r = run(env, "crawl", v.bvid, "--project", str(project), "--api-base", fake.api_base, "--min-interval", "0")
    assert r.returncode == 0, r.stderr
    assert ": complete — " in r.stdout
    assert all(logged_in for _, endpoint, _, logged_in in fake.request_log if endpoint == "main")
    assert fake.sessdata.encode() not in project.read_bytes()

    r = run(env, "login", "bilibili", "--logout")
    assert r.returncode == 0 and "Logged out" in r.stdout
    r = run(env, "login", "bilibili", "--status", "--api-base", fake.api_base)
    assert r.returncode == 1


def test_cli_login_expired_exits_1(fake, env):
    fake.qr_script.extend([86101, 86038])
    r = run(env, "login", "bilibili", "--api-base", fake.api_base, "--interval", "0.01")
    assert r.returncode == 1 and "expired" in r.stderr
    r = run(env, "login", "bilibili", "--status", "--api-base", fake.api_base)
    assert r.returncode == 1 and "Not logged in" in r.stdout


# ---- the window ----------------------------------------------------------------------------------
@pytest.fixture
def window(qtbot, tmp_path):
    from core.messages import set_language
    from core.settings import AppSettings
    from ui.main_window import MainWindow

    set_language("zh")  # the window speaks Chinese here (no translator installed)
    try:
        w = MainWindow(AppSettings())
        qtbot.addWidget(w)
        w.show()
        assert w.open_project(tmp_path / "login.corpus", create=True)
        w.tabs.setCurrentWidget(w.crawl)
        yield w
    finally:
        set_language(None)


def test_login_box_shows_the_code_the_states_and_who(window, fake, qt_run, tmp_path):
    page = window.crawl
    assert page.qr_button.text() == "扫码登录" and not page.logout_button.isVisibleTo(page)
    fake.qr_script.extend([86101, 86101, 86090, 86090, 86090, 0])
    seen: list[str] = []

    async def login_watching():
        task = asyncio.ensure_future(page.qr_login(api_base=fake.api_base, interval=0.05))
        while not task.done():
            dialog = page.qr_dialog
            if dialog is not None and dialog.url and dialog.state.text() not in seen:
                seen.append(dialog.state.text())
                assert dialog.isVisible() and not dialog.code.pixmap().isNull()  # the code is drawn
                assert dialog.code.pixmap().width() >= 150 and fake.qr_keys[0] in dialog.url
            await asyncio.sleep(0.01)
        return task.result()

    assert qt_run(login_watching()) is True
    assert "请用 B 站手机客户端扫描二维码。" in seen and "已扫码：请在手机上点“确认登录”。" in seen
    assert page.qr_dialog is None
    assert page.cookie_state.text() == "已登录：测试账号"
    assert page.logout_button.isVisibleTo(page)
    assert saved_cookies()["SESSDATA"] == fake.sessdata
    # the project file never holds the login
    assert fake.sessdata.encode() not in (tmp_path / "login.corpus").read_bytes()

    # the saved login is checked against the site; gone on the site → said in the box
    fake.sessdata = "the-site-forgot-this-login"
    qt_run(page.check_login(api_base=fake.api_base))
    assert "登录已过期" in page.cookie_state.text()

    page.logout_button.click()
    assert saved_cookies() == {} and not page.logout_button.isVisibleTo(page)
    assert page.cookie_state.text() == "未登录：只能抓到部分评论。"


def test_login_box_offers_a_new_code_after_expiry(window, fake, qt_run):
    page = window.crawl
    fake.qr_script.extend([86101, 86038, 86101, 0])

    async def expire_then_retry():
        task = asyncio.ensure_future(page.qr_login(api_base=fake.api_base, interval=0.02))
        while page.qr_dialog is None or not page.qr_dialog.again.isEnabled():
            await asyncio.sleep(0.01)
        dialog = page.qr_dialog
        assert dialog.state.text() == "二维码已过期，请换一个新的二维码再扫。"
        first = dialog.url
        dialog.again.click()
        result = await task
        return result, first, dialog.url

    ok, first, second = qt_run(expire_then_retry())
    assert ok and first != second and len(fake.qr_keys) == 2
    assert page.cookie_state.text() == "已登录：测试账号"


def test_expired_login_is_said_before_the_crawl(fake, env, tmp_path):
    """A saved login the site no longer accepts is said at once, with the way to log in again."""
    fake.qr_script.extend([0])
    assert run(env, "login", "bilibili", "--api-base", fake.api_base, "--interval", "0.01").returncode == 0
    fake.sessdata = "the-site-ended-that-session"
    fake.reset_counters()
    fake.guest_limit = 3
    v = fake.add_video(roots=25, replies=5, seed=33)
    r = run(env, "crawl", v.bvid, "--project", str(tmp_path / "e.corpus"), "--api-base", fake.api_base,
            "--min-interval", "0")
    first_notice = next(line for line in r.stderr.splitlines() if "note" in line.lower())
    assert "has probably expired" in first_notice and "login bilibili" in first_notice
    assert fake.request_log[0][1] == "nav"  # checked before any comment page
    assert "incomplete" in r.stdout  # went on as a visitor, and says so
