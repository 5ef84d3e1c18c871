"""The demo company's tables: ERP, CRM, newsletter, web, mail tracking, support, community, HR."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
)

metadata = MetaData()


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True, autoincrement=False)


def _money(name: str) -> Column[float]:
    return Column(name, Numeric(12, 2, asdecimal=False), nullable=False)


def _email(name: str = "email", *, nullable: bool = False) -> Column[str]:
    return Column(name, String(254), nullable=nullable, index=True)


def _customer_key(table: str) -> list[Column[str] | ForeignKeyConstraint | Index]:
    """The ERP's composite customer key: client (mandant) + customer number."""
    return [
        Column("client", String(3), nullable=False),
        Column("customer_no", String(10), nullable=False),
        ForeignKeyConstraint(
            ["client", "customer_no"], ["erp_customers.client", "erp_customers.customer_no"]
        ),
        Index(f"ix_{table}_client_customer_no", "client", "customer_no"),
    ]


erp_addresses = Table(
    "erp_addresses", metadata, _id(),
    Column("kind", String(12), nullable=False),  # home, office, warehouse
    Column("street", String(120), nullable=False),
    Column("postal_code", String(12), nullable=False),
    Column("city", String(80), nullable=False),
    Column("region", String(40)),
    Column("country", String(2), nullable=False),
    Column("created_at", DateTime, nullable=False),
)  # fmt: skip

