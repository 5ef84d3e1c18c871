"""The two example policies load cleanly and hold the promises their seeds make."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from pactum.errors import InvalidDocument
from pactum.policy.document import (
    BodyKind,
    BodyScope,
    ChoiceChannel,
    ChoiceRule,
    Jurisdiction,
    LegalBasis,
    Mechanism,
    NoticeChannel,
    Policy,
    RightType,
    SpecialCategory,
)
from pactum.policy.duration import Duration, Unit
from pactum.policy.loading import parse_policy, read_policy_file
from tests.builders import EXAMPLES

US = EXAMPLES / "us-vendor" / "policy.yaml"
EU = EXAMPLES / "eu-dpf-vendor" / "policy.yaml"
DOCS = Path(__file__).parent.parent.parent / "docs"

# The demo database is annotated against these ids; renaming one breaks `pactum demo`.
DEMO_CATEGORIES = {
    "user.name",
    "user.contact.email",
    "user.contact.phone_number",
    "user.contact.address",
    "user.contact.organization",
    "user.job_title",
    "user.account",
    "user.authorization.credentials",
    "user.payment",
    "user.behavior.purchase_history",
    "user.device.ip_address",
    "user.device.cookie_id",
    "user.device",
    "user.demographic.language",
    "user.behavior.browsing_history",
    "user.location",
    "user.privacy_preferences",
    "survey_answers",
    "email_activity",
    "buying_intent",
    "client_communications",
    "user.content.public",
    "user.workplace",
    "user.financial.bank_account",
    "user.government_id.national_identification_number",
    "user.demographic.date_of_birth",
}
DEMO_PURPOSES = {
    "account_setup",
    "customer_support",
    "service_delivery",
    "transactional_messages",
    "marketing_email",
    "analytics",
    "advertising",
    "online_community",
    "hr_administration",
    "legal_obligations",
    "security",
}


def load(path: Path) -> Policy:
    policy, _ = read_policy_file(path)
    return policy


def jurisdiction(policy: Policy, identifier: str) -> Jurisdiction:
    found = policy.jurisdiction(identifier)
    assert found is not None, f"no jurisdiction {identifier!r}"
    return found


def problems_after(path: Path, old: str, new: str) -> list[str]:
    """Check the example with one passage changed; return the problems found."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the example no longer contains {old!r}"
    with pytest.raises(InvalidDocument) as caught:
        parse_policy(text.replace(old, new, 1), str(path))
    return [str(problem) for problem in caught.value.problems]


def days(amount: int) -> Duration:
    return Duration(amount, Unit.DAYS)


def business_days(amount: int) -> Duration:
    return Duration(amount, Unit.BUSINESS_DAYS)


@pytest.mark.parametrize("path", [US, EU], ids=["us-vendor", "eu-dpf-vendor"])
def test_the_example_loads_without_a_problem(path: Path) -> None:
    policy = load(path)
    assert policy.effective_date.year >= 2026


@pytest.mark.parametrize("path", [US, EU], ids=["us-vendor", "eu-dpf-vendor"])
def test_the_example_reads_back_unchanged_from_its_published_json(path: Path) -> None:
    policy = load(path)
    assert Policy.model_validate(policy.model_dump(mode="json")) == policy


@pytest.mark.parametrize("path", [US, EU], ids=["us-vendor", "eu-dpf-vendor"])
def test_every_category_of_the_example_has_a_retention_rule(path: Path) -> None:
    policy = load(path)
    kept = {category for rule in policy.retention for category in rule.categories}
    assert [c.id for c in policy.categories if c.id not in kept] == []


@pytest.mark.parametrize("path", [US, EU], ids=["us-vendor", "eu-dpf-vendor"])
def test_every_purpose_of_the_example_says_whose_data_it_uses(path: Path) -> None:
    policy = load(path)
    assert [p.id for p in policy.purposes if not p.subjects] == []


# The US vendor (seed 003)


def test_the_us_example_declares_the_ids_the_demo_database_uses() -> None:
    policy = load(US)
    assert {c.id for c in policy.categories} >= DEMO_CATEGORIES
    assert {p.id for p in policy.purposes} >= DEMO_PURPOSES


