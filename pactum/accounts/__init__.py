"""Staff accounts and their roles (need to know), API keys, sessions."""
