"""The one helper every view uses for its object-level check (the services use the same)."""

from cchc.accounts.predicates import require

__all__ = ["require"]
