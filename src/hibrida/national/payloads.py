"""Hibrida's performance results as SIASN write payloads. No Django import.

Field names follow public client code of ``/kinerjaperiodik/save`` and ``/skp22/save``; the
rating codes are assumptions until checked against the gateway with the city's credentials
(docs/national.md, "Results back to BKN").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

KINERJA_PERIODIK = "kinerjaperiodik"
SKP22 = "skp22"
OPERATIONS = (KINERJA_PERIODIK, SKP22)

# Rating of work results (PermenPANRB 6/2022: above / as / below expectation) from Hibrida's
# output score; the codes 1/2/3 are assumed.
RATINGS = ((110.0, 1, "Di atas ekspektasi"), (90.0, 2, "Sesuai ekspektasi"))
LOWEST_RATING = (3, "Di bawah ekspektasi")


def rating(score: float) -> tuple[int, str]:
    for threshold, code, label in RATINGS:
        if score >= threshold:
            return code, label
    return LOWEST_RATING


def idempotency_key(operation: str, nip: str, period: str) -> str:
    """Stable per (operation, ASN, period): the same record is never queued twice."""
    return hashlib.sha256(f"{operation}|{nip}|{period}".encode()).hexdigest()[:40]


@dataclass(frozen=True)
class Appraiser:
    nip: str
    name: str
    unit_name: str


def kinerja_periodik(
    *,
    pns_id: str,
    year: int,
    month: int,
    score: float,
    appraiser: Appraiser | None,
) -> dict[str, Any]:
    """One month's rating as the body of ``POST /kinerjaperiodik/save``."""
    code, _ = rating(score)
    body: dict[str, Any] = {
        "pnsDinilaiId": pns_id,
        "tahunMulaiPenilaian": year,
        "bulanMulaiPenilaian": month,
        "tahunSelesaiPenilaian": year,
        "bulanSelesaiPenilaian": month,
        "hasilKinerjaNilai": code,
        "nilaiKinerjaHibrida": round(score, 2),
    }
    body.update(_appraiser(appraiser))
    return body


def skp22(*, pns_id: str, year: int, score: float, appraiser: Appraiser | None) -> dict[str, Any]:
    """A year's SKP result as the body of ``POST /skp22/save``."""
    code, _ = rating(score)
    body: dict[str, Any] = {
        "pnsDinilaiId": pns_id,
        "tahun": year,
        "hasilKinerjaNilai": code,
        "nilaiKinerjaHibrida": round(score, 2),
    }
    body.update(_appraiser(appraiser))
    return body


def _appraiser(appraiser: Appraiser | None) -> dict[str, str]:
    if appraiser is None:
        return {}
    return {
        "penilaiNipNrp": appraiser.nip,
        "penilaiNama": appraiser.name,
        "penilaiUnorNama": appraiser.unit_name,
        "statusPenilai": "ASN",
    }


def matches(operation: str, stored: dict[str, Any], body: dict[str, Any]) -> bool:
    """Whether a record BKN already holds is the one ``body`` would create (the check before a
    send, so a send repeated after a crash does not add a second record)."""
    keys = (
        ("tahun",)
        if operation == SKP22
        else ("tahunMulaiPenilaian", "bulanMulaiPenilaian", "tahunSelesaiPenilaian")
    )
    return all(str(stored.get(k)) == str(body.get(k)) for k in keys)
