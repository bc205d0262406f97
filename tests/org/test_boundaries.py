"""NIP / NI PPPK thresholds at, just below and just above each bound (hand-worked dates)."""

import datetime as dt

import pytest
import time_machine

from hibrida.org.nip import NipError, make_nip, parse_asn_number, parse_nip, parse_pppk

TODAY = dt.date(2026, 11, 24)
BIRTH = dt.date(1985, 1, 15)  # 18 on 15-01-2003


def _code(call, *args) -> str:
    with pytest.raises(NipError) as err:
        call(*args, today=TODAY)
    return err.value.code


class TestTmtCpnsAge18:
    def test_the_month_of_the_18th_birthday_is_accepted(self):
        info = parse_nip(make_nip(BIRTH, 2003, 1, "L", 1), today=TODAY)
        assert (info.start_year, info.start_month) == (2003, 1)

    def test_one_month_before_the_18th_birthday_is_refused(self):
        assert _code(parse_nip, make_nip(BIRTH, 2002, 12, "L", 1)) == "start_before_adult"

    def test_one_month_after_is_accepted(self):
        assert parse_nip(make_nip(BIRTH, 2003, 2, "L", 1), today=TODAY).start_month == 2

    def test_a_29_february_birth_turns_18_on_28_february(self):
        leap = dt.date(2000, 2, 29)  # 2018 is not a leap year: 18 on 28-02-2018
        assert parse_nip(make_nip(leap, 2018, 2, "P", 7), today=TODAY).start_month == 2
        assert _code(parse_nip, make_nip(leap, 2018, 1, "P", 7)) == "start_before_adult"


class TestTmtCpnsFuture:
    def test_the_current_month_is_accepted(self):
        assert parse_nip(make_nip(BIRTH, 2026, 11, "L", 1), today=TODAY).start_year == 2026

    def test_next_month_is_refused(self):
        assert _code(parse_nip, make_nip(BIRTH, 2026, 12, "L", 1)) == "start_future"

    def test_january_of_next_year_is_refused(self):
        assert _code(parse_nip, make_nip(BIRTH, 2027, 1, "L", 1)) == "start_future"

    def test_today_defaults_to_the_clock(self):
        with time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False):
            assert parse_nip(make_nip(BIRTH, 2026, 11, "L", 1)).start_month == 11
            with pytest.raises(NipError) as err:
                parse_nip(make_nip(BIRTH, 2026, 12, "L", 1))
        assert err.value.code == "start_future"


class TestDigitFields:
    @pytest.mark.parametrize(("month", "ok"), [(0, False), (1, True), (12, True), (13, False)])
    def test_start_month_01_to_12(self, month, ok):
        nip = f"19850115{2005:04d}{month:02d}1001"
        if ok:
            assert parse_nip(nip, today=TODAY).start_month == month
        else:
            assert _code(parse_nip, nip) == "start_month"

    @pytest.mark.parametrize(("year", "ok"), [(1939, False), (1940, True), (1941, True)])
    def test_birth_year_from_1940(self, year, ok):
        nip = f"{year}0115{year + 20}011001"
        if ok:
            assert parse_nip(nip, today=TODAY).birth_date == dt.date(year, 1, 15)
        else:
            assert _code(parse_nip, nip) == "birth_date"

    @pytest.mark.parametrize(
        ("digit", "gender"), [("0", None), ("1", "L"), ("2", "P"), ("3", None)]
    )
    def test_gender_digit_1_or_2(self, digit, gender):
        nip = f"198501152005{'01'}{digit}001"
        if gender:
            assert parse_nip(nip, today=TODAY).gender == gender
        else:
            assert _code(parse_nip, nip) == "gender"

    @pytest.mark.parametrize(("seq", "ok"), [("000", False), ("001", True), ("999", True)])
    def test_sequence_from_001(self, seq, ok):
        nip = f"198501152005011{seq}"
        if ok:
            assert parse_nip(nip, today=TODAY).sequence == int(seq)
        else:
            assert _code(parse_nip, nip) == "sequence"

    @pytest.mark.parametrize(("length", "ok"), [(17, False), (18, True), (19, False)])
    def test_exactly_18_digits(self, length, ok):
        nip = ("198501152005011001" + "1")[:length]
        if ok:
            assert parse_nip(nip, today=TODAY).number == nip
        else:
            assert _code(parse_nip, nip) == "length"

    def test_spaces_are_ignored_and_the_message_counts_digits(self):
        assert parse_nip(" 19850115 200501 1 001 ", today=TODAY).number == "198501152005011001"
        with pytest.raises(NipError) as err:
            parse_nip("1985011520050110011", today=TODAY)
        assert err.value.message == "NIP harus 18 digit (tertulis 19 digit)."

    def test_none_is_empty(self):
        assert _code(parse_nip, None) == "empty"


