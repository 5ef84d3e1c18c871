"""Executing privacy requests across the company's systems: locate, copy, erase, correct, prove."""
