"""The test company's databases: an ERP with composite keys, a CRM, web logs, a newsletter."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)

erp = MetaData()
crm = MetaData()
web = MetaData()
newsletter = MetaData()

Table(
    "companies", erp,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(120), nullable=False),
    Column("vat_no", String(20)),
    Column("switchboard", String(32), index=True),
    Column("billing_email", String(254), index=True),
)  # fmt: skip
Table(
    "addresses", erp,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("street", String(120), nullable=False),
    Column("city", String(80), nullable=False),
)  # fmt: skip
Table(
    "customers", erp,
    Column("client", String(3), primary_key=True),
    Column("customer_no", String(10), primary_key=True),
    Column("company_id", Integer, ForeignKey("companies.id"), index=True),
    Column("name", String(120), nullable=False),
    Column("email", String(254), index=True),
    Column("phone", String(32), index=True),
    Column("address_id", Integer, ForeignKey("addresses.id"), index=True),
)  # fmt: skip
Table(
    "orders", erp,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("client", String(3)),
    Column("customer_no", String(10)),
    Column("ship_to_name", String(120)),
    Column("ship_to_address_id", Integer, ForeignKey("addresses.id"), index=True),
    Column("total", Numeric(10, 2, asdecimal=False), nullable=False),
    ForeignKeyConstraint(["client", "customer_no"], ["customers.client", "customers.customer_no"]),
    Index("ix_orders_customer", "client", "customer_no"),
)  # fmt: skip
Table(
    "products", erp,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("title", String(80), nullable=False),
)  # fmt: skip
Table(
    "order_lines", erp,
    Column("order_id", Integer, ForeignKey("orders.id"), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("gift_message", Text),
)  # fmt: skip
Table(
    "invoices", erp,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("order_id", Integer, ForeignKey("orders.id"), nullable=False, index=True),
    Column("billing_name", String(120)),
    Column("amount", Numeric(10, 2, asdecimal=False), nullable=False),
)  # fmt: skip
Table(
    "employees", erp,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("work_email", String(254), nullable=False, index=True),
    Column("name", String(120), nullable=False),
    Column("manager_id", Integer, ForeignKey("employees.id"), index=True),
)  # fmt: skip

Table(
    "contacts", crm,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("email", String(254), index=True),
    Column("phone", String(32), index=True),
    Column("first_name", String(60)),
    Column("last_name", String(60)),
    Column("company_name", String(120)),
    Column("erp_client", String(3)),
    Column("erp_customer_no", String(10)),
    Index("ix_contacts_erp", "erp_client", "erp_customer_no"),
)  # fmt: skip
Table(
    "notes", crm,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("contact_id", Integer, ForeignKey("contacts.id"), nullable=False, index=True),
    Column("body", Text, nullable=False),
)  # fmt: skip

Table(
    "sessions", web,
    Column("session_id", String(36), primary_key=True),
    Column("cookie_id", String(36), nullable=False, index=True),
    Column("contact_id", Integer, index=True),
    Column("ip", String(45)),
)  # fmt: skip
Table(
    "page_views", web,  # a log: no primary key
    Column("cookie_id", String(36), index=True),
    Column("path", String(200), nullable=False),
    Column("ip", String(45)),
)  # fmt: skip

Table(
    "subscribers", newsletter,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("email", String(254), nullable=False, index=True),
    Column("first_name", String(60)),
    Column("topics", String(120)),
)  # fmt: skip

INVENTORY = """\
systems:
  - id: erp
    name: ERP
    url: {erp}
    country: US
    datasets:
      - name: companies
        shared: true
        fields:
          - {{name: id}}
          - {{name: name, category: user.workplace}}
          - {{name: vat_no, category: user.workplace}}
          - {{name: switchboard, category: user.contact.phone_number, identity: phone}}
          - {{name: billing_email, category: user.contact.email, identity: email}}
      - name: addresses
        shared: true
        fields:
          - {{name: id}}
          - {{name: street, category: user.contact.address.street}}
          - {{name: city, category: user.contact.address.city}}
      - name: customers
        subjects: [customer]
        erasure: delete_row
        fields:
          - {{name: client}}
          - {{name: customer_no, category: user.unique_id}}
          - {{name: company_id}}
          - {{name: name, category: user.name}}
          - {{name: email, category: user.contact.email, identity: email}}
          - {{name: phone, category: user.contact.phone_number, identity: phone}}
          - {{name: address_id}}
        references:
          - {{fields: [company_id], to: companies, to_fields: [id]}}
          - {{fields: [address_id], to: addresses, to_fields: [id]}}
      - name: orders
        subjects: [customer]
        erasure: delete_row
        fields:
          - {{name: id}}
          - {{name: client}}
          - {{name: customer_no}}
          - {{name: ship_to_name, category: user.name}}
          - {{name: ship_to_address_id}}
          - {{name: total}}
        references:
          - {{fields: [client, customer_no], to: customers, to_fields: [client, customer_no]}}
          - {{fields: [ship_to_address_id], to: addresses, to_fields: [id]}}
      - name: order_lines
        erasure: delete_row
        fields:
          - {{name: order_id}}
          - {{name: line_no}}
          - {{name: gift_message, category: user.content}}
        references:
          - {{fields: [order_id], to: orders, to_fields: [id]}}
      - name: invoices
        erasure: delete_row
        fields:
          - {{name: id}}
          - {{name: order_id}}
          - {{name: billing_name, category: user.name}}
          - name: amount
            category: user.financial
            erasure: keep
            obligation: 26 U.S.C. 6001 (tax records)
            keep_for: 7 years
        references:
          - {{fields: [order_id], to: orders, to_fields: [id]}}
      - name: employees
        subjects: [employee]
        erasure: delete_row
        fields:
          - {{name: id}}
          - {{name: work_email, category: user.contact.email, identity: email}}
          - {{name: name, category: user.name}}
          - {{name: manager_id}}
        references:
          - {{fields: [manager_id], to: employees, to_fields: [id]}}
  - id: crm
    name: CRM
    url: {crm}
    datasets:
      - name: contacts
        subjects: [customer]
        erasure: delete_row
        fields:
          - {{name: id}}
          - {{name: email, category: user.contact.email, identity: email}}
          - {{name: phone, category: user.contact.phone_number, identity: phone}}
          - {{name: first_name, category: user.name}}
          - {{name: last_name, category: user.name}}
          - {{name: company_name, category: user.workplace, erasure: mask}}
          - {{name: erp_client}}
          - {{name: erp_customer_no}}
        references:
          - {{fields: [erp_client, erp_customer_no], to: erp.customers, to_fields: [client, customer_no]}}
      - name: notes
        erasure: delete_row
        fields:
          - {{name: id}}
          - {{name: contact_id}}
          - {{name: body, category: user.content}}
        references:
          - {{fields: [contact_id], to: contacts, to_fields: [id]}}
  - id: web
    name: Website
    url: {web}
    datasets:
      - name: sessions
        erasure: "null"
        fields:
          - {{name: session_id}}
          - {{name: cookie_id, category: user.device.cookie_id, identity: cookie_id, erasure: hash}}
          - {{name: contact_id}}
          - {{name: ip, category: user.device.ip_address, erasure: mask}}
        references:
          - {{fields: [contact_id], to: crm.contacts, to_fields: [id]}}
      - name: page_views
        erasure: delete_row
        fields:
          - {{name: cookie_id, category: user.device.cookie_id, identity: cookie_id}}
          - {{name: path, category: user.behavior.browsing_history}}
          - {{name: ip, category: user.device.ip_address}}
  - id: newsletter
    name: Newsletter service
    kind: http
    url: {newsletter}
    datasets:
      - name: subscribers
        erasure: delete_row
        fields:
          - {{name: id}}
          - {{name: email, category: user.contact.email, identity: email}}
          - {{name: first_name, category: user.name}}
          - {{name: topics, category: user.preferences}}
  - id: archive
    name: Paper archive
    kind: manual
    owner: Office manager
    datasets:
      - name: contracts
        erasure: delete_row
        fields:
          - {{name: signed_by, category: user.name}}
          - {{name: email, category: user.contact.email, identity: email}}
"""
