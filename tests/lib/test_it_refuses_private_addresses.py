"""The fetcher never reaches a non-public address, except an exact host:port allowed."""

from urllib.parse import quote

import pytest

from newsmonitor.lib.fetch import Fetcher, FetchError

from tests.support.personas import TEST_USER_AGENT as UA


def other_port(server):
    return server.port + 1 if server.port < 65535 else server.port - 1


def refused(fetcher, url) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.get(url, max_bytes=100_000)
    assert caught.value.kind == "private-address", str(caught.value)
    return caught.value


# {port} is the test server's port, {other} a port next to it.
PRIVATE = {
    "loopback, another port": "http://127.0.0.1:{other}/feed.xml",
    "loopback, another address": "http://127.0.0.2:{port}/feed.xml",
    "localhost, another port": "http://localhost:{other}/feed.xml",
    "cloud metadata": "http://169.254.169.254/latest/meta-data/",
    "10/8": "http://10.1.2.3/", "172.16/12": "http://172.16.0.1/", "192.168/16": "https://192.168.1.1/",
    "CG-NAT": "http://100.64.0.1/", "unspecified": "http://0.0.0.0:{port}/feed.xml",
    "multicast": "http://224.0.0.1/", "reserved": "http://240.0.0.1/", "broadcast": "http://255.255.255.255/",
    "documentation": "http://192.0.2.10/",
    "IPv6 loopback": "http://[::1]:{port}/feed.xml", "IPv6 unspecified": "http://[::]:{port}/",
    "IPv4-mapped loopback": "http://[::ffff:127.0.0.1]:{port}/feed.xml",
    "IPv4-mapped private": "http://[::ffff:10.0.0.1]/", "IPv4-compatible": "http://[::127.0.0.1]/",
    "IPv6 link-local": "http://[fe80::1]/", "IPv6 unique-local": "http://[fd00::1]/",
    "IPv6 multicast": "http://[ff02::1]/", "NAT64": "http://[64:ff9b::a00:1]/",
}


def private_url(server, case):
    return PRIVATE[case].format(port=server.port, other=other_port(server))


@pytest.mark.parametrize("case", PRIVATE)
def test_it_refuses_a_private_address(server, fetcher, case):
    url = private_url(server, case)
    error = refused(fetcher, url)
    assert error.url == url
    assert server.requests == []


@pytest.mark.parametrize("case", ["loopback, another address", "cloud metadata", "10/8", "IPv6 loopback"])
def test_it_refuses_a_redirect_to_a_private_address(server, fetcher, case):
    target = private_url(server, case)
    error = refused(fetcher, server.url("_/redirect?to=" + quote(target, safe="")))
    assert error.url == target
    assert [path for _, path, _ in server.requests] == ["/_/redirect?to=" + quote(target, safe="")]


def test_it_names_the_host_and_the_address(fetcher):
    error = refused(fetcher, "http://localhost:1/")
    assert "localhost" in error.message
    assert "127.0.0.1" in error.message or "::1" in error.message


def test_it_reaches_the_allowed_server_only_through_the_allow_list(server):
    with Fetcher(user_agent=UA) as closed:
        refused(closed, server.url("feed.xml"))
    assert server.requests == []
    with Fetcher(user_agent=UA, allow_private=[server.host_port]) as open_:
        assert open_.get(server.url("feed.xml"), max_bytes=100_000).status == 200
    assert server.hits("/feed.xml") == 1


def test_the_allow_list_matches_host_and_port_exactly(server):
    near_misses = [f"127.0.0.1:{other_port(server)}", "127.0.0.1", f"127.0.0.1:{server.port}0",
                   f"localhost:{other_port(server)}", f"127.0.0.2:{server.port}"]
    with Fetcher(user_agent=UA, allow_private=near_misses) as fetcher:
        refused(fetcher, server.url("feed.xml"))
    assert server.requests == []


def test_an_allowed_server_cannot_bounce_to_a_private_one(server, fetcher):
    chain = server.url("_/redirect?to=" + quote(server.url("_/redirect-chain/1"), safe=""))
    assert len(fetcher.get(chain, max_bytes=100_000).redirects) == 2
    target = "http://[::ffff:169.254.169.254]/latest/"
    hop = server.url("_/redirect?to=" + quote(target, safe=""))
    error = refused(fetcher, server.url("_/redirect?to=" + quote(hop, safe="")))
    assert error.url == target and "169.254.169.254" in error.message
