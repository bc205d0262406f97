"""The work modes a roster gives each person for each day. Pure module: no Django import.

A StrEnum equals its string value, so stored rows, JSON and query filters keep the plain codes;
the pure cores of other apps import it from here without pulling in Django. People see the
labels of ``roster.models.MODE_LABELS`` instead of the codes.
"""

from enum import StrEnum


class WorkMode(StrEnum):
    WFO = "WFO"
    WFH = "WFH"
    FIELD = "FIELD"  # tugas lapangan: work away from the desk inside the city
    DUTY = "DUTY"  # dinas luar: an official trip, not expected at the office
    LEAVE = "LEAVE"  # cuti
