"""Finding personal data in text, and what to do about it: redact, refuse, keep it out of logs."""

from pactum.detection.anonymity import (
    AnonymityReport,
    age_band,
    age_on,
    check_k_anonymity,
    month_of,
    truncate_postcode,
    year_of,
)
from pactum.detection.detector import Detector, decode_text, detect, detect_many
from pactum.detection.findings import SPECIAL_CATEGORIES, Finding, FindingType, resolve_overlaps
from pactum.detection.intake import (
    REFUSABLE,
    SensitiveContent,
    check_intake,
    intake_message,
    screen_intake,
)
from pactum.detection.log_redaction import RedactingFilter, install_log_redaction
from pactum.detection.redaction import (
    RedactionMode,
    detokenize,
    detokenize_text,
    new_token_key,
    redact,
    token_key,
)
from pactum.detection.stream import Segment, decoded_chunks, scan_segments

__all__ = [
    "REFUSABLE",
    "SPECIAL_CATEGORIES",
    "AnonymityReport",
    "Detector",
    "Finding",
    "FindingType",
    "RedactingFilter",
    "RedactionMode",
    "Segment",
    "SensitiveContent",
    "age_band",
    "age_on",
    "check_intake",
    "check_k_anonymity",
    "decode_text",
    "decoded_chunks",
    "detect",
    "detect_many",
    "detokenize",
    "detokenize_text",
    "install_log_redaction",
    "intake_message",
    "month_of",
    "new_token_key",
    "redact",
    "resolve_overlaps",
    "scan_segments",
    "screen_intake",
    "token_key",
    "truncate_postcode",
    "year_of",
]
