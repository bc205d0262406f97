"""What people read instead of presence codes: one label and one line per type, result, reason.

Every page, the check-in JSON catalogue and the JS use :func:`catalogue`/:func:`describe`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hibrida.roster.models import MODE_LABELS
from hibrida.roster.modes import WorkMode

from . import verify
from .models import Kind, Verdict

STATUS_HELP = {
    Verdict.VALID: gettext_lazy("Presensi diterima tanpa catatan."),
    Verdict.FLAGGED: gettext_lazy(
        "Presensi tercatat, tetapi ada catatan yang akan ditinjau atasan."
    ),
    Verdict.REJECTED: gettext_lazy(
        "Presensi tidak dapat membuktikan kehadiran; ulangi atau ajukan koreksi."
    ),
}

# Short names; the one-line explanation is verify.MESSAGES (the same text the API answers).
REASON_LABELS = {
    verify.MOCK_LOCATION: gettext_lazy("Lokasi palsu"),
    verify.OUTSIDE_FENCE: gettext_lazy("Di luar area"),
    verify.LOW_ACCURACY: gettext_lazy("GPS kurang akurat"),
    verify.UNUSABLE_ACCURACY: gettext_lazy("GPS tidak akurat"),
    verify.CLOCK_SKEW: gettext_lazy("Jam perangkat menyimpang"),
    verify.IMPOSSIBLE_SPEED: gettext_lazy("Perpindahan mustahil"),
    verify.REPEATED_COORDINATES: gettext_lazy("Koordinat berulang"),
    verify.UNREGISTERED_DEVICE: gettext_lazy("Perangkat belum terdaftar"),
    verify.NOT_SCHEDULED: gettext_lazy("Tidak dijadwalkan"),
    verify.NO_PLACE: gettext_lazy("Lokasi belum terdaftar"),
    verify.NO_PASSKEY: gettext_lazy("Tanpa passkey"),
    verify.PASSKEY_INVALID: gettext_lazy("Passkey tidak sah"),
    verify.PASSKEY_REPLAY: gettext_lazy("Tantangan passkey terpakai"),
    verify.PASSKEY_CLONED: gettext_lazy("Passkey tersalin"),
    verify.SELFIE_MISSING: gettext_lazy("Tanpa swafoto"),
    verify.SELFIE_NO_FACE: gettext_lazy("Wajah tidak terdeteksi"),
    verify.SELFIE_MISMATCH: gettext_lazy("Wajah tidak cocok"),
    verify.SELFIE_NOT_LIVE: gettext_lazy("Uji keaktifan gagal"),
    verify.SELFIE_NO_REFERENCE: gettext_lazy("Belum ada foto rujukan"),
}
LATE_SYNCED = gettext_lazy("tersinkron terlambat")


def kind_label(code: str) -> str:
    return str(Kind(code).label) if code in Kind.values else code


def status_label(code: str) -> str:
    return str(Verdict(code).label) if code in Verdict.values else code


def mode_label(code: str) -> str:
    if code in WorkMode.__members__.values():
        return str(MODE_LABELS[WorkMode(code)])
    return code


def reason(code: str) -> dict[str, str]:
    return {
        "code": code,
        "label": str(REASON_LABELS.get(code, code)),
        "message": _(verify.MESSAGES.get(code, code)),
    }


def wib_time(value: dt.datetime | str) -> str:
    """``07.12`` (Indonesian time notation) in the site's zone, Asia/Jakarta (WIB)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return timezone.localtime(value).strftime("%H.%M")


def describe(row: dict) -> dict:
    """A stored check-in (RESULT_FIELDS or :func:`services.result_body`) as people read it."""
    return {
        "uuid": str(row.get("client_uuid") or row.get("uuid") or ""),
        "kind": row["kind"],
        "kind_label": kind_label(row["kind"]),
        "time": wib_time(row["device_time"]),
        "date": timezone.localtime(
            row["device_time"]
            if isinstance(row["device_time"], dt.datetime)
            else dt.datetime.fromisoformat(row["device_time"])
        ).date(),
        "status": row["status"],
        "status_label": status_label(row["status"]),
        "status_help": str(STATUS_HELP.get(row["status"], "")),
        "mode_label": mode_label(row.get("expected_mode", "")),
        "reasons": [reason(r if isinstance(r, str) else r["code"]) for r in row["reasons"]],
        "late_synced": row["late_synced"],
    }


def catalogue() -> dict:
    """The mapping the check-in page's JS reads (json_script), so the page and server agree."""
    return {
        "kinds": {k: str(v) for k, v in Kind.choices},
        "statuses": {
            k: {"label": str(v), "help": str(STATUS_HELP[Verdict(k)])} for k, v in Verdict.choices
        },
        "reasons": {code: reason(code) for code in verify.MESSAGES},
        "late_synced": str(LATE_SYNCED),
        "texts": {key: str(text) for key, text in PAGE_TEXTS.items()},
    }