def test_the_us_example_refuses_all_seven_special_categories_at_intake() -> None:
    policy = load(US)
    assert set(policy.intake.refuse) == set(SpecialCategory)
    assert not [c.id for c in policy.categories if c.special]


def test_the_us_example_keeps_minors_out() -> None:
    policy = load(US)
    assert policy.minimum_age is not None
    assert policy.minimum_age >= 13


def test_californias_deadlines_are_the_ccpa_figures() -> None:
    california = jurisdiction(load(US), "california")
    assert california.regions == ["US-CA"]
    assert california.holidays == "US-CA"
    assert california.acknowledge_within == business_days(10)
    assert california.respond_within == days(45)
    assert california.extension is not None
    assert california.extension.by == days(45)
    assert california.opt_out_within == business_days(15)
    assert california.records_kept_for == Duration(24, Unit.MONTHS)
    assert california.lookback == Duration(12, Unit.MONTHS)
    assert california.verification.by_type[RightType.OPT_OUT].value == "none"


def test_the_california_disclosure_report_is_due_in_30_days_without_extension() -> None:
    california = jurisdiction(load(US), "california")
    assert RightType.DISCLOSURE_REPORT in california.rights
    assert california.respond_within_by_type[RightType.DISCLOSURE_REPORT] == days(30)
    assert california.extension is not None
    assert RightType.DISCLOSURE_REPORT in california.extension.except_for


def test_the_disclosure_report_names_a_direct_marketing_partner_with_its_address() -> None:
    policy = load(US)
    partners = [r for r in policy.recipients if r.direct_marketing]
    assert partners
    assert all(r.address and r.business for r in partners)


def test_virginia_answers_in_45_days_plus_45_twice_a_year_with_an_appeal() -> None:
    virginia = jurisdiction(load(US), "virginia")
    assert virginia.respond_within == days(45)
    assert virginia.extension is not None
    assert virginia.extension.by == days(45)
    assert (virginia.repeat_limit, virginia.repeat_window) == (2, Duration(12, Unit.MONTHS))
    assert virginia.appeal_within == days(60)


def test_the_us_example_has_a_general_route_for_everyone_else() -> None:
    policy = load(US)
    last = policy.jurisdictions[-1]
    assert "*" in last.regions
    assert "US" in last.regions


def test_us_marketing_is_opt_out_by_unsubscribe_link_within_ten_business_days() -> None:
    marketing = load(US).purpose("marketing_email")
    assert marketing is not None
    assert marketing.marketing
    assert marketing.legal_basis is LegalBasis.LEGITIMATE_INTEREST
    assert ChoiceChannel.UNSUBSCRIBE_LINK in marketing.choice_channels
    assert marketing.opt_out_within == business_days(10)


def test_us_transactional_mail_is_exempt_from_marketing_opt_outs() -> None:
    transactional = load(US).purpose("transactional_messages")
    assert transactional is not None
    assert transactional.transactional
    assert not transactional.marketing


def test_the_ad_pixel_is_declared_as_sharing_and_gpc_is_honoured() -> None:
    policy = load(US)
    advertising = policy.purpose("advertising")
    assert advertising is not None
    assert advertising.sale_or_share
    assert policy.choices.honour_gpc
    pixels = [t for t in policy.cookies.trackers if t.kind == "pixel"]
    assert pixels
    assert {t.category for t in pixels} == {"marketing"}


def test_an_ad_pixel_under_a_no_sale_claim_is_caught() -> None:
    found = problems_after(US, "    sale_or_share: true\n", "")
    assert any("counts as sharing under the CPRA" in p for p in found)


def test_the_us_example_names_every_decline_ground_from_the_seeds() -> None:
    grounds = {g.id for g in load(US).decline_grounds}
    assert grounds >= {
        "repetitive",
        "disproportionate_effort",
        "exposes_others",
        "legal_obligation",
        "cannot_verify",
        "impractical_backup",
    }


def test_us_invoices_are_kept_seven_years_under_a_named_law() -> None:
    [invoices] = [r for r in load(US).retention if r.id == "invoices"]
    assert invoices.keep_for == Duration(7, Unit.YEARS)
    assert invoices.legal_obligation and "6001" in invoices.legal_obligation


