"""The ERP's rows: shared addresses, customer accounts, their contacts, orders and invoices."""

from __future__ import annotations

import base64
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from pactum.demo.companies import Company
from pactum.demo.emails import messy
from pactum.demo.people import Contact, Kind, Population, customer_no
from pactum.demo.phones import pick_style
from pactum.demo.plan import (
    ADDRESSES_PER_BLOCK,
    COMPANIES_PER_BLOCK,
    NOW,
    Row,
)

MAX_ORDERS = 12  # per customer; order numbers are numbered per customer in steps of this
_FIRST_ORDERS = datetime(2016, 7, 1)
_ADDRESS_KINDS = ("home", "office", "office", "warehouse")
_BILLING_MAILBOXES = ("accounts", "ap", "invoices", "billing", "finance", "accountspayable")
_TERMS = ("NET30", "NET30", "NET45", "NET60", "NET15", "DUE")
_METHODS = (
    "ACH",
    "Wire transfer",
    "Check",
    "Visa •••• {n}",
    "Mastercard •••• {n}",
    "Amex •••• {n}",
)
_EU_METHODS = ("SEPA direct debit", "SEPA credit transfer", "Visa •••• {n}")


@dataclass(frozen=True, slots=True)
class PlannedOrder:
    order_no: str
    ordered_at: datetime
    status: str  # open, shipped, invoiced, closed, cancelled
    contact_index: int | None  # EDI orders come in without a person
    net_amount: float

    @property
    def is_invoiced(self) -> bool:
        return self.status in ("invoiced", "closed")


def orders_of(population: Population, k: int) -> list[PlannedOrder]:
    """Customer k's order history, oldest first."""
    contacts = population.company_contacts(k)
    rng, moments = _moments(population, k)
    orders: list[PlannedOrder] = []
    for ordinal, at in enumerate(moments):
        age = (NOW - at).days
        if age < 14:
            status = rng.choice(("open", "open", "shipped"))
        elif age < 45:
            status = rng.choice(("shipped", "invoiced", "invoiced"))
        else:
            status = "cancelled" if rng.random() < 0.06 else "closed"
        who = (
            contacts[int(rng.random() * len(contacts))]
            if contacts and rng.random() > 0.08
            else None
        )
        orders.append(
            PlannedOrder(
                order_no=_order_no(k, ordinal, at),
                ordered_at=at,
                status=status,
                contact_index=who,
                net_amount=round(rng.lognormvariate(7.4, 1.0), 2),
            )
        )
    return orders


def order_numbers(population: Population, k: int) -> list[str]:
    """The numbers of customer k's orders (as tickets quote them), without the rest."""
    _, moments = _moments(population, k)
    return [_order_no(k, ordinal, at) for ordinal, at in enumerate(moments)]


def _moments(population: Population, k: int) -> tuple[random.Random, list[datetime]]:
    """When customer k ordered: the first draws of the customer's order stream."""
    start = max(population.company(k).created_at, _FIRST_ORDERS)
    span = (NOW - start).total_seconds()
    rng = population.rng(Kind.ORDERS, k)
    count = rng.randrange(MAX_ORDERS)
    return rng, sorted(start + timedelta(seconds=rng.random() * span) for _ in range(count))


def _order_no(k: int, ordinal: int, at: datetime) -> str:
    return f"SO-{at.year}-{k * MAX_ORDERS + ordinal + 1:06d}"


@dataclass(frozen=True, slots=True)
class _Account:
    """What the order and invoice rows of one customer share."""

    company: Company
    customer_no: str
    is_family_business: bool
    billing_email: str | None
    ship_to: int  # an address id


def erp_rows(population: Population) -> Iterator[Row]:
    rng = population.rng(Kind.ROWS, 1)
    order_ids, invoice_ids = itertools.count(1), itertools.count(1)
    for block in range(population.plan.blocks):
        first_k, first_address = block * COMPANIES_PER_BLOCK, block * ADDRESSES_PER_BLOCK + 1
        companies = [population.company(first_k + j) for j in range(COMPANIES_PER_BLOCK)]
        for j in range(ADDRESSES_PER_BLOCK):
            company = companies[min(j, COMPANIES_PER_BLOCK - 1)]
            yield "erp_addresses", _address(population, first_address + j, j, company, rng)
        for j, company in enumerate(companies):
            contacts = [population.contact(i) for i in population.company_contacts(first_k + j)]
            is_largest = j == COMPANIES_PER_BLOCK - 1
            account = _Account(
                company=company,
                customer_no=customer_no(first_k + j),
                is_family_business=j == 0,
                billing_email=_billing_email(company, contacts, j, rng),
                ship_to=first_address + (ADDRESSES_PER_BLOCK - 1 if is_largest else j),
            )
            yield "erp_customers", _customer(account, first_address + j, rng)
            for contact in contacts:
                yield "erp_contacts", _contact(contact, rng)
            by_index = {contact.id - 1: contact for contact in contacts}
            for order in orders_of(population, first_k + j):
                order_id = next(order_ids)
                index = order.contact_index
                who = by_index[index] if index is not None else None
                yield "erp_orders", _order(order_id, order, account, who)
                if order.is_invoiced:
                    invoice = _invoice(next(invoice_ids), order, account, who, rng)
                    yield "erp_invoices", {**invoice, "order_id": order_id}


def _address(
    population: Population, address_id: int, j: int, company: Company, rng: random.Random
) -> dict[str, object]:
    country = company.country
    names = population.pools.names[country.code]
    city, region = rng.choice(country.cities)
    return {
        "id": address_id,
        "kind": _ADDRESS_KINDS[j],
        "street": country.street_line(rng.choice(names.streets), 1 + int(rng.random() * 240)),
        "postal_code": rng.choice(names.postcodes),
        "city": city,
        "region": region,
        "country": country.code,
        "created_at": company.created_at,
    }


