"""The detector: every family of rules run over a text, with overlaps resolved and scores filtered."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import cache

from pactum.detection import batch
from pactum.detection.addresses import GERMAN_STREET_MARKS, GERMAN_STREET_TAG, find_addresses
from pactum.detection.capitals import CapitalScan
from pactum.detection.context import code_starts, digit_runs
from pactum.detection.dates import BIRTH_WORDS, find_dates_of_birth
from pactum.detection.findings import SPECIAL_CATEGORIES, Finding, FindingType, resolve_overlaps
from pactum.detection.identifiers import IBAN_SCORE, find_emails, find_ibans, find_numbers
from pactum.detection.names import CUE_TAGS, find_names, name_phrases
from pactum.detection.network import find_ips, find_urls
from pactum.detection.phones import DEFAULT_REGIONS, find_phones
from pactum.detection.phrases import Hit, PhraseIndex
from pactum.detection.special_categories import find_special_categories, special_category_phrases
from pactum.detection.vocabulary import GREETINGS, INTRODUCTIONS, SIGN_OFFS, STREET_WORDS, TITLES

# Below this score a finding is a hint, not a report (a weak lexicon term with no person nearby).
DEFAULT_MIN_SCORE = 0.5


def _phrase_tags() -> Iterator[tuple[str, str]]:
    for words, tag in (
        (TITLES, "title"),
        (INTRODUCTIONS, "introduction"),
        (GREETINGS, "greeting"),
        (SIGN_OFFS, "sign-off"),
        (STREET_WORDS, "street"),
        (BIRTH_WORDS, "birth"),
    ):
        for word in words:
            yield word, tag
    yield from special_category_phrases()


@cache
def _phrase_index() -> PhraseIndex:
    # Every family's words in one trie: the text is scanned for all of them in a single pass,
    # which also finds where a German street number may follow its street word.
    return PhraseIndex(_phrase_tags(), marks=GERMAN_STREET_MARKS)


@cache
def _families() -> dict[str, str]:
    """The family of hits each tag of the phrase index feeds: cue words feed the names."""
    families = {
        tag: "names" if tag in CUE_TAGS else tag.split("/", 1)[0] for _, tag in _phrase_tags()
    }
    return {**families, GERMAN_STREET_TAG: GERMAN_STREET_TAG}


@cache
def _name_index() -> PhraseIndex:
    # Names matter only capitalised: matched as written, "short" and "rose" never become hits.
    return PhraseIndex(name_phrases(), case_sensitive=True)


@cache
def _capital_scan() -> CapitalScan:
    return CapitalScan(_name_index())


class Detector:
    """Finds personal data in text; build one and reuse it (patterns and lists load once)."""

    def __init__(
        self,
        *,
        types: Collection[FindingType | str] | None = None,
        min_score: float = DEFAULT_MIN_SCORE,
        phone_regions: Sequence[str] = DEFAULT_REGIONS,
        keep_text: bool = False,
    ) -> None:
        chosen = FindingType if types is None else types
        self.types = frozenset(FindingType(t) for t in chosen)
        self.min_score = min_score
        self.phone_regions = tuple(phone_regions)
        self.keep_text = keep_text
        self._phrases = _phrase_index()
        self._names = _name_index()
        self._capitals = _capital_scan()
        # The type names as plain strings: the per-text checks below read them, and a string
        # literal is found in a set faster than an enum member is looked up on its class.
        self._wanted = frozenset(t.value for t in self.types)
        self._special = tuple(t.value for t in FindingType if t in SPECIAL_CATEGORIES & self.types)

    def detect(self, text: str) -> list[Finding]:
        """Non-overlapping findings in text order; offsets index into `text` as given."""
        findings = self._found(text, lower_case(text))
        return _with_text(text, findings) if self.keep_text else findings

    def detect_many(self, texts: Iterable[str]) -> list[list[Finding]]:
        """`[self.detect(text) for text in texts]`, the same findings, found faster.

        Texts are joined (`batch.SEPARATOR`) into scans of about a megabyte, as a stream is
        scanned; each text's findings are its own, with offsets into it (decision 0072).
        """
        texts = list(texts)
        results: list[list[Finding] | None] = [None] * len(texts)
        for group in batch.groups(texts):
            for index, findings in zip(group, self._joined([texts[i] for i in group]), strict=True):
                results[index] = findings
        return [
            self.detect(t) if found is None else found
            for t, found in zip(texts, results, strict=True)
        ]

    def _joined(self, texts: list[str]) -> list[list[Finding]]:
        """Findings per text of texts that each join safely, found in one scan."""
        found = self._found(
            batch.SEPARATOR.join(texts), batch.SEPARATOR.join(lower_case(t) for t in texts)
        )
        offsets = batch.starts([len(t) for t in texts])
        per_text: list[list[Finding]] = [[] for _ in texts]
        index = 0
        for finding in found:  # in text order
            while index + 1 < len(offsets) and finding.start >= offsets[index + 1]:
                index += 1
            local = finding.shifted(-offsets[index])
            if local.end > len(texts[index]):
                # A finding in a separator would be a bug in `batch`'s reasoning: never report
                # it, fall back to scanning each text alone.
                return [self.detect(text) for text in texts]
            per_text[index].append(local)
        if self.keep_text:
            return [_with_text(t, f) for t, f in zip(texts, per_text, strict=True)]
        return per_text

    def _found(self, text: str, lowered: str) -> list[Finding]:
        types, min_score = self.types, self.min_score
        return resolve_overlaps(
            f for f in self._candidates(text, lowered) if f.type in types and f.score >= min_score
        )

    def _candidates(self, text: str, lowered: str) -> list[Finding]:
        wanted = self._wanted
        hits, codes = self._hits(text, lowered)
        found: list[Finding] = []
        if "EMAIL" in wanted and "@" in text:
            found += find_emails(text)
        if "URL" in wanted and ("://" in text or "www." in text):
            found += find_urls(text)
        ibans = list(find_ibans(text, codes)) if "IBAN" in wanted and codes else []
        found += ibans
        # An IBAN outscores any phone number, so the phone matcher skips digit runs inside one.
        found += self._numbers(text, ibans if self.min_score <= IBAN_SCORE else [])
        if "IP_ADDRESS" in wanted:
            found += find_ips(text)
        if "DATE_OF_BIRTH" in wanted and (birth := hits.get("birth")):
            found += find_dates_of_birth(text, birth)
        if "PERSON" in wanted and (names := hits.get("names")):
            found += find_names(text, names)
        if "ADDRESS" in wanted:
            german = hits.get(GERMAN_STREET_TAG, ())
            found += find_addresses(text, lowered, hits.get("street", ()), codes, german)
        for type_name in self._special:
            if special := hits.get(type_name):
                found += find_special_categories(text, special)
        return found

    def _hits(self, text: str, lowered: str) -> tuple[dict[str, list[Hit]], list[int]]:
        """The phrase hits by family, and the text's `code_starts` if a rule needs them."""
        wanted = self._wanted
        hits: dict[str, list[Hit]] = defaultdict(list)
        families = _families()
        for hit in self._phrases.scan(lowered):
            hits[families[hit.tag]].append(hit)
        needs_codes = "IBAN" in wanted or "ADDRESS" in wanted
        codes: list[int] = []
        if "PERSON" in wanted:
            if needs_codes:
                names, codes = self._capitals.scan(text)
            else:
                names = self._names.scan(text)
            cued = hits.get("names")
            hits["names"] = sorted([*cued, *names]) if cued else names  # `names` is in order
        elif needs_codes:
            codes = code_starts(text)
        return hits, codes

    def _numbers(self, text: str, ibans: list[Finding]) -> list[Finding]:
        wanted = self._wanted
        if not ("CREDIT_CARD" in wanted or "US_SSN" in wanted or "PHONE" in wanted):
            return []
        runs = list(digit_runs(text))
        if not runs:
            return []
        numbers = list(find_numbers(text, runs))
        if "PHONE" in wanted:
            # A run already read as a card, an SSN or an IBAN is not offered to the slower
            # phone matcher.
            taken = sorted([(f.start, f.end) for f in numbers] + [(f.start, f.end) for f in ibans])
            numbers += find_phones(text, _uncovered(runs, taken), self.phone_regions)
        return numbers


