"""The token gate of ``backprop-tui serve``: no page, file or websocket without the token.

As Jupyter does it: the URL the server prints carries ``?token=T``; a request that brings the
right token (in the query, in an ``Authorization: token T`` header, or in the cookie the first
good request set) goes through, any other gets HTTP 403. Tokens are compared in constant time
(:func:`hmac.compare_digest`). The cookie is HttpOnly and SameSite=Strict, named after the
port so two servers on one machine don't overwrite each other's. A websocket whose ``Origin``
is another site is refused too, so a page elsewhere can't drive a student's app.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

QUERY_KEY = "token"
TOKEN_BYTES = 24  # 32 URL-safe characters
REFUSED = ("403: this backprop-tui server needs its token. Open the URL it printed when it "
           "started (…/?token=…), or ask your teacher for it.\n")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    """A fresh random token, safe in a URL as it is."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def cookie_name(port: int) -> str:
    return f"backprop-tui-token-{port}"


def same_token(given: str | None, token: str) -> bool:
    """Whether ``given`` is ``token``, in time that doesn't depend on where they differ."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode("utf-8"))


def _given_tokens(request: web.Request, cookie: str) -> list[str]:
    found = [request.query.get(QUERY_KEY), request.cookies.get(cookie)]
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "token":
        found.append(value.strip())
    return [t for t in found if t is not None]


def _foreign_origin(request: web.Request) -> bool:
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc != request.host


def _local_port(request: web.Request) -> int:
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    return sockname[1] if isinstance(sockname, tuple) else 0


def token_gate(token: str | None) -> Callable[[web.Request, Handler], Awaitable]:
    """An aiohttp middleware letting through only requests with ``token`` (None: every one).

    The gate sets the cookie (named after the port the request came in on) on a good request
    that came without it, so the page's own requests (its script, its websocket) carry the
    token from then on.
    """

    @web.middleware
    async def gate(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path == "/ws" and _foreign_origin(request):
            raise web.HTTPForbidden(text="403: a websocket from another site's page.\n")
        if token is None:
            return await handler(request)
        cookie = cookie_name(_local_port(request))
        given = _given_tokens(request, cookie)
        # every candidate is compared (no early exit that would time which one matched)
        good = [same_token(t, token) for t in given]
        if not any(good):
            raise web.HTTPForbidden(text=REFUSED)
        response = await handler(request)
        if request.cookies.get(cookie) != token and not response.prepared:
            response.set_cookie(cookie, token, httponly=True, samesite="Strict", path="/")
        return response

    return gate
