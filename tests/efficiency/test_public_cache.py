"""The public table is cached for the day until a write to one of its inputs (issue #13 item 12:
the first visitor after every check-in or export must not wait seconds for the city's figures)."""

from __future__ import annotations

from hibrida.audit.log import record_event
from hibrida.efficiency import selectors
from tests.factories import EmployeeFactory, OpdFactory, PositionFactory, UnitFactory


def _staff(code: str) -> int | None:
    table = selectors.public_table(opd_code=code)
    cells = [c for c in table["cells"] if c.measure == "staff"]
    return cells[0].value if cells else None


def test_public_figures_follow_input_writes_not_every_audit_event(db):
    """Rule: an OPD of 12 reads 12; after a check-in and an export event (no input of the table)
    the cached 12 stays even though a 13th employee was stored without an event; once the
    employee write is audited ("employee.created") the table reads 13."""
    opd = OpdFactory(short_name="DinasCache")
    unit, position = UnitFactory(opd=opd), PositionFactory(opd=opd)
    EmployeeFactory.create_batch(12, unit=unit, position=position)
    assert _staff(opd.code) == 12
    # A row no audit event announces: the cache cannot know of it.
    EmployeeFactory(unit=unit, position=position)
    record_event(actor=None, action="presence.check_ins_recorded", object_type="presence")
    record_event(actor=None, action="activity_recap.exported", object_type="activity")
    assert _staff(opd.code) == 12
    record_event(actor=None, action="employee.created", object_type="org.employee")
    assert _staff(opd.code) == 13


def test_input_sequence_is_the_last_input_event(db):
    """Rule: the key moves with an input action (here "schedule.published") and stays put for
    any other action."""
    before = selectors.public_inputs_seq()
    record_event(actor=None, action="schedule.published", object_type="roster.schedule")
    published = selectors.public_inputs_seq()
    assert published > before
    record_event(actor=None, action="meeting.checked_in", object_type="meetings")
    assert selectors.public_inputs_seq() == published
