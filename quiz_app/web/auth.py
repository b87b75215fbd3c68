"""Teacher login and logout as real HTTP routes, so the login lives in a cookie and never in a URL.

- ``GET /auth/login?next=/teacher`` serves an HTML form (``autocomplete="username"`` and
  ``"current-password"``, so password managers fill it); ``POST /auth/login`` checks the password
  with :func:`quiz_app.store.teachers.login` (argon2id, the same rate limits per account and per
  client as before) and sets the session token in the :data:`COOKIE` cookie: ``HttpOnly`` (page
  scripts cannot read it), ``SameSite=Strict`` (never sent with a request another site starts),
  ``Secure`` when the app is served over https, ``Max-Age`` the login's lifetime. Then it
  redirects to ``next`` (only the app's own teacher pages are accepted).
- ``/auth/logout`` deletes the login from the database and clears the cookie. Changing a password
  (``python -m quiz_app teacher passwd``) deletes every login of that teacher, so the cookie stops
  working at the next page run.
- CSRF: every POST must come from a page of this app: its ``Origin`` (or, without one, its
  ``Referer``) must name this host, and its form token must match the ``quiz_csrf`` cookie set
  with the form (double submit). SameSite=Strict alone already keeps the session cookie off
  cross-site requests; the two checks also cover the login form itself.

The Streamlit pages read the cookie with ``st.context.cookies`` and check it against the database
on every run (``quiz_app/ui/teacher_auth.py``).
"""

from __future__ import annotations

import hmac
import html
import os
import re
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

COOKIE = "quiz_teacher"  # the teacher's login token (only its SHA-256 is in the database)
CSRF_COOKIE = "quiz_csrf"
LOGIN_PATH = "/auth/login"
LOGOUT_PATH = "/auth/logout"
DEFAULT_NEXT = "/teacher"
_NEXT = re.compile(r"^/(teacher|present|editor)(\?quiz=\d{1,9})?$")
_MAX_BODY = 8_192


def safe_next(value: str | None) -> str:
    """``value`` if it is one of the app's teacher pages (no open redirect), else :data:`DEFAULT_NEXT`."""
    return value if value and _NEXT.match(value) else DEFAULT_NEXT


def login_url(next_path: str = DEFAULT_NEXT) -> str:
    return f"{LOGIN_PATH}?{urlencode({'next': safe_next(next_path)})}"


def _store():
    from quiz_app.ui.resources import get_store

    return get_store()


def _client(request: Request) -> str:
    """The address for rate limits, as ``quiz_app.ui.clients.client_id`` computes it for the pages."""
    if os.environ.get("QUIZ_APP_TRUST_PROXY") == "1":
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded.strip():
            return forwarded.split(",")[0].strip()[:100]
    return (request.client.host if request.client else "unknown")[:100]


def _https(request: Request) -> bool:
    if os.environ.get("QUIZ_APP_TRUST_PROXY") == "1" and request.headers.get("x-forwarded-proto") == "https":
        return True
    return request.url.scheme == "https"


def _same_origin(request: Request) -> bool:
    host = request.headers.get("host", "")
    source = request.headers.get("origin") or request.headers.get("referer") or ""
    return bool(host) and urlsplit(source).netloc == host


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > _MAX_BODY:
        return {}
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}


def _token_ok(request: Request, form: dict[str, str]) -> bool:
    cookie, sent = request.cookies.get(CSRF_COOKIE, ""), form.get("csrf", "")
    return bool(cookie) and hmac.compare_digest(cookie, sent)


_STYLE = """
:root { color-scheme: light; --primary: #c62828; --text: #31333f; --muted: #5c5f6b; --line: #d5d7de; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Source Sans Pro", "Source Sans 3", system-ui, -apple-system, "Segoe UI",
       Roboto, sans-serif; color: var(--text); background: #fff; font-size: 1rem; line-height: 1.6; }
main { max-width: 28rem; margin: 0 auto; padding: 4rem 1.25rem 2rem; }
h1 { font-size: 2.25rem; font-weight: 700; margin: 0 0 .25rem; line-height: 1.2; }
.app { color: var(--muted); margin: 0 0 2rem; font-size: .9rem; }
label { display: block; font-size: .9rem; margin: 1rem 0 .25rem; }
input[type=text], input[type=password] { width: 100%; font: inherit; padding: .5rem .75rem;
       border: 1px solid var(--line); border-radius: .5rem; background: #f0f2f6; color: var(--text); }
input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid #1c62d6; outline-offset: 2px; }
button { margin-top: 1.5rem; font: inherit; font-weight: 600; color: #fff; background: var(--primary);
       border: 1px solid var(--primary); border-radius: .5rem; padding: .45rem 1.1rem; cursor: pointer; }
button:hover { background: #a31f1f; }
.error { margin: 1rem 0 0; padding: .75rem 1rem; border-radius: .5rem; background: #ffe2e2; color: #7d1a1a; }
.info { margin: 1rem 0 0; padding: .75rem 1rem; border-radius: .5rem; background: #e5f1ff; color: #0b3d75; }
code { background: #f0f2f6; padding: .1rem .3rem; border-radius: .25rem; }
.back { display: inline-block; margin-top: 2rem; color: #1c62d6; }
"""