def _billing_email(
    company: Company, contacts: list[Contact], j: int, rng: random.Random
) -> str | None:
    """A family business is billed at the owner's own address; others at a shared mailbox."""
    if j == 0 and contacts:
        return contacts[0].email
    if rng.random() < 0.05:
        return None
    return f"{rng.choice(_BILLING_MAILBOXES)}@{company.domain}"


def _customer(account: _Account, address_id: int, rng: random.Random) -> dict[str, object]:
    company = account.company
    return {
        "client": company.country.client,
        "customer_no": account.customer_no,
        "company_name": company.name,
        "industry": company.industry,
        "tax_id": _tax_id(company, rng),
        "phone": company.phone.written(pick_style(rng)),
        "billing_email": messy(account.billing_email, rng) if account.billing_email else None,
        "billing_address_id": address_id,
        "currency": company.country.currency,
        "payment_terms": rng.choice(_TERMS),
        "credit_limit": float(rng.choice((5, 10, 25, 50, 100, 250)) * 1000),
        "is_blocked": rng.random() < 0.02,
        "created_at": company.created_at,
        "updated_at": company.created_at + (NOW - company.created_at) * rng.random(),
    }


def _tax_id(company: Company, rng: random.Random) -> str:
    digits = f"{rng.randrange(10**9):09d}"
    return {
        "US": f"{digits[:2]}-{digits[2:]}", "CA": f"{digits}RT0001", "DE": f"DE{digits}",
        "FR": f"FR{rng.randrange(100):02d}{digits}", "NL": f"NL{digits}B01", "GB": f"GB{digits}",
        "MX": f"{company.surname[:3].upper()}{digits[:6]}{digits[6:]}",
    }[company.country.code]  # fmt: skip


def _contact(contact: Contact, rng: random.Random) -> dict[str, object]:
    person, company = contact.person, contact.company
    created = company.created_at + (NOW - company.created_at) * rng.random() * 0.6
    has_portal = rng.random() < 0.6
    salutation = "Dr." if rng.random() < 0.06 else ("Ms." if person.gender == "F" else "Mr.")
    return {
        "id": contact.id,
        "client": company.country.client,
        "customer_no": contact.customer_no,
        "salutation": salutation if rng.random() < 0.85 else None,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": messy(contact.email, rng),
        "phone": contact.phone.written(pick_style(rng)),
        "mobile": person.mobile.written(pick_style(rng)) if rng.random() < 0.5 else None,
        "job_title": contact.job_title,
        "department": contact.department,
        "date_of_birth": person.date_of_birth if rng.random() < 0.3 else None,
        "address_id": contact.address_id,
        "preferred_language": person.country.language,
        "portal_username": contact.email.partition("@")[0] if has_portal else None,
        "portal_password_hash": _password_hash(rng) if has_portal else None,
        "is_primary": contact.position == 0,
        "created_at": created,
        "updated_at": created + (NOW - created) * rng.random(),
    }


def _password_hash(rng: random.Random) -> str:
    def encoded(size: int) -> str:
        return (
            base64.b64encode(rng.getrandbits(size * 8).to_bytes(size, "big")).decode().rstrip("=")
        )

    return f"$argon2id$v=19$m=65536,t=3,p=4${encoded(16)}${encoded(32)}"


def _order(
    order_id: int, order: PlannedOrder, account: _Account, who: Contact | None
) -> dict[str, object]:
    company = account.company
    tax = round(order.net_amount * company.country.tax_rate, 2)
    return {
        "id": order_id,
        "client": company.country.client,
        "customer_no": account.customer_no,
        "order_no": order.order_no,
        "contact_id": who.id if who else None,
        "ordered_at": order.ordered_at,
        "status": order.status,
        "currency": company.country.currency,
        "net_amount": order.net_amount,
        "tax_amount": tax,
        "total_amount": round(order.net_amount + tax, 2),
        "ship_to_name": f"{who.person.first_name} {who.person.last_name}" if who else company.name,
        "ship_to_address_id": account.ship_to,
        "customer_po": f"PO-{order_id * 37 % 100_000:05d}" if who else None,
        "sales_channel": "edi" if who is None else ("portal" if order_id % 3 else "email"),
    }


def _invoice(
    invoice_id: int, order: PlannedOrder, account: _Account, who: Contact | None, rng: random.Random
) -> dict[str, object]:
    company = account.company
    tax = round(order.net_amount * company.country.tax_rate, 2)
    issued = order.ordered_at + timedelta(days=2 + int(rng.random() * 10))
    owner = f"{who.person.first_name} {who.person.last_name}" if who else company.name
    email = account.billing_email or (who.email if who else None)
    methods = _METHODS if company.country.client == "100" else _EU_METHODS
    paid = issued + timedelta(days=int(rng.random() * 40)) if order.status == "closed" else None
    return {
        "id": invoice_id,
        "client": company.country.client,
        "customer_no": account.customer_no,
        "invoice_no": f"INV-{issued.year}-{invoice_id:07d}",
        "billing_name": owner if account.is_family_business else company.name,
        "billing_email": messy(email, rng) if email else None,
        "issued_at": issued,
        "due_at": issued + timedelta(days=30),
        "paid_at": paid,
        "payment_method": rng.choice(methods).format(n=f"{rng.randrange(10_000):04d}"),
        "currency": company.country.currency,
        "net_amount": order.net_amount,
        "tax_amount": tax,
        "total_amount": round(order.net_amount + tax, 2),
    }
