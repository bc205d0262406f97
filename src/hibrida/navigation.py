"""The menu per role. Apps add pages by URL name; an entry whose URL is not there is hidden."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_noop

from hibrida.org.access import Role, role_labels, scope_for

EVERYONE = frozenset(
    {Role.ASN, Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT, Role.DISKOMINFO}
)
CITY = frozenset({Role.BKPSDM, Role.INSPEKTORAT, Role.DISKOMINFO})

# (label, url name, roles that see it). Order is the menu order.
MENU: list[tuple[str, str, frozenset[str]]] = [
    (gettext_noop("Beranda"), "home", EVERYONE),
    (gettext_noop("Jadwal Saya"), "roster:my_schedule", frozenset({Role.ASN})),
    (gettext_noop("Presensi"), "presence:check_in", frozenset({Role.ASN})),
    (
        gettext_noop("Persetujuan Presensi"),
        "presence:approvals",
        frozenset({Role.ATASAN, Role.OPD_ADMIN}),
    ),
    (gettext_noop("Peta Tim"), "presence:team_map", frozenset({Role.ATASAN})),
    (
        gettext_noop("Rekap Presensi"),
        "presence:recap",
        frozenset({Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
    ),
    (gettext_noop("Laporan Harian"), "activity:my_reports", frozenset({Role.ASN})),
    (gettext_noop("Validasi Laporan"), "activity:inbox", frozenset({Role.ATASAN})),
    (gettext_noop("Target SKP & Kinerja"), "activity:performance", frozenset({Role.ASN})),
    (
        gettext_noop("Rekap Laporan Harian"),
        "activity:recap",
        frozenset({Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
    ),
    (gettext_noop("Tim Hari Ini"), "monitoring:team", frozenset({Role.ATASAN})),
    (gettext_noop("Organisasi"), "org:opd_list", EVERYONE - {Role.ASN} | {Role.OPD_ADMIN}),
    (gettext_noop("Impor Pegawai"), "org:import", frozenset({Role.OPD_ADMIN, Role.BKPSDM})),
    (
        gettext_noop("Kebijakan"),
        "policy:index",
        frozenset({Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
    ),
    (
        gettext_noop("Rotasi"),
        "roster:index",
        frozenset({Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
    ),
    (gettext_noop("Permintaan Jadwal"), "roster:inbox", frozenset({Role.ATASAN})),
    (
        gettext_noop("Cuti & Dinas Luar"),
        "roster:absences",
        frozenset({Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM}),
    ),
    (gettext_noop("Kebijakan Saya"), "policy:mine", frozenset({Role.ASN})),
    (gettext_noop("Rapat Koordinasi"), "meetings:index", EVERYONE),
    (
        gettext_noop("Uji Petik Supervisi"),
        "meetings:spot_checks",
        frozenset({Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
    ),
    (gettext_noop("Dasbor OPD"), "monitoring:opd", frozenset({Role.OPD_ADMIN})),
    (gettext_noop("Dasbor Kota"), "monitoring:city", CITY),
    (
        gettext_noop("Simulasi Efisiensi"),
        "efficiency:simulator",
        frozenset({Role.BKPSDM, Role.INSPEKTORAT}),
    ),
    (
        gettext_noop("Evaluasi Uji Coba"),
        "efficiency:pilot",
        frozenset({Role.BKPSDM, Role.INSPEKTORAT}),
    ),
    (
        gettext_noop("Realisasi Biaya"),
        "efficiency:realised",
        frozenset({Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT}),
    ),
    (
        gettext_noop("Impor Tingkat Layanan"),
        "efficiency:service_import",
        frozenset({Role.OPD_ADMIN, Role.BKPSDM}),
    ),
    (gettext_noop("Transparansi Publik"), "public:index", EVERYONE),
    (gettext_noop("Audit"), "audit:index", frozenset({Role.INSPEKTORAT})),
    (
        gettext_noop("Temuan Audit"),
        "audit:findings",
        frozenset({Role.OPD_ADMIN, Role.INSPEKTORAT, Role.BKPSDM}),
    ),
    (
        gettext_noop("Log Audit"),
        "audit:log",
        frozenset({Role.INSPEKTORAT, Role.DISKOMINFO, Role.BKPSDM}),
    ),
    (
        gettext_noop("Admin Data Induk"),
        "admin:index",
        frozenset({Role.BKPSDM, Role.DISKOMINFO, Role.OPD_ADMIN}),
    ),
]


def menu_for(user) -> list[dict[str, str]]:
    scope = scope_for(user)
    items = []
    for label, url_name, roles in MENU:
        if not scope.roles & roles:
            continue
        try:
            items.append({"label": label, "url": reverse(url_name), "name": url_name})
        except NoReverseMatch:
            continue
    return items


def navigation(request):
    """Context processor: the menu and role labels of the current user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_roles": []}
    return {"nav_items": menu_for(user), "nav_roles": role_labels(user)}
