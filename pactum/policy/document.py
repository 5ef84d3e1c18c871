"""The policy document: what a privacy policy promises, as typed data (the YAML format's schema)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pactum.policy.duration import DurationField

FORMAT_VERSION = 1

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", max_length=120),
]
RegionCode = Annotated[str, StringConstraints(pattern=r"^(\*|EU|EEA|[A-Z]{2}(-[A-Z0-9]{1,3})?)$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Sensitivity(StrEnum):
    STANDARD = "standard"
    SENSITIVE = "sensitive"
    SPECIAL = "special"


class Source(StrEnum):
    PROVIDED = "provided"  # given by the person
    AUTOMATIC = "automatic"  # collected automatically (logs, cookies)
    THIRD_PARTY = "third_party"  # from partners, aggregators, opt-in lists
    INFERRED = "inferred"  # derived by us from other data (location from an IP address, intent)


class LegalBasis(StrEnum):
    CONSENT = "consent"
    CONTRACT = "contract"
    LEGITIMATE_INTEREST = "legitimate_interest"
    LEGAL_OBLIGATION = "legal_obligation"


class RecipientRole(StrEnum):
    PROCESSOR = "processor"
    PARTNER = "partner"
    AFFILIATE = "affiliate"
    AUTHORITY = "authority"
    ORGANIZATION = "organization"  # the person's own organization (account domain, billing contact)


class Mechanism(StrEnum):
    ADEQUACY = "adequacy"
    DPF = "dpf"  # EU-U.S. Data Privacy Framework, with its UK Extension and the Swiss-U.S. DPF
    SCC = "scc"
    BCR = "bcr"
    CONSENT = "consent"
    DEROGATION = "derogation"


class RightType(StrEnum):
    ACCESS = "access"
    CONFIRM = "confirm"
    CORRECT = "correct"
    DELETE = "delete"
    RESTRICT = "restrict"
    OBJECT = "object"
    WITHDRAW_CONSENT = "withdraw-consent"
    DISCLOSURE_REPORT = "disclosure-report"
    OPT_OUT = "opt-out"  # of sale, sharing and targeted advertising (Civ. Code 1798.120, VCDPA)


class VerificationLevel(StrEnum):
    NONE = "none"  # opt-outs: no proof of identity may be demanded (11 CCR 7026)
    CONTACT = "contact"  # control of the e-mail address or phone number given
    MATCHED = "matched"  # contact, plus data points matched against what is held
    STRICT = "strict"  # contact, three data points and a signed declaration, or staff


class ClockStart(StrEnum):
    COLLECTED = "collected"
    LAST_ACTIVITY = "last_activity"
    RELATIONSHIP_ENDED = "relationship_ended"
    REQUEST_CLOSED = "request_closed"
    CONSENT_WITHDRAWN = "consent_withdrawn"


class RetentionAction(StrEnum):
    DELETE = "delete"
    DEIDENTIFY = "deidentify"


class SpecialCategory(StrEnum):
    HEALTH = "health"
    RELIGION = "religion"
    ETHNICITY = "ethnicity"
    POLITICAL = "political"
    CRIMINAL = "criminal"
    UNION = "union"
    SEXUAL_ORIENTATION = "sexual_orientation"


class BodyKind(StrEnum):
    COMPANY = "company"  # first contact: the company itself
    IRM = "irm"  # independent recourse mechanism
    DPA_PANEL = "dpa_panel"  # the EU data protection authorities' panel (HR data)
    AUTHORITY = "authority"  # a supervisory or labour authority
    ARBITRATION = "arbitration"  # binding arbitration, the last resort


class BodyScope(StrEnum):
    ALL = "all"
    GENERAL = "general"  # everything except HR data
    HR = "hr"  # human-resources data from the employment relationship


class ChangeKind(StrEnum):
    NEW_CATEGORY = "new_category"
    NEW_PURPOSE = "new_purpose"
    NEW_RECIPIENT = "new_recipient"
    NEW_TRANSFER = "new_transfer"
    LONGER_RETENTION = "longer_retention"
    RIGHT_REDUCED = "right_reduced"
    LONGER_DEADLINE = "longer_deadline"
    CONTACT_CHANGED = "contact_changed"


class ChoiceRule(StrEnum):
    """What a use or a disclosure needs from the person before it happens."""

    NONE = "none"  # no choice is offered (our processors acting on our instructions)
    OPT_OUT = "opt_out"  # the person is told first and may refuse; a refusal blocks it
    OPT_IN = "opt_in"  # only after a recorded, explicit consent


class ChoiceChannel(StrEnum):
    """Ways a person gives or withdraws a choice."""

    UNSUBSCRIBE_LINK = "unsubscribe_link"  # the signed link in every marketing e-mail
    REPLY = "reply"  # a reply to one of our e-mails
    EMAIL = "email"  # a message to the address the organization publishes for it
    WEB_FORM = "web_form"
    PREFERENCE_CENTER = "preference_center"
    COOKIE_BANNER = "cookie_banner"
    GPC = "gpc"  # the Global Privacy Control browser signal
    PHONE = "phone"
    API = "api"


class NoticeChannel(StrEnum):
    PAGE = "page"
    BANNER = "banner"
    IN_APP = "in_app"
    EMAIL = "email"


class ContactPoint(Strict):
    email: str | None = None
    phone: str | None = None
    postal: list[str] = Field(default_factory=list, description="Postal address, one line each.")
    web: str | None = None


class Colors(Strict):
    primary: str = Field(default="#1f4e79", pattern=r"^#[0-9a-fA-F]{6}$")
    accent: str = Field(default="#c8102e", pattern=r"^#[0-9a-fA-F]{6}$")


class Organization(Strict):
    name: str
    legal_name: str | None = None
    website: str | None = None
    logo: str | None = None
    colors: Colors = Field(default_factory=Colors)
    contact: ContactPoint
    requests: ContactPoint | None = Field(default=None, description="Where privacy requests go.")
    complaints: ContactPoint | None = None
    marketing_opt_out: ContactPoint | None = None
    dpo: ContactPoint | None = None
    employees: int | None = Field(
        default=None, ge=1, description="Head count (Shine the Light: 20+)."
    )


class Scope(Strict):
    sites: list[str] = Field(default_factory=list)
    services: list[str] = Field(default_factory=list)
    excludes: list[str] = Field(default_factory=list, description="Third-party sites not covered.")


class Category(Strict):
    id: Identifier
    name: str
    description: str = ""
    sensitivity: Sensitivity = Sensitivity.STANDARD
    sources: list[Source] = Field(min_length=1)
    source_details: list[str] = Field(default_factory=list)
    special: SpecialCategory | None = Field(
        default=None, description="For special categories: which one (health, religion, ...)."
    )


class Purpose(Strict):
    id: Identifier
    name: str
    description: str = ""
    legal_basis: LegalBasis
    categories: list[Identifier] = Field(min_length=1)
    marketing: bool = False
    transactional: bool = Field(
        default=False, description="Messages required by the service; cannot be opted out of."
    )
    sale_or_share: bool = Field(
        default=False, description="Sale, or sharing for cross-context behavioural advertising."
    )
    topics: list[str] = Field(default_factory=list, description="Marketing topics a person picks.")
    data_use: Identifier | None = Field(default=None, description="The fideslang data use key.")
    subjects: list[Identifier] = Field(
        default_factory=list,
        description="Whose data: fideslang data subjects (customer, prospect, employee, ...).",
    )
    choice_channels: list[ChoiceChannel] = Field(
        default_factory=list, description="How a person gives or withdraws a choice for it."
    )
    opt_out_within: DurationField | None = Field(
        default=None, description="An opt-out or withdrawal takes effect everywhere within this."
    )


class RetentionRule(Strict):
    id: Identifier
    categories: list[Identifier] = Field(min_length=1)
    purposes: list[Identifier] = Field(default_factory=list)
    keep_for: DurationField
    starts: ClockStart = ClockStart.COLLECTED
    then: RetentionAction = RetentionAction.DELETE
    legal_obligation: str | None = Field(default=None, description="The law that requires keeping.")


class Contract(Strict):
    kind: str = Field(description="e.g. data processing agreement, partner agreement.")
    signed: date | None = None
    instructions: bool = Field(default=True, description="Processes only on our instructions.")
    no_use_beyond_service: bool = True


class Recipient(Strict):
    id: Identifier
    name: str
    role: RecipientRole
    country: str = Field(pattern=r"^[A-Z]{2}$")
    address: list[str] = Field(default_factory=list)
    business: str = Field(default="", description="Nature of the recipient's business.")
    categories: list[Identifier] = Field(default_factory=list)
    purposes: list[Identifier] = Field(default_factory=list)
    contract: Contract | None = None
    direct_marketing: bool = Field(
        default=False, description="Receives data for its own direct marketing (Civ. Code 1798.83)."
    )
    listed_publicly: bool = True


class Transfer(Strict):
    id: Identifier
    to_country: str = Field(pattern=r"^[A-Z]{2}$")
    from_regions: list[RegionCode] = Field(default_factory=lambda: ["*"])
    mechanism: Mechanism
    frameworks: list[str] = Field(default_factory=list, description="e.g. EU-US DPF, UK Extension.")
    recipients: list[Identifier] = Field(default_factory=list)
    certified_until: date | None = None
    enforcement_authority: str | None = None
    purpose_of_location: str = Field(default="", description="Hosting, offices, support, ...")


class Extension(Strict):
    by: DurationField
    notice_within: DurationField | None = None
    except_for: list[RightType] = Field(
        default_factory=list, description="Request types whose deadline cannot be extended."
    )


class Verification(Strict):
    default: VerificationLevel = VerificationLevel.CONTACT
    by_type: dict[RightType, VerificationLevel] = Field(default_factory=dict)
    sensitive_access: VerificationLevel = VerificationLevel.STRICT


class BreachNotice(Strict):
    """Who must hear of a personal-data breach affecting this jurisdiction's residents, and when."""

    authority: str | None = Field(default=None, description="e.g. the supervisory authority.")
    authority_within: DurationField | None = Field(
        default=None, description="From awareness; omit where the law sets no fixed period."
    )
    authority_threshold: int | None = Field(
        default=None, ge=1, description="Tell the authority only when at least this many are hit."
    )
    individuals_within: DurationField | None = Field(
        default=None, description="Omit for 'without unreasonable delay'."
    )