def _page(title: str, body: str, status: int = 200, csrf: str | None = None) -> HTMLResponse:
    document = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
                f"<meta name='referrer' content='same-origin'><title>{html.escape(title)} · Kazakhstan 2022</title>"
                f"<style>{_STYLE}</style></head><body><main>{body}</main></body></html>")
    response = HTMLResponse(document, status_code=status, headers={
        "Cache-Control": "no-store", "X-Frame-Options": "DENY",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                                   "frame-ancestors 'none'; base-uri 'none'"})
    if csrf is not None:
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/auth")
    return response


def _login_form(next_path: str, name: str = "", error: str = "", status: int = 200) -> HTMLResponse:
    csrf = secrets.token_urlsafe(24)
    problem = (f"<p class='error' id='login-error' role='alert'>{html.escape(error)}</p>" if error else "")
    invalid = " aria-invalid='true' aria-describedby='login-error'" if error else ""
    focus_name, focus_password = ("", " autofocus") if name else (" autofocus", "")
    body = (f"<h1>Teacher login</h1><p class='app'>Kazakhstan, January 2022 — study app</p>{problem}"
            f"<form method='post' action='{LOGIN_PATH}'>"
            f"<input type='hidden' name='csrf' value='{csrf}'>"
            f"<input type='hidden' name='next' value='{html.escape(next_path)}'>"
            f"<label for='name'>Name</label>"
            f"<input type='text' id='name' name='name' autocomplete='username' required maxlength='40' "
            f"value='{html.escape(name)}'{invalid}{focus_name}>"
            f"<label for='password'>Password</label>"
            f"<input type='password' id='password' name='password' autocomplete='current-password' required "
            f"maxlength='1000'{invalid}{focus_password}>"
            f"<button type='submit'>Log in</button></form>"
            f"<a class='back' href='/'>Back to the app</a>")
    return _page("Teacher login", body, status, csrf)


def _no_accounts() -> HTMLResponse:
    body = ("<h1>Teacher login</h1><p class='app'>Kazakhstan, January 2022 — study app</p>"
            "<p class='info' role='status'>No teacher account exists yet. Whoever runs the server creates one "
            "with <code>python -m quiz_app teacher add YOUR-NAME</code>.</p>"
            "<a class='back' href='/'>Back to the app</a>")
    return _page("Teacher login", body)


def _signed_in(token: str | None) -> bool:
    from quiz_app.store import teachers

    return token is not None and teachers.by_session(_store(), token) is not None


async def login_page(request: Request) -> Response:
    from quiz_app.store import teachers

    next_path = safe_next(request.query_params.get("next"))
    if await run_in_threadpool(_signed_in, request.cookies.get(COOKIE)):
        return RedirectResponse(next_path, status_code=303)
    if await run_in_threadpool(teachers.count, _store()) == 0:
        return _no_accounts()
    return _login_form(next_path)


async def login_submit(request: Request) -> Response:
    from quiz_app.store import teachers

    form = await _form(request)
    next_path = safe_next(form.get("next"))
    name = form.get("name", "")[:40]
    if not _same_origin(request) or not _token_ok(request, form):
        return _login_form(next_path, name, "This form had expired. Please log in again.", 400)
    result = await run_in_threadpool(teachers.login, _store(), name, form.get("password", ""), _client(request))
    if result.token is None:
        return _login_form(next_path, name, result.message, 429 if result.retry_after else 401)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(COOKIE, result.token, max_age=int(teachers.session_hours() * 3600), path="/",
                        httponly=True, samesite="strict", secure=_https(request))
    response.delete_cookie(CSRF_COOKIE, path="/auth")
    return response


def _logged_out(request: Request) -> Response:
    from quiz_app.store import teachers

    teachers.logout(_store(), request.cookies.get(COOKIE))
    response = RedirectResponse(DEFAULT_NEXT, status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=_https(request))
    return response


async def logout(request: Request) -> Response:
    """GET from the app's own link logs out at once; anything else gets a confirmation form (POST)."""
    if request.method == "POST":
        form = await _form(request)
        if not _same_origin(request) or not _token_ok(request, form):
            return _page("Log out", "<h1>Log out</h1><p class='error' role='alert'>This form had expired.</p>"
                         f"<a class='back' href='{LOGOUT_PATH}'>Try again</a>", 400)
        return await run_in_threadpool(_logged_out, request)
    if request.headers.get("sec-fetch-site") in ("same-origin", "none") or _same_origin(request):
        return await run_in_threadpool(_logged_out, request)
    csrf = secrets.token_urlsafe(24)
    body = (f"<h1>Log out</h1><p class='app'>Kazakhstan, January 2022 — study app</p>"
            f"<form method='post' action='{LOGOUT_PATH}'><input type='hidden' name='csrf' value='{csrf}'>"
            f"<button type='submit' autofocus>Log out</button></form>")
    return _page("Log out", body, csrf=csrf)


def routes() -> list[BaseRoute]:
    return [Route(LOGIN_PATH, login_page, methods=["GET"]), Route(LOGIN_PATH, login_submit, methods=["POST"]),
            Route(LOGOUT_PATH, logout, methods=["GET", "POST"])]