class TestPppk:
    # Born 14-03-1992: 18 in 2010.
    @pytest.mark.parametrize(
        ("year", "code"), [(2009, "start_before_adult"), (2010, None), (2011, None)]
    )
    def test_appointment_year_from_the_18th_birthday_year(self, year, code):
        number = f"19920314{year}212012"
        if code is None:
            info = parse_pppk(number, today=TODAY)
            assert (info.start_year, info.start_month, info.asn_type) == (year, None, "PPPK")
        else:
            assert _code(parse_pppk, number) == code

    @pytest.mark.parametrize(("year", "ok"), [(2026, True), (2027, False)])
    def test_appointment_year_not_after_this_year(self, year, ok):
        number = f"19920314{year}212012"
        if ok:
            assert parse_pppk(number, today=TODAY).start_year == 2026
        else:
            assert _code(parse_pppk, number) == "start_future"

    def test_the_type_picks_the_parser(self):
        assert parse_asn_number("199203142022212012", "PPPK", TODAY).asn_type == "PPPK"
        assert parse_asn_number("198501152005011001", "PNS", TODAY).asn_type == "PNS"
        with pytest.raises(NipError):
            parse_asn_number("199203142022212012", "PNS", TODAY)


class TestMessages:
    """The exact Indonesian text of each refusal (shown verbatim on the import and form pages)."""

    @pytest.mark.parametrize(
        ("call", "number", "message"),
        [
            (
                parse_nip,
                "198502302005011001",
                "Digit 1–8 NIP bukan tanggal lahir yang sah (19850230).",
            ),
            (parse_nip, "193901151960011001", "Tahun lahir pada NIP tidak wajar (1939)."),
            (
                parse_nip,
                "198501152005131001",
                "Digit 13–14 NIP (bulan TMT CPNS) harus 01–12, bukan 13.",
            ),
            (parse_pppk, "", "NI PPPK wajib diisi."),
            (parse_pppk, "199203142022052012", "Digit 13–14 NI PPPK harus 21, bukan 05."),
            (parse_pppk, "199203142009212012", "Tahun pengangkatan 2009 sebelum usia 18 tahun."),
            (parse_pppk, "199203142027212012", "Tahun pengangkatan 2027 berada di masa depan."),
        ],
    )
    def test_message(self, call, number, message):
        with pytest.raises(NipError) as err:
            call(number, today=TODAY)
        assert err.value.message == message
        assert str(err.value) == message

    def test_pppk_info_carries_every_part(self):
        info = parse_pppk("199203142022211045", today=TODAY)
        assert info.number == "199203142022211045"
        assert info.birth_date == dt.date(1992, 3, 14)
        assert (info.gender, info.sequence) == ("L", 45)


class TestClockDefault:
    def test_pppk_today_defaults_to_the_clock(self):
        with time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False):
            assert parse_pppk("199203142026212012").start_year == 2026
            assert _code(lambda n, today: parse_pppk(n), "199203142027212012") == "start_future"

    def test_parse_asn_number_passes_today_on(self):
        # The clock says 2020; the caller's today (2026) must be the one used.
        with time_machine.travel(dt.datetime(2020, 6, 1, tzinfo=dt.UTC), tick=False):
            assert parse_asn_number("199203142025212012", "PPPK", TODAY).start_year == 2025
            assert parse_asn_number("198501152025011001", "PNS", TODAY).start_year == 2025
