"""Network identifiers: IPv4 and IPv6 addresses, and URLs that carry a person's identity."""

from __future__ import annotations

import ipaddress
import itertools
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, unquote

from pactum.detection.context import words_before
from pactum.detection.findings import Finding, FindingType
from pactum.detection.vocabulary import word_set

# Anchored on a dot followed by a digit: a literal first character keeps the scan fast, and the
# first octet is read backwards from it.
_IPV4_TAIL = re.compile(r"\.\d{1,3}\.\d{1,3}\.\d{1,3}(?!\w|\.\d|-[^\W\d])")
_IPV6_HINT = re.compile(r":[0-9A-Fa-f]{0,4}:")
# What any hint that `_ipv6` goes on with looks like: "::", or a third colon within five
# characters; a text without one (clock times only) is passed over in one search.
_IPV6_LIKELY = re.compile(r"::|:[0-9A-Fa-f]{0,4}:[^:]{0,4}:")
_IPV6_BODY = re.compile(r"[0-9A-Fa-f:.]{1,41}")
_IPV6_CHARS = frozenset("0123456789abcdefABCDEF:.")
VERSION_WORDS = word_set(
    "version versions ver v release build firmware rev revision update upgrade patch "
    "version: versión"
)

# Anchored on "://" and "www." (literal searches, fast); the scheme is checked behind the anchor.
_URL_REST = r"[^\s<>\"'\[\]{}|\\^`]{3,2000}+"
_URL_AFTER_SCHEME = re.compile(rf"://{_URL_REST}")
_URL_WWW = re.compile(rf"www\.{_URL_REST}")
_EMAIL_IN_URL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
IDENTITY_PARAMS = word_set(
    """email e-mail mail user username user_id userid uid login name firstname lastname
    first_name last_name fullname customer customer_id customerid account account_id member
    member_id phone tel mobile token access_token id_token auth_token reset_token session
    sessionid session_id sid jwt"""
)
PROFILE_SEGMENTS = word_set(
    "user users u profile profiles people person member members account accounts customer "
    "customers in benutzer nutzer mitglied profil utilisateur membre"
)
PROFILE_HOSTS = word_set(
    "linkedin.com facebook.com twitter.com x.com instagram.com github.com gitlab.com "
    "tiktok.com xing.com youtube.com medium.com"
)
_NOT_A_PROFILE = word_set(
    """about help login logout signup signin register search explore settings pricing jobs
    company home share intent hashtag watch policies legal privacy terms features docs blog guide
    guides manual overview list index new edit create me self current admin api sitemap"""
)


def find_ips(text: str) -> Iterator[Finding]:
    for match in _IPV4_TAIL.finditer(text):
        start = dot = match.start()
        while start > 0 and dot - start < 3 and text[start - 1].isdigit():
            start -= 1
        if start == dot or (start and (text[start - 1].isalnum() or text[start - 1] in "_.")):
            continue
        address = _ipv4_address(text[start : match.end()])
        if (
            address is None
            or address.is_unspecified
            or not VERSION_WORDS.isdisjoint(words_before(text, start, 2))
        ):
            continue
        yield _ip_finding(address, start, match.end())
    if ":" in text and _IPV6_LIKELY.search(text):
        yield from _ipv6(text)


def _ipv4_address(dotted: str) -> ipaddress.IPv4Address | None:
    """`IPv4Address(dotted)` for four dot-separated runs of one to three digits, None where it
    would raise; built from the number, which skips its slower reading of the string."""
    if not dotted.isascii():
        return None  # a digit outside ASCII ("²", "٣"): ipaddress refuses it
    value = 0
    for octet in dotted.split("."):
        number = int(octet)
        if number > 255 or (octet[0] == "0" and len(octet) > 1):
            return None  # out of range, or a leading zero (ambiguous: octal to some readers)
        value = value * 256 + number
    return ipaddress.IPv4Address(value)


