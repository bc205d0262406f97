"""API schemas of the e-Activity Report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from hibrida.bounds import BoundedDate, Id, Year


class ActivityIn(Schema):
    description: str = Field(min_length=1, max_length=4000)
    output: str = Field(min_length=1, max_length=300)
    quantity: Decimal = Field(gt=0, max_digits=10, decimal_places=2)
    unit: str = Field(min_length=1, max_length=50)
    minutes: int = Field(ge=1, le=1440)
    target_id: Id | None = None
    evidence_link: str = Field(default="", max_length=500)


class DraftIn(Schema):
    day: BoundedDate
    note: str = Field(default="", max_length=4000)
    activities: list[ActivityIn] = Field(default_factory=list, max_length=50)


class DraftUpdateIn(Schema):
    note: str = Field(default="", max_length=4000)
    activities: list[ActivityIn] = Field(default_factory=list, max_length=50)


class ActivityOut(Schema):
    id: int
    description: str
    output: str
    quantity: Decimal
    unit: str
    minutes: int
    target_id: int | None
    evidence_link: str
    has_evidence_file: bool

    @staticmethod
    def resolve_has_evidence_file(obj) -> bool:
        return bool(obj.evidence_path)


class ReportOut(Schema):
    id: int
    employee_id: int
    employee_name: str
    day: dt.date
    status: str
    work_mode: str
    is_late: bool
    submitted_at: dt.datetime | None
    validator_id: int | None
    validation_due: dt.date | None
    escalation_level: int
    validation_comment: str
    note: str
    activities: list[ActivityOut]

    @staticmethod
    def resolve_employee_name(obj) -> str:
        return obj.employee.name

    # The API keeps its published name; the model stores it as the shared decision note.
    @staticmethod
    def resolve_validation_comment(obj) -> str:
        return obj.decision_note

    @staticmethod
    def resolve_activities(obj) -> list:
        return list(obj.activities.all())


class ReportSummaryOut(Schema):
    id: int
    employee_id: int
    day: dt.date
    status: str
    work_mode: str
    is_late: bool
    validation_due: dt.date | None


class EventOut(Schema):
    at: dt.datetime
    kind: str
    actor_label: str
    comment: str


class CommentIn(Schema):
    comment: str = Field(default="", max_length=2000)


class ReasonIn(Schema):
    reason: str = Field(default="", max_length=2000)


class BulkIn(Schema):
    report_ids: list[Id] = Field(max_length=500)


class BulkOut(Schema):
    approved: int


class TargetIn(Schema):
    employee_id: Id | None = None
    year: Year
    title: str = Field(max_length=300)
    indicator: str = Field(max_length=300)
    target_quantity: Decimal = Field(max_digits=12, decimal_places=2)
    unit: str = Field(max_length=50)
    parent_id: Id | None = None


class TargetOut(Schema):
    id: int
    employee_id: int
    year: int
    title: str
    indicator: str
    target_quantity: Decimal
    unit: str
    parent_id: int | None


class RealisationOut(Schema):
    title: str
    planned: float
    planned_to_date: float
    realised: float
    percent: float | None


class PerformanceOut(Schema):
    employee_id: int
    period: str
    working_days: int
    working_days_in_month: int
    working_days_counted: int
    counted_through: dt.date | None
    month_complete: bool
    enough_data: bool
    basis: str
    score: float | None
    predicate: str | None
    productivity_index: float | None
    wfh_days: int
    wfo_days: int
    realisation: list[RealisationOut]
    formula: str
