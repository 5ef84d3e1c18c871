"""Free text as people write it into CRMs, tickets, surveys and forums, naming people and numbers."""

from __future__ import annotations

import random
from dataclasses import dataclass

PRODUCTS = (
    "Ledger Core", "Inventory", "Procurement", "Payroll Connector", "Reporting Studio",
    "EDI Gateway", "Fixed Assets", "Warehouse Scanner app", "Multi-currency", "Customer Portal",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class About:
    """Who and what a text is about; every template picks what it needs."""

    first: str
    last: str
    company: str
    phone: str
    email: str
    order_no: str
    product: str
    colleague: str  # someone else's name: texts often name a second person


_NOTES = (
    ("Discovery call", "Call with {first} {last} ({company}): evaluating {product}, budget approved "
     "for Q3. Wants a demo for their controller. Call back on {phone}."),
    ("Follow-up", "{first} asked for pricing of {product} for 25 users; sent quote. {colleague} "
     "from their IT will join the next call."),
    ("Trade show", "Met {first} {last} at the booth. Uses spreadsheets for stock today, pain with "
     "month-end. Prefers e-mail: {email}."),
    ("Pricing objection", "{first} {last} pushed back on quote {order_no}: a competitor offers "
     "20 % less. Escalated to the sales director."),
    ("Meeting notes", "On-site with {first} and {colleague}. Demoed {product}. Next step: "
     "reference call with a customer in their industry."),
    ("Voicemail", "Left voicemail for {first} at {phone}, no answer. Try again Thursday."),
)  # fmt: skip

_TICKETS = (
    ("Order {order_no} arrived damaged", "Hi, this is {first} {last} from {company}. Order "
     "{order_no} arrived with two damaged scanners. Please call me back at {phone}. Thanks, {first}"),
    ("Cannot log in to the portal", "Hello, since this morning I ({email}) get 'invalid "
     "credentials' in the portal. My colleague {colleague} has the same problem. -- {first} {last}"),
    ("Invoice question for {order_no}", "Dear support, the invoice for {order_no} shows the wrong "
     "VAT rate. Can you send a corrected one to {email}? Regards, {first} {last}, {company}"),
    ("{product}: export fails", "Hi team, the export in {product} stops at 80 %. Log attached. "
     "Reach me on {phone} if you need remote access. {first}"),
    ("Please update our contact person", "Hi, {colleague} left the company; please make me "
     "({first} {last}, {phone}) the main contact for {company}."),
    ("Question about {product} licence", "Good morning, how many users does our {product} "
     "licence include? We need two more for {colleague}. Best, {first}"),
)  # fmt: skip

# Special-category data (health, religion, trade union, political opinion, criminal record,
# pregnancy) that people volunteer in tickets: intake should have refused or redacted it.
_SENSITIVE = (
    "Sorry for the slow reply, I was in hospital for chemotherapy last week.",
    "I'm diabetic and had a hypo at my desk on Tuesday, so month-end close slipped.",
    "I'm on antidepressants and can't do the night shift for the migration.",
    "Could we move the training? It falls on Yom Kippur and I observe it.",
    "As shop steward for our Teamsters local I need the overtime report before the union meeting.",
    "I'm pregnant and going on leave in March; please move the admin account to {colleague}.",
    "My conviction from 2015 shows up in the background check your partner runs.",
    "I volunteer for the Democratic campaign in the evenings, please don't call after 6pm.",
)

_SURVEY = (
    ("How likely are you to recommend Northwind Ledger to a colleague?", None),
    ("What should we improve first?", ("Faster support, {colleague} took a week to answer.",
     "Better reporting in {product}.", "The portal is slow in the mornings.",
     "Nothing, {product} works well for us.", "Please call me about this: {phone}",
     "Onboarding with {colleague} was excellent.")),
    ("What did you like about the onboarding?", ("The trainer knew our industry.",
     "{colleague} was patient with our team.", "Clear checklist, done in two weeks.", "")),
)  # fmt: skip

_THREADS = (
    "Multi-currency revaluation at year end?", "{product}: best way to import opening balances",
    "EDI 850 mapping for a big-box retailer", "Barcode scanners that work with the Warehouse app",
    "How do you handle partial deliveries?", "Feature request: dark mode in {product}",
)  # fmt: skip
_POSTS = (
    "We solved this by running the job twice. Happy to share our settings.",
    "Same problem here since the last update. Did support give you a workaround?",
    "Check the posting period first, that was our mistake. Cheers, {first} ({company})",
    "We use {product} with 40 users and it works fine; the trick is the nightly index job.",
    "+1, we need this too. {first} {last}",
    "Thanks {colleague}, that fixed it!",
)


def crm_note(about: About, rng: random.Random) -> tuple[str, str]:
    subject, note = rng.choice(_NOTES)
    return subject, note.format_map(_fields(about))


def ticket(about: About, rng: random.Random, *, sensitive: bool) -> tuple[str, str]:
    subject, body = rng.choice(_TICKETS)
    fields = _fields(about)
    text = body.format_map(fields)
    if sensitive:
        text = f"{rng.choice(_SENSITIVE).format_map(fields)} {text}"
    return subject.format_map(fields), text


def survey_answer(about: About, rng: random.Random) -> tuple[str, str | None, int | None]:
    question, answers = rng.choice(_SURVEY)
    if answers is None:
        return question, None, min(10, int(rng.random() * 12))
    return question, rng.choice(answers).format_map(_fields(about)) or None, None


def forum_post(about: About, rng: random.Random) -> tuple[str, str]:
    fields = _fields(about)
    return rng.choice(_THREADS).format_map(fields), rng.choice(_POSTS).format_map(fields)


def _fields(about: About) -> dict[str, str]:
    return {
        "first": about.first,
        "last": about.last,
        "company": about.company,
        "phone": about.phone,
        "email": about.email,
        "order_no": about.order_no,
        "product": about.product,
        "colleague": about.colleague,
    }
