"""Consent and preferences: the ledger, the check, unsubscribe, GPC, the cookie banner, propagation."""