class Jurisdiction(Strict):
    id: Identifier
    name: str
    regions: list[RegionCode] = Field(min_length=1)
    holidays: str | None = Field(default=None, description="Holiday calendar, e.g. US-CA, DE-BE.")
    rights: list[RightType] = Field(min_length=1)
    acknowledge_within: DurationField | None = None
    respond_within: DurationField
    respond_within_by_type: dict[RightType, DurationField] = Field(default_factory=dict)
    extension: Extension | None = None
    opt_out_within: DurationField | None = None
    verification: Verification = Field(default_factory=Verification)
    records_kept_for: DurationField | None = None
    repeat_window: DurationField | None = None
    repeat_limit: int = Field(default=2, ge=1)
    lookback: DurationField | None = None
    decline_grounds: list[Identifier] = Field(default_factory=list)
    appeal_within: DurationField | None = Field(
        default=None, description="Decide an appeal against a declined request within this."
    )
    breach_notice: BreachNotice | None = None


class DeclineGround(Strict):
    id: Identifier
    description: str
    applies_to: list[RightType] = Field(default_factory=list, description="Empty: every type.")


class Intake(Strict):
    refuse: list[SpecialCategory] = Field(default_factory=list)
    message: str = "Please don't send us this kind of information."


class DisputeBody(Strict):
    id: Identifier
    name: str
    kind: BodyKind
    scope: BodyScope = BodyScope.ALL
    order: int = Field(ge=1, description="Step in the escalation ladder, 1 first.")
    url: str | None = None
    contact: ContactPoint | None = None
    free_of_charge: bool = True
    regions: list[RegionCode] = Field(
        default_factory=lambda: ["*"], description="Whose complaints it hears, e.g. [CH]."
    )
    follows_advice: bool = Field(
        default=False, description="We commit to follow its advice (the DPF's HR-data panels)."
    )


