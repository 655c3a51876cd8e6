"""The sign-up page's server: waitress on the shop PC's LAN address, in a background thread.

waitress's defaults suit a web site behind a proxy; a page any phone on the Wi-Fi can reach
gets fewer threads and connections, short timeouts, small requests and no Server header.
"""

import contextlib
import logging
import socket
import threading

from desktop.capture.app import MAX_BODY, Limits, SignupApp, SignupListener
from desktop.domain.errors import DomainError
from desktop.i18n import tr_noop

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8080
# waitress Adjustments, tightened from its defaults (threads 4, connection_limit 100,
# channel_timeout 120 s, cleanup_interval 30 s, max_request_body_size 1 GB, ident "waitress").
SERVER_SETTINGS = {
    "threads": 4,  # sign-ups are serialised on the database anyway
    "connection_limit": 64,
    "channel_timeout": 15,  # an idle or trickling connection is closed after this
    "cleanup_interval": 5,
    "max_request_header_size": 8 * 1024,
    "max_request_body_size": MAX_BODY,
    "ident": "",  # no Server header, no SERVER_SOFTWARE
    "expose_tracebacks": False,
    "clear_untrusted_proxy_headers": True,  # no proxy in front: X-Forwarded-* is a lie
    "asyncore_use_poll": True,  # select() stops at 1024 descriptors
}


class ServerUnavailable(DomainError):
    """The address or port cannot be listened on (in use, not this PC's, not allowed)."""

    context = "signup"
    template = tr_noop("signup", "The sign-up page cannot listen on {address}: {reason}")
    error_code = "server_unavailable"
    exit_code = 3


def lan_address() -> str:
    """The PC's primary LAN IPv4: the source address of a route out; 127.0.0.1 without one.

    Connecting a UDP socket sends nothing; it only asks the system which interface it would
    use to reach the address.
    """
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.255.255.255", 1))
        address = probe.getsockname()[0]
        if address and not address.startswith("0."):
            return address
    return LOOPBACK


class SignupServer:
    """The sign-up page served at host:port (port 0: a free one) until stop()."""

    def __init__(self, host: str, port: int = DEFAULT_PORT, limits: Limits | None = None,
                 on_signup: SignupListener | None = None) -> None:
        self.host, self.port = host, port
        self.app = SignupApp(limits=limits, on_signup=on_signup)
        self._server = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """http://host:port, the base of every entry point's QR once started."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        """Bind (ServerUnavailable when that fails) and serve in a background thread."""
        from waitress.server import create_server

        try:
            server = create_server(self.app, host=self.host, port=self.port, **SERVER_SETTINGS)
        except OSError as exc:
            raise ServerUnavailable(address=f"{self.host}:{self.port}",
                                    reason=exc.strerror or str(exc)) from None
        self.port = server.effective_port
        self.app.allowed_host = f"{self.host}:{self.port}"
        self._server = server
        self._thread = threading.Thread(target=server.run, name="signup-server", daemon=True)
        self._thread.start()
        log.info("sign-up page serving at %s", self.url)

    def stop(self) -> None:
        """Close the listening socket and every connection; wait for the thread to end."""
        server, self._server = self._server, None
        if server is None:
            return
        from waitress import wasyncore

        server.task_dispatcher.shutdown()
        wasyncore.close_all(server._map, ignore_all=True)  # the loop ends with an empty map
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        log.info("sign-up page stopped")

    @property
    def running(self) -> bool:
        """True between start() and stop()."""
        return self._server is not None
