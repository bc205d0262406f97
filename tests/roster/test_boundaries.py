"""Roster limits at, just below and just above each bound: on-site minimums (count and share),
the 50:50 WFH share, the weekly WFH cap, and the problem checks that guard them."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from hibrida.roster.problem import (
    ProblemError,
    Unit,
    onsite_requirement,
    parse_problem,
    wfh_capacity,
)
from hibrida.roster.solver import solve

WEEK = ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"]


class TestProblemChecks:
    @pytest.mark.parametrize(
        ("share", "staff", "need"),
        [
            # ceil(share × staff): 0.5 × 9 = 4.5 → 5; 0.5 × 10 = 5 → 5; 0.5 × 11 = 5.5 → 6.
            (0.5, 9, 5),
            (0.5, 10, 5),
            (0.5, 11, 6),
            (0.3, 10, 3),  # exactly 3/10, not 3.0000000000000004 → 4
            (0, 10, 0),
            (1, 10, 10),
        ],
    )
    def test_onsite_share_rounds_up(self, share, staff, need):
        unit = Unit("u", min_onsite_share=Fraction(str(share)))
        assert onsite_requirement(unit, staff, staff) == need

    @pytest.mark.parametrize(("count", "need"), [(3, 5), (5, 5), (6, 6)])
    def test_the_larger_of_count_and_share_applies(self, count, need):
        unit = Unit("u", min_onsite_share=Fraction(1, 2), min_onsite_count=count)
        assert onsite_requirement(unit, 10, 10) == need

    @pytest.mark.parametrize(("available", "need"), [(4, 4), (5, 5), (6, 5)])
    def test_the_requirement_is_capped_by_who_can_be_there(self, available, need):
        unit = Unit("u", min_onsite_count=5)
        assert onsite_requirement(unit, 10, available) == need

    @pytest.mark.parametrize(
        ("wfh_share", "staff", "cap"),
        [(None, 10, 8), (Fraction(1, 2), 10, 5), (Fraction(1, 2), 9, 4), (Fraction(1, 2), 11, 5)],
    )
    def test_wfh_capacity_with_the_50_50_share(self, wfh_share, staff, cap):
        # min_onsite_count 2: 10 staff leave 8 by coverage; floor(0.5 × n) by the share.
        unit = Unit("u", min_onsite_count=2, wfh_share=wfh_share)
        assert wfh_capacity(unit, staff, staff) == cap

    def test_wfh_capacity_is_never_negative(self):
        unit = Unit("u", min_onsite_count=5)
        assert wfh_capacity(unit, 10, 3) == 0
        assert wfh_capacity(Unit("u", wfh_share=Fraction(0)), 10, 10) == 0

    @staticmethod
    def _problem(**employee) -> dict:
        emp = {"id": "e1", "unit": "u", "wfh_target": 5, **employee}
        return {"days": WEEK, "units": [{"id": "u"}], "employees": [emp]}

    @pytest.mark.parametrize("cap", [0, 1, 2, 5])
    def test_the_weekly_wfh_cap_is_reached_and_not_exceeded(self, cap):
        solution = solve(self._problem(max_wfh_per_week=cap))
        assert list(solution["assignments"]["e1"].values()).count("WFH") == cap

    @pytest.mark.parametrize(
        ("field", "value", "where", "message"),
        [
            ("max_wfh_per_week", -1, "employees[0].max_wfh_per_week", "tidak boleh negatif"),
            ("max_wfh_per_week", 1.5, "employees[0].max_wfh_per_week", "harus bilangan bulat"),
            ("max_wfh_per_week", True, "employees[0].max_wfh_per_week", "harus bilangan bulat"),
            ("wfh_target", "2", "employees[0].wfh_target", "harus bilangan bulat"),
            ("eligible", "ya", "employees[0].eligible", "harus true atau false"),
            ("ineligible_reason", 3, "employees[0].ineligible_reason", "harus berupa teks"),
        ],
    )
    def test_employee_field_checks(self, field, value, where, message):
        with pytest.raises(ProblemError) as err:
            parse_problem(self._problem(**{field: value}))
        assert (err.value.field, err.value.message) == (where, message)
        assert str(err.value) == f"{where}: {message}"

    @pytest.mark.parametrize(("value", "expected"), [(0, 0), (0.0, 0), (2.0, 2), (7, 7)])
    def test_counts_from_zero(self, value, expected):
        emp = parse_problem(self._problem(max_wfh_per_week=value)).employees[0]
        assert emp.max_wfh_per_week == expected

    @pytest.mark.parametrize(
        ("share", "ok"),
        [(-0.01, False), (0, True), (0.5, True), (1, True), (1.0, True), (1.01, False)],
    )
    def test_shares_from_0_to_1(self, share, ok):
        data = {"days": WEEK, "units": [{"id": "u", "min_onsite_share": share}], "employees": []}
        if ok:
            unit = parse_problem(data).units["u"]
            assert unit.min_onsite_share == Fraction(str(share))
        else:
            with pytest.raises(ProblemError) as err:
                parse_problem(data)
            assert (err.value.field, err.value.message) == (
                "units[0].min_onsite_share",
                "harus antara 0 dan 1",
            )

    @pytest.mark.parametrize("share", [float("nan"), float("inf"), "0.5", None, False])
    def test_a_share_must_be_a_finite_number(self, share):
        data = {"days": WEEK, "units": [{"id": "u", "wfh_share": share}], "employees": []}
        if share is None:
            assert parse_problem(data).units["u"].wfh_share is None
            return
        with pytest.raises(ProblemError) as err:
            parse_problem(data)
        assert (err.value.field, err.value.message) == (
            "units[0].wfh_share",
            "harus berupa angka antara 0 dan 1",
        )

    def test_wfh_day_rules(self):
        p = parse_problem(
            {
                "days": WEEK,
                "units": [{"id": "u"}],
                "employees": [],
                "allowed_weekdays": ["senin", "Rabu ", "friday"],
                "blackout": ["2026-01-09"],
            }
        )
        allowed = [p.wfh_day_allowed(date.fromisoformat(d)) for d in WEEK]
        assert allowed == [True, False, True, False, False]
        fixed = parse_problem(
            {"days": WEEK, "units": [], "employees": [], "fixed_wfh_weekday": "jum'at"}
        )
        assert [fixed.wfh_day_allowed(date.fromisoformat(d)) for d in WEEK] == [
            False,
            False,
            False,
            False,
            True,
        ]

    @pytest.mark.parametrize(
        ("data", "where", "message"),
        [
            ([], "problem", "harus berupa objek JSON"),
            ({"units": [], "employees": []}, "days", "harus berupa daftar (list)"),
            (
                {"days": ["2026-1-5"], "units": [], "employees": []},
                "days[0]",
                "tanggal tidak valid: '2026-1-5' (gunakan format YYYY-MM-DD)",
            ),
            (
                {"days": ["2026-02-30"], "units": [], "employees": []},
                "days[0]",
                "tanggal tidak valid: '2026-02-30' (gunakan format YYYY-MM-DD)",
            ),
            (
                {"days": [WEEK[0], WEEK[0]], "units": [], "employees": []},
                "days[1]",
                "tanggal ganda: 2026-01-05",
            ),
            (
                {"days": WEEK, "units": [{"id": "u"}, {"id": "u"}], "employees": []},
                "units[1].id",
                "id unit ganda: 'u'",
            ),
            (
                {"days": WEEK, "units": [{"id": " "}], "employees": []},
                "units[0].id",
                "id wajib diisi (teks atau angka)",
            ),
            ({"days": WEEK, "units": ["u"], "employees": []}, "units[0]", "harus berupa objek"),
            (
                {"days": WEEK, "units": [{"id": "u"}], "employees": [{"id": 1, "unit": "v"}]},
                "employees[0].unit",
                "unit tidak dikenal: 'v'",
            ),
            (
                {
                    "days": WEEK,
                    "units": [{"id": "u"}],
                    "employees": [{"id": 1, "unit": "u"}, {"id": "1", "unit": "u"}],
                },
                "employees[1].id",
                "id pegawai ganda: '1'",
            ),
            (
                {"days": WEEK, "units": [], "employees": [], "fixed_wfh_weekday": "libur"},
                "fixed_wfh_weekday",
                "nama hari tidak dikenal: 'libur' (contoh: 'mon' atau 'senin')",
            ),
            (
                {
                    "days": WEEK,
                    "units": [{"id": "u"}],
                    "employees": [{"id": 1, "unit": "u", "published": {WEEK[0]: "OFF"}}],
                },
                f"employees[0].published[{WEEK[0]}]",
                "status tidak dikenal: 'OFF' (WFH, WFO, LEAVE, DUTY)",
            ),
        ],
    )
    def test_problem_level_checks(self, data, where, message):
        with pytest.raises(ProblemError) as err:
            parse_problem(data)
        assert (err.value.field, err.value.message) == (where, message)

    def test_preferences_and_absences(self):
        p = parse_problem(
            {
                "days": WEEK,
                "units": [{"id": 7}],
                "employees": [
                    {
                        "id": "e",
                        "unit": 7,
                        "prefer_wfh": ["mon", WEEK[2]],
                        "avoid_wfh": ["selasa", WEEK[2]],
                        "leave": [WEEK[3]],
                        "duty": [WEEK[3], WEEK[4]],
                        "published": {WEEK[0]: "WFH"},
                    }
                ],
            }
        )
        e = p.employees[0]
        days = [date.fromisoformat(d) for d in WEEK]
        assert [e.preference(d) for d in days] == [1, -1, 0, 0, 0]
        assert [e.state_off(d) for d in days] == [None, None, None, "LEAVE", "DUTY"]
        assert e.unit == "7" and e.published == {days[0]: "WFH"}

    # Each employee-level refusal names the exact field path.
    @staticmethod
    def _parse(employee, units=({"id": "u"},)):
        return parse_problem({"days": WEEK, "units": list(units), "employees": [employee]})

    @pytest.mark.parametrize(
        ("employee", "where", "message"),
        [
            ("e", "employees[0]", "harus berupa objek"),
            ({"unit": "u"}, "employees[0].id", "id wajib diisi (teks atau angka)"),
            (
                {"id": 1, "unit": "u", "prefer_wfh": "mon"},
                "employees[0].prefer_wfh",
                "harus berupa daftar (list)",
            ),
            (
                {"id": 1, "unit": "u", "prefer_wfh": ["mon", "x"]},
                "employees[0].prefer_wfh[1]",
                "nama hari tidak dikenal: 'x' (contoh: 'mon' atau 'senin')",
            ),
            (
                {"id": 1, "unit": "u", "avoid_wfh": ["2026-02-30"]},
                "employees[0].avoid_wfh[0]",
                "tanggal tidak valid: '2026-02-30' (gunakan format YYYY-MM-DD)",
            ),
            (
                {"id": 1, "unit": "u", "leave": ["x"]},
                "employees[0].leave[0]",
                "tanggal tidak valid: 'x' (gunakan format YYYY-MM-DD)",
            ),
            (
                {"id": 1, "unit": "u", "duty": [WEEK[0], 5]},
                "employees[0].duty[1]",
                "tanggal tidak valid: 5 (gunakan format YYYY-MM-DD)",
            ),
            (
                {"id": 1, "unit": "u", "published": []},
                "employees[0].published",
                "harus berupa objek {tanggal: status}",
            ),
            (
                {"id": 1, "unit": "u", "published": {"besok": "WFH"}},
                "employees[0].published[besok]",
                "tanggal tidak valid: 'besok' (gunakan format YYYY-MM-DD)",
            ),
            (
                {"id": 1, "unit": "u", "carry_shortfall": -1},
                "employees[0].carry_shortfall",
                "tidak boleh negatif",
            ),
        ],
    )
    def test_employee_paths(self, employee, where, message):
        with pytest.raises(ProblemError) as err:
            self._parse(employee)
        assert (err.value.field, err.value.message) == (where, message)

    def test_a_boolean_unit_is_refused_even_when_a_unit_is_called_true(self):
        with pytest.raises(ProblemError) as err:
            self._parse({"id": 1, "unit": True}, units=({"id": "True"},))
        assert (err.value.field, err.value.message) == (
            "employees[0].unit",
            "unit tidak dikenal: True",
        )

    def test_every_field_is_kept(self):
        e = self._parse(
            {
                "id": 1,
                "unit": "u",
                "eligible": False,
                "ineligible_reason": "jabatan pelayanan",
                "carry_shortfall": 2,
                "prefer_wfh": [WEEK[2]],
                "avoid_wfh": ["kamis"],
            }
        ).employees[0]
        assert (e.eligible, e.ineligible_reason, e.carry_shortfall, e.wfh_target) == (
            False,
            "jabatan pelayanan",
            2,
            0,
        )
        assert e.prefer_dates == {date(2026, 1, 7)} and e.prefer_weekdays == frozenset()
        assert e.avoid_weekdays == {3} and e.avoid_dates == frozenset()
        assert e.max_wfh_per_week is None and e.published is None

    @pytest.mark.parametrize(
        ("extra", "where", "message"),
        [
            ({"blackout": "2026-01-05"}, "blackout", "harus berupa daftar (list)"),
            (
                {"blackout": ["x"]},
                "blackout[0]",
                "tanggal tidak valid: 'x' (gunakan format YYYY-MM-DD)",
            ),
            ({"allowed_weekdays": "mon"}, "allowed_weekdays", "harus berupa daftar (list)"),
            (
                {"allowed_weekdays": ["mon", "x"]},
                "allowed_weekdays[1]",
                "nama hari tidak dikenal: 'x' (contoh: 'mon' atau 'senin')",
            ),
            ({"units": None}, "units", "harus berupa daftar (list)"),
            ({"employees": None}, "employees", "harus berupa daftar (list)"),
            (
                {"units": [{"id": "u", "min_onsite_count": -1}]},
                "units[0].min_onsite_count",
                "tidak boleh negatif",
            ),
        ],
    )
    def test_problem_field_paths(self, extra, where, message):
        data = {"days": WEEK, "units": [{"id": "u"}], "employees": [], **extra}
        with pytest.raises(ProblemError) as err:
            parse_problem(data)
        assert (err.value.field, err.value.message) == (where, message)

    def test_unit_and_employee_values_and_defaults(self):
        p = parse_problem(
            {
                "days": WEEK,
                "units": [{"id": "u", "min_onsite_count": 3, "wfh_share": 0.5}],
                "employees": [{"id": 1, "unit": "u", "leave": [WEEK[0], WEEK[0]]}],
            }
        )
        unit, emp = p.units["u"], p.employees[0]
        assert (unit.min_onsite_count, unit.wfh_share) == (3, Fraction(1, 2))
        assert (emp.carry_shortfall, emp.leave) == (0, {date(2026, 1, 5)})