def _with_text(text: str, findings: list[Finding]) -> list[Finding]:
    return [
        Finding(f.type, f.start, f.end, f.score, f.reason, text[f.start : f.end]) for f in findings
    ]


def _uncovered(runs: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The runs (in text order) that no span of `taken` (sorted) contains whole."""
    free: list[tuple[int, int]] = []
    reach = -1  # the furthest end of the taken spans that start at or before the run
    index = 0
    for start, end in runs:
        while index < len(taken) and taken[index][0] <= start:
            reach = max(reach, taken[index][1])
            index += 1
        if reach < end:
            free.append((start, end))
    return free


def lower_case(text: str) -> str:
    """`text.lower()` with the same length, so offsets found in it index into `text`."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters grow when lower-cased ("İ" becomes "i̇"); those keep their case.
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


@cache
def default_detector() -> Detector:
    return Detector()


def detect(text: str) -> list[Finding]:
    """Personal data in `text`, with the default settings (see `Detector`)."""
    return default_detector().detect(text)


def detect_many(texts: Iterable[str]) -> list[list[Finding]]:
    """Personal data in each of `texts`, as `detect` finds it in each, found faster."""
    return default_detector().detect_many(texts)


def decode_text(data: bytes) -> str:
    """Bytes to text for the detector: UTF-8 with undecodable bytes replaced, NULs removed.

    Offsets in findings then index into the returned string, not into `data`.
    """
    return data.decode("utf-8", errors="replace").replace("\x00", "")
