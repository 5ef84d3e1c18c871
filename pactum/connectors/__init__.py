"""Connectors to the company's own systems: SQL databases, HTTP services, manual steps."""