erp_customers = Table(
    "erp_customers", metadata,
    Column("client", String(3), primary_key=True),
    Column("customer_no", String(10), primary_key=True, index=True),
    Column("company_name", String(160), nullable=False),
    Column("industry", String(60)),
    Column("tax_id", String(20)),
    Column("phone", String(32), index=True),
    _email("billing_email", nullable=True),
    Column("billing_address_id", Integer, ForeignKey("erp_addresses.id"), index=True),
    Column("currency", String(3), nullable=False),
    Column("payment_terms", String(8), nullable=False),
    Column("credit_limit", Numeric(12, 2, asdecimal=False)),
    Column("is_blocked", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)  # fmt: skip

erp_contacts = Table(
    "erp_contacts", metadata, _id(), *_customer_key("erp_contacts"),
    Column("salutation", String(8)),
    Column("first_name", String(60), nullable=False),
    Column("last_name", String(60), nullable=False),
    _email(),
    Column("phone", String(32), index=True),
    Column("mobile", String(32), index=True),
    Column("job_title", String(80)),
    Column("department", String(40)),
    Column("date_of_birth", Date),
    Column("address_id", Integer, ForeignKey("erp_addresses.id"), index=True),
    Column("preferred_language", String(8)),
    Column("portal_username", String(80), index=True),
    Column("portal_password_hash", String(120)),
    Column("is_primary", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)  # fmt: skip

erp_orders = Table(
    "erp_orders", metadata, _id(), *_customer_key("erp_orders"),
    Column("order_no", String(20), nullable=False),
    Column("contact_id", Integer, ForeignKey("erp_contacts.id"), index=True),
    Column("ordered_at", DateTime, nullable=False),
    Column("status", String(12), nullable=False),
    Column("currency", String(3), nullable=False),
    _money("net_amount"), _money("tax_amount"), _money("total_amount"),
    Column("ship_to_name", String(120)),
    Column("ship_to_address_id", Integer, ForeignKey("erp_addresses.id"), index=True),
    Column("customer_po", String(30)),
    Column("sales_channel", String(12), nullable=False),
    Index("ux_erp_orders_order_no", "order_no", unique=True),
)  # fmt: skip

erp_invoices = Table(
    "erp_invoices", metadata, _id(), *_customer_key("erp_invoices"),
    Column("invoice_no", String(20), nullable=False),
    Column("order_id", Integer, ForeignKey("erp_orders.id"), nullable=False, index=True),
    Column("billing_name", String(160), nullable=False),
    _email("billing_email", nullable=True),
    Column("issued_at", DateTime, nullable=False),
    Column("due_at", DateTime, nullable=False),
    Column("paid_at", DateTime),
    Column("payment_method", String(40)),
    Column("currency", String(3), nullable=False),
    _money("net_amount"), _money("tax_amount"), _money("total_amount"),
    Index("ux_erp_invoices_invoice_no", "invoice_no", unique=True),
)  # fmt: skip

crm_leads = Table(
    "crm_leads", metadata, _id(),
    _email(),
    Column("first_name", String(60)),
    Column("last_name", String(60)),
    Column("company", String(160)),
    Column("job_title", String(80)),
    Column("phone", String(32), index=True),
    Column("country", String(2)),
    Column("intent_score", SmallInteger, nullable=False),
    Column("source", String(20), nullable=False),  # web_form, opt_in_list, data_aggregator
    Column("source_detail", String(80)),
    Column("status", String(16), nullable=False),
    Column("converted_contact_id", Integer, ForeignKey("erp_contacts.id"), index=True),
    Column("created_at", DateTime, nullable=False),
    Column("last_activity_at", DateTime),
)  # fmt: skip

crm_activities = Table(
    "crm_activities", metadata, _id(),
    Column("lead_id", Integer, ForeignKey("crm_leads.id"), index=True),
    Column("contact_id", Integer, ForeignKey("erp_contacts.id"), index=True),
    Column("kind", String(12), nullable=False),  # call, email, meeting, note
    Column("subject", String(160), nullable=False),
    Column("note", Text),
    Column("occurred_at", DateTime, nullable=False),
)  # fmt: skip

newsletter_subscriptions = Table(
    "newsletter_subscriptions", metadata, _id(),
    _email(),
    Column("first_name", String(60)),
    Column("language", String(8)),
    Column("topics", String(120)),
    Column("opt_in_channel", String(20)),
    Column("opted_in_at", DateTime),
    Column("confirmed_at", DateTime),
    Column("consent_ip", String(45)),
    Column("unsubscribed_at", DateTime),
    Column("unsubscribe_reason", String(80)),
)  # fmt: skip

email_events = Table(
    "email_events", metadata, _id(),
    _email(),
    Column("campaign", String(80), nullable=False),
    Column("kind", String(12), nullable=False),  # opened, clicked, forwarded
    Column("occurred_at", DateTime, nullable=False),
    Column("ip", String(45)),
    Column("user_agent", String(300)),
    Column("link_url", String(200)),
)  # fmt: skip

web_sessions = Table(
    "web_sessions", metadata, _id(),
    Column("cookie_id", String(36), nullable=False, index=True),
    Column("contact_id", Integer, ForeignKey("erp_contacts.id"), index=True),
    Column("ip", String(45), nullable=False),
    Column("user_agent", String(300), nullable=False),
    Column("language", String(40)),
    Column("started_at", DateTime, nullable=False),
    Column("ended_at", DateTime),
    Column("landing_page", String(200)),
    Column("referrer", String(200)),
    Column("utm_campaign", String(80)),
    Column("page_views", SmallInteger, nullable=False),
)  # fmt: skip

web_log_lines = Table(
    "web_log_lines", metadata, _id(),
    Column("logged_at", DateTime, nullable=False),
    Column("cookie_id", String(36), index=True),
    Column("ip", String(45), nullable=False),
    Column("method", String(8), nullable=False),
    Column("path", String(200), nullable=False),
    Column("status", SmallInteger, nullable=False),
    Column("bytes_sent", Integer, nullable=False),
    Column("referrer", String(200)),
    Column("user_agent", String(300)),
    Column("geo_country", String(2)),
    Column("geo_city", String(80)),
)  # fmt: skip

support_tickets = Table(
    "support_tickets", metadata, _id(),
    Column("ticket_no", String(16), nullable=False),
    _email("requester_email"),
    Column("requester_name", String(120)),
    Column("requester_phone", String(32), index=True),
    Column("contact_id", Integer, ForeignKey("erp_contacts.id"), index=True),
    Column("channel", String(10), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(12), nullable=False),
    Column("priority", String(8), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
    Index("ux_support_tickets_ticket_no", "ticket_no", unique=True),
)  # fmt: skip

survey_responses = Table(
    "survey_responses", metadata, _id(),
    Column("survey", String(60), nullable=False),
    _email(nullable=True),
    Column("contact_id", Integer, ForeignKey("erp_contacts.id"), index=True),
    Column("question", String(200), nullable=False),
    Column("answer", Text),
    Column("score", SmallInteger),
    Column("submitted_at", DateTime, nullable=False),
)  # fmt: skip

forum_users = Table(
    "forum_users", metadata, _id(),
    Column("handle", String(40), nullable=False),
    _email(),
    Column("display_name", String(120)),
    Column("location", String(120)),
    Column("joined_at", DateTime, nullable=False),
    Column("last_seen_ip", String(45)),
    Column("is_moderator", Boolean, nullable=False),
    Index("ux_forum_users_handle", "handle", unique=True),
)  # fmt: skip

forum_posts = Table(
    "forum_posts", metadata, _id(),
    Column("user_id", Integer, ForeignKey("forum_users.id"), nullable=False, index=True),
    Column("thread_title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("posted_at", DateTime, nullable=False),
    Column("ip", String(45)),
)  # fmt: skip

hr_employees = Table(
    "hr_employees", metadata, _id(),
    Column("employee_no", String(12), nullable=False),
    Column("first_name", String(60), nullable=False),
    Column("last_name", String(60), nullable=False),
    _email("work_email"),
    _email("private_email", nullable=True),
    Column("phone", String(32), index=True),
    Column("date_of_birth", Date, nullable=False),
    Column("national_id", String(20), nullable=False),
    Column("national_id_kind", String(12), nullable=False),  # SSN, Steuer-ID, NINO
    Column("street", String(120)),
    Column("postal_code", String(12)),
    Column("city", String(80)),
    Column("country", String(2), nullable=False),
    Column("bank_iban", String(40)),
    Column("bank_routing_no", String(9)),
    Column("bank_account_no", String(17)),
    Column("job_title", String(80), nullable=False),
    Column("department", String(40), nullable=False),
    Column("office", String(40), nullable=False),
    Column("manager_id", Integer, ForeignKey("hr_employees.id"), index=True),
    Column("hired_on", Date, nullable=False),
    Column("terminated_on", Date),
    _money("salary"),
    Column("salary_currency", String(3), nullable=False),
    Column("emergency_contact_name", String(120)),
    Column("emergency_contact_phone", String(32)),
    Index("ux_hr_employees_employee_no", "employee_no", unique=True),
)  # fmt: skip

hr_absences = Table(
    "hr_absences", metadata, _id(),
    Column("employee_id", Integer, ForeignKey("hr_employees.id"), nullable=False, index=True),
    Column("kind", String(12), nullable=False),  # vacation, sick, parental, training, unpaid
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("days", Numeric(4, 1, asdecimal=False), nullable=False),
    Column("note", String(200)),
    Column("approved_by_id", Integer, ForeignKey("hr_employees.id"), index=True),
)  # fmt: skip
