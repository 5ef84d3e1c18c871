"""IP addresses, validated by ipaddress, and URLs that carry a person's identity."""

from __future__ import annotations

import pytest

from tests.detection.samples import found, types_in


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("login from 203.0.113.7 failed", "203.0.113.7"),
        ("ip=8.8.8.8,", "8.8.8.8"),
        ("Zugriff von 192.168.1.20.", "192.168.1.20"),
        ("from 2001:db8::1 at noon", "2001:db8::1"),
        ("peer fe80::1ff:fe23:4567:890a.", "fe80::1ff:fe23:4567:890a"),
        ("client 2a00:1450:4001:82a::200e", "2a00:1450:4001:82a::200e"),
    ],
)
def test_ip_addresses_are_found(text: str, address: str) -> None:
    assert found(text) == [("IP_ADDRESS", address)]


def test_private_addresses_score_lower_than_public_ones() -> None:
    from tests.detection.samples import DETECTOR

    public, private = DETECTOR.detect("a 8.8.8.8 b 10.0.0.1")
    assert public.score > private.score


@pytest.mark.parametrize(
    "text",
    [
        "version 1.2.3.4 is out",
        "upgrade to v1.2.3.4",
        "Version: 10.0.19041.1",
        "OID 1.3.6.1.4.1 registered",
        "999.1.1.1 is not an address",
        "at 12:30:45 and 09:15",
        "MAC 00:1A:2B:3C:4D:5E",
        "use std::vector here",
        "ratio 1.2.3",
    ],
)
def test_versions_clock_times_and_lookalikes_are_not_ip_addresses(text: str) -> None:
    assert "IP_ADDRESS" not in types_in(text)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/users/jsmith",
        "https://shop.example.de/account/settings?email=anna@example.com",
        "http://example.fr/reset?uid=4711&token=abc123",
        "https://www.linkedin.com/in/anna-schmidt",
        "https://mastodon.example/@anna",
        "www.example.com/~jdupont/",
    ],
)
def test_urls_with_an_identity_are_found(url: str) -> None:
    assert ("URL", url) in found(f"See {url} for details.")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/pricing",
        "https://docs.example.org/users/guide",
        "https://example.com/search?q=shoes",
        "https://www.linkedin.com/help",
        "http://example.fr/",
    ],
)
def test_urls_without_an_identity_are_not_reported(url: str) -> None:
    assert "URL" not in types_in(f"See {url} for details.")


def test_an_email_inside_a_url_is_reported_as_the_url() -> None:
    text = "open https://x.example/login?email=anna%40example.com now"
    assert found(text) == [("URL", "https://x.example/login?email=anna%40example.com")]
