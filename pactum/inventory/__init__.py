"""The data inventory: systems, their tables, which field holds which personal data, and how to erase it."""
