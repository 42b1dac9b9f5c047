"""``PlanDraft``: what the extractor found in one plan document.

Its JSON form (:meth:`PlanDraft.to_json`) is the gold format described in
``SCHEMA.md`` of the shared gold folder, a public contract printed by
``cchc extract``. ``source`` entries on tasks are extra keys the scorer ignores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

AREAS = (
    "direction",
    "institutions",
    "procedures",
    "organization",
    "civil_service",
    "public_finance",
    "modernization",
    "other",
)

DEADLINE_KINDS = ("date", "recurring", "conditional", "none")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass
class Deadline:
    kind: str = "none"
    start: date | None = None
    due: date | None = None
    frequency: str | None = None  # only for recurring: monthly, quarterly, ...

    def to_json(self) -> dict:
        out = {"kind": self.kind, "start": _iso(self.start), "due": _iso(self.due)}
        if self.kind == "recurring":
            out["frequency"] = self.frequency
        return out


@dataclass
class Deliverable:
    product: str | None = None
    deadline_raw: str | None = None
    deadline: Deadline = field(default_factory=Deadline)

    def to_json(self) -> dict:
        return {
            "product": self.product,
            "deadline_raw": self.deadline_raw,
            "deadline": self.deadline.to_json(),
        }


@dataclass
class Task:
    ref: str
    content: str
    parent: str | None = None
    area: str | None = None
    lead: list[str] = field(default_factory=list)
    coop: list[str] = field(default_factory=list)
    deliverables: list[Deliverable] = field(default_factory=list)
    source: dict = field(default_factory=dict)  # Source.as_dict() of the row it came from
    # Why a reviewer should look twice at this row (empty when the extractor is sure).
    doubts: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        out = {
            "ref": self.ref,
            "parent": self.parent,
            "area": self.area,
            "content": self.content,
            "lead": list(self.lead),
            "coop": list(self.coop),
            "deliverables": [d.to_json() for d in self.deliverables or [Deliverable()]],
            "source": self.source,
        }
        if self.doubts:
            out["doubts"] = list(self.doubts)
        return out


@dataclass
class Target:
    text: str
    comparator: str
    value: float
    unit: str | None
    due: date | None = None

    def to_json(self) -> dict:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "text": self.text,
            "comparator": self.comparator,
            "value": value,
            "unit": self.unit,
            "due": _iso(self.due),
        }


@dataclass
class DocumentInfo:
    kind: str | None = None  # ke_hoach | chuong_trinh | quyet_dinh
    issuer: str | None = None
    number: str | None = None
    signed: date | None = None
    title: str | None = None
    period_start: date | None = None
    period_end: date | None = None

    @property
    def year(self) -> int | None:
        return self.period_start.year if self.period_start else None

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "issuer": self.issuer,
            "number": self.number,
            "signed": _iso(self.signed),
            "title": self.title,
            "period": {"start": _iso(self.period_start), "end": _iso(self.period_end)},
        }


@dataclass
class PlanDraft:
    source: str
    document: DocumentInfo = field(default_factory=DocumentInfo)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    # False when the document assigns no work (a regulation, a decision publishing
    # administrative procedures, a report): then it has no tasks and no targets.
    is_plan: bool = True

    def to_json(self) -> dict:
        out = {
            "source": self.source,
            "document": self.document.to_json(),
            "tasks": [t.to_json() for t in self.tasks],
            "targets": [t.to_json() for t in self.targets],
        }
        if not self.is_plan:
            out["not_a_plan"] = True  # an extra key, like a task's "source"
        return out
