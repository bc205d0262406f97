"""The menu per role. Apps add pages by URL name; an entry whose URL is not there is hidden,
and so is one whose view would refuse the user (org.access.may_open: the view's own check)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_noop

from hibrida.org.access import Role, may_open, role_labels, scope_for

EVERYONE = frozenset(
    {Role.ASN, Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT, Role.DISKOMINFO}
)
CITY = frozenset({Role.BKPSDM, Role.INSPEKTORAT, Role.DISKOMINFO})
# Not a role of access.py: the Django admin is a break-glass tool for superusers alone.
SUPERUSER = "superuser"

# Sections of the menu, in order: a BKPSDM account sees ~25 links, which a flat row buries.
SECTIONS: list[tuple[str, str]] = [
    ("umum", gettext_noop("Umum")),
    ("saya", gettext_noop("Kerja Saya")),
    ("tim", gettext_noop("Tim Saya")),
    ("pantau", gettext_noop("Pemantauan")),
    ("atur", gettext_noop("Data & Pengaturan")),
    ("efisiensi", gettext_noop("Efisiensi")),
    ("audit", gettext_noop("Audit")),
]

# (label, url name, roles that see it, section). Order within a section is the menu order.
MENU: list[tuple[str, str, frozenset[str], str]] = [
    (gettext_noop("Beranda"), "home", EVERYONE, "umum"),
    (gettext_noop("Jadwal Saya"), "roster:my_schedule", frozenset({Role.ASN}), "saya"),
    (gettext_noop("Presensi"), "presence:check_in", frozenset({Role.ASN}), "saya"),
    (
        gettext_noop("Persetujuan Presensi"),
        "presence:approvals",
        frozenset({Role.ATASAN, Role.OPD_ADMIN}),
        "tim",
    ),
    (gettext_noop("Peta Tim"), "presence:team_map", frozenset({Role.ATASAN}), "tim"),
    (
        gettext_noop("Rekap Presensi"),
        "presence:recap",
        frozenset({Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
        "pantau",
    ),
    (gettext_noop("Laporan Harian"), "activity:my_reports", frozenset({Role.ASN}), "saya"),
    (gettext_noop("Validasi Laporan"), "activity:inbox", frozenset({Role.ATASAN}), "tim"),
    (gettext_noop("Target SKP & Kinerja"), "activity:performance", frozenset({Role.ASN}), "saya"),
    (
        gettext_noop("Rekap Laporan Harian"),
        "activity:recap",
        frozenset({Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
        "pantau",
    ),
    (gettext_noop("Tim Hari Ini"), "monitoring:team", frozenset({Role.ATASAN}), "tim"),
    (gettext_noop("Organisasi"), "org:opd_list", EVERYONE - {Role.ASN} | {Role.OPD_ADMIN}, "atur"),
    (gettext_noop("Impor Pegawai"), "org:import", frozenset({Role.OPD_ADMIN, Role.BKPSDM}), "atur"),
    (
        gettext_noop("Integrasi SIASN"),
        "national:index",
        frozenset({Role.BKPSDM, Role.INSPEKTORAT}),
        "atur",
    ),
    (
        gettext_noop("Kebijakan"),
        "policy:index",
        frozenset({Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
        "atur",
    ),
    (
        gettext_noop("Rotasi"),
        "roster:index",
        frozenset({Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
        "atur",
    ),
    (gettext_noop("Permintaan Jadwal"), "roster:inbox", frozenset({Role.ATASAN}), "tim"),
    (gettext_noop("Keadaan Khusus"), "policy:special_inbox", frozenset({Role.ATASAN}), "tim"),
    (
        gettext_noop("Cuti & Dinas Luar"),
        "roster:absences",
        frozenset({Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM}),
        "atur",
    ),
    (gettext_noop("Kebijakan Saya"), "policy:mine", frozenset({Role.ASN}), "saya"),
    (gettext_noop("TPP Saya"), "pay:mine", frozenset({Role.ASN}), "saya"),
    (
        gettext_noop("Rekap TPP"),
        "pay:index",
        frozenset({Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
        "pantau",
    ),
    (
        gettext_noop("Jam Kerja"),
        "presence:work_hours",
        frozenset({Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
        "atur",
    ),
    (gettext_noop("Data Pribadi Saya"), "privacy:mine", frozenset({Role.ASN}), "saya"),
    (gettext_noop("Rapat Koordinasi"), "meetings:index", EVERYONE, "umum"),
    (
        gettext_noop("Evaluasi Bulanan"),
        "evaluation:index",
        frozenset({Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
        "pantau",
    ),
    (
        gettext_noop("Uji Petik Supervisi"),
        "meetings:spot_checks",
        frozenset({Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
        "pantau",
    ),
    (gettext_noop("Dasbor OPD"), "monitoring:opd", frozenset({Role.OPD_ADMIN}), "pantau"),
    (gettext_noop("Dasbor Kota"), "monitoring:city", CITY, "pantau"),
    (
        gettext_noop("Simulasi Efisiensi"),
        "efficiency:simulator",
        frozenset({Role.BKPSDM, Role.INSPEKTORAT}),
        "efisiensi",
    ),
    (
        gettext_noop("Evaluasi Uji Coba"),
        "efficiency:pilot",
        frozenset({Role.BKPSDM, Role.INSPEKTORAT}),
        "efisiensi",
    ),
    (
        gettext_noop("Realisasi Biaya"),
        "efficiency:realised",
        frozenset({Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
        "efisiensi",
    ),
    (
        gettext_noop("Impor Tingkat Layanan"),
        "efficiency:service_import",
        frozenset({Role.OPD_ADMIN, Role.BKPSDM}),
        "efisiensi",
    ),
    (gettext_noop("Transparansi Publik"), "public:index", EVERYONE, "umum"),
    (gettext_noop("Audit"), "audit:index", frozenset({Role.INSPEKTORAT}), "audit"),
    (
        gettext_noop("Temuan Audit"),
        "audit:findings",
        frozenset({Role.OPD_ADMIN, Role.INSPEKTORAT, Role.BKPSDM}),
        "audit",
    ),
    (
        gettext_noop("Analitik Joki"),
        "audit:joki_findings",
        frozenset({Role.INSPEKTORAT, Role.BKPSDM}),
        "audit",
    ),
    (
        gettext_noop("Log Audit"),
        "audit:log",
        frozenset({Role.INSPEKTORAT, Role.DISKOMINFO, Role.BKPSDM}),
        "audit",
    ),
    (
        gettext_noop("Data Induk"),
        "org:master_data",
        frozenset({Role.OPD_ADMIN, Role.BKPSDM}),
        "atur",
    ),
    (
        gettext_noop("Akun Pengguna"),
        "org:accounts",
        frozenset({Role.OPD_ADMIN, Role.BKPSDM}),
        "atur",
    ),
    (gettext_noop("Peran Pengguna"), "org:role_grants", frozenset({Role.BKPSDM}), "atur"),
    (gettext_noop("Admin Django (darurat)"), "admin:index", frozenset({SUPERUSER}), "atur"),
]


def menu_for(user) -> list[dict[str, str]]:
    held = set(scope_for(user).roles)
    if user.is_active and user.is_superuser:
        held.add(SUPERUSER)
    items = []
    for label, url_name, roles, section in MENU:
        if not held & roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        if url_name != "admin:index" and not may_open(user, url_name):
            continue
        items.append({"label": label, "url": url, "name": url_name, "section": section})
    return items


def sections_of(items: list[dict[str, str]]) -> list[dict]:
    """The menu items grouped by section, sections in :data:`SECTIONS` order, empty ones out."""
    grouped = [
        {"key": key, "label": label, "items": [i for i in items if i["section"] == key]}
        for key, label in SECTIONS
    ]
    return [g for g in grouped if g["items"]]


def navigation(request):
    """Context processor: the menu and role labels of the current user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_sections": [], "nav_roles": []}
    items = menu_for(user)
    return {"nav_items": items, "nav_sections": sections_of(items), "nav_roles": role_labels(user)}


def privacy_contact(request):
    """Context processor: the data-protection officer (UU 27/2022 Pasal 53) for every page."""
    from hibrida.privacy.register import dpo_contact

    return {"privacy_dpo": dpo_contact()}
