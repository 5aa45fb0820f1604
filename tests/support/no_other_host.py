"""pytest plugin: no test reaches another host.

An audit hook sees every socket connect and name lookup made by this process. A
connect to anything but a loopback address, or a lookup of a name other than
localhost, is refused (as an unreachable network would refuse it) and fails the
test that made it. Subprocesses (a Celery worker) are not covered: their links all
point at the local test server, and the hostile-feed tests also run inside a
network namespace of their own (test_it_polls_hostile_feeds_in_a_network_namespace).
"""

import ipaddress
import socket
import sys

import pytest

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
attempts = []


def _is_loopback(host):
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return str(host).lower() in LOCAL_NAMES


def _hook(event, args):
    if event == "socket.connect":
        sock, address = args
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            attempts.append(f"connect to {address!r}")
            raise ConnectionRefusedError(f"tests may not reach another host ({address[0]})")
    elif event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if host and not _is_loopback(host):
            attempts.append(f"lookup of {host!r}")
            raise socket.gaierror(socket.EAI_NONAME, f"tests may not look up other hosts ({host})")


sys.addaudithook(_hook)


def pytest_configure(config):
    config.addinivalue_line("markers", "reaches_other_hosts: the test tries on purpose (and is refused all the same)")


@pytest.fixture(autouse=True)
def no_other_host(request):
    start = len(attempts)
    yield
    tried = attempts[start:]
    # Refused already; a test that tried is still wrong, unless trying is its point
    # (a test of the fetcher's own DNS errors says so with the marker).
    if not request.node.get_closest_marker("reaches_other_hosts"):
        assert not tried, f"the test tried to reach another host: {tried}"
