"""NIP / NI PPPK rules (BKN format) — property tests and one case per violation."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hibrida.org.nip import NipError, make_nip, parse_nip, parse_pppk

TODAY = dt.date(2026, 11, 24)

births = st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2004, 12, 31))


@given(
    birth=births,
    offset_months=st.integers(min_value=18 * 12 + 1, max_value=40 * 12),
    gender=st.sampled_from(["L", "P"]),
    seq=st.integers(min_value=1, max_value=999),
)
def test_every_well_formed_nip_parses_back_to_its_parts(birth, offset_months, gender, seq):
    months = birth.year * 12 + birth.month - 1 + offset_months
    year, month = divmod(months, 12)
    month += 1
    if (year, month) > (TODAY.year, TODAY.month):
        return
    info = parse_nip(make_nip(birth, year, month, gender, seq), today=TODAY)
    assert (info.birth_date, info.start_year, info.start_month) == (birth, year, month)
    assert info.gender == gender and info.sequence == seq and info.asn_type == "PNS"


@given(st.text(alphabet="0123456789", min_size=0, max_size=30).filter(lambda s: len(s) != 18))
def test_any_length_other_than_18_is_refused(number):
    with pytest.raises(NipError):
        parse_nip(number, today=TODAY)


@pytest.mark.parametrize(
    ("nip", "code", "fragment"),
    [
        ("19850230 200501 1 001".replace(" ", ""), "birth_date", "tanggal lahir"),
        ("198501152005131001", "start_month", "bulan TMT"),
        ("198501152002011001", "start_before_adult", "18 tahun"),
        ("198501152005013001", "gender", "jenis kelamin"),
        ("198501152005011000", "sequence", "000"),
        ("1985011520050110A1", "digits", "angka"),
        ("19850115200501100", "length", "18 digit"),
        ("", "empty", "wajib"),
        ("198501152030011001", "start_future", "masa depan"),
    ],
)
def test_each_nip_violation_has_its_own_indonesian_message(nip, code, fragment):
    with pytest.raises(NipError) as err:
        parse_nip(nip, today=TODAY)
    assert err.value.code == code
    assert fragment in err.value.message


def test_pppk_number_uses_code_21_where_the_pns_month_stands():
    info = parse_pppk("199203142022212012", today=TODAY)
    assert info.asn_type == "PPPK" and info.start_year == 2022 and info.gender == "P"
    with pytest.raises(NipError) as err:
        parse_pppk("199203142022052012", today=TODAY)
    assert err.value.code == "pppk_code"
    # A PPPK number is not a valid PNS NIP: month 21 does not exist.
    with pytest.raises(NipError):
        parse_nip("199203142022212012", today=TODAY)
