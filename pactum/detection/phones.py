"""Phone numbers: digit runs confirmed by libphonenumber's matcher for the configured regions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache

import phonenumbers
from phonenumbers import Leniency, PhoneMetadata, PhoneNumberMatcher

from pactum.detection.context import REFERENCE_WORDS, is_reference, words_before
from pactum.detection.findings import Finding, FindingType
from pactum.detection.vocabulary import word_set

DEFAULT_REGIONS: tuple[str, ...] = ("US", "GB", "DE", "FR", "CH")

# libphonenumber compiles its metadata patterns through `re`, whose cache holds 512: the patterns
# of a few regions overflow it, and every validation then compiles some again (milliseconds
# each). Its own cache keeps them (recent releases have one; older ones go on without).
_keep_patterns = getattr(phonenumbers, "enable_pattern_cache", None)
if _keep_patterns is not None:
    _keep_patterns()

PHONE_CUES = word_set(
    """tel tel. phone telephone mobile mob cell cellphone call ring fax whatsapp reach contact
    number telefon telefonnummer handy mobil mobilnummer rufnummer festnetz anrufen erreichbar
    tél téléphone portable mobile joindre appeler appelez fixe"""
)

_EXTENSION = re.compile(r"\s?(?:x|ext\.?|extension|poste|Durchwahl)\s?\d{1,6}", re.IGNORECASE)
_DATE_SHAPED = re.compile(r"\d{1,4}([./-])\d{1,2}\1\d{1,4}")
_IPV4_SHAPED = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
# Every character of a window is a digit (`\d`), a separator, "+", "(" or an extension word.
_NON_DIGITS = re.compile(r"\D")
# Longer runs are tables of figures, not prose; the matcher would also slow to a crawl on them.
_LONGEST_RUN = 64
# Up to this many digits a run holds at most one number (E.164 allows 15 with the country code,
# national formats stay under 13 here); longer runs go to PhoneNumberMatcher to be split.
SINGLE_NUMBER_DIGITS = 13


@cache
def _national_prefix(region: str) -> str:
    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        raise ValueError(f"unknown phone region {region!r}")
    return metadata.national_prefix or ""


def _regions_for(window: str, regions: Sequence[str]) -> Sequence[str]:
    """Regions whose national format could produce this number; the first is enough for "+"."""
    if window.startswith("+"):
        return regions[:1]
    first = window.lstrip("(")[:1]
    # A region with a trunk prefix ("0" in Europe) writes national numbers with it, and the matcher
    # at Leniency.VALID refuses them without it; so skip regions the leading digit rules out.
    if first == "0":
        return [r for r in regions if _national_prefix(r) in ("", "0")]
    return [r for r in regions if _national_prefix(r) != "0"]


def find_phones(
    text: str, runs: Iterable[tuple[int, int]], regions: Sequence[str] = DEFAULT_REGIONS
) -> Iterator[Finding]:
    """Phone numbers in digit runs (see `context.digit_runs`), validated by libphonenumber.

    A run of up to SINGLE_NUMBER_DIGITS digits is parsed whole for each plausible region and
    kept when `is_valid_number` says so; longer runs, runs with an extension and runs that do not
    parse go to `PhoneNumberMatcher` at `Leniency.VALID`, which finds the numbers inside.
    """
    chosen = tuple(regions)
    # One number often recurs in a text (a signature in a thread, a hotline): it is looked up
    # once. The answers live as long as this call: no phone number outlives the text it was in.
    answers: dict[str, tuple[tuple[int, int], ...]] = {}
    for run_start, run_end in runs:
        if run_end - run_start > _LONGEST_RUN or _DATE_SHAPED.fullmatch(text, run_start, run_end):
            continue
        if _IPV4_SHAPED.fullmatch(text, run_start, run_end):
            continue
        if is_reference(text, run_start, PHONE_CUES):
            continue
        start = run_start - 1 if run_start and text[run_start - 1] in "+(" else run_start
        extension = _EXTENSION.match(text, run_end)
        end = extension.end() if extension else run_end
        window = text[start:end]
        spans = answers.get(window)
        if spans is None:
            spans = answers[window] = _matches(window, chosen)
        for rel_start, rel_end in spans:
            yield from _confirmed(text, start + rel_start, start + rel_end)


def _matches(window: str, regions: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Where the phone numbers in `window` are; libphonenumber's answer depends on nothing else."""
    digits = _NON_DIGITS.sub("", window)
    plausible = _plausible_regions(window, digits, regions)
    if len(digits) <= SINGLE_NUMBER_DIGITS and "x" not in window.lower():
        # A short run is one number or none: libphonenumber's own parse and validity check on
        # the whole run give the matcher's answer at a fraction of its cost.
        verdict = _whole_run(window, plausible)
        if verdict is not None:
            return ((0, len(window)),) if verdict else ()
    found: list[tuple[int, int]] = []
    for region in plausible:
        spans = [(m.start, m.end) for m in PhoneNumberMatcher(window, region, Leniency.VALID)]
        if spans:
            found = spans
            covered = sum(len(_NON_DIGITS.sub("", window[s:e])) for s, e in spans)
            if covered == len(digits):
                break  # every digit is accounted for; other regions cannot do better
    return tuple(found)


