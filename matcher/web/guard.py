"""The gate every request passes before it reaches a page, a file or the API.

It keeps the coordinator's personal data on their machine:

* the Host header must name this server (``127.0.0.1:PORT`` or ``localhost:PORT``), so a web
  page whose domain was re-pointed at 127.0.0.1 (DNS rebinding) gets nothing;
* every request needs the launch token, as ``Authorization: Bearer TOKEN`` or the token
  cookie; the link ``matcher serve`` opens (``/?token=…``) sets the cookie. Without it: 401 and
  a login page that loads nothing else;
* a state-changing request (POST, DELETE, …) from a browser must come from this app's own
  origin (CSRF); the cookie is also ``SameSite=Strict``;
* every response forbids framing, sniffing, caching and anything not served by this app.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from matcher.web.config import TOKEN_COOKIE, WebConfig

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # "same-origin", not "no-referrer": with no-referrer a browser sends "Origin: null" on a
    # same-origin form post, which the CSRF check would then refuse.
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
)

LOGIN_PAGE = """<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>matcher</title></head>
<body>
<h1>matcher</h1>
<p>Åpne lenken som <code>matcher serve</code> skrev ut, eller lim inn nøkkelen her.<br>
Open the link that <code>matcher serve</code> printed, or paste its token here.</p>
<form method="get" action="/"><label>Token / nøkkel <input name="token" autocomplete="off">
</label> <button>OK</button></form>
</body></html>
"""


class Guard:
    """ASGI middleware: host check, token check, origin check and security headers."""

    def __init__(self, app: ASGIApp, config: WebConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets here
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, _secured(send))
            return
        await self.app(scope, receive, _secured(send))

    def _refusal(self, scope: Scope, headers: Headers) -> ASGIApp | None:
        """The response that refuses this request, or None when it may go on."""
        if headers.get("host", "") not in self.config.hosts:
            return _plain(400, "Unknown host.")
        by_header = self._token_matches(_bearer(headers))
        if not (by_header or self._token_matches(_cookie(headers))):
            query_token = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if scope["method"] == "GET" and self._token_matches(query_token.get("token")):
                return self._log_in(scope)
            if scope["path"].startswith("/api/"):
                return _plain(401, '{"error": "unauthorised"}', "application/json")
            return _plain(401, LOGIN_PAGE, "text/html; charset=utf-8")
        if scope["method"] not in SAFE_METHODS and not self._same_origin(headers, by_header):
            return _plain(403, "Cross-site request refused.")
        return None

    def _token_matches(self, candidate: str | None) -> bool:
        return candidate is not None and hmac.compare_digest(
            candidate.encode("utf-8", "replace"), self.config.token.encode())

    def _same_origin(self, headers: Headers, by_header: bool) -> bool:
        """A browser names the page a request came from; it must be one of this app's.

        A script that authenticates with the Authorization header (which no other web page
        can make a browser send here) may leave both Origin and Referer out.
        """
        origin = headers.get("origin")
        if origin is None and headers.get("referer"):
            parts = urlsplit(headers["referer"])
            origin = f"{parts.scheme}://{parts.netloc}"
        if origin is None:
            return by_header
        return origin in self.config.origins

    def _log_in(self, scope: Scope) -> ASGIApp:
        """The launch link: set the token cookie and show the same page without the token."""
        query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"))
                 if k != "token"]
        location = scope["path"] + (f"?{urlencode(query)}" if query else "")
        cookie = (f"{TOKEN_COOKIE}={self.config.token}; Path=/; HttpOnly; SameSite=Strict")

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            await send({"type": "http.response.start", "status": 303,
                        "headers": [(b"location", location.encode("latin-1")),
                                    (b"set-cookie", cookie.encode("latin-1")),
                                    (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})

        return app


def _bearer(headers: Headers) -> str | None:
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token else None


def _cookie(headers: Headers) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == TOKEN_COOKIE:
            return value
    return None


def _plain(status: int, body: str, media_type: str = "text/plain; charset=utf-8") -> ASGIApp:
    data = body.encode()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", media_type.encode()),
                                (b"content-length", str(len(data)).encode())]})
        await send({"type": "http.response.body", "body": data})

    return app


def _secured(send: Send) -> Send:
    """Add the security headers to the response about to start."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {name.lower() for name, _ in message.get("headers", [])}
            extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return wrapped
