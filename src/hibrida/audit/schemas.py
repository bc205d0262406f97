"""API shapes shared by every decision route (approve, reject, return, answer, confirm)."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    errors: list[dict] = []


# Documented on each decision route: 409 when someone decided the request first
# (audit.decisions.AlreadyDecided), 422 for a bad note or a rule the decision breaks.
DECISION_ERRORS = {409: ErrorOut, 422: ErrorOut}
