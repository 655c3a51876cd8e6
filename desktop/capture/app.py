"""The sign-up page as a WSGI application: GET and POST /s/<token>, hardened for a shop's Wi-Fi.

Any phone on the Wi-Fi can reach it, so every request is checked before any database work:
the Host header, the rate limits, the path's shape and the body's size.
"""

import contextlib
import hashlib
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs

from db.models import database
from desktop.capture import pages
from desktop.capture.signup import (
    SignupForm,
    SignupInvalid,
    SignupNotFound,
    SignupResult,
    page_for,
    page_opened,
    signup,
)
from desktop.i18n import tr

log = logging.getLogger(__name__)

MAX_BODY = 16 * 1024
MAX_FIELDS = 12  # the form has 6; more is not our form
PATH = re.compile(r"^/s/([A-Za-z0-9_-]{20,64})$")
SECURITY_HEADERS = [
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                                "img-src data:; form-action 'self'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-store"),
]
StartResponse = Callable[..., object]
SignupListener = Callable[[SignupResult], None]


@dataclass(frozen=True)
class Limits:
    """Requests allowed: per client address and for everyone together, as rate and burst."""

    per_client_per_minute: float = 30  # a person opening, correcting and sending a few times
    client_burst: int = 10
    overall_per_second: float = 250  # a queue of customers is far below; a flood is not
    overall_burst: int = 500


class RateLimiter:
    """Token buckets, one per key; thread-safe. A key seen no more is forgotten in time."""

    MAX_KEYS = 10_000

    def __init__(self, rate_per_second: float, burst: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate_per_second, burst, clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when)
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Take one token for `key`; False when its bucket is empty."""
        now = self.clock()
        with self._lock:
            tokens, when = self._buckets.get(key, (float(self.burst), now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            if len(self._buckets) >= self.MAX_KEYS and key not in self._buckets:
                self._forget_full(now)
            allowed = tokens >= 1
            self._buckets[key] = (tokens - 1 if allowed else tokens, now)
            return allowed

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled: they hold no memory worth keeping."""
        full = [key for key, (tokens, when) in self._buckets.items()
                if tokens + (now - when) * self.rate >= self.burst]
        for key in full:
            del self._buckets[key]


class SignupApp:
    """The WSGI callable. `allowed_host` is the address:port phones reach the server at.

    `on_signup` is called on the server's worker thread with each stored sign-up (new or
    known phone) after its transaction has committed; the window hands it on to its thread.
    """

    def __init__(self, allowed_host: str = "", limits: Limits | None = None,
                 on_signup: SignupListener | None = None) -> None:
        self.allowed_host = allowed_host
        self.on_signup = on_signup
        limits = limits or Limits()
        self.per_client = RateLimiter(limits.per_client_per_minute / 60, limits.client_burst)
        self.overall = RateLimiter(limits.overall_per_second, limits.overall_burst)
        self._salt = secrets.token_bytes(16)  # client hashes link one run's events, no more
        # One request at the database at a time: SQLite allows one writer, and a phone sent
        # twice must not race past the duplicate check.
        self._database_lock = threading.Lock()

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        try:
            status, body = self._respond(environ)
        except Exception:  # a bug must not show a traceback to a phone
            log.exception("sign-up page failed")
            status, body = "500 Internal Server Error", pages.message_page(
                tr("signup", "Sorry"), tr("signup", "Something went wrong. Please ask at "
                                                    "the counter."))
        data = body.encode("utf-8")
        headers = [("Content-Type", "text/html; charset=utf-8"),
                   ("Content-Length", str(len(data))), *SECURITY_HEADERS]
        if status.startswith("429"):
            headers.append(("Retry-After", "60"))
        start_response(status, headers)
        return [data]

    def _respond(self, environ: dict) -> tuple[str, str]:
        if environ.get("HTTP_HOST", "").lower() != self.allowed_host.lower():
            return _plain("400 Bad Request", tr("signup", "This address is not served here."))
        address = environ.get("REMOTE_ADDR", "")
        if not self.overall.allow("") or not self.per_client.allow(address):
            return _plain("429 Too Many Requests", tr(
                "signup", "Too many requests. Please wait a minute and try again."))
        match = PATH.match(environ.get("PATH_INFO", ""))
        if match is None:
            return _not_found()
        method = environ.get("REQUEST_METHOD", "")
        token, client = match[1], self._client_hash(address)
        if method == "GET":
            return self._get(token, client)
        if method == "POST":
            return self._post(environ, token, client)
        return _plain("405 Method Not Allowed", tr("signup", "This request is not supported."))

    def _get(self, token: str, client: str) -> tuple[str, str]:
        try:
            with self._database():
                page = page_opened(token, client)
        except SignupNotFound:
            return _not_found()
        return "200 OK", pages.form_page(page)

    def _post(self, environ: dict, token: str, client: str) -> tuple[str, str]:
        fields = _form_fields(environ)
        if isinstance(fields, tuple):
            return fields
        form = SignupForm(name=fields.get("name", ""), phone=fields.get("phone", ""),
                          birthday=fields.get("birthday", ""),
                          marketing=bool(fields.get("marketing")),
                          partner=bool(fields.get("partner")))
        try:
            with self._database():
                if fields.get(pages.HONEYPOT):  # a bot: pretend, store nothing
                    page = page_for(token)
                    fake = SignupResult(0, " ".join(form.name.split())[:50], False, None)
                    return "200 OK", pages.result_page(page, fake)
                try:
                    result = signup(token, form, client)
                except SignupInvalid as refusal:
                    return "200 OK", pages.form_page(page_for(token), form,
                                                     refusal.problems)
                body = pages.result_page(page_for(token), result)
        except SignupNotFound:
            return _not_found()
        if self.on_signup is not None:
            try:
                self.on_signup(result)
            except Exception:  # the phone's sign-up is stored; a listener bug must not hide it
                log.exception("sign-up listener failed")
        return "200 OK", body

    @contextlib.contextmanager
    def _database(self):
        """The database, alone, on a connection closed afterwards: waitress's worker threads
        end without telling anyone, and an open PostgreSQL connection would outlive them."""
        with self._database_lock, database.connection_context():
            yield

    def _client_hash(self, address: str) -> str:
        return hashlib.sha256(self._salt + address.encode()).hexdigest()


def _form_fields(environ: dict) -> dict[str, str] | tuple[str, str]:
    """The POSTed form's fields (first value of each), or the error response to send."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _plain("400 Bad Request", tr("signup", "This request is not supported."))
    if length > MAX_BODY:  # refused before reading a byte of it
        return _plain("413 Payload Too Large", tr("signup", "The form sent is too large."))
    content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return _plain("400 Bad Request", tr("signup", "This request is not supported."))
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    try:
        parsed = parse_qs(body.decode("ascii"), keep_blank_values=True, encoding="utf-8",
                          errors="strict", max_num_fields=MAX_FIELDS)
    except ValueError:  # not ASCII, not UTF-8 once decoded, or too many fields
        return _plain("400 Bad Request", tr("signup", "This request is not supported."))
    return {key: values[0] for key, values in parsed.items()}


def _not_found() -> tuple[str, str]:
    return _plain("404 Not Found", tr("signup", "This sign-up page does not exist. Please "
                                                "scan the QR code in the shop again."))


def _plain(status: str, message: str) -> tuple[str, str]:
    return status, pages.message_page(tr("signup", "Sorry"), message)
