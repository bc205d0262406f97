"""The overlay rule of planned modes, on its own (planned_modes and the team page share it)."""

from hibrida.roster.selectors import apply_overlay


def test_change_counts_only_when_made_after_publication():
    assert apply_overlay("WFO", [("WFH", False, True)]) == "WFH"
    assert apply_overlay("WFO", [("WFH", False, False)]) == "WFO"  # already in the re-plan


def test_later_change_wins_over_an_earlier_one():
    assert apply_overlay("WFO", [("WFH", False, True), ("FIELD", False, True)]) == "FIELD"


def test_leave_and_duty_win_whatever_their_order():
    assert apply_overlay("WFO", [("LEAVE", True, False), ("WFH", False, True)]) == "LEAVE"
    assert apply_overlay("WFH", [("WFO", False, True), ("DUTY", True, True)]) == "DUTY"


def test_without_a_published_plan_only_leave_and_duty_count():
    assert apply_overlay(None, [("WFH", False, False)]) is None
    assert apply_overlay(None, [("DUTY", True, False)]) == "DUTY"
    assert apply_overlay(None, []) is None
