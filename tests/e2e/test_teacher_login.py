"""The login and logout routes over real HTTP (a real server): the form, CSRF checks, rate limits,
the cookie's attributes, safe redirects, logout; and in Chromium: a teacher who stays logged in
across reloads and new tabs, never with a token in an address, until logout or a password change."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from benchmarks.bench_classroom import login_cookie
from quiz_app.store import Store, teachers
from quiz_app.store import classroom as rooms
from tests.support.sample import write_sample_pack

pytestmark = [pytest.mark.server]
NAME, PASSWORD = "Ms Teacher", "a long enough password"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    try:
        with urllib.request.build_opener(NoRedirect()).open(urllib.request.Request(url, headers=headers or {}),
                                                            timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def _post(url: str, fields: dict[str, str], headers: dict[str, str]) -> tuple[int, dict, str]:
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                              **headers})
    try:
        with urllib.request.build_opener(NoRedirect()).open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def _form(base: str, next_path: str = "/teacher") -> tuple[str, str]:
    """(csrf form token, csrf cookie) of a fresh login form."""
    status, headers, page = _get(f"{base}/auth/login?next={urllib.parse.quote(next_path)}")
    assert status == 200
    token = re.search(r"name='csrf' value='([^']+)'", page).group(1)
    cookie = next(h for h in headers.get_all("Set-Cookie") if h.startswith("quiz_csrf="))
    return token, cookie.split(";", 1)[0]


@pytest.fixture
def app(tmp_path, start_server):
    write_sample_pack(tmp_path / "bank")
    url = f"sqlite:///{tmp_path / 'login.sqlite3'}"
    store = Store.open(url)
    teacher = teachers.add(store, NAME, PASSWORD)
    server = start_server({"QUIZ_APP_BANK": str(tmp_path / "bank"), "DATABASE_URL": url})
    yield store, teacher, server
    store.close()


def test_the_login_form_is_a_real_accessible_form(app) -> None:
    _, _, server = app
    status, headers, page = _get(f"{server.url}/auth/login?next=/teacher")
    assert status == 200 and headers["Cache-Control"] == "no-store" and "frame-ancestors 'none'" in \
        headers["Content-Security-Policy"]
    assert "<form method='post' action='/auth/login'>" in page
    assert "<label for='name'>Name</label>" in page and "<label for='password'>Password</label>" in page
    assert "autocomplete='username'" in page and "autocomplete='current-password'" in page
    assert "type='password'" in page and "<html lang='en'>" in page and "<h1>Teacher login</h1>" in page
    csrf = next(h for h in headers.get_all("Set-Cookie") if h.startswith("quiz_csrf="))
    assert "HttpOnly" in csrf and "SameSite=strict" in csrf.replace("Strict", "strict")


def test_csrf_origin_password_and_rate_limit_checks(app) -> None:
    _, _, server = app
    base = server.url
    token, csrf_cookie = _form(base)
    fields = {"csrf": token, "next": "/teacher", "name": NAME, "password": PASSWORD}
    # from another site: refused even with the right password and token
    status, _, page = _post(f"{base}/auth/login", fields, {"Origin": "http://evil.example", "Cookie": csrf_cookie})
    assert status == 400 and "expired" in page
    # without the form's token (a forged form): refused
    status, _, _ = _post(f"{base}/auth/login", {**fields, "csrf": "forged"}, {"Origin": base, "Cookie": csrf_cookie})
    assert status == 400
    # a wrong password: the form again, the error announced and tied to the fields, the name kept
    status, _, page = _post(f"{base}/auth/login", {**fields, "password": "wrong password!"},
                            {"Origin": base, "Cookie": csrf_cookie})
    assert status == 401 and "role='alert'" in page and "Wrong name or password." in page
    assert "aria-invalid='true'" in page and f"value='{NAME}'" in page
    for _ in range(teachers.FREE_FAILURES):
        _post(f"{base}/auth/login", {**fields, "password": "wrong again!!"}, {"Origin": base, "Cookie": csrf_cookie})
    status, _, page = _post(f"{base}/auth/login", fields, {"Origin": base, "Cookie": csrf_cookie})
    assert status == 429 and "Try again in" in page  # the same limits as before, through teachers.login


def test_a_login_sets_a_strict_http_only_cookie_and_goes_only_to_the_apps_pages(app) -> None:
    store, _, server = app
    base = server.url
    for asked, landed in (("/present?quiz=3", "/present?quiz=3"), ("//evil.example/x", "/teacher"),
                          ("https://evil.example", "/teacher"), ("/editor", "/editor")):
        token, csrf_cookie = _form(base, asked)
        status, headers, _ = _post(f"{base}/auth/login", {"csrf": token, "next": asked, "name": NAME,
                                                          "password": PASSWORD},
                                   {"Origin": base, "Cookie": csrf_cookie})
        assert status == 303 and headers["Location"] == landed
        cookie = next(h for h in headers.get_all("Set-Cookie") if h.startswith("quiz_teacher="))
        attributes = {a.strip().split("=")[0].lower() for a in cookie.split(";")[1:]}
        assert {"httponly", "samesite", "path", "max-age"} <= attributes and "secure" not in attributes
        assert "samesite=strict" in cookie.lower() and f"max-age={int(teachers.session_hours() * 3600)}" in \
            cookie.lower()
        value = cookie.split(";", 1)[0].split("=", 1)[1]
        assert teachers.by_session(store, value) is not None and value not in headers["Location"]


def test_logout_from_the_app_ends_the_login_and_a_cross_site_link_only_asks(app) -> None:
    store, _, server = app
    base = server.url
    token = login_cookie(base, NAME, PASSWORD)
    status, _, page = _get(f"{base}/auth/logout", {"Cookie": f"quiz_teacher={token}",
                                                   "Sec-Fetch-Site": "cross-site"})
    assert status == 200 and "<form method='post' action='/auth/logout'>" in page  # asked, nothing done
    assert teachers.by_session(store, token) is not None
    status, headers, _ = _get(f"{base}/auth/logout", {"Cookie": f"quiz_teacher={token}",
                                                      "Sec-Fetch-Site": "same-origin"})
    assert status == 303 and headers["Location"] == "/teacher"
    cleared = next(h for h in headers.get_all("Set-Cookie") if h.startswith("quiz_teacher="))
    assert "max-age=0" in cleared.lower() or "expires=" in cleared.lower()
    assert teachers.by_session(store, token) is None  # the login row is gone, not only the cookie


def test_behind_an_https_proxy_the_cookie_is_secure(tmp_path, start_server) -> None:
    write_sample_pack(tmp_path / "bank")
    url = f"sqlite:///{tmp_path / 'tls.sqlite3'}"
    store = Store.open(url)
    teachers.add(store, NAME, PASSWORD)
    server = start_server({"QUIZ_APP_BANK": str(tmp_path / "bank"), "DATABASE_URL": url,
                           "QUIZ_APP_TRUST_PROXY": "1"})
    try:
        token, csrf_cookie = _form(server.url)
        _, headers, _ = _post(f"{server.url}/auth/login", {"csrf": token, "next": "/teacher", "name": NAME,
                                                           "password": PASSWORD},
                              {"Origin": server.url, "Cookie": csrf_cookie, "X-Forwarded-Proto": "https"})
        cookie = next(h for h in headers.get_all("Set-Cookie") if h.startswith("quiz_teacher="))
        assert "secure" in cookie.lower()
    finally:
        store.close()


@pytest.mark.browser
def test_the_teacher_stays_logged_in_across_reloads_and_tabs_until_logout(app, new_page) -> None:
    store, teacher, server = app
    quiz = rooms.create(store, teacher.id, "Running now", "sample", ["s-tf"], "live")
    rooms.act(store, quiz.id, teacher.id, "start")
    page = new_page()
    page.goto(f"{server.url}/teacher")
    page.get_by_role("link", name="Log in").click()
    page.get_by_role("textbox", name="Name").fill(NAME)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Reveal the answer").wait_for()  # landed on the quiz under way
    cookie = next(c for c in page.context.cookies() if c["name"] == "quiz_teacher")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert cookie["value"] not in page.url and page.evaluate("document.cookie").find("quiz_teacher") == -1
    page.reload()
    page.get_by_role("button", name="Reveal the answer").wait_for()  # a reload keeps the login
    second = page.context.new_page()
    second.goto(f"{server.url}/present")
    second.get_by_text("Question 1 of 1").wait_for()  # a new tab of the same browser too
    assert cookie["value"] not in second.url
    page.get_by_role("link", name="Log out").click()
    page.get_by_role("link", name="Log in").wait_for()
    assert teachers.by_session(store, cookie["value"]) is None
    second.reload()
    second.get_by_role("link", name="Log in").wait_for()
    # a password change ends a login too
    page.get_by_role("link", name="Log in").click()
    page.get_by_role("textbox", name="Name").fill(NAME)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Reveal the answer").wait_for()
    teachers.set_password(store, NAME, "another long password")
    page.reload()
    page.get_by_text("Your login has expired or was ended").wait_for()
