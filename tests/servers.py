"""A throwaway HTTP server on 127.0.0.1 at a free port, for tests that need one."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextlib.contextmanager
def wait_until_up(url: str, server: subprocess.Popen, name: str, why: Callable[[], str] = lambda: "",
                  seconds: float = 30) -> None:
    """Wait until the server process ``server`` (called ``name`` in messages) answers ``url`` with anything (an
    HTTP error status counts: it answers); raises RuntimeError with ``why()`` (its log) when it exits first or
    does not answer within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"{name} exited: {why()}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not answer at {url} within {seconds} s")


def stop(server: subprocess.Popen, seconds: float = 10) -> None:
    """Stop a server process: SIGTERM, then SIGKILL if it has not ended within ``seconds``; always reaped."""
    server.terminate()
    try:
        server.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@contextlib.contextmanager
def local_server(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` in a thread; yields the base URL and always shuts the server down."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class DigestGuard:
    """RFC 7616 (RFC 2617) digest authentication, as a server checks it: MD5, ``qop=auth``, one realm, one user.

    :meth:`allows` recomputes the response the client must send (``MD5(HA1:nonce:nc:cnonce:qop:HA2)`` with
    ``HA1 = MD5(user:realm:password)`` and ``HA2 = MD5(method:uri)``) from the password, with :mod:`hashlib`;
    :meth:`challenge` answers 401 with a fresh nonce."""

    def __init__(self, user: str, password: str, realm: str = "bbao-test") -> None:
        self.user, self.password, self.realm = user, password, realm
        self.nonces: set[str] = set()
        self.accepted = 0

    def allows(self, handler: BaseHTTPRequestHandler) -> bool:
        """Whether the request carries a correct digest response for a nonce this guard issued."""
        header = handler.headers.get("Authorization", "")
        if not header.startswith("Digest "):
            return False
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(header[len("Digest "):]))
        if fields.get("algorithm", "MD5").upper() != "MD5" or fields.get("qop") != "auth" \
                or fields.get("nonce") not in self.nonces or fields.get("realm") != self.realm \
                or fields.get("username") != self.user or fields.get("uri") != handler.path:
            return False
        ha1 = _md5(f"{self.user}:{self.realm}:{self.password}")
        ha2 = _md5(f"{handler.command}:{fields['uri']}")
        expected = _md5(f"{ha1}:{fields['nonce']}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
        if not hmac.compare_digest(expected, fields.get("response", "")):
            return False
        self.accepted += 1
        return True

    def challenge(self, handler: BaseHTTPRequestHandler) -> None:
        """Answer 401 with ``WWW-Authenticate: Digest realm, nonce, qop="auth", algorithm=MD5``."""
        nonce = secrets.token_hex(16)
        self.nonces.add(nonce)
        handler.send_response(401)
        handler.send_header("WWW-Authenticate", f'Digest realm="{self.realm}", nonce="{nonce}", qop="auth", '
                                                f'algorithm=MD5, opaque="{secrets.token_hex(8)}"')
        handler.send_header("Content-Length", "0")
        handler.end_headers()


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def proxy(target: str, *, guard: DigestGuard | None = None, refuse_put: int | None = None,
          drop_put: int | None = None) -> type[BaseHTTPRequestHandler]:
    """A handler class that forwards every request (method, path and query, body, Content-Type and Accept) to
    the server at ``target`` and relays its answer. With ``guard``, a request must pass its digest
    authentication first. The ``refuse_put``-th PUT (1-based) is answered HTTP 500 and not forwarded; the
    ``drop_put``-th is forwarded (the server applies it) and the connection then closed without an answer."""

    class Proxy(BaseHTTPRequestHandler):
        puts = 0

        def _forward(self) -> None:
            size = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(size) if size else None
            if guard is not None and not guard.allows(self):
                guard.challenge(self)
                return
            if self.command == "PUT":
                type(self).puts += 1
                if type(self).puts == refuse_put:
                    self.send_response(500)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            headers = {k: self.headers[k] for k in ("Content-Type", "Accept") if self.headers.get(k)}
            request = urllib.request.Request(target + self.path, data=body, method=self.command, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=60) as answer:
                    status, kind, content = answer.status, answer.headers.get("Content-Type"), answer.read()
            except urllib.error.HTTPError as exc:
                status, kind, content = exc.code, exc.headers.get("Content-Type"), exc.read()
            if self.command == "PUT" and type(self).puts == drop_put:
                self.close_connection = True
                return
            self.send_response(status)
            if kind:
                self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_PUT = do_POST = do_DELETE = _forward

        def log_message(self, *args: object) -> None:
            pass

    return Proxy
