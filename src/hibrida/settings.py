"""Settings, read from environment variables with safe embedded defaults.

Every deployment knob is an environment variable so that the same code runs the laptop demo
(SQLite, eager tasks) and production (PostgreSQL, Redis + Celery) unchanged.
"""

import os
import re
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from hibrida.ratelimit import parse_rate

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("HIBRIDA_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("HIBRIDA_VAR_DIR", BASE_DIR / "var"))
# The migrated empty SQLite schema a demo load copies instead of replaying every migration
# (hibrida.demo.schema); outside VAR_DIR so that every fresh demo folder finds it.
HIBRIDA_SCHEMA_CACHE_DIR = Path(os.environ.get("HIBRIDA_SCHEMA_CACHE_DIR", BASE_DIR / ".cache"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ya"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value is None or value.strip() == "" else int(value)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("HIBRIDA_DEBUG", False)
ALLOWED_HOSTS = env_list("HIBRIDA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "testserver"})
# The embedded key is public (it is in this file): it may sign sessions only where nobody else
# can reach the server, i.e. DEBUG or a loopback-only ALLOWED_HOSTS (the demo, the tests).
SECRET_KEY = os.environ.get("HIBRIDA_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
        raise ImproperlyConfigured(
            "HIBRIDA_SECRET_KEY belum diisi: server yang dapat dijangkau dari luar (DEBUG mati, "
            "HIBRIDA_ALLOWED_HOSTS bukan hanya 127.0.0.1/localhost/::1) tidak boleh memakai kunci "
            "demo. / HIBRIDA_SECRET_KEY is not set: a server reachable from other hosts must not "
            "run with the public demo key."
        )
    SECRET_KEY = "hibrida-demo-only-not-for-production-0f3c"
CSRF_TRUSTED_ORIGINS = env_list("HIBRIDA_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Swagger UI and its favicon come from ninja's own static files instead of a public CDN.
    "ninja",
    "hibrida.audit",
    "hibrida.org",
    "hibrida.policy",
    "hibrida.roster",
    "hibrida.presence",
    "hibrida.activity",
    "hibrida.pay",
    "hibrida.meetings",
    "hibrida.monitoring",
    "hibrida.efficiency",
    "hibrida.evaluation",
    "hibrida.national",
    "hibrida.demo",
    "hibrida.operations",
    "hibrida.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "hibrida.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hibrida.locale_middleware.IgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hibrida.org.twofactor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hibrida.nul_guard.NulGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hibrida.urls"
WSGI_APPLICATION = "hibrida.wsgi.application"
ASGI_APPLICATION = "hibrida.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hibrida.navigation.navigation",
                "hibrida.navigation.privacy_contact",
            ],
        },
    }
]

DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'hibrida.sqlite3'}"
if not os.environ.get("DATABASE_URL"):
    # SQLite cannot create the folder of its file; `migrate` must work on a fresh checkout.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_SQLITE,
        conn_max_age=int(os.environ.get("HIBRIDA_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        # WAL and a busy timeout let the demo server and a seeding command share the file.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if os.environ.get("HIBRIDA_TEST_DB_NAME"):
    # Lets several test runs share one PostgreSQL server without clobbering each other.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["HIBRIDA_TEST_DB_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

AUTHENTICATION_BACKENDS = [
    "hibrida.org.login_guard.AddressLockBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock an account+address out after repeated failures (brute force on NIP-based usernames).
AXES_FAILURE_LIMIT = int(os.environ.get("HIBRIDA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("HIBRIDA_LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Password spraying (one address, one common password, every NIP) stays under the per-account
# limit; axes' lockout combinations share one limit, so hibrida.org.login_guard adds this one.
HIBRIDA_LOGIN_ADDRESS_FAILURES = os.environ.get("HIBRIDA_LOGIN_ADDRESS_FAILURES", "20/30m")
# API limits ("count/period", empty = off). Per address they must allow a whole office behind
# one NAT address at the morning peak; per token a phone's retries (benchmarks turn them off).
HIBRIDA_CHECKIN_RATE_TOKEN = os.environ.get("HIBRIDA_CHECKIN_RATE_TOKEN", "30/m")
HIBRIDA_CHECKIN_RATE_ADDRESS = os.environ.get("HIBRIDA_CHECKIN_RATE_ADDRESS", "1200/m")
HIBRIDA_API_AUTH_FAILURES_TOKEN = os.environ.get("HIBRIDA_API_AUTH_FAILURES_TOKEN", "10/10m")
HIBRIDA_API_AUTH_FAILURES_ADDRESS = os.environ.get("HIBRIDA_API_AUTH_FAILURES_ADDRESS", "100/10m")
for _name in (
    "HIBRIDA_LOGIN_ADDRESS_FAILURES",
    "HIBRIDA_CHECKIN_RATE_TOKEN",
    "HIBRIDA_CHECKIN_RATE_ADDRESS",
    "HIBRIDA_API_AUTH_FAILURES_TOKEN",
    "HIBRIDA_API_AUTH_FAILURES_ADDRESS",
):
    try:
        parse_rate(globals()[_name])
    except ValueError as err:
        raise ImproperlyConfigured(f"{_name}: {err}") from None
# Production turns this on: admin roles then need a TOTP code for the master-data admin.
HIBRIDA_REQUIRE_TOTP_FOR_ADMINS = env_bool("HIBRIDA_REQUIRE_TOTP_FOR_ADMINS", False)
OTP_TOTP_ISSUER = "Hibrida Kota Bekasi"
# Lifetime of a new API token: a phone that is lost or handed on stops working by itself.
HIBRIDA_API_TOKEN_DAYS = int(os.environ.get("HIBRIDA_API_TOKEN_DAYS", "90"))

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Our overrides first (date fields need ISO), Django's locale formats for everything else.
FORMAT_MODULE_PATH = ["hibrida.formats"]
TIME_ZONE = os.environ.get("HIBRIDA_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
if not os.environ.get("DATABASE_URL"):
    # WhiteNoise warns on every start when STATIC_ROOT is missing; collectstatic fills it later.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("HIBRIDA_MEDIA_ROOT", VAR_DIR / "media"))
# Serve from the app's static/ folders directly: `hibrida demo` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("HIBRIDA_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Secure cookies mean the site is served over HTTPS: then plain HTTP is redirected and browsers
# are told (HSTS) never to try it again. Each knob stays switchable for a staged roll-out.
SECURE_SSL_REDIRECT = env_bool("HIBRIDA_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_HSTS_SECONDS = env_int("HIBRIDA_HSTS_SECONDS", 31536000 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HIBRIDA_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HIBRIDA_HSTS_PRELOAD", True)
# One reverse proxy in front (TLS ends there): it says the scheme and the client's address.
HIBRIDA_BEHIND_PROXY = env_bool("HIBRIDA_BEHIND_PROXY", False)
if HIBRIDA_BEHIND_PROXY:
    # Without this SECURE_SSL_REDIRECT would loop forever.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxy's and the load balancer's probes speak plain HTTP to the app on the host itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# The dashboard map's tile layer (Leaflet URL template). Empty draws no tiles: some government
# networks filter tile servers, and the markers on a plain background with a scale still show where.
HIBRIDA_MAP_TILES = os.environ.get(
    "HIBRIDA_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
).strip()
HIBRIDA_MAP_ATTRIBUTION = os.environ.get(
    "HIBRIDA_MAP_ATTRIBUTION", "© kontributor OpenStreetMap"
).strip()


# Single sign-on with OpenID Connect (docs/sso.md): off while the issuer is empty. The issuer
# is the provider's base URL; its discovery document is {issuer}/.well-known/openid-configuration.
HIBRIDA_OIDC_ISSUER = os.environ.get("HIBRIDA_OIDC_ISSUER", "").strip().rstrip("/")
HIBRIDA_OIDC_CLIENT_ID = os.environ.get("HIBRIDA_OIDC_CLIENT_ID", "").strip()
# Empty for a public client (PKCE alone); never committed, see docs/sso.md for rotation.
HIBRIDA_OIDC_CLIENT_SECRET = os.environ.get("HIBRIDA_OIDC_CLIENT_SECRET", "")
HIBRIDA_OIDC_NIP_CLAIM = os.environ.get("HIBRIDA_OIDC_NIP_CLAIM", "preferred_username")
HIBRIDA_OIDC_TIMEOUT_S = env_int("HIBRIDA_OIDC_TIMEOUT_S", 10)
if HIBRIDA_OIDC_ISSUER and not HIBRIDA_OIDC_CLIENT_ID:
    raise ImproperlyConfigured("HIBRIDA_OIDC_CLIENT_ID wajib diisi bila HIBRIDA_OIDC_ISSUER diisi.")


def _origin_of(url: str) -> list[str]:
    """The CSP source of an http(s) URL, or nothing for an empty one."""
    if not url:
        return []
    scheme, _sep, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    if scheme not in ("http", "https") or not host:
        raise ImproperlyConfigured("HIBRIDA_OIDC_ISSUER harus berupa URL http(s) atau kosong.")
    return [f"{scheme}://{host}"]


def _tile_origin(template: str) -> list[str]:
    """The img-src source of a tile URL template ("{s}.host" subdomains become "*.host")."""
    if not template:
        return []
    scheme, _sep, rest = template.partition("://")
    if not rest or scheme not in ("http", "https"):
        raise ImproperlyConfigured("HIBRIDA_MAP_TILES harus berupa URL http(s) atau kosong.")
    host = rest.split("/", 1)[0]
    host = re.sub(r"^\{s\}\.", "*.", host)
    if "{" in host:
        raise ImproperlyConfigured("HIBRIDA_MAP_TILES: nama host hanya boleh memakai {s}.")
    return [f"{scheme}://{host}"]


# Everything the pages need is served from here: scripts only from static files (no inline
# code, no eval), so a stored value that slips into the HTML cannot run. Images are ours,
# data: URIs (the icons in Pico's and Swagger UI's stylesheets) and the map tile host if set.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_tile_origin(HIBRIDA_MAP_TILES)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # Logging out of an SSO session is a form POST answered with a redirect to the
        # provider's logout page, which form-action governs too.
        "form-action": [SELF, *_origin_of(HIBRIDA_OIDC_ISSUER)],
        "frame-ancestors": [NONE],
    },
}
# The check-in and field-report pages read the position; nothing uses the camera or microphone.
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=()"

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work: with REDIS_URL set, tasks go to Celery workers; without it (embedded demo,
# tests) they run eagerly in-process so nothing needs a broker.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only after it ran, so a worker killed mid-task leaves it queued; every
# scheduled task is idempotent (one transaction, rewritten from the data), so a re-run is safe.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
# After a whole worker dies (SIGKILL, host lost) Redis hands its unacknowledged tasks to another
# worker once this many seconds passed; it must exceed the longest task or a slow task would run
# twice at once.
HIBRIDA_TASK_VISIBILITY_TIMEOUT_S = env_int("HIBRIDA_TASK_VISIBILITY_TIMEOUT_S", 3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": HIBRIDA_TASK_VISIBILITY_TIMEOUT_S}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 86400
# Beat sends a heartbeat task this often; /healthz fails when the last one a worker ran is older
# than HIBRIDA_HEARTBEAT_MAX_AGE_S (beat or every worker is down, or the queue is stuck).
HIBRIDA_HEARTBEAT_S = env_int("HIBRIDA_HEARTBEAT_S", 60)
HIBRIDA_HEARTBEAT_MAX_AGE_S = env_int("HIBRIDA_HEARTBEAT_MAX_AGE_S", 3 * HIBRIDA_HEARTBEAT_S + 30)
# /metrics: with a token, only `Authorization: Bearer <token>`; without one, only a client on
# this host and only when no proxy sits in front (behind one every client looks local).
HIBRIDA_METRICS_TOKEN = os.environ.get("HIBRIDA_METRICS_TOKEN", "")
# `hibrida backup` (and its nightly task): where backups go and how many are kept.
HIBRIDA_BACKUP_DIR = Path(os.environ.get("HIBRIDA_BACKUP_DIR", VAR_DIR / "backups"))
HIBRIDA_BACKUP_KEEP = env_int("HIBRIDA_BACKUP_KEEP", 14)
# Folder of pg_dump/pg_restore; empty: the server's major version under /usr/lib/postgresql,
# else the ones on PATH (a dump needs a client at least as new as the server).
HIBRIDA_PG_BIN_DIR = os.environ.get("HIBRIDA_PG_BIN_DIR", "")
# Daily audit-chain anchors sent outside the system (docs/operations.md, "Tamper evidence"):
# e-mail addresses at the Inspektorat (comma-separated), an RFC 3161 time-stamp authority, and
# the authority's CA certificate that `verify_audit_log --anchors` checks token signatures with.
HIBRIDA_ANCHOR_EMAILS = env_list("HIBRIDA_ANCHOR_EMAILS", "")
HIBRIDA_TSA_URL = os.environ.get("HIBRIDA_TSA_URL", "")
HIBRIDA_TSA_CA_FILE = os.environ.get("HIBRIDA_TSA_CA_FILE", "")
CELERY_BEAT_SCHEDULE: dict = {
    # Working mornings: today's supervision video calls (the task skips holidays itself).
    "meetings-propose-spot-checks": {
        "task": "meetings.tasks.propose_spot_checks",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-fri"),
    },
    # Random presence checks: planned before the working day, then re-aligned every half hour
    # with leave, roster changes and consent (checks already asked are never moved).
    "presence-plan-presence-checks": {
        "task": "presence.tasks.plan_presence_checks",
        "schedule": crontab(hour="5-17", minute="*/30", day_of_week="mon-fri"),
    },
    # After midnight Asia/Jakarta: anchor yesterday's audit-chain head.
    "audit-anchor-yesterday": {
        "task": "audit.tasks.anchor_yesterday",
        "schedule": crontab(hour=0, minute=15),
    },
    # Monday night: proxy-attendance ("joki") rules over last week (docs/joki.md).
    "audit-scan-joki-last-week": {
        "task": "audit.tasks.scan_joki_last_week",
        "schedule": crontab(hour=1, minute=45, day_of_week="mon"),
    },
    "activity-escalate-overdue": {
        "task": "activity.tasks.escalate_overdue",
        "schedule": crontab(hour=6, minute=30),
    },
    "activity-remind-pending-validations": {
        "task": "activity.tasks.remind_pending_validations",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
    "activity-remind-missing-reports": {
        "task": "activity.tasks.remind_missing_reports",
        "schedule": crontab(hour=20, minute=0, day_of_week="mon-fri"),
    },
    # Precise GPS older than the retention period is coarsened every night (UU 27/2022).
    "presence-coarsen-old-locations": {
        "task": "presence.tasks.coarsen_old_locations",
        "schedule": crontab(hour=1, minute=30),
    },
    # Check-ins of selfie OPDs that came without their frames (HIBRIDA_SELFIE_GRACE_S).
    "presence-flag-missing-selfies": {
        "task": "presence.tasks.flag_missing_selfies",
        "schedule": 300.0,
    },
    # Dashboard summaries for yesterday and today (2–3 s at 12,000 ASN, 24,000 person rows).
    "monitoring-refresh-daily-summary": {
        "task": "monitoring.tasks.refresh_daily_summary",
        "schedule": 300.0,
    },
    "operations-heartbeat": {
        "task": "operations.tasks.heartbeat",
        "schedule": float(HIBRIDA_HEARTBEAT_S),
    },
    # After the GPS coarsening, before the morning: the nightly backup, then the retention.
    "operations-backup": {
        "task": "operations.tasks.backup",
        "schedule": crontab(hour=2, minute=30),
    },
    # One job per personal table past its retention period (hibrida.privacy.retention.JOBS).
    **{
        f"privacy-retention-{job}": {
            "task": "privacy.tasks.apply_retention",
            "schedule": crontab(hour=3, minute=minute),
            "args": (job,),
        }
        for minute, job in enumerate(
            (
                "notifikasi",
                "log_masuk",
                "lihat_lokasi",
                "token_api",
                "foto_lapangan",
                "spot_check",
                "swafoto",
                "foto_wajah",
            ),
            start=0,
        )
    },
    # At night, pull SIASN's org tree and master data into a diff for BKPSDM (nothing applied).
    "national-nightly-sync": {
        "task": "national.tasks.nightly_sync",
        "schedule": crontab(hour=1, minute=0),
    },
    # Results waiting for BKN (a failed send is retried by the next round).
    "national-send-pending": {
        "task": "national.tasks.send_pending",
        "schedule": crontab(minute="*/15"),
    },
    "efficiency-pilot-metrics": {
        "task": "hibrida.efficiency.tasks.refresh_pilot_metrics",
        "schedule": crontab(day_of_month="2", hour="2", minute="0"),
    },
}
# Key of the daily spot-check draw (HMAC), so staff cannot predict who is called; falls back
# to SECRET_KEY when empty.
HIBRIDA_SPOT_CHECK_SECRET = os.environ.get("HIBRIDA_SPOT_CHECK_SECRET", "")

# Retention of precise GPS coordinates before coarsening (UU 27/2022 data minimisation).
HIBRIDA_GPS_RETENTION_DAYS = int(os.environ.get("HIBRIDA_GPS_RETENTION_DAYS", "90"))
# Retention of the other personal tables (days; hibrida.privacy.retention, docs/privacy.md).
HIBRIDA_NOTIFICATION_RETENTION_DAYS = env_int("HIBRIDA_NOTIFICATION_RETENTION_DAYS", 180)
HIBRIDA_LOGIN_LOG_RETENTION_DAYS = env_int("HIBRIDA_LOGIN_LOG_RETENTION_DAYS", 90)
HIBRIDA_LOCATION_VIEW_RETENTION_DAYS = env_int("HIBRIDA_LOCATION_VIEW_RETENTION_DAYS", 730)
HIBRIDA_API_TOKEN_RETENTION_DAYS = env_int("HIBRIDA_API_TOKEN_RETENTION_DAYS", 90)
HIBRIDA_FIELD_PHOTO_RETENTION_DAYS = env_int("HIBRIDA_FIELD_PHOTO_RETENTION_DAYS", 90)
HIBRIDA_SPOT_CHECK_RETENTION_DAYS = env_int("HIBRIDA_SPOT_CHECK_RETENTION_DAYS", 730)
# The data-protection officer (UU 27/2022 Pasal 53), shown on /privasi/ and /publik/.
HIBRIDA_DPO_NAME = os.environ.get(
    "HIBRIDA_DPO_NAME", "Pejabat Pelindungan Data Pribadi, Diskominfostandi Kota Bekasi"
)
HIBRIDA_DPO_EMAIL = os.environ.get("HIBRIDA_DPO_EMAIL", "pdp@bekasikota.go.id")
HIBRIDA_DPO_PHONE = os.environ.get("HIBRIDA_DPO_PHONE", "")
# e-Presensi verification thresholds (minutes / seconds / metres).
HIBRIDA_PRESENCE_TOLERANCE_MIN = int(os.environ.get("HIBRIDA_PRESENCE_TOLERANCE_MIN", "0"))
HIBRIDA_PRESENCE_LATE_SYNC_S = int(os.environ.get("HIBRIDA_PRESENCE_LATE_SYNC_S", "600"))
HIBRIDA_PRESENCE_MAX_SKEW_S = int(os.environ.get("HIBRIDA_PRESENCE_MAX_SKEW_S", "300"))
HIBRIDA_PRESENCE_ACCURACY_FLAG_M = int(os.environ.get("HIBRIDA_PRESENCE_ACCURACY_FLAG_M", "100"))
HIBRIDA_PRESENCE_ACCURACY_REJECT_M = int(
    os.environ.get("HIBRIDA_PRESENCE_ACCURACY_REJECT_M", "1000")
)
# e-Activity Report: submission grace after 23:59, validation deadline before escalation,
# and the notification channels used by reminders.
HIBRIDA_REPORT_GRACE_MINUTES = int(os.environ.get("HIBRIDA_REPORT_GRACE_MINUTES", "0"))
HIBRIDA_VALIDATION_WORKING_DAYS = int(os.environ.get("HIBRIDA_VALIDATION_WORKING_DAYS", "3"))
# A running month's output score and predicate read "belum cukup data" until this many of its
# working days have passed: on day 2 a score would judge a person on a single day.
HIBRIDA_MIN_WORKING_DAYS_FOR_SCORE = env_int("HIBRIDA_MIN_WORKING_DAYS_FOR_SCORE", 5)
HIBRIDA_NOTIFY_CHANNELS = os.environ.get("HIBRIDA_NOTIFY_CHANNELS", "inapp,email")
EMAIL_BACKEND = os.environ.get(
    "HIBRIDA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("HIBRIDA_FROM_EMAIL", "hibrida@bekasikota.go.id")
HIBRIDA_MEETING_BASE_URL = os.environ.get("HIBRIDA_MEETING_BASE_URL", "https://meet.jit.si/")

# SIASN web service (BKN). Empty base URL or credentials: the sync and the sending are off.
# Credentials are issued per instansi by BKN and live only in the environment (docs/national.md).
HIBRIDA_SIASN_BASE_URL = os.environ.get("HIBRIDA_SIASN_BASE_URL", "")
HIBRIDA_SIASN_TOKEN_URL = os.environ.get(
    "HIBRIDA_SIASN_TOKEN_URL", "https://apimws.bkn.go.id/oauth2/token"
)
HIBRIDA_SIASN_SSO_TOKEN_URL = os.environ.get(
    "HIBRIDA_SIASN_SSO_TOKEN_URL",
    "https://sso-siasn.bkn.go.id/auth/realms/public-siasn/protocol/openid-connect/token",
)
HIBRIDA_SIASN_CONSUMER_KEY = os.environ.get("HIBRIDA_SIASN_CONSUMER_KEY", "")
HIBRIDA_SIASN_CONSUMER_SECRET = os.environ.get("HIBRIDA_SIASN_CONSUMER_SECRET", "")
HIBRIDA_SIASN_SSO_CLIENT_ID = os.environ.get("HIBRIDA_SIASN_SSO_CLIENT_ID", "")
HIBRIDA_SIASN_SSO_USERNAME = os.environ.get("HIBRIDA_SIASN_SSO_USERNAME", "")
HIBRIDA_SIASN_SSO_PASSWORD = os.environ.get("HIBRIDA_SIASN_SSO_PASSWORD", "")
# The city's root unor in SIASN's organisation tree: its children are the OPDs.
HIBRIDA_SIASN_ROOT_UNOR_ID = os.environ.get("HIBRIDA_SIASN_ROOT_UNOR_ID", "")
HIBRIDA_SIASN_TIMEOUT_S = env_int("HIBRIDA_SIASN_TIMEOUT_S", 20)
HIBRIDA_SIASN_MAX_RETRIES = env_int("HIBRIDA_SIASN_MAX_RETRIES", 4)
HIBRIDA_SIASN_BACKOFF_S = float(os.environ.get("HIBRIDA_SIASN_BACKOFF_S", "1"))
# A city that uses BKN's Simpegnas attendance turns on its export/import pages.
HIBRIDA_SIMPEGNAS_ENABLED = env_bool("HIBRIDA_SIMPEGNAS_ENABLED", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HIBRIDA_LOG_LEVEL", "WARNING")},
}
# Passkey check-in (issue 15): the city default mode (required | fallback | off; an OPD may
# override it), the relying-party id and origins (empty: the request's host), and how long a
# check-in nonce fetched while online stays usable by the offline queue.
HIBRIDA_PASSKEY_DEFAULT_MODE = os.environ.get("HIBRIDA_PASSKEY_DEFAULT_MODE", "required")
HIBRIDA_PASSKEY_RP_ID = os.environ.get("HIBRIDA_PASSKEY_RP_ID", "")
HIBRIDA_PASSKEY_ORIGINS = os.environ.get("HIBRIDA_PASSKEY_ORIGINS", "")
HIBRIDA_PASSKEY_NONCE_TTL_S = env_int("HIBRIDA_PASSKEY_NONCE_TTL_S", 12 * 3600)
HIBRIDA_PASSKEY_MAX_OPEN_NONCES = env_int("HIBRIDA_PASSKEY_MAX_OPEN_NONCES", 20)
# Selfie check (issue 15; off for every OPD until BKPSDM turns it on with a DPIA reference):
# the match threshold (Euclidean distance of dlib's 128-d descriptors; dlib's own is 0.6), the
# head turn the liveness step requires (nose shift in eye distances), the largest frame
# accepted, how long a check-in may wait for its frames before it is flagged, and how long
# selfie frames and decided reference photos are kept (embeddings and scores stay).
HIBRIDA_SELFIE_THRESHOLD = float(os.environ.get("HIBRIDA_SELFIE_THRESHOLD", "0.6"))
HIBRIDA_SELFIE_MIN_TURN = float(os.environ.get("HIBRIDA_SELFIE_MIN_TURN", "0.08"))
HIBRIDA_SELFIE_MAX_BYTES = env_int("HIBRIDA_SELFIE_MAX_BYTES", 2 * 1024 * 1024)
HIBRIDA_SELFIE_GRACE_S = env_int("HIBRIDA_SELFIE_GRACE_S", 900)
HIBRIDA_SELFIE_RETENTION_DAYS = env_int("HIBRIDA_SELFIE_RETENTION_DAYS", 30)
HIBRIDA_FACE_PHOTO_RETENTION_DAYS = env_int("HIBRIDA_FACE_PHOTO_RETENTION_DAYS", 7)
