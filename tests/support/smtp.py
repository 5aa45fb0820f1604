"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1, a free port, its own thread).

    with SMTPServer() as server:       or the `smtp_server` fixture (tests/digests/conftest.py)
        server.port
        server.messages                every message accepted: email.message.EmailMessage
        server.raw                     the same as the bytes that came over the wire
        server.fail_next(2, code=451)  refuse the next two messages (451: try later; 550: no)
        server.hold(after=1)           answer DATA only after release(), but for the next `after`
                                       messages (a server that stalls); server.held counts the waits,
                                       server.dropped the held messages whose client hung up
        server.attempts                every DATA the server was sent, accepted or not
        server.clear()

Django's SMTP backend talks to it for real (EHLO, MAIL, RCPT, DATA), so the tests
read what a mail server receives: the MIME as sent, headers and both parts.
"""

import asyncio
import email
import email.policy
import logging
import socket
import threading

from aiosmtpd.controller import Controller

# aiosmtpd logs every command it reads at INFO: noise in a failing test's output.
logging.getLogger("mail.log").setLevel(logging.WARNING)

REASONS = {421: "4.3.2 Service not available, closing", 451: "4.3.0 Temporary failure, try again later",
           452: "4.3.1 Insufficient system storage", 550: "5.1.1 Mailbox unavailable",
           554: "5.3.0 Transaction failed"}


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_DATA(self, server, session, envelope):
        if self.server._holding():
            # Waiting in a thread keeps the loop serving other sessions. A client that
            # hangs up meanwhile cancels this session: its message is never accepted.
            try:
                await asyncio.get_running_loop().run_in_executor(None, self.server._released.wait, HOLD_SECONDS)
            except asyncio.CancelledError:
                self.server.dropped += 1
                raise
        return self.server._receive(envelope)


HOLD_SECONDS = 600  # a held DATA is answered at the latest then


class SMTPServer:
    def __init__(self, host="127.0.0.1"):
        self.host = host
        self.messages = []
        self.raw = []
        self.envelopes = []
        self.attempts = 0
        self._failures = []  # codes of the next refusals, in order
        self._released = threading.Event()
        self._released.set()
        self._hold_after = 0  # messages still answered at once before the hold
        self.held = 0  # DATA commands that waited for release()
        self.dropped = 0  # of those, the ones whose client hung up while held (not accepted)
        self._lock = threading.Lock()
        self.port = free_port(host)
        self._controller = Controller(_Handler(self), hostname=host, port=self.port)

    # --- control -------------------------------------------------------------------------
    def start(self):
        self._controller.start()
        return self

    def stop(self):
        """Stop answering (a server that is down); the fixture's own stop is then a no-op."""
        self._released.set()
        if self._controller._thread is not None:
            self._controller.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def fail_next(self, n=1, code=451):
        """Refuse the next `n` messages at DATA with `code` (4xx temporary, 5xx permanent)."""
        with self._lock:
            self._failures += [code] * n

    def hold(self, after=0):
        """Messages after the next `after` wait at DATA, unanswered, until release()."""
        with self._lock:
            self._hold_after = after
            self._released.clear()

    def release(self):
        self._released.set()

    def _holding(self):
        with self._lock:
            if self._released.is_set():
                return False
            if self._hold_after:
                self._hold_after -= 1
                return False
            self.held += 1
            return True

    def clear(self):
        with self._lock:
            self.messages.clear()
            self.raw.clear()
            self.envelopes.clear()
            self._failures.clear()
            self.attempts = 0

    # --- what was received ----------------------------------------------------------------
    def _receive(self, envelope):
        with self._lock:
            self.attempts += 1
            if self._failures:
                code = self._failures.pop(0)
                return f"{code} {REASONS.get(code, 'refused')}"
            raw = envelope.original_content or envelope.content
            self.raw.append(raw)
            self.messages.append(email.message_from_bytes(raw, policy=email.policy.default))
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def to(self, address):
        """The messages received for `address`."""
        return [m for m, (_f, rcpts) in zip(self.messages, self.envelopes) if address in rcpts]


def free_port(host):
    # aiosmtpd's controller connects to its own port to know it is up: it needs the
    # number before it starts (port 0 will not do).
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def header(message, name):
    """A header's value as a mail client reads it: unfolded, without the whitespace a
    fold leaves in front (a long header goes to a line of its own)."""
    value = message[name]
    return None if value is None else " ".join(str(value).split())


def parts(message):
    """(plain text, HTML) of a received multipart message, decoded."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return (text.get_content() if text else None), (html.get_content() if html else None)