# The check-in page's own sentences, translated here so the JS holds no Indonesian text.
PAGE_TEXTS = {
    "done": gettext_lazy("Anda sudah presensi %(kind)s pukul %(time)s WIB."),
    "again": gettext_lazy("Catat sekali lagi?"),
    "cancelled": gettext_lazy("Dibatalkan; tidak ada yang dicatat."),
    "queued": gettext_lazy("Tersimpan di antrean luring; akan dikirim otomatis saat tersambung."),
    "failed": gettext_lazy("Gagal:"),
    "geo_ok": gettext_lazy("Lokasi diperoleh."),
    "geo_denied": gettext_lazy(
        "Izin lokasi ditolak. Presensi memerlukan lokasi Anda; izinkan dengan langkah berikut."
    ),
    "geo_unavailable": gettext_lazy(
        "Lokasi tidak tersedia. Nyalakan Lokasi/GPS perangkat, lalu muat ulang halaman."
    ),
    "geo_timeout": gettext_lazy(
        "Lokasi belum diperoleh (waktu habis). Pastikan Lokasi/GPS menyala dan coba di tempat "
        "terbuka."
    ),
    "geo_unsupported": gettext_lazy("Peramban ini tidak dapat membaca lokasi perangkat."),
    "passkey_cancelled": gettext_lazy(
        "Verifikasi sidik jari/wajah dibatalkan atau gagal; presensi belum dicatat."
    ),
    "passkey_no_nonce": gettext_lazy(
        "Tantangan passkey habis; sambungkan internet sekali agar HP mengambil yang baru."
    ),
    "selfie_start": gettext_lazy("Swafoto: lihat lurus ke kamera."),
    "selfie_turn_left": gettext_lazy("Sekarang toleh ke kiri."),
    "selfie_turn_right": gettext_lazy("Sekarang toleh ke kanan."),
    "selfie_sent": gettext_lazy("Swafoto terkirim; pencocokan wajah berjalan di server."),
    "selfie_failed": gettext_lazy(
        "Swafoto tidak terkirim; presensi tetap tercatat dan akan ditinjau atasan."
    ),
    "selfie_no_camera": gettext_lazy(
        "Kamera tidak dapat dibuka; presensi tetap tercatat dan akan ditinjau atasan."
    ),
}


PASSKEY_CODES = (
    verify.NO_PASSKEY,
    verify.PASSKEY_INVALID,
    verify.PASSKEY_REPLAY,
    verify.PASSKEY_CLONED,
)


def passkey_status(reasons: list[str]) -> str:
    """What the passkey check said about a stored check-in, in words."""
    for code in PASSKEY_CODES:
        if code in reasons:
            return str(REASON_LABELS[code])
    return str(gettext_lazy("Tidak ada masalah passkey"))


def review_evidence(check_in) -> dict:
    """The evidence the atasan weighs for one flagged check-in (API and page)."""
    return {
        "check_in_id": check_in.pk,
        "uuid": check_in.client_uuid,
        "employee_id": check_in.employee_id,
        "employee_name": check_in.employee.name,
        "kind": check_in.kind,
        "device_time": check_in.device_time.astimezone(dt.UTC).isoformat(),
        "latitude": check_in.latitude,
        "longitude": check_in.longitude,
        "accuracy_m": check_in.accuracy_m,
        "distance_m": check_in.distance_m,
        "place": check_in.place,
        "expected_mode": check_in.expected_mode,
        "device_id": check_in.device_id,
        "passkey": passkey_status(check_in.reasons),
        "selfie": selfie_evidence(check_in),
        "reasons": [{"code": c, "message": _(verify.MESSAGES.get(c, c))} for c in check_in.reasons],
    }


def selfie_evidence(check_in) -> dict | None:
    """The selfie check's scores for one check-in (None when none was sent)."""
    try:
        row = check_in.selfie
    except ObjectDoesNotExist:
        return None
    return {
        "state": row.state,
        "state_label": str(row.get_state_display()),
        "distance": None if row.distance is None else round(row.distance, 3),
        "threshold": row.threshold,
        "frames_distance": None if row.frames_distance is None else round(row.frames_distance, 3),
        "turn": row.turn,
        "turn_label": str(TURN_LABELS.get(row.turn, row.turn)),
        "turn_delta": None if row.turn_delta is None else round(row.turn_delta, 3),
        "reasons": [reason(code) for code in row.reasons],
    }


TURN_LABELS = {"left": gettext_lazy("toleh ke kiri"), "right": gettext_lazy("toleh ke kanan")}