def test_the_us_example_discloses_to_the_users_organization_and_offices_abroad() -> None:
    policy = load(US)
    roles = {r.role.value for r in policy.recipients}
    assert roles == {"processor", "partner", "affiliate", "authority", "organization"}
    assert {t.to_country for t in policy.transfers} >= {"CA", "IN"}


# The EU vendor under the Data Privacy Framework (seed 000)


def test_eu_marketing_and_statistics_cookies_need_consent() -> None:
    policy = load(EU)
    marketing = policy.purpose("marketing_email")
    analytics = policy.purpose("website_analytics")
    assert marketing is not None and analytics is not None
    assert marketing.legal_basis is LegalBasis.CONSENT
    assert analytics.legal_basis is LegalBasis.CONSENT
    assert {ChoiceChannel.EMAIL, ChoiceChannel.REPLY, ChoiceChannel.WEB_FORM} <= set(
        marketing.choice_channels
    )


def test_eu_new_purposes_and_sensitive_sharing_need_opt_in() -> None:
    choices = load(EU).choices
    assert choices.new_purpose is ChoiceRule.OPT_IN
    assert choices.sensitive_sharing is ChoiceRule.OPT_IN


def test_sharing_special_category_data_without_opt_in_is_caught() -> None:
    text = EU.read_text(encoding="utf-8")
    assert "    role: processor\n    country: DE\n    business: Payroll" in text
    changed = text.replace(
        "    role: processor\n    country: DE\n    business: Payroll",
        "    role: partner\n    country: DE\n    business: Payroll",
    ).replace("  sensitive_sharing: opt_in", "  sensitive_sharing: opt_out")
    with pytest.raises(InvalidDocument) as caught:
        parse_policy(changed, str(EU))
    assert any("without opt-in" in str(p) for p in caught.value.problems)


def test_the_gdpr_jurisdiction_answers_in_a_month_extendable_by_two() -> None:
    gdpr = jurisdiction(load(EU), "gdpr")
    assert gdpr.respond_within == Duration(1, Unit.MONTHS)
    assert gdpr.extension is not None
    assert gdpr.extension.by == Duration(2, Unit.MONTHS)
    assert gdpr.extension.notice_within == Duration(1, Unit.MONTHS)
    assert gdpr.holidays is not None and gdpr.holidays.startswith("DE")
    assert RightType.RESTRICT in gdpr.rights
    assert gdpr.breach_notice is not None
    assert gdpr.breach_notice.authority_within == Duration(72, Unit.HOURS)


def test_the_swiss_jurisdiction_answers_in_30_days() -> None:
    fadp = jurisdiction(load(EU), "fadp")
    assert fadp.regions == ["CH"]
    assert fadp.respond_within == days(30)


def test_the_dpf_route_confirms_us_holdings_and_limits_use_on_request() -> None:
    dpf = jurisdiction(load(EU), "dpf")
    assert set(dpf.regions) == {"EU", "EEA", "GB", "CH"}
    assert {RightType.CONFIRM, RightType.ACCESS, RightType.CORRECT, RightType.DELETE} <= set(
        dpf.rights
    )
    assert RightType.RESTRICT in dpf.rights


def test_eu_data_reaches_the_us_under_the_dpf_with_the_ftc_as_enforcer() -> None:
    [transfer] = load(EU).transfers
    assert transfer.mechanism is Mechanism.DPF
    assert transfer.to_country == "US"
    assert transfer.enforcement_authority == "U.S. Federal Trade Commission"
    assert not [f for f in transfer.frameworks if "privacy shield" in f.lower()]


def test_a_privacy_shield_claim_is_rejected() -> None:
    found = problems_after(
        EU, "      - EU-U.S. Data Privacy Framework\n", "      - EU-U.S. Privacy Shield\n"
    )
    assert any("16 July 2020" in p and "frameworks[0]" in p for p in found)