def _ipv6(text: str) -> Iterator[Finding]:
    position = 0
    while (hint := _IPV6_HINT.search(text, position)) is not None:
        position = hint.end()
        if hint.group() != "::" and ":" not in text[hint.end() : hint.end() + 5]:
            continue  # "12:30:45": two colons and no "::" is a clock, never an address
        start = hint.start()
        while start > 0 and text[start - 1] in _IPV6_CHARS and hint.start() - start < 4:
            start -= 1
        body = _IPV6_BODY.match(text, hint.end())
        end = position = body.end() if body else hint.end()
        while end > start and text[end - 1] in ".:" and not text[start:end].endswith("::"):
            end -= 1  # a full stop or a colon after the address belongs to the sentence
        candidate = text[start:end]
        # Without "::" an IPv6 address has seven colons; this skips clock times ("12:30:45").
        if "::" not in candidate and candidate.count(":") < 6:
            continue
        if _is_embedded(text, start, end):
            continue
        try:
            address = ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        if not address.is_unspecified:
            yield _ip_finding(address, start, end)


def _is_embedded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before in "_.:" or after.isalnum() or after == "_"


def _ip_finding(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, start: int, end: int
) -> Finding:
    if address.is_global:
        return Finding(FindingType.IP_ADDRESS, start, end, 0.8, "pattern+ipaddress")
    return Finding(FindingType.IP_ADDRESS, start, end, 0.6, "pattern+ipaddress, not global")


def find_urls(text: str) -> Iterator[Finding]:
    for match in _URL_AFTER_SCHEME.finditer(text):
        scheme = text[max(0, match.start() - 5) : match.start()].lower()
        if scheme.endswith("https"):
            yield from _url_finding(text, match.start() - 5, match.end())
        elif scheme.endswith("http"):
            yield from _url_finding(text, match.start() - 4, match.end())
    for match in _URL_WWW.finditer(text):
        if match.start() == 0 or not (
            text[match.start() - 1].isalnum() or text[match.start() - 1] in "/.@"
        ):
            yield from _url_finding(text, match.start(), match.end())


def _url_finding(text: str, start: int, end: int) -> Iterator[Finding]:
    url = text[start:end].rstrip(".,;:!?)'\"")
    reason = personal_url_reason(url)
    if reason:
        score = 0.97 if reason == "url with email" else 0.85
        yield Finding(FindingType.URL, start, start + len(url), score, reason)


def personal_url_reason(url: str) -> str:
    """Why this URL identifies a person ("" when it does not)."""
    rest = url.split("://", 1)[-1]
    location, _, query = rest.partition("?")
    host, _, path = location.partition("/")
    if ("@" in rest or "%40" in rest) and _EMAIL_IN_URL.search(unquote(rest)):
        return "url with email"
    if query and (name := _identity_parameter(query.partition("#")[0])):
        return f"url with identity parameter {name}"
    if not path:
        return ""  # no segments: no profile path (most URLs in text are a bare site)
    segments = [s for s in path.partition("#")[0].split("/") if s]
    if segments and _has_profile_path(host, segments):
        return "url with profile path"
    return ""


def _identity_parameter(query: str) -> str:
    """The first parameter of the query that names a person and has a value, lower-cased."""
    if "%" in query or "+" in query:
        pairs = parse_qsl(query, keep_blank_values=False)
    else:  # nothing to decode: the pairs `parse_qsl` would give, without its copies
        pairs = [(n, v) for n, _, v in (p.partition("=") for p in query.split("&") if "=" in p)]
    for name, value in pairs:
        if value and name.lower() in IDENTITY_PARAMS:
            return name.lower()
    return ""


def _has_profile_path(location: str, segments: list[str]) -> bool:
    """ "/users/anna", "/~anna", "/@anna", or "linkedin.com/in/anna"-like profile hosts.

    `location` is the URL's part before the path: the host, with a user and a port if any.
    """
    for first, second in itertools.pairwise(segments):
        if first.lower() in PROFILE_SEGMENTS and second.lower() not in _NOT_A_PROFILE:
            return True
    if segments and segments[0][:1] in ("~", "@") and len(segments[0]) > 1:
        return True
    if len(segments) != 1:
        return False
    host = location.rpartition("@")[2].partition(":")[0].lower()
    return host.removeprefix("www.") in PROFILE_HOSTS and segments[0].lower() not in _NOT_A_PROFILE
