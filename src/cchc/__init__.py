"""cchc — the administrative-reform (cải cách hành chính) cycle, from plan documents to results."""

__version__ = "0.1.0"