def _whole_run(window: str, regions: Sequence[str]) -> bool | None:
    """Whether the run is a valid number in one of the regions; None when it does not parse."""
    for region in regions:
        try:
            number = phonenumbers.parse(window, region)
        except phonenumbers.NumberParseException:
            return None
        if _is_valid(number):
            return True
    return False


def _is_valid(number: phonenumbers.PhoneNumber) -> bool:
    """`phonenumbers.is_valid_number`, with its first step skipped when it cannot matter.

    For a calling code shared by several regions (+1, +44) that function first finds the region
    by trying each in turn, then validates for it. When the code's main region (always tried
    first) has no leading-digit rule and the number is valid there, that search ends there too.
    """
    main = _main_region(number.country_code)
    if main is not None and phonenumbers.is_valid_number_for_region(number, main):
        return True
    return bool(phonenumbers.is_valid_number(number))


@cache
def _main_region(country_code: int) -> str | None:
    """The region `region_code_for_number` tries first for this code, if the shortcut holds."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country_code, ())
    if len(regions) < 2:
        return None  # one region: `is_valid_number` goes straight to it already
    metadata = PhoneMetadata.metadata_for_region(regions[0])
    if metadata is None or metadata.leading_digits is not None:
        return None
    return regions[0]


def _plausible_regions(window: str, digits: str, regions: tuple[str, ...]) -> list[str]:
    """The regions worth asking the (slow) matcher, most plausible first.

    A "+" number needs one region ("00" is read through the regions that dial it). A national one is tried only in regions whose trunk
    prefix fits and whose numbering plan (libphonenumber's general pattern) accepts its digits;
    when none accepts them all (an extension, two numbers in one run), every fitting region is.
    """
    if window.startswith("+"):
        return list(regions[:1])
    fitting = _regions_for(window, regions)
    accepting = [r for r in fitting if _numbering_plan(r).fullmatch(_national_part(digits, r))]
    return accepting or list(fitting)


@cache
def _numbering_plan(region: str) -> re.Pattern[str]:
    metadata = PhoneMetadata.metadata_for_region(region)
    assert metadata is not None and metadata.general_desc is not None
    return re.compile(metadata.general_desc.national_number_pattern or ".*")


def _national_part(digits: str, region: str) -> str:
    prefix = _national_prefix(region)
    return digits[len(prefix) :] if prefix and digits.startswith(prefix) else digits


def _confirmed(text: str, start: int, end: int) -> Iterator[Finding]:
    if _DATE_SHAPED.fullmatch(text, start, end):
        return
    words = words_before(text, start, count=4)
    nearest = words[-3:]  # the words `is_reference` reads
    if PHONE_CUES.isdisjoint(nearest) and not REFERENCE_WORDS.isdisjoint(nearest):
        return
    if not PHONE_CUES.isdisjoint(words):
        yield Finding(FindingType.PHONE, start, end, 0.95, "phonenumbers valid+context")
    else:
        yield Finding(FindingType.PHONE, start, end, 0.85, "phonenumbers valid")