class Complaints(Strict):
    acknowledge_within: DurationField | None = None
    respond_within: DurationField


class Notices(Strict):
    channels: list[NoticeChannel] = Field(default_factory=lambda: [NoticeChannel.PAGE])
    significant: list[ChangeKind] = Field(default_factory=list)
    significant_channels: list[NoticeChannel] = Field(default_factory=list)
    rights_reduction_needs_consent: bool = True
    banner_for: DurationField | None = None
    before_business_transfer: bool = Field(
        default=False,
        description="Notify people before their data moves to a buyer under another policy.",
    )


class CookieCategory(Strict):
    id: Identifier
    name: str
    description: str = ""
    required: bool = False
    purposes: list[Identifier] = Field(default_factory=list)


class Tracker(Strict):
    name: str
    category: Identifier
    kind: str = Field(
        default="cookie", pattern=r"^(cookie|local_storage|pixel|widget|session_url)$"
    )
    provider: str = "first party"
    expires: DurationField | None = None
    session_only: bool = Field(default=False, description="Gone when the browser session ends.")


class Cookies(Strict):
    categories: list[CookieCategory] = Field(default_factory=list)
    trackers: list[Tracker] = Field(default_factory=list)


class Choices(Strict):
    """What a person must be offered before a new use or a disclosure (DPF Choice principle)."""

    new_purpose: ChoiceRule = Field(
        default=ChoiceRule.OPT_IN,
        description="A use other than the one the data was collected for.",
    )
    third_party_sharing: ChoiceRule = Field(
        default=ChoiceRule.OPT_OUT,
        description="Disclosure to partners and affiliates (recipients that are not processors).",
    )
    sensitive_sharing: ChoiceRule = Field(
        default=ChoiceRule.OPT_IN, description="Disclosure of special-category data to them."
    )
    honour_gpc: bool = Field(
        default=True, description="Treat Global Privacy Control as an opt-out."
    )


