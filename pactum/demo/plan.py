"""How many of each thing a demo of a given scale holds, and the demo's fixed "today"."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

Row = tuple[str, dict[str, object]]  # a table name and one row for it, as the streams yield them

# Data runs up to this moment whenever the demo is built, so a seed always gives the same rows.
NOW = datetime(2025, 6, 30, 17, 0)

# Contacts come in blocks of eight spread over three customer companies, so any contact's
# company (and any company's contacts) is a computation, not a lookup. The first company of
# a block is a family business run from home by one or two people.
BLOCK_PATTERNS = ((1, 2, 5), (2, 3, 3), (1, 1, 6), (2, 2, 4), (1, 3, 4), (2, 1, 5))
CONTACTS_PER_BLOCK = 8
COMPANIES_PER_BLOCK = 3
ADDRESSES_PER_BLOCK = 4  # the three companies' premises and the largest one's warehouse

# Averages of the counts drawn per parent row (orders per customer, ...), for progress totals.
ORDERS_PER_CUSTOMER = 5.5
INVOICES_PER_ORDER = 0.86
ACTIVITIES_PER_LEAD = 1.6
EVENTS_PER_SUBSCRIPTION = 3.0
SESSIONS_PER_VISITOR = 2.0
LINES_PER_SESSION = 3.5
POSTS_PER_FORUM_USER = 3.0
ABSENCES_PER_EMPLOYEE = 4.5


@dataclass(frozen=True)
class Plan:
    """`scale` is the number of people at customers (ERP contacts); the rest follows from it."""

    scale: int
    seed: int

    @property
    def blocks(self) -> int:
        return math.ceil(self.scale / CONTACTS_PER_BLOCK)

    @property
    def companies(self) -> int:
        return self.blocks * COMPANIES_PER_BLOCK

    @property
    def leads(self) -> int:
        return self.scale // 2

    @property
    def subscriptions(self) -> int:
        return self.scale * 6 // 10

    @property
    def visitors(self) -> int:
        return self.scale * 8 // 10

    @property
    def tickets(self) -> int:
        return self.scale // 5

    @property
    def survey_responses(self) -> int:
        return self.scale * 3 // 10

    @property
    def forum_users(self) -> int:
        return max(10, self.scale // 10)

    @property
    def employees(self) -> int:
        return max(40, self.scale // 50)

    @property
    def look_alike_blocks(self) -> tuple[int, ...]:
        """Blocks whose largest company has two colleagues of the same name, spread evenly."""
        pairs = min(6, self.blocks)
        return tuple(sorted({(2 * n + 1) * self.blocks // (2 * pairs) for n in range(pairs)}))

    def expected_rows(self) -> dict[str, int]:
        """Planned row counts; drawn counts (orders per customer, ...) make some approximate."""
        orders = round(self.companies * ORDERS_PER_CUSTOMER)
        sessions = round(self.visitors * SESSIONS_PER_VISITOR)
        return {
            "erp_addresses": self.blocks * ADDRESSES_PER_BLOCK,
            "erp_customers": self.companies,
            "erp_contacts": self.scale,
            "erp_orders": orders,
            "erp_invoices": round(orders * INVOICES_PER_ORDER),
            "crm_leads": self.leads,
            "crm_activities": round(self.leads * ACTIVITIES_PER_LEAD),
            "newsletter_subscriptions": self.subscriptions,
            "email_events": round(self.subscriptions * EVENTS_PER_SUBSCRIPTION),
            "web_sessions": sessions,
            "web_log_lines": round(sessions * LINES_PER_SESSION),
            "support_tickets": self.tickets,
            "survey_responses": self.survey_responses,
            "forum_users": self.forum_users,
            "forum_posts": round(self.forum_users * POSTS_PER_FORUM_USER),
            "hr_employees": self.employees,
            "hr_absences": round(self.employees * ABSENCES_PER_EMPLOYEE),
        }
