"""The read-only JSON API under /api/: townships, items, departments and categories."""