def test_the_dpf_ladder_starts_with_the_company_and_ends_in_arbitration() -> None:
    ladder = sorted(load(EU).dispute_resolution, key=lambda body: body.order)
    first, last = ladder[0], ladder[-1]
    assert first.kind is BodyKind.COMPANY and first.order == 1
    assert first.contact is not None and first.contact.phone
    assert last.kind is BodyKind.ARBITRATION
    assert all(body.order < last.order for body in ladder[:-1])
    [irm] = [body for body in ladder if body.kind is BodyKind.IRM]
    assert irm.free_of_charge
    assert irm.url and "bbbprograms.org" in irm.url


def test_hr_complaints_never_go_to_the_independent_recourse_mechanism() -> None:
    bodies = load(EU).dispute_resolution
    assert all(b.scope is BodyScope.GENERAL for b in bodies if b.kind is BodyKind.IRM)
    hr_bodies = [b for b in bodies if b.scope is BodyScope.HR]
    assert {b.kind for b in hr_bodies} == {BodyKind.DPA_PANEL, BodyKind.AUTHORITY}
    assert all(b.follows_advice for b in hr_bodies)
    covered = {region for b in hr_bodies for region in b.regions}
    assert covered >= {"EU", "CH", "GB"}


def test_an_irm_that_would_hear_hr_complaints_is_rejected() -> None:
    found = problems_after(EU, "    scope: general  # A-82: never HR data\n", "    scope: all\n")
    assert any("would hear HR-data complaints" in p for p in found)


def test_arbitration_before_another_step_is_rejected() -> None:
    found = problems_after(
        EU, "    kind: arbitration\n    order: 3\n", "    kind: arbitration\n    order: 2\n"
    )
    assert any("must be the last step" in p for p in found)


# Each passage of an example, changed so that it breaks a promise, and what the check says.
BROKEN = [
    (
        US,
        "    - name: nwl_session\n",
        "    - name: nwl_session\n      expires: 1 day\n",
        "session-only",
    ),
    (
        US,
        "    choice_channels: [unsubscribe_link, email, preference_center]\n",
        "",
        "no way to opt out",
    ),
    (US, "  honour_gpc: true  # C-05", "  honour_gpc: false", "GPC is not honoured"),
    (
        US,
        "      purposes: [advertising]",
        "      required: true\n      purposes: [advertising]",
        "strictly necessary",
    ),
    (
        US,
        "        disclosure-report: contact\n",
        "        restrict: contact\n",
        "does not offer that right",
    ),
    (
        US,
        "    subjects: [employee]\n",
        "    subjects: [staff_member]\n",
        "not a fideslang data subject",
    ),
    (EU, "    enforcement_authority: U.S. Federal Trade Commission", "", "enforcement authority"),
    (
        EU,
        "    kind: company\n    order: 1\n",
        "    kind: company\n    order: 4\n",
        "comes before the company",
    ),
    (EU, "    kind: arbitration\n", "    kind: authority\n", "binding arbitration"),
]


@pytest.mark.parametrize(("path", "old", "new", "expected"), BROKEN)
def test_an_example_changed_to_break_a_promise_is_rejected(
    path: Path, old: str, new: str, expected: str
) -> None:
    assert any(expected in problem for problem in problems_after(path, old, new))


def test_eu_complaints_are_answered_within_45_days() -> None:
    complaints = load(EU).complaints
    assert complaints is not None
    assert complaints.respond_within == days(45)


def test_eu_changes_that_reduce_rights_need_consent_and_big_ones_go_by_email_and_banner() -> None:
    notices = load(EU).notices
    assert notices.rights_reduction_needs_consent
    assert {NoticeChannel.EMAIL, NoticeChannel.BANNER} <= set(notices.significant_channels)
    assert notices.before_business_transfer


def test_eu_security_is_reviewed_every_year() -> None:
    security = load(EU).security
    assert security.measures
    assert security.review_every == Duration(12, Unit.MONTHS)


# The format reference


def field_names(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for field in model.model_fields.values():
        for inner in _models_in(field.annotation):
            names |= field_names(inner, seen)
    return names


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def test_every_policy_field_is_in_the_format_reference() -> None:
    reference = (DOCS / "policy-format.md").read_text(encoding="utf-8")
    missing = sorted(name for name in field_names(Policy, set()) if f"`{name}`" not in reference)
    assert missing == []
