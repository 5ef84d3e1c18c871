"""Pactum: a company's privacy policy, run as software."""

__version__ = "0.1.0"
