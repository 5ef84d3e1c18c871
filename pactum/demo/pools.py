"""Faker output drawn once per build (names, streets, postcodes, networks) for fast recombination."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

from pactum.demo.countries import COUNTRIES, Country
from pactum.demo.emails import slug

# Browsers people actually used in 2024-2025, by far the most frequent in any log.
_MODERN_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.113 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.179 Mobile Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
)
# Address blocks that real ISPs announce, as first octets; the demo invents the rest.
_PUBLIC_FIRST_OCTETS = (
    24,
    50,
    63,
    67,
    68,
    71,
    73,
    76,
    84,
    86,
    87,
    91,
    93,
    98,
    108,
    151,
    173,
    174,
    185,
    212,
    213,
    217,
)
_IPV6_PREFIXES = {"US": "2600:1700", "CA": "2607:fea8", "MX": "2806:2f0", "DE": "2a02:8108",
                  "FR": "2a01:cb00", "NL": "2001:1c00", "GB": "2a00:23c7"}  # fmt: skip


@dataclass(frozen=True)
class NamePool:
    """One country's given names (with the gender Faker drew them for), surnames and streets."""

    first_names: tuple[tuple[str, str], ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]
    postcodes: tuple[str, ...]


@dataclass(frozen=True)
class Network:
    """Where an address block is: lets log lines carry a geolocation consistent with their IP."""

    country: str
    city: str
    region: str
    ipv4_prefix: str  # "84.163"
    ipv6_prefix: str

    def ip(self, rng: random.Random) -> str:
        """An address in this block; one in eight is IPv6, as on a typical business site."""
        if rng.random() < 0.125:
            return f"{self.ipv6_prefix}:{rng.getrandbits(16):x}::{rng.getrandbits(16):x}"
        return f"{self.ipv4_prefix}.{rng.randrange(256)}.{1 + rng.randrange(254)}"


@dataclass(frozen=True)
class Pools:
    names: dict[str, NamePool]  # by country code
    surnames: tuple[tuple[str, str], ...]  # (surname, country code), for company names
    user_agents: tuple[str, ...]  # the first `modern_agents` are current browsers
    modern_agents: int
    networks: tuple[Network, ...]

    def network(self, country: str, rng: random.Random) -> Network:
        return rng.choice(self._by_country[country])

    @functools.cached_property
    def _by_country(self) -> dict[str, tuple[Network, ...]]:
        return {
            code: tuple(n for n in self.networks if n.country == code)
            for code in {n.country for n in self.networks}
        }

    def user_agent(self, rng: random.Random) -> str:
        """Mostly current browsers, now and then an odd old one."""
        if rng.random() < 0.92:
            return self.user_agents[int(rng.random() * self.modern_agents)]
        return rng.choice(self.user_agents)


def build_pools(seed: int) -> Pools:
    """About four thousand Faker calls, deterministic for a seed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, nothing secret
    names: dict[str, NamePool] = {}
    surnames: list[tuple[str, str]] = []
    for country in COUNTRIES:
        fake = Faker(country.faker_locale)
        fake.seed_instance(seed)
        pool = _name_pool(fake, country)
        names[country.code] = pool
        surnames += [(name, country.code) for name in pool.last_names[: country.weight * 8]]
    fake = Faker("en_US")
    fake.seed_instance(seed)
    odd_agents = _unique(fake.user_agent, 12)
    return Pools(
        names=names,
        surnames=tuple(surnames),
        user_agents=_MODERN_AGENTS + odd_agents,
        modern_agents=len(_MODERN_AGENTS),
        networks=_networks(rng),
    )


def _name_pool(fake: Faker, country: Country) -> NamePool:
    female = _unique(fake.first_name_female, 80)
    male = _unique(fake.first_name_male, 80)
    first = [(name, "F") for name in female] + [(name, "M") for name in male if name not in female]
    return NamePool(
        first_names=tuple(first),
        # Distinct once transliterated: "Müller" and "Mueller" would share a company domain.
        last_names=_unique(_plain(fake.last_name), max(150, country.weight * 8), key=slug),
        streets=_unique(fake.street_name, 120),
        postcodes=_unique(fake.postcode, 150),
    )


def _plain(draw: Callable[[], str]) -> Callable[[], str]:
    """Faker's German surnames include "Koch II": drop the numeral, it makes odd company names."""

    def plain() -> str:
        words = draw().split()
        return " ".join(w for w in words if w.strip(".") not in ("I", "II", "III", "IV"))

    return plain


def _unique(
    draw: Callable[[], str], wanted: int, key: Callable[[str], str] = str.strip
) -> tuple[str, ...]:
    """Up to `wanted` distinct values; small Faker lists give fewer, which is fine."""
    seen: dict[str, str] = {}
    for _ in range(wanted * 20):
        value = draw()
        seen.setdefault(key(value), value)
        if len(seen) == wanted:
            break
    return tuple(seen.values())


def _networks(rng: random.Random) -> tuple[Network, ...]:
    used: set[str] = set()
    networks: list[Network] = []
    for country in COUNTRIES:
        for city, region in country.cities:
            for _ in range(2):
                prefix = f"{rng.choice(_PUBLIC_FIRST_OCTETS)}.{rng.randrange(256)}"
                while prefix in used:
                    prefix = f"{rng.choice(_PUBLIC_FIRST_OCTETS)}.{rng.randrange(256)}"
                used.add(prefix)
                ipv6 = f"{_IPV6_PREFIXES[country.code]}:{rng.randrange(0x1000, 0xFFFF):x}"
                networks.append(Network(country.code, city, region, prefix, ipv6))
    return tuple(networks)
