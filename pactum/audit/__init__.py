"""The tamper-evident audit log: one hash chain that every capability writes to."""
