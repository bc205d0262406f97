"""The access matrix: every URL pattern of the project × every role → the exact HTTP answer.

One entry per pattern the URL resolver lists (admin and API included); URL values name objects
of OPD B (tests/access_world.py), which no role of OPD A may reach. Answers are literals, never
computed from org/access.py. ``python tools/access_matrix.py`` renders docs/access-matrix.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The order of the codes in every answer string below.
ROLES = (
    "anonymous",
    "asn",
    "atasan",
    "opd_admin",
    "bkpsdm",
    "inspektorat",
    "diskominfo",
    "superuser",
)
ROLE_TITLES = {
    "anonymous": "anonim",
    "asn": "ASN",
    "atasan": "atasan",
    "opd_admin": "admin OPD",
    "bkpsdm": "BKPSDM",
    "inspektorat": "Inspektorat",
    "diskominfo": "Diskominfo",
    "superuser": "superuser",
}


@dataclass(frozen=True)
class Route:
    """One URL pattern: how to fill its URL and what each role gets per method."""

    name: str  # "" for the admin's unnamed patterns
    pattern: str  # as the resolver prints it, prefixes joined
    answers: tuple[tuple[str, tuple[int, ...]], ...]  # (method, one code per role in ROLES)
    args: tuple[tuple[str, str], ...] = ()  # URL parameter -> "@world_name" or a literal
    url: str | None = None  # for regex patterns, which cannot be filled in
    writes: frozenset[str] = frozenset()  # roles whose POST may change data (else: nothing written)
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.pattern)

    def path(self, ids: dict[str, int | str]) -> str:
        if self.url:
            return self.url
        values = dict(self.args)

        def fill(match: re.Match) -> str:
            value = values[match.group(1)]
            return str(ids[value[1:]]) if value.startswith("@") else value

        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", fill, self.pattern)


def _codes(text: str) -> tuple[int, ...]:
    codes = tuple(int(code) for code in text.split())
    if len(codes) != len(ROLES):
        raise ValueError(f"{text!r}: one code per role ({', '.join(ROLES)})")
    return codes


def page(name, pattern, *, get, post=None, writes="", url=None, note="", **args) -> Route:
    """A Django page: always a GET; a POST (empty body) when the view accepts one."""
    answers = [("GET", _codes(get))] + ([("POST", _codes(post))] if post else [])
    return Route(
        name, pattern, tuple(answers), tuple(args.items()), url, frozenset(writes.split()), note
    )


def api(method, name, pattern, answers, *, writes="", note="", **args) -> Route:
    """One django-ninja operation (one pattern each); bodies are ``{}``, tokens are bearer."""
    return Route(
        name,
        pattern,
        ((method, _codes(answers)),),
        tuple(args.items()),
        None,
        frozenset(writes.split()),
        note,
    )


# The admin site is for superusers only (issue #11): everyone else is sent to the admin login.
ADMIN_GET = "302 302 302 302 302 302 302 200"


def admin(name, pattern, *, get=ADMIN_GET, post=None, writes="", url=None, note="", **args):
    return page(name, pattern, get=get, post=post, writes=writes, url=url, note=note, **args)


# One line per route reads as a table; the formatter would fold the long ones.
# fmt: off
ROUTES: list[Route] = [
    page("home", "", get="302 200 200 200 200 200 200 200"),
    page("healthz", "healthz", get="200 200 200 200 200 200 200 200", note="anonim dengan sengaja: penyeimbang beban dan systemd memeriksa tanpa kredensial; jawabannya hanya nama bagian yang gagal, tanpa data pribadi."),
    page("metrics", "metrics", get="200 200 200 200 200 200 200 200", note="hanya angka agregat proses; dengan HIBRIDA_METRICS_TOKEN hanya pembawa token itu (tanpa token: 403), tanpa token hanya klien di mesin yang sama dan tanpa proksi (uji berjalan dari 127.0.0.1, maka 200 untuk semua)."),
    page("login", "masuk/", get="200 302 302 302 302 302 302 302", post="200 302 302 302 302 302 302 302"),
    page("sso_start", "masuk/sso/", get="404 404 404 404 404 404 404 404", note="SSO mati di matriks (HIBRIDA_OIDC_ISSUER kosong): 404. Bila aktif: tamu dialihkan ke penyedia SSO, yang sudah masuk ke Beranda (tests/org/test_sso.py)."),
    page("sso_callback", "masuk/sso/kembali/", get="404 404 404 404 404 404 404 404", note="SSO mati di matriks: 404. Bila aktif: tanpa state yang cocok di sesi 400; NIP tak dikenal atau akun nonaktif 403 (tests/org/test_sso.py)."),
    page("logout", "keluar/", get="405 405 405 405 405 405 405 405", post="302 302 302 302 302 302 302 302"),
    page("password_change", "akun/sandi/", get="302 200 200 200 200 200 200 200", post="302 200 200 200 200 200 200 200"),
    page("api_tokens", "akun/token/", get="302 200 200 200 200 200 200 200", post="302 200 200 200 200 200 200 200"),
    page("totp_setup", "akun/2fa/", get="302 200 200 200 200 200 200 200", post="302 200 200 200 200 200 200 200"),
    page("totp_verify", "akun/2fa/verifikasi/", get="302 302 302 302 302 302 302 302", post="302 302 302 302 302 302 302 302"),
    page("set_language", "i18n/setlang/", get="302 302 302 302 302 302 302 302", post="302 302 302 302 302 302 302 302"),
    admin("admin:index", "admin/"),
    admin("admin:login", "admin/login/", get="200 200 200 200 200 200 200 302", post="200 200 200 200 200 200 200 200"),
    admin("admin:logout", "admin/logout/", get="302 302 302 302 302 302 302 405"),
    admin("admin:password_change", "admin/password_change/"),
    admin("admin:password_change_done", "admin/password_change/done/"),
    admin("admin:autocomplete", "admin/autocomplete/", get="302 302 302 302 302 302 302 403"),
    admin("admin:jsi18n", "admin/jsi18n/"),
    admin("admin:view_on_site", "admin/r/<path:content_type_id>/<path:object_id>/", get="302 302 302 302 302 302 302 404", content_type_id="@ct_employee", object_id="@other"),
    admin("admin:auth_group_changelist", "admin/auth/group/"),
    admin("admin:auth_group_add", "admin/auth/group/add/"),
    admin("admin:auth_group_history", "admin/auth/group/<path:object_id>/history/", object_id="@group"),
    admin("admin:auth_group_delete", "admin/auth/group/<path:object_id>/delete/", object_id="@group"),
    admin("admin:auth_group_change", "admin/auth/group/<path:object_id>/change/", object_id="@group"),
    admin("", "admin/auth/group/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@group"),
    admin("admin:axes_accessattempt_changelist", "admin/axes/accessattempt/"),
    admin("admin:axes_accessattempt_add", "admin/axes/accessattempt/add/", get="302 302 302 302 302 302 302 403"),
    admin("admin:axes_accessattempt_history", "admin/axes/accessattempt/<path:object_id>/history/", object_id="@attempt"),
    admin("admin:axes_accessattempt_delete", "admin/axes/accessattempt/<path:object_id>/delete/", object_id="@attempt"),
    admin("admin:axes_accessattempt_change", "admin/axes/accessattempt/<path:object_id>/change/", object_id="@attempt"),
    admin("", "admin/axes/accessattempt/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@attempt"),
    admin("admin:axes_accesslog_changelist", "admin/axes/accesslog/"),
    admin("admin:axes_accesslog_add", "admin/axes/accesslog/add/", get="302 302 302 302 302 302 302 403"),
    admin("admin:axes_accesslog_history", "admin/axes/accesslog/<path:object_id>/history/", object_id="@access_log"),
    admin("admin:axes_accesslog_delete", "admin/axes/accesslog/<path:object_id>/delete/", object_id="@access_log"),
    admin("admin:axes_accesslog_change", "admin/axes/accesslog/<path:object_id>/change/", object_id="@access_log"),
    admin("", "admin/axes/accesslog/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@access_log"),
    admin("admin:axes_accessfailurelog_changelist", "admin/axes/accessfailurelog/"),
    admin("admin:axes_accessfailurelog_add", "admin/axes/accessfailurelog/add/", get="302 302 302 302 302 302 302 403"),
    admin("admin:axes_accessfailurelog_history", "admin/axes/accessfailurelog/<path:object_id>/history/", object_id="@failure_log"),
    admin("admin:axes_accessfailurelog_delete", "admin/axes/accessfailurelog/<path:object_id>/delete/", object_id="@failure_log"),
    admin("admin:axes_accessfailurelog_change", "admin/axes/accessfailurelog/<path:object_id>/change/", object_id="@failure_log"),
    admin("", "admin/axes/accessfailurelog/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@failure_log"),
    admin("admin:otp_totp_totpdevice_config", "admin/otp_totp/totpdevice/<int:pk>/config/", pk="@totp"),
    admin("admin:otp_totp_totpdevice_qrcode", "admin/otp_totp/totpdevice/<int:pk>/qrcode/", get="302 302 302 302 302 302 302 503", pk="@totp", note="503: django-otp menjawab begitu bila paket qrcode tidak terpasang"),
    admin("admin:otp_totp_totpdevice_changelist", "admin/otp_totp/totpdevice/"),
    admin("admin:otp_totp_totpdevice_add", "admin/otp_totp/totpdevice/add/"),
    admin("admin:otp_totp_totpdevice_history", "admin/otp_totp/totpdevice/<path:object_id>/history/", object_id="@totp"),
    admin("admin:otp_totp_totpdevice_delete", "admin/otp_totp/totpdevice/<path:object_id>/delete/", object_id="@totp"),
    admin("admin:otp_totp_totpdevice_change", "admin/otp_totp/totpdevice/<path:object_id>/change/", object_id="@totp"),
    admin("", "admin/otp_totp/totpdevice/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@totp"),
    admin("admin:org_opd_changelist", "admin/org/opd/"),
    admin("admin:org_opd_add", "admin/org/opd/add/", get="302 302 302 302 302 302 302 403"),
    admin("admin:org_opd_history", "admin/org/opd/<path:object_id>/history/", object_id="@opd_b"),
    admin("admin:org_opd_delete", "admin/org/opd/<path:object_id>/delete/", get="302 302 302 302 302 302 302 403", object_id="@opd_b"),
    admin("admin:org_opd_change", "admin/org/opd/<path:object_id>/change/", object_id="@opd_b"),
    admin("", "admin/org/opd/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@opd_b"),
    admin("admin:org_unit_changelist", "admin/org/unit/"),
    admin("admin:org_unit_add", "admin/org/unit/add/", get="302 302 302 302 302 302 302 403"),
    admin("admin:org_unit_history", "admin/org/unit/<path:object_id>/history/", object_id="@unit_b"),
    admin("admin:org_unit_delete", "admin/org/unit/<path:object_id>/delete/", get="302 302 302 302 302 302 302 403", object_id="@unit_b"),
    admin("admin:org_unit_change", "admin/org/unit/<path:object_id>/change/", object_id="@unit_b"),
    admin("", "admin/org/unit/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@unit_b"),
    admin("admin:org_position_changelist", "admin/org/position/"),
    admin("admin:org_position_add", "admin/org/position/add/", get="302 302 302 302 302 302 302 403"),
    admin("admin:org_position_history", "admin/org/position/<path:object_id>/history/", object_id="@position_b"),
    admin("admin:org_position_delete", "admin/org/position/<path:object_id>/delete/", get="302 302 302 302 302 302 302 403", object_id="@position_b"),
    admin("admin:org_position_change", "admin/org/position/<path:object_id>/change/", object_id="@position_b"),
    admin("", "admin/org/position/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@position_b"),
    admin("admin:org_employee_changelist", "admin/org/employee/"),
    admin("admin:org_employee_add", "admin/org/employee/add/", get="302 302 302 302 302 302 302 403"),
    admin("admin:org_employee_history", "admin/org/employee/<path:object_id>/history/", object_id="@other"),
    admin("admin:org_employee_delete", "admin/org/employee/<path:object_id>/delete/", get="302 302 302 302 302 302 302 403", object_id="@other"),
    admin("admin:org_employee_change", "admin/org/employee/<path:object_id>/change/", object_id="@other"),
    admin("", "admin/org/employee/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@other"),
    admin("admin:org_officelocation_changelist", "admin/org/officelocation/"),
    admin("admin:org_officelocation_add", "admin/org/officelocation/add/", get="302 302 302 302 302 302 302 403"),
    admin("admin:org_officelocation_history", "admin/org/officelocation/<path:object_id>/history/", object_id="@office_b"),
    admin("admin:org_officelocation_delete", "admin/org/officelocation/<path:object_id>/delete/", get="302 302 302 302 302 302 302 403", object_id="@office_b"),
    admin("admin:org_officelocation_change", "admin/org/officelocation/<path:object_id>/change/", object_id="@office_b"),
    admin("", "admin/org/officelocation/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@office_b"),
    admin("admin:org_rolegrant_changelist", "admin/org/rolegrant/"),
    admin("admin:org_rolegrant_add", "admin/org/rolegrant/add/", get="302 302 302 302 302 302 302 403"),
    admin("admin:org_rolegrant_history", "admin/org/rolegrant/<path:object_id>/history/", object_id="@grant_b"),
    admin("admin:org_rolegrant_delete", "admin/org/rolegrant/<path:object_id>/delete/", get="302 302 302 302 302 302 302 403", object_id="@grant_b"),
    admin("admin:org_rolegrant_change", "admin/org/rolegrant/<path:object_id>/change/", object_id="@grant_b"),
    admin("", "admin/org/rolegrant/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@grant_b"),
    admin("admin:org_user_changelist", "admin/org/user/"),
    admin("admin:org_user_add", "admin/org/user/add/", get="302 302 302 302 302 302 302 403"),
    admin("admin:org_user_history", "admin/org/user/<path:object_id>/history/", object_id="@other_user"),
    admin("admin:org_user_delete", "admin/org/user/<path:object_id>/delete/", get="302 302 302 302 302 302 302 403", object_id="@other_user"),
    admin("admin:org_user_change", "admin/org/user/<path:object_id>/change/", object_id="@other_user"),
    admin("", "admin/org/user/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@other_user"),
    admin("admin:presence_fieldarea_changelist", "admin/presence/fieldarea/"),
    admin("admin:presence_fieldarea_add", "admin/presence/fieldarea/add/", get="302 302 302 302 302 302 302 403"),
    admin("admin:presence_fieldarea_history", "admin/presence/fieldarea/<path:object_id>/history/", object_id="@field_area"),
    admin("admin:presence_fieldarea_delete", "admin/presence/fieldarea/<path:object_id>/delete/", get="302 302 302 302 302 302 302 403", object_id="@field_area"),
    admin("admin:presence_fieldarea_change", "admin/presence/fieldarea/<path:object_id>/change/", object_id="@field_area"),
    admin("", "admin/presence/fieldarea/<path:object_id>/", get="302 302 302 302 302 302 302 302", object_id="@field_area"),
    admin("admin:app_list", "admin/^(?P<app_label>auth|axes|otp_totp|org|presence)/$", url="/admin/org/"),
    admin("", "admin/(?P<url>.*)$", get="302 302 302 302 302 302 302 404", url="/admin/tidak-ada/"),
    api("GET", "api-v1:openapi-json", "api/v1/openapi.json", "200 200 200 200 200 200 200 200"),
    api("GET", "api-v1:openapi-view", "api/v1/docs", "200 200 200 200 200 200 200 200"),
    api("GET", "api-v1:me", "api/v1/org/me", "401 200 200 200 200 200 200 200"),
    api("GET", "api-v1:list_opds", "api/v1/org/opds", "401 200 200 200 200 200 200 200"),
    api("GET", "api-v1:list_employees", "api/v1/org/employees", "401 200 200 200 200 200 200 200"),
    api("GET", "api-v1:get_employee", "api/v1/org/employees/<employee_id>", "401 404 404 404 200 200 404 404", employee_id="@other"),
    api("GET", "api-v1:list_tokens", "api/v1/org/tokens", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:revoke_token", "api/v1/org/tokens/<token_id>/revoke", "401 422 422 422 422 422 422 422", token_id="@token_b"),
    api("GET", "api-v1:my_policy", "api/v1/policy/me", "401 200 200 404 404 404 404 404"),
    api("GET", "api-v1:employee_policy", "api/v1/policy/employees/<employee_id>", "401 404 404 404 200 200 404 404", employee_id="@other"),
    api("GET", "api-v1:eligibility_counts", "api/v1/policy/eligibility", "401 403 403 200 200 200 403 403"),
    api("GET", "api-v1:calendar_year", "api/v1/policy/calendar", "401 422 422 422 422 422 422 422"),
    api("POST", "api-v1:calendar_add", "api/v1/policy/calendar", "401 422 422 422 422 422 422 422"),
    api("POST", "api-v1:record_readiness", "api/v1/policy/readiness", "401 422 422 422 422 422 422 422"),
    api("PUT", "api-v1:set_rule", "api/v1/policy/rules", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:list_tier_tables", "api/v1/pay/tier-tables", "401 403 200 200 200 200 403 403"),
    api("POST", "api-v1:create_tier_table", "api/v1/pay/tier-tables", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:list_months", "api/v1/pay/months", "401 403 200 200 200 200 403 403"),
    api("POST", "api-v1:compute_month", "api/v1/pay/months", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:month_lines", "api/v1/pay/months/<recap_id>/lines", "401 403 200 200 200 200 403 403", recap_id="@recap"),
    api("POST", "api-v1:finalise_month", "api/v1/pay/months/<recap_id>/final", "401 403 403 403 422 403 403 403", recap_id="@recap", note="BKPSDM: 422, baris OPD B belum ditinjau atasan."),
    api("GET", "api-v1:get_line", "api/v1/pay/lines/<line_id>", "401 404 404 404 200 200 404 404", line_id="@recap_line"),
    api("POST", "api-v1:review_line", "api/v1/pay/lines/<line_id>/review", "401 404 404 404 403 403 404 404", line_id="@recap_line"),
    api("GET", "api-v1:my_lines", "api/v1/pay/me", "401 200 200 404 404 404 404 404"),
    api("GET", "api-v1:list_phases", "api/v1/policy/phases", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:create_phase", "api/v1/policy/phases", "401 422 422 422 422 422 422 422"),
    api("PUT", "api-v1:update_phase", "api/v1/policy/phases/<phase_id>", "401 422 422 422 422 422 422 422", phase_id="@phase"),
    api("GET", "api-v1:working_hours", "api/v1/policy/working-hours", "401 422 422 422 422 422 422 422"),
    api("PUT", "api-v1:set_working_hours", "api/v1/policy/working-hours", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:legal_parameters", "api/v1/policy/legal-parameters", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:add_legal_parameter", "api/v1/policy/legal-parameters", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:job_criteria", "api/v1/policy/positions/<position_id>/job-criteria", "401 404 404 404 200 404 404 404", position_id="@position_b"),
    api("PUT", "api-v1:set_job_criteria", "api/v1/policy/positions/<position_id>/job-criteria", "401 422 422 422 422 422 422 422", position_id="@position_b"),
    api("GET", "api-v1:discipline_list", "api/v1/policy/discipline", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:discipline_add", "api/v1/policy/discipline", "401 422 422 422 422 422 422 422"),
    api("POST", "api-v1:special_apply", "api/v1/policy/special-circumstances", "401 422 422 422 422 422 422 422"),
    api("POST", "api-v1:special_approve", "api/v1/policy/special-circumstances/<special_id>/approve", "401 404 404 404 403 403 404 404", special_id="@special"),
    api("POST", "api-v1:special_reject", "api/v1/policy/special-circumstances/<special_id>/reject", "401 404 404 404 403 403 404 404", special_id="@special"),
    api("GET", "api-v1:evaluation", "api/v1/evaluation/opds/<opd_id>", "401 404 404 404 200 200 404 404", opd_id="@opd_b"),
    api("POST", "api-v1:acknowledge_unit", "api/v1/evaluation/opds/<opd_id>/acknowledge-unit", "401 422 422 422 422 422 422 422", opd_id="@opd_b"),
    api("POST", "api-v1:acknowledge_ppk", "api/v1/evaluation/<evaluation_id>/acknowledge-ppk", "401 404 404 404 409 403 404 404", evaluation_id="@evaluation"),
    api("GET", "api-v1:my_schedule", "api/v1/roster/me/schedule", "401 200 200 404 404 404 404 404"),
    api("GET", "api-v1:list_schedules", "api/v1/roster/schedules", "401 403 403 200 200 200 403 403"),
    api("GET", "api-v1:get_schedule", "api/v1/roster/schedules/<schedule_id>", "401 404 404 404 200 200 404 404", schedule_id="@schedule"),
    api("POST", "api-v1:create_draft", "api/v1/roster/drafts", "401 422 422 422 422 422 422 422"),
    api("POST", "api-v1:publish", "api/v1/roster/schedules/<schedule_id>/publish", "401 404 404 404 200 403 404 404", schedule_id="@schedule", writes="bkpsdm"),
    api("POST", "api-v1:create_request", "api/v1/roster/requests", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:list_requests", "api/v1/roster/requests", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:answer", "api/v1/roster/requests/<request_id>/answer", "401 422 422 422 422 422 422 422", request_id="@swap"),
    api("POST", "api-v1:approve", "api/v1/roster/requests/<request_id>/approve", "401 404 404 404 403 403 404 404", request_id="@swap"),
    api("POST", "api-v1:reject", "api/v1/roster/requests/<request_id>/reject", "401 404 404 404 403 403 404 404", request_id="@swap"),
    api("POST", "api-v1:withdraw", "api/v1/roster/requests/<request_id>/withdraw", "401 404 404 404 404 404 404 404", request_id="@swap"),
    api("POST", "api-v1:create_absence", "api/v1/roster/absences", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:city_fairness", "api/v1/roster/fairness/city", "401 404 404 404 404 404 404 404"),
    api("GET", "api-v1:planned", "api/v1/roster/planned", "401 422 422 422 422 422 422 422"),
    api("PUT", "api-v1:set_preference", "api/v1/roster/me/preference", "401 200 200 404 404 404 404 404", writes="asn atasan"),
    api("POST", "api-v1:create_check_in", "api/v1/presence/check-ins", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:my_check_ins", "api/v1/presence/check-ins", "401 200 200 200 200 200 200 200"),
    api("GET", "api-v1:list_work_hours", "api/v1/presence/work-hours", "401 403 403 200 200 200 403 403"),
    api("POST", "api-v1:create_work_hours", "api/v1/presence/work-hours", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:today", "api/v1/presence/today", "401 200 200 404 404 404 404 404"),
    api("GET", "api-v1:attendance", "api/v1/presence/attendance/<employee_id>", "401 404 404 404 200 200 404 404", employee_id="@other"),
    api("GET", "api-v1:team_locations", "api/v1/presence/team-locations", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:field_ping", "api/v1/presence/field-reports", "401 422 422 422 422 422 422 422"),
    api("POST", "api-v1:create_field_area", "api/v1/presence/field-areas", "401 422 422 422 422 422 422 422"),
    api("POST", "api-v1:passkey_nonces", "api/v1/presence/passkey/nonces", "401 201 201 403 403 403 403 403", writes="asn atasan"),
    api("POST", "api-v1:passkey_registration_options", "api/v1/presence/passkey/registration-options", "401 200 200 403 403 403 403 403", writes="asn atasan"),
    api("POST", "api-v1:register_passkey", "api/v1/presence/passkeys", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:my_passkeys", "api/v1/presence/passkeys", "401 200 200 200 200 200 200 200"),
    api("GET", "api-v1:pending_passkeys", "api/v1/presence/passkeys/pending", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:approve_passkey", "api/v1/presence/passkeys/<passkey_id>/approve", "401 404 404 404 200 404 404 404", writes="bkpsdm", passkey_id="@passkey"),
    api("POST", "api-v1:reject_passkey", "api/v1/presence/passkeys/<passkey_id>/reject", "401 404 404 404 422 404 404 404", passkey_id="@passkey"),
    api("GET", "api-v1:reviews", "api/v1/presence/reviews", "401 200 200 200 200 200 200 200"),
    api("GET", "api-v1:open_presence_check", "api/v1/presence/presence-checks/open", "401 200 200 403 403 403 403 403"),
    api("POST", "api-v1:answer_presence_check", "api/v1/presence/presence-checks/<check_id>/answer", "401 422 422 422 422 422 422 422", check_id="@presence_check"),
    api("GET", "api-v1:presence_check_consent", "api/v1/presence/presence-checks/consent", "401 200 200 403 403 403 403 403"),
    api("POST", "api-v1:set_presence_check_consent", "api/v1/presence/presence-checks/consent", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:team_presence_checks", "api/v1/presence/presence-checks/team", "401 200 200 200 200 200 200 200"),
    api("GET", "api-v1:presence_check_policies", "api/v1/presence/presence-checks/policies", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:set_presence_check_policy", "api/v1/presence/presence-checks/policies", "401 422 422 422 422 422 422 422"),
    api("POST", "api-v1:accept_check_in", "api/v1/presence/reviews/<check_in_id>/accept", "401 404 404 404 404 404 404 404", check_in_id="@flagged"),
    api("POST", "api-v1:reject_check_in", "api/v1/presence/reviews/<check_in_id>/reject", "401 404 404 404 404 404 404 404", check_in_id="@flagged"),
    api("POST", "api-v1:upload_selfie", "api/v1/presence/check-ins/<check_in_uuid>/selfie", "401 422 422 422 422 422 422 422", check_in_uuid="0b0b0b0b-0000-4000-8000-00000000000b"),
    api("POST", "api-v1:enrol_face", "api/v1/presence/face-references", "401 422 422 403 403 403 403 403"),
    api("GET", "api-v1:pending_faces", "api/v1/presence/face-references/pending", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:approve_face", "api/v1/presence/face-references/<face_id>/approve", "401 404 404 404 200 404 404 404", writes="bkpsdm", face_id="@face"),
    api("POST", "api-v1:reject_face", "api/v1/presence/face-references/<face_id>/reject", "401 404 404 404 422 404 404 404", face_id="@face"),
    api("POST", "api-v1:set_selfie_policy", "api/v1/presence/selfie-policies", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:my_reports", "api/v1/activity/reports", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:save_draft", "api/v1/activity/reports", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:get_report", "api/v1/activity/reports/<report_id>", "401 404 404 404 200 200 404 404", report_id="@report"),
    api("PUT", "api-v1:update_draft", "api/v1/activity/reports/<report_id>", "401 404 404 404 403 403 404 404", report_id="@report"),
    api("POST", "api-v1:add_activity", "api/v1/activity/reports/<report_id>/activities", "401 422 422 422 422 422 422 422", report_id="@report"),
    api("GET", "api-v1:report_events", "api/v1/activity/reports/<report_id>/events", "401 404 404 404 200 200 404 404", report_id="@report"),
    api("POST", "api-v1:submit", "api/v1/activity/reports/<report_id>/submit", "401 404 404 404 403 403 404 404", report_id="@report"),
    api("GET", "api-v1:inbox", "api/v1/activity/inbox", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:approve", "api/v1/activity/reports/<report_id>/approve", "401 404 404 404 403 403 404 404", report_id="@report"),
    api("POST", "api-v1:return_for_revision", "api/v1/activity/reports/<report_id>/return", "401 404 404 404 403 403 404 404", report_id="@report"),
    api("POST", "api-v1:reject", "api/v1/activity/reports/<report_id>/reject", "401 404 404 404 403 403 404 404", report_id="@report"),
    api("POST", "api-v1:bulk_approve", "api/v1/activity/inbox/approve", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:list_targets", "api/v1/activity/targets", "401 422 422 422 422 422 422 422"),
    api("POST", "api-v1:create_target", "api/v1/activity/targets", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:get_performance", "api/v1/activity/performance", "401 200 200 404 404 404 404 404"),
    api("GET", "api-v1:list_meetings", "api/v1/meetings/meetings", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:create_meeting", "api/v1/meetings/meetings", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:list_occurrences", "api/v1/meetings/occurrences", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:check_in", "api/v1/meetings/occurrences/<occurrence_id>/check-in", "401 404 404 404 422 403 422 404", occurrence_id="@occurrence"),
    api("POST", "api-v1:confirm", "api/v1/meetings/attendances/<attendance_id>/confirm", "401 404 404 404 200 403 403 404", attendance_id="@attendance", writes="bkpsdm"),
    api("GET", "api-v1:compliance", "api/v1/meetings/compliance", "401 200 200 200 200 200 200 200"),
    api("GET", "api-v1:list_spot_checks", "api/v1/meetings/spot-checks", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:record_spot_check", "api/v1/meetings/spot-checks/<spot_check_id>/outcome", "401 422 422 422 422 422 422 422", spot_check_id="@spot_check"),
    api("GET", "api-v1:city", "api/v1/monitoring/city", "401 403 403 403 200 200 200 403"),
    api("GET", "api-v1:opd", "api/v1/monitoring/opd", "401 403 403 200 200 200 200 403"),
    api("GET", "api-v1:team", "api/v1/monitoring/team", "401 403 200 403 403 403 403 403"),
    api("GET", "api-v1:list_plans", "api/v1/audit/plans", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:create_plan", "api/v1/audit/plans", "401 422 422 422 422 422 422 422"),
    api("POST", "api-v1:draw", "api/v1/audit/plans/<plan_id>/sample", "401 404 404 404 403 422 404 404", plan_id="@plan"),
    api("POST", "api-v1:issue", "api/v1/audit/plans/<plan_id>/report", "401 404 404 404 403 422 404 404", plan_id="@plan"),
    api("GET", "api-v1:items", "api/v1/audit/plans/<plan_id>/items", "401 404 404 404 200 200 404 404", plan_id="@plan"),
    api("GET", "api-v1:list_findings", "api/v1/audit/findings", "401 200 200 200 200 200 200 200"),
    api("POST", "api-v1:create_finding", "api/v1/audit/findings", "401 422 422 422 422 422 422 422"),
    api("POST", "api-v1:follow_up", "api/v1/audit/findings/<finding_id>/follow-ups", "401 422 422 422 422 422 422 422", finding_id="@finding"),
    api("GET", "api-v1:anchors", "api/v1/audit/anchors", "401 403 403 403 200 200 200 403"),
    api("GET", "api-v1:joki_findings", "api/v1/audit/joki", "401 200 200 200 200 200 200 200", note="selain Inspektorat dan BKPSDM: daftar kosong"),
    api("GET", "api-v1:joki_finding", "api/v1/audit/joki/<finding_id>", "401 404 404 404 200 200 404 404", finding_id="@joki_finding", note="setiap tampilan lokasi dicatat (UU 27/2022)"),
    api("POST", "api-v1:simulate", "api/v1/efficiency/simulate", "401 403 403 403 200 200 403 403"),
    api("GET", "api-v1:consistency", "api/v1/efficiency/consistency", "401 200 200 200 200 200 200 200"),
    api("GET", "api-v1:pilot", "api/v1/efficiency/pilot", "401 403 403 403 200 200 403 403"),
    api("GET", "api-v1:plan_vs_realised", "api/v1/efficiency/realised-costs", "401 403 403 200 200 200 403 403"),
    api("POST", "api-v1:record_realised_cost", "api/v1/efficiency/realised-costs", "401 422 422 422 422 422 422 422"),
    api("GET", "api-v1:public", "api/v1/efficiency/public", "200 200 200 200 200 200 200 200"),
    api("GET", "api-v1:api-root", "api/v1/", "404 404 404 404 404 404 404 404"),
    page("org:opd_list", "organisasi/", get="302 200 200 200 200 200 200 200"),
    page("org:opd", "organisasi/opd/<int:pk>/", get="302 404 404 404 200 200 200 404", pk="@opd_b"),
    page("org:unit", "organisasi/unit/<int:pk>/", get="302 404 404 404 200 200 200 404", pk="@unit_b"),
    page("org:employee_search", "organisasi/pegawai/", get="302 200 200 200 200 200 200 200"),
    page("org:employee", "organisasi/pegawai/<int:pk>/", get="302 404 404 404 200 200 404 404", pk="@other"),
    page("org:employee_edit", "organisasi/pegawai/<int:pk>/ubah/", get="302 404 404 404 200 403 404 404", post="302 404 404 404 200 403 404 404", pk="@other"),
    page("org:import", "organisasi/impor/", get="302 403 403 200 200 403 403 403", post="302 403 403 200 200 403 403 403"),
    page("org:import_errors", "organisasi/impor/kesalahan.csv", get="302 403 403 200 200 403 403 403"),
    page("org:import_template", "organisasi/impor/templat.csv", get="302 403 403 200 200 403 403 403"),
    page("api_token_revoke", "akun/token/<int:pk>/cabut/", get="302 405 405 405 405 405 405 405", post="302 404 404 404 404 404 404 404", pk="@token_b"),
    page("org:master_data", "organisasi/data-induk/", get="302 403 403 200 200 403 403 403"),
    page("org:accounts", "organisasi/data-induk/akun/", get="302 403 403 200 200 403 403 403"),
    page("org:account_deactivate", "organisasi/data-induk/akun/<int:pk>/nonaktifkan/", get="302 403 403 404 200 403 403 403", post="302 403 403 404 200 403 403 403", pk="@other_user"),
    page("org:account_reactivate", "organisasi/data-induk/akun/<int:pk>/aktifkan/", get="302 403 403 404 200 403 403 403", post="302 403 403 404 200 403 403 403", pk="@other_user"),
    page("org:employee_token_revoke", "organisasi/pegawai/<int:pk>/token/<int:token_pk>/cabut/", get="302 405 405 405 405 405 405 405", post="302 404 404 404 302 403 404 404", pk="@other", token_pk="@token_b", writes="bkpsdm"),
    page("org:office_create", "organisasi/data-induk/kantor/baru/", get="302 403 403 200 200 403 403 403", post="302 403 403 200 200 403 403 403"),
    page("org:office_edit", "organisasi/data-induk/kantor/<int:pk>/ubah/", get="302 403 403 404 200 403 403 403", post="302 403 403 404 200 403 403 403", pk="@office_b"),
    page("org:position_create", "organisasi/data-induk/jabatan/baru/", get="302 403 403 200 200 403 403 403", post="302 403 403 200 200 403 403 403"),
    page("org:position_edit", "organisasi/data-induk/jabatan/<int:pk>/ubah/", get="302 403 403 404 200 403 403 403", post="302 403 403 404 200 403 403 403", pk="@position_b"),
    page("org:role_grants", "organisasi/data-induk/peran/", get="302 403 403 403 200 403 403 403", post="302 403 403 403 200 403 403 403"),
    page("org:role_revoke", "organisasi/data-induk/peran/<int:pk>/cabut/", get="302 403 403 403 200 403 403 403", post="302 403 403 403 302 403 403 403", pk="@grant_b", writes="bkpsdm"),
    page("org:unit_create", "organisasi/data-induk/unit/baru/", get="302 403 403 200 200 403 403 403", post="302 403 403 200 200 403 403 403"),
    page("org:unit_edit", "organisasi/data-induk/unit/<int:pk>/ubah/", get="302 403 403 404 200 403 403 403", post="302 403 403 404 200 403 403 403", pk="@unit_b"),
    page("policy:index", "kebijakan/", get="302 403 403 200 200 200 403 403"),
    page("policy:mine", "kebijakan/saya/", get="302 200 200 404 404 404 404 404", post="405 405 405 405 405 405 405 405"),
    page("policy:record_connectivity", "kebijakan/saya/konektivitas/", get="405 405 405 405 405 405 405 405", post="302 302 302 404 404 404 404 404"),
    page("policy:register_device", "kebijakan/saya/perangkat/", get="405 405 405 405 405 405 405 405", post="302 302 302 404 404 404 404 404"),
    page("policy:accept_security", "kebijakan/saya/keamanan-data/", get="405 405 405 405 405 405 405 405", post="302 302 302 404 404 404 404 404", writes="asn atasan", note="satu klik menyetujui pernyataan: POST kosong pun mencatatnya"),
    page("policy:employee", "kebijakan/pegawai/<int:pk>/", get="302 404 404 404 200 200 404 404", pk="@other"),
    page("policy:rule_edit", "kebijakan/aturan/", get="302 403 403 200 200 403 403 403", post="302 403 403 200 200 403 403 403"),
    page("policy:phase_add", "kebijakan/fase/tambah/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 302 403 403 403"),
    page("policy:calendar_add", "kebijakan/kalender/tambah/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 302 403 403 403"),
    page("policy:calendar_delete", "kebijakan/kalender/<int:pk>/hapus/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 302 403 403 403", writes="bkpsdm", pk="@calendar_day"),
    page("policy:job_criteria", "kebijakan/kriteria-jabatan/", get="302 403 403 200 200 200 403 403"),
    page("policy:job_criteria_edit", "kebijakan/kriteria-jabatan/<int:pk>/", get="302 403 403 404 200 403 403 403", post="302 403 403 404 302 403 403 403", writes="bkpsdm", pk="@position_b", note="POST kosong = semua kriteria tidak dicentang: BKPSDM menyimpannya (tercatat di log audit)"),
    page("policy:discipline", "kebijakan/disiplin/", get="302 403 403 200 200 200 403 403"),
    page("policy:discipline_add", "kebijakan/disiplin/tambah/", get="405 405 405 405 405 405 405 405", post="302 403 403 302 302 403 403 403"),
    page("policy:special_apply", "kebijakan/saya/keadaan-khusus/", get="405 405 405 405 405 405 405 405", post="302 302 302 404 404 404 404 404"),
    page("policy:special_inbox", "kebijakan/keadaan-khusus/", get="302 403 200 403 403 403 403 403"),
    page("policy:special_approve", "kebijakan/keadaan-khusus/<int:pk>/setujui/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 403 403 404 404", pk="@special"),
    page("policy:special_reject", "kebijakan/keadaan-khusus/<int:pk>/tolak/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 403 403 404 404", pk="@special"),
    page("policy:parameter_add", "kebijakan/parameter/tambah/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 302 403 403 403"),
    page("roster:index", "rotasi/", get="302 403 403 200 200 200 403 403", post="302 403 403 403 302 403 403 403", writes="bkpsdm"),
    page("roster:publish_month", "rotasi/terbitkan-bulan/", get="405 405 405 405 405 405 405 405", post="302 403 403 302 302 403 403 403"),
    page("roster:detail", "rotasi/jadwal/<int:pk>/", get="302 403 403 404 200 200 403 403", pk="@schedule"),
    page("roster:publish", "rotasi/jadwal/<int:pk>/terbitkan/", get="405 405 405 405 405 405 405 405", post="302 403 403 404 302 403 403 403", writes="bkpsdm", pk="@schedule"),
    page("roster:discard", "rotasi/jadwal/<int:pk>/buang/", get="405 405 405 405 405 405 405 405", post="302 403 403 404 302 403 403 403", writes="bkpsdm", pk="@schedule"),
    page("roster:my_schedule", "rotasi/saya/", get="302 200 200 404 404 404 404 404", post="302 200 200 404 404 404 404 404"),
    page("roster:preference", "rotasi/saya/preferensi/", get="405 405 405 405 405 405 405 405", post="302 302 302 404 404 404 404 404", writes="asn atasan"),
    page("roster:ical", "rotasi/ical/<int:user_id>/<str:token>.ics", get="404 404 404 404 404 404 404 404", user_id="@other_user", token="0123456789abcdef0123456789abcdef"),
    page("roster:inbox", "rotasi/permintaan/", get="302 403 200 403 403 403 403 403"),
    page("roster:approve", "rotasi/permintaan/<int:pk>/setujui/", get="405 405 405 405 405 405 405 405", post="302 403 404 403 403 403 403 403", pk="@swap"),
    page("roster:reject", "rotasi/permintaan/<int:pk>/tolak/", get="405 405 405 405 405 405 405 405", post="302 403 404 403 403 403 403 403", pk="@swap"),
    page("roster:agree", "rotasi/permintaan/<int:pk>/setuju/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 403 403 404 404", pk="@swap"),
    page("roster:decline", "rotasi/permintaan/<int:pk>/menolak/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 403 403 404 404", pk="@swap"),
    page("roster:withdraw", "rotasi/permintaan/<int:pk>/tarik/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 404 404 404 404", pk="@swap"),
    page("roster:absences", "rotasi/cuti-dinas-luar/", get="302 403 200 200 200 403 403 403", post="302 403 302 302 302 403 403 403"),
    page("presence:check_in", "presensi/", get="302 200 200 403 403 403 403 403"),
    page("presence:manifest", "presensi/aplikasi.webmanifest", get="200 200 200 200 200 200 200 200", note="the same public JSON for everyone"),
    page("presence:service_worker", "presensi/sw.js", get="200 200 200 200 200 200 200 200", note="the same public script for everyone"),
    page("presence:my_history", "presensi/riwayat/", get="302 200 200 403 403 403 403 403"),
    page("presence:my_location_csv", "presensi/riwayat/lokasi-saya.csv", get="302 200 200 403 403 403 403 403"),
    page("presence:home", "presensi/rumah/", get="302 200 200 403 403 403 403 403", post="302 200 200 403 403 403 403 403"),
    page("presence:device", "presensi/perangkat/", get="302 200 200 403 403 403 403 403", post="302 200 200 403 403 403 403 403"),
    page("presence:corrections", "presensi/koreksi/", get="302 200 200 403 403 403 403 403", post="302 200 200 403 403 403 403 403"),
    page("presence:field_report", "presensi/lapangan/", get="302 200 200 403 403 403 403 403", post="302 200 200 403 403 403 403 403"),
    page("presence:presence_checks", "presensi/cek-acak/", get="302 200 200 200 200 403 403 403"),
    page("presence:presence_check_consent", "presensi/cek-acak/persetujuan/", get="405 405 405 405 405 405 405 405", post="302 302 302 403 403 403 403 403", writes="asn atasan"),
    page("presence:presence_check_policy", "presensi/cek-acak/kebijakan/<int:opd_id>/", get="405 405 405 405 405 405 405 405", post="302 403 403 404 302 403 403 403", opd_id="@opd_b", note="admin OPD A: OPD B bukan kelolaannya (404); BKPSDM: isian kosong ditolak per kolom, tidak ada yang berubah."),
    page("presence:approvals", "presensi/persetujuan/", get="302 403 200 200 200 403 403 403"),
    page("presence:approve_correction", "presensi/persetujuan/koreksi/<int:pk>/setujui/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 404 404 404 404", pk="@correction"),
    page("presence:reject_correction", "presensi/persetujuan/koreksi/<int:pk>/tolak/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 404 404 404 404", pk="@correction"),
    page("presence:approve_home", "presensi/persetujuan/rumah/<int:pk>/setujui/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 302 403 404 404", writes="bkpsdm", pk="@home"),
    page("presence:reject_home", "presensi/persetujuan/rumah/<int:pk>/tolak/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 302 403 404 404", pk="@home"),
    page("presence:approve_device", "presensi/persetujuan/perangkat/<int:pk>/setujui/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 302 403 404 404", writes="bkpsdm", pk="@reset"),
    page("presence:reject_device", "presensi/persetujuan/perangkat/<int:pk>/tolak/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 302 403 404 404", pk="@reset"),
    page("presence:approve_passkey", "presensi/persetujuan/passkey/<int:pk>/setujui/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 302 404 404 404", writes="bkpsdm", pk="@passkey"),
    page("presence:reject_passkey", "presensi/persetujuan/passkey/<int:pk>/tolak/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 302 404 404 404", pk="@passkey"),
    page("presence:accept_check_in", "presensi/persetujuan/presensi/<int:pk>/terima/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 404 404 404 404", pk="@flagged"),
    page("presence:reject_check_in", "presensi/persetujuan/presensi/<int:pk>/tolak/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 404 404 404 404", pk="@flagged"),
    page("presence:face_photo", "presensi/persetujuan/wajah/<int:pk>/foto/", get="302 404 404 404 200 404 404 404", pk="@face"),
    page("presence:approve_face", "presensi/persetujuan/wajah/<int:pk>/setujui/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 302 404 404 404", writes="bkpsdm", pk="@face"),
    page("presence:reject_face", "presensi/persetujuan/wajah/<int:pk>/tolak/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 302 404 404 404", pk="@face"),
    page("presence:face", "presensi/wajah/", get="302 200 200 403 403 403 403 403", post="302 200 200 403 403 403 403 403"),
    page("presence:selfie_policies", "presensi/swafoto-opd/", get="302 403 403 403 200 200 403 403"),
    page("presence:set_selfie_policy", "presensi/swafoto-opd/<int:pk>/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 302 403 403 403", writes="bkpsdm", pk="@opd_b"),
    page("presence:recap", "presensi/rekap/", get="302 403 200 200 200 200 403 403"),
    page("presence:team_map", "presensi/peta/", get="302 403 200 403 403 403 403 403"),
    page("presence:team_map_data", "presensi/peta/data/", get="302 403 200 403 403 403 403 403"),
    page("presence:work_hours", "presensi/jam-kerja/", get="302 403 403 200 200 200 403 403"),
    page("presence:work_hours_add", "presensi/jam-kerja/tambah/", get="405 405 405 405 405 405 405 405", post="302 403 403 422 422 403 403 403"),
    page("presence:work_hours_delete", "presensi/jam-kerja/<int:pk>/hapus/", get="405 405 405 405 405 405 405 405", post="302 403 403 404 302 403 403 403", writes="bkpsdm", pk="@work_hours_b"),
    page("presence:ramadan_add", "presensi/jam-kerja/ramadan/tambah/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 422 403 403 403"),
    page("presence:ramadan_delete", "presensi/jam-kerja/ramadan/<int:pk>/hapus/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 302 403 403 403", writes="bkpsdm", pk="@ramadan"),
    page("pay:index", "tpp/", get="302 403 200 200 200 200 403 403"),
    page("pay:table_add", "tpp/tabel/tambah/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 422 403 403 403"),
    page("pay:compute", "tpp/hitung/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 422 403 403 403"),
    page("pay:month", "tpp/bulan/<int:pk>/", get="302 403 200 200 200 200 403 403", pk="@recap"),
    page("pay:finalise", "tpp/bulan/<int:pk>/final/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 302 403 403 403", pk="@recap", note="BKPSDM: ditolak dengan pesan (baris OPD B belum ditinjau atasan), tidak ada yang berubah."),
    page("pay:export", "tpp/bulan/<int:pk>/tpp.xlsx", get="302 403 403 200 200 200 403 403", pk="@recap", note="admin OPD: hanya baris OPD-nya."),
    page("pay:line", "tpp/baris/<int:pk>/", get="302 404 404 404 200 200 404 404", pk="@recap_line"),
    page("pay:review", "tpp/baris/<int:pk>/tinjau/", get="405 405 405 405 405 405 405 405", post="302 403 404 403 403 403 403 403", pk="@recap_line", note="BKPSDM meninjau hanya pegawai tanpa atasan."),
    page("pay:mine", "tpp/saya/", get="302 200 200 403 403 403 403 403"),
    page("pay:notices", "tpp/peringatan/", get="302 403 200 200 200 200 403 403"),
    page("activity:my_reports", "laporan/", get="302 200 200 403 403 403 403 403"),
    page("activity:write", "laporan/tulis/<str:day>/", get="302 302 302 403 403 403 403 403", post="302 200 200 403 403 403 403 403", day="2026-02-10"),
    page("activity:save_note", "laporan/tulis/<str:day>/catatan/", get="405 405 405 405 405 405 405 405", post="302 404 404 403 403 403 403 403", day="2026-02-10"),
    page("activity:submit", "laporan/tulis/<str:day>/kirim/", get="405 405 405 405 405 405 405 405", post="302 404 404 403 403 403 403 403", day="2026-02-10"),
    page("activity:remove_activity", "laporan/tulis/<str:day>/hapus/<int:pk>/", get="405 405 405 405 405 405 405 405", post="302 404 404 403 403 403 403 403", day="2026-02-10", pk="@activity"),
    page("activity:report", "laporan/<int:pk>/", get="302 404 404 404 200 200 404 404", pk="@report"),
    page("activity:employee_reports", "laporan/pegawai/<int:pk>/", get="302 404 404 404 200 200 404 404", pk="@other"),
    page("activity:approve", "laporan/<int:pk>/setujui/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 403 403 404 404", pk="@report"),
    page("activity:return", "laporan/<int:pk>/kembalikan/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 403 403 404 404", pk="@report"),
    page("activity:reject", "laporan/<int:pk>/tolak/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 403 403 404 404", pk="@report"),
    page("activity:inbox", "laporan/validasi/", get="302 403 200 403 403 403 403 403", post="302 403 302 403 403 403 403 403"),
    page("activity:evidence", "laporan/bukti/<int:pk>/", get="302 404 404 404 200 200 404 404", pk="@activity"),
    page("activity:targets", "laporan/skp/", get="302 200 200 404 404 404 404 404", post="302 200 200 404 404 404 404 404"),
    page("activity:action_plan", "laporan/skp/<int:pk>/rencana-aksi/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 302 403 404 404", pk="@target"),
    page("activity:target_import", "laporan/skp/impor/", get="302 403 200 200 200 403 403 403", post="302 403 200 200 200 403 403 403"),
    page("activity:target_template", "laporan/skp/templat.csv", get="302 200 200 200 200 200 200 200"),
    page("activity:performance", "laporan/kinerja/", get="302 200 200 404 404 404 404 404"),
    page("activity:recap", "laporan/rekap/", get="302 200 200 200 200 200 200 200"),
    page("activity:recap_file", "laporan/rekap/berkas.<str:fmt>", get="302 200 200 200 200 200 200 200", fmt="csv"),
    page("activity:export", "laporan/ekspor/<str:system>/", get="302 200 200 200 200 200 200 200", system="ekinerja"),
    page("activity:delegations", "laporan/plt/", get="302 403 200 403 403 403 403 403", post="302 403 200 403 403 403 403 403"),
    page("activity:end_delegation", "laporan/plt/<int:pk>/akhiri/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 404 404 404 404", pk="@delegation"),
    page("activity:notifications_read", "laporan/notifikasi/baca/", get="405 405 405 405 405 405 405 405", post="302 302 302 302 302 302 302 302"),
    page("meetings:index", "rapat/", get="302 200 200 200 200 200 200 200"),
    page("meetings:create", "rapat/baru/", get="302 403 200 200 200 403 403 403", post="302 403 200 200 200 403 403 403"),
    page("meetings:detail", "rapat/<int:pk>/", get="302 404 404 404 200 200 200 404", pk="@meeting"),
    page("meetings:occurrence", "rapat/sesi/<int:pk>/", get="302 404 404 404 200 200 200 404", pk="@occurrence"),
    page("meetings:check_in", "rapat/sesi/<int:pk>/hadir/", get="302 405 405 405 405 405 405 405", post="302 404 404 404 302 403 302 404", pk="@occurrence"),
    page("meetings:confirm", "rapat/kehadiran/<int:pk>/konfirmasi/", get="302 405 405 405 405 405 405 405", post="302 404 404 404 302 403 403 404", writes="bkpsdm", pk="@attendance"),
    page("meetings:refuse", "rapat/kehadiran/<int:pk>/tolak/", get="302 405 405 405 405 405 405 405", post="302 404 404 404 302 403 403 404", writes="bkpsdm", pk="@attendance"),
    page("meetings:spot_checks", "rapat/uji-petik/", get="302 200 200 200 200 200 200 200"),
    page("meetings:record_spot_check", "rapat/uji-petik/<int:pk>/", get="302 405 405 405 405 405 405 405", post="302 404 404 404 302 302 404 404", pk="@spot_check"),
    page("monitoring:team", "pemantauan/tim/", get="302 403 200 403 403 403 403 403"),
    page("monitoring:team_fragment", "pemantauan/tim/figur/", get="302 403 200 403 403 403 403 403"),
    page("monitoring:opd", "pemantauan/opd/", get="302 403 403 200 200 200 200 403"),
    page("monitoring:opd_fragment", "pemantauan/opd/figur/", get="302 403 403 200 200 200 200 403"),
    page("monitoring:city", "pemantauan/kota/", get="302 403 403 403 200 200 200 403"),
    page("monitoring:city_fragment", "pemantauan/kota/figur/", get="302 403 403 403 200 200 200 403"),
    page("monitoring:oversight", "pemantauan/pengawasan/", get="302 403 403 200 200 200 200 403"),
    page("monitoring:export", "pemantauan/ekspor/<str:dashboard>/<str:table>.<str:fmt>", get="302 403 403 200 200 200 200 403", dashboard="opd", table="person", fmt="csv"),
    page("audit:index", "audit/", get="302 403 403 403 200 200 403 403"),
    page("audit:plan", "audit/rencana/<int:pk>/", get="302 403 403 403 200 200 403 403", pk="@plan"),
    page("audit:draw", "audit/rencana/<int:pk>/sampel/", get="302 403 403 403 403 405 403 403", post="302 403 403 403 403 302 403 403", pk="@plan"),
    page("audit:issue", "audit/rencana/<int:pk>/terbitkan/", get="302 403 403 403 403 405 403 403", post="302 403 403 403 403 302 403 403", pk="@plan"),
    page("audit:export_xlsx", "audit/rencana/<int:pk>/laporan.xlsx", get="302 403 403 403 200 200 403 403", pk="@plan"),
    page("audit:export_pdf", "audit/rencana/<int:pk>/laporan.pdf", get="302 403 403 403 200 200 403 403", pk="@plan"),
    page("audit:worksheet", "audit/sampel/<int:pk>/", get="302 403 403 403 200 200 403 403", post="302 403 403 403 200 200 403 403", pk="@item"),
    page("audit:mark_reviewed", "audit/sampel/<int:pk>/direviu/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 403 302 403 403", writes="inspektorat", pk="@item"),
    page("audit:findings", "audit/temuan/", get="302 403 403 200 200 200 403 403"),
    page("audit:finding", "audit/temuan/<int:pk>/", get="302 403 403 404 200 200 403 403", post="302 403 403 404 200 200 403 403", pk="@finding"),
    page("audit:joki_findings", "audit/joki/", get="302 403 403 403 200 200 403 403"),
    page("audit:joki_finding", "audit/joki/<int:pk>/", get="302 403 403 403 200 200 403 403", pk="@joki_finding", note="setiap tampilan lokasi dicatat (UU 27/2022)"),
    page("audit:log", "audit/log/", get="302 403 403 403 200 200 200 403"),
    page("evaluation:index", "evaluasi/", get="302 403 200 200 200 200 403 403"),
    page("evaluation:detail", "evaluasi/opd/<int:opd_id>/", get="302 404 404 404 200 200 404 404", opd_id="@opd_b"),
    page("evaluation:pdf", "evaluasi/opd/<int:opd_id>/pdf/", get="302 404 404 404 200 200 404 404", opd_id="@opd_b"),
    page("evaluation:xlsx", "evaluasi/opd/<int:opd_id>/xlsx/", get="302 404 404 404 200 200 404 404", opd_id="@opd_b"),
    page("evaluation:acknowledge_unit", "evaluasi/opd/<int:opd_id>/akui-unit/", get="405 405 405 405 405 405 405 405", post="302 404 404 404 302 302 404 404", opd_id="@opd_b"),
    page("evaluation:acknowledge_ppk", "evaluasi/<int:pk>/akui-ppk/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 302 403 403 403", pk="@evaluation"),
    page("national:index", "nasional/", get="302 403 403 403 200 200 403 200"),
    page("national:sync_now", "nasional/sinkronkan/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 302 403 403 302", note="tanpa HIBRIDA_SIASN_* (seperti di uji) BKPSDM dan superuser mendapat pesan \"belum dikonfigurasi\" dan tidak ada yang ditulis."),
    page("national:run", "nasional/sinkronisasi/<int:pk>/", get="302 403 403 403 200 200 403 200", pk="@sync_run"),
    page("national:apply", "nasional/sinkronisasi/<int:pk>/terapkan/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 302 403 403 302", writes="bkpsdm superuser", pk="@sync_run"),
    page("national:discard", "nasional/sinkronisasi/<int:pk>/buang/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 302 403 403 302", pk="@sync_run"),
    page("national:queue", "nasional/kirim-bkn/", get="302 403 403 403 200 200 403 200"),
    page("national:queue_results", "nasional/kirim-bkn/antrekan/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 302 403 403 302"),
    page("national:simpegnas", "nasional/simpegnas/", get="302 403 403 403 404 403 403 404", note="404 selama HIBRIDA_SIMPEGNAS_ENABLED mati (bawaan): jembatan Simpegnas hanya untuk kota yang memakainya."),
    page("national:simpegnas_export", "nasional/simpegnas/ekspor.csv", get="302 403 403 403 404 403 403 404"),
    page("national:simpegnas_import", "nasional/simpegnas/impor/", get="405 405 405 405 405 405 405 405", post="302 403 403 403 404 403 403 404"),
    page("efficiency:simulator", "efisiensi/", get="302 403 403 403 200 200 403 403", post="302 403 403 403 200 200 403 403"),
    page("efficiency:pilot", "efisiensi/uji-coba/", get="302 403 403 403 200 200 403 403"),
    page("efficiency:pilot_pdf", "efisiensi/uji-coba/laporan.pdf", get="302 403 403 403 200 200 403 403"),
    page("efficiency:realised", "efisiensi/realisasi/", get="302 403 403 200 200 200 403 403"),
    page("efficiency:realised_entry", "efisiensi/realisasi/<int:opd_id>/isi/", get="302 403 403 404 200 403 403 403", post="302 403 403 405 405 403 403 403", opd_id="@opd_b"),
    page("efficiency:realised_record", "efisiensi/realisasi/<int:opd_id>/isi/realisasi/", get="302 403 403 405 405 403 403 403", post="302 403 403 404 200 403 403 403", opd_id="@opd_b"),
    page("efficiency:realised_baseline", "efisiensi/realisasi/<int:opd_id>/isi/baseline/", get="302 403 403 405 405 403 403 403", post="302 403 403 404 200 403 403 403", opd_id="@opd_b"),
    page("efficiency:service_import", "efisiensi/layanan/impor/", get="302 403 403 200 200 403 403 403", post="302 403 403 200 200 403 403 403"),
    page("public:index", "publik/", get="200 200 200 200 200 200 200 200"),
    page("public:csv", "publik/data.csv", get="200 200 200 200 200 200 200 200"),
    page("public:anchors", "publik/jangkar-audit.jsonl", get="200 200 200 200 200 200 200 200"),
    page("privacy:index", "privasi/", get="200 200 200 200 200 200 200 200", note="anonim dengan sengaja: catatan pemrosesan dan kontak pejabat pelindungan data bersifat publik (Pasal 31 dan 53 UU 27/2022)."),
    page("privacy:record_json", "privasi/catatan-pemrosesan.json", get="200 200 200 200 200 200 200 200"),
    page("privacy:record_csv", "privasi/catatan-pemrosesan.csv", get="200 200 200 200 200 200 200 200"),
    page("privacy:mine", "privasi/saya/", get="302 200 200 403 403 403 403 403", note="hanya pegawai: data diri sendiri dan riwayat siapa melihat lokasinya."),
    page("privacy:download", "privasi/saya/unduh/", get="302 200 200 403 403 403 403 403", note="unduhan data diri sendiri (Pasal 32); setiap unduhan dicatat di log audit."),
]
# fmt: on

BY_KEY = {route.key: route for route in ROUTES}


def suggestion(name: str, pattern: str) -> str:
    """The line to add to ROUTES for a pattern the table does not know yet."""
    kind = pattern.split("/", 1)[0] if pattern.startswith(("api/", "admin/")) else "page"
    params = "".join(f', {p}="@…"' for p in re.findall(r"<(?:\w+:)?(\w+)>", pattern))
    if kind == "api":
        return f'api("GET", "{name}", "{pattern}", "401 … (one code per role)"{params}),'
    if kind == "admin":
        return f'admin("{name}", "{pattern}"{params}),'
    return f'page("{name}", "{pattern}", get="302 … (one code per role)"{params}),'


def _section(route: Route) -> str:
    return route.pattern.split("/", 1)[0] if "/" in route.pattern else route.pattern


def render_markdown() -> str:
    """docs/access-matrix.md: one table row per route and method, one column per role."""
    lines = [
        "# Matriks akses Hibrida",
        "",
        "Dibuat oleh `python tools/access_matrix.py` dari `tests/access_routes.py`; jangan diubah",
        "dengan tangan. Setiap pola URL proyek (termasuk admin dan API) diminta oleh setiap peran",
        "dengan objek milik OPD lain (OPD B); angka adalah kode status HTTP yang diharapkan dan",
        "diuji oleh `tests/org/test_route_matrix.py`. POST dikirim dengan badan kosong (API: `{}`).",
        "",
        "Arti kode: 200 berhasil; 302 dialihkan (tamu ke halaman masuk, admin ke login admin,",
        "atau sesudah tindakan); 400/422 masukan ditolak; 401 API tanpa token; 403 peran tidak",
        "berwenang; 404 objek tidak terlihat bagi peran itu; 405 metode tidak diterima.",
        "",
        "Peran: anonim (tidak masuk); ASN = Staf Satu (OPD A); atasan = Kabid A (OPD A); admin",
        "OPD = admin OPD A; BKPSDM, Inspektorat, Diskominfo = peran kota; superuser = akun",
        "`is_superuser` tanpa pegawai.",
        "",
    ]
    header = "| rute | nama | metode | " + " | ".join(ROLE_TITLES[r] for r in ROLES) + " |"
    rule = "|---|---|---|" + "---|" * len(ROLES)
    section = None
    for route in ROUTES:
        if _section(route) != section:
            section = _section(route)
            lines += ["", f"## /{section}", "", header, rule]
        shown = route.url or "/" + route.pattern
        name = route.name or "—"
        for method, codes in route.answers:
            cells = " | ".join(str(c) for c in codes)
            lines.append(f"| `{shown}` | `{name}` | {method} | {cells} |")
    notes = [r for r in ROUTES if r.note]
    if notes:
        lines += ["", "## Catatan", ""]
        lines += [f"- `{r.url or '/' + r.pattern}`: {r.note}" for r in notes]
    return "\n".join(lines) + "\n"