class Security(Strict):
    measures: list[str] = Field(default_factory=list)
    encrypt_sensitive: bool = True
    review_every: DurationField | None = None


class ThirdPartySource(Strict):
    id: Identifier
    name: str
    kind: str = Field(pattern=r"^(aggregator|opt_in_list|social_profile|partner|affiliate)$")
    categories: list[Identifier] = Field(default_factory=list)


class Policy(Strict):
    """One organization's privacy policy. See docs/policy-format.md."""

    pactum: int = Field(default=FORMAT_VERSION, ge=1, le=FORMAT_VERSION)
    effective_date: date
    summary: str = ""
    organization: Organization
    scope: Scope = Field(default_factory=Scope)
    combined_data_is_personal: bool = True
    categories: list[Category] = Field(min_length=1)
    sources: list[ThirdPartySource] = Field(default_factory=list)
    purposes: list[Purpose] = Field(min_length=1)
    retention: list[RetentionRule] = Field(default_factory=list)
    recipients: list[Recipient] = Field(default_factory=list)
    transfers: list[Transfer] = Field(default_factory=list)
    jurisdictions: list[Jurisdiction] = Field(min_length=1)
    decline_grounds: list[DeclineGround] = Field(default_factory=list)
    minimum_age: int | None = Field(default=None, ge=0, le=21)
    intake: Intake = Field(default_factory=Intake)
    choices: Choices = Field(default_factory=Choices)
    dispute_resolution: list[DisputeBody] = Field(default_factory=list)
    complaints: Complaints | None = None
    notices: Notices = Field(default_factory=Notices)
    cookies: Cookies = Field(default_factory=Cookies)
    security: Security = Field(default_factory=Security)
    k_anonymity: int = Field(default=5, ge=2, description="Smallest group an aggregate may show.")

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def purpose(self, purpose_id: str) -> Purpose | None:
        return next((p for p in self.purposes if p.id == purpose_id), None)

    def jurisdiction(self, jurisdiction_id: str) -> Jurisdiction | None:
        return next((j for j in self.jurisdictions if j.id == jurisdiction_id), None)
