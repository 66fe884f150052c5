"""OpenPlan settings: environment variables only (see `.env.example`).

Development defaults are safe and local; with ``OPENPLAN_ENV=production`` every secret must be
given and the process refuses to start without it.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("OPENPLAN_VAR_DIR", Path.cwd() / "var")).resolve()

# pytest sets PYTEST_VERSION: the test suite runs with test settings unless told otherwise.
ENV = os.environ.get("OPENPLAN_ENV", "test" if "PYTEST_VERSION" in os.environ else "development")
if ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"OPENPLAN_ENV must be development, test or production, not {ENV!r}")
PRODUCTION = ENV == "production"


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when OPENPLAN_ENV=production")
    return value


if PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    ALLOWED_HOSTS = _required("ALLOWED_HOSTS").split(",")
    DEBUG = False
else:
    # A development key: never used in production, where SECRET_KEY is required.
    SECRET_KEY = os.environ.get("SECRET_KEY", "openplan-development-only-key-" + "x" * 40)
    ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    DEBUG = _env_bool("DEBUG", ENV == "development")

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "openplan.core",
    "openplan.accounts",
    "openplan.taxonomy",
    "openplan.search",
    "openplan.plans",
    "openplan.participation",
    "openplan.opendata",
    "openplan.web",
    "openplan.core.admin_apps.OpenPlanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API's interactive docs: its templates and local static files
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "openplan.core.observability.RequestIdMiddleware",
    "openplan.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
]

ROOT_URLCONF = "openplan.urls"
FORM_RENDERER = "openplan.web.forms.FormRenderer"
WSGI_APPLICATION = "openplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openplan.web.context_processors.site",
            ],
            "string_if_invalid": "INVALID TEMPLATE VARIABLE %s" if ENV == "test" else "",
        },
    }
]

# --- Database ---------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'openplan.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=60 if PRODUCTION else 0)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
        # start of a transaction so two writers queue instead of failing half-way.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth and accounts ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "openplan.accounts.backends.ModelBackend",  # Django's and allauth's, each loading the
    "openplan.accounts.backends.AuthenticationBackend",  # user with one statement (ADR 0014)
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "web:home"
ACCOUNT_ADAPTER = "openplan.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[OpenPlan] "
if ENV == "test":
    # Tests submit many forms from one address; allauth merges a dict into its defaults,
    # so only False turns its rate limits off. Elsewhere its default limits apply.
    ACCOUNT_RATE_LIMITS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "OpenPlan")
USERSESSIONS_TRACK_ACTIVITY = False

# --- Email ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OpenPlan <noreply@openplan.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = os.environ.get("EMAIL_URL", "")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
if EMAIL_URL:
    from openplan.core.email_url import email_settings_from_url

    globals().update(email_settings_from_url(EMAIL_URL))
elif PRODUCTION:
    _required("EMAIL_URL")
else:
    EMAIL_BACKEND = "openplan.core.mail.ConsoleAndFileBackend"

# --- Background tasks -------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if ENV == "test"
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("lv", _("Latvian")),
    ("fr", _("French")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
LANGUAGE_COOKIE_NAME = "openplan_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded files (evidence) live here. They are never served from a media URL: views check
# permissions and send them as attachments (plans.views.EvidenceDownloadView).
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media-is-not-served/"
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Security ---------------------------------------------------------------------------
SESSION_ENGINE = "openplan.core.sessions"  # database sessions, read without the ORM (ADR 0012)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "openplan.web.views.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Form fields other than files; uploaded files are not counted here. Files larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE (Django's default, 2.5 MB) go to a temporary file while the
# request is read; the limit on files is OPENPLAN_EVIDENCE_MAX_BYTES, checked by the forms.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_PERMISSIONS = 0o640
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", True)

# --- Logging ----------------------------------------------------------------------------
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "openplan.core.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "openplan.core.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT if LOG_FORMAT in ("json", "text") else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- OpenPlan ---------------------------------------------------------------------------
OPENPLAN_INVITATION_EXPIRE_DAYS = int(os.environ.get("OPENPLAN_INVITATION_EXPIRE_DAYS", "14"))
OPENPLAN_SITE_NAME = os.environ.get("OPENPLAN_SITE_NAME", "OpenPlan")
OPENPLAN_DEMO = _env_bool("OPENPLAN_DEMO", False)
# One cache for every web process (page cache, rate limits): a directory under the var dir, or
# each process's memory in tests.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if ENV == "test"
        else "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
    }
}
# Whole public pages cached for visitors without a session (0: off; off in tests).
OPENPLAN_PAGE_CACHE_SECONDS = int(
    os.environ.get("OPENPLAN_PAGE_CACHE_SECONDS", "0" if ENV == "test" else "600")
)
# /health/ready/ fails when the oldest task ready to run has waited longer than this.
OPENPLAN_TASK_LAG_LIMIT_SECONDS = int(os.environ.get("OPENPLAN_TASK_LAG_LIMIT_SECONDS", "300"))
# Participation: hold a new account's first proposal or comment for a moderator; rate limits
# on contributions ("N/SECONDS", counted in the cache) per account and per IP address.
OPENPLAN_PREMODERATE_FIRST_CONTRIBUTION = _env_bool(
    "OPENPLAN_PREMODERATE_FIRST_CONTRIBUTION", False
)
OPENPLAN_CONTRIBUTION_RATE_ACCOUNT = os.environ.get("OPENPLAN_CONTRIBUTION_RATE_ACCOUNT", "20/3600")
OPENPLAN_CONTRIBUTION_RATE_ADDRESS = os.environ.get("OPENPLAN_CONTRIBUTION_RATE_ADDRESS", "60/3600")
# E-petitions: confirmed signatures a petition needs when its consultation sets no number; the
# days the responsible organisation has to answer once that is reached; how long the link
# that confirms a signature works; signing requests per IP address ("N/SECONDS").
OPENPLAN_PETITION_THRESHOLD = int(os.environ.get("OPENPLAN_PETITION_THRESHOLD", "1000"))
OPENPLAN_PETITION_ANSWER_DAYS = int(os.environ.get("OPENPLAN_PETITION_ANSWER_DAYS", "90"))
OPENPLAN_SIGNATURE_LINK_HOURS = int(os.environ.get("OPENPLAN_SIGNATURE_LINK_HOURS", "72"))
OPENPLAN_SIGNATURE_RATE_ADDRESS = os.environ.get("OPENPLAN_SIGNATURE_RATE_ADDRESS", "60/3600")
# Notifications: an unsubscribe link in an email works this many days; an email never carries
# a notification older than this many hours (docs/notifications.md).
OPENPLAN_UNSUBSCRIBE_DAYS = int(os.environ.get("OPENPLAN_UNSUBSCRIBE_DAYS", "90"))
OPENPLAN_NOTIFICATION_MAIL_HOURS = int(os.environ.get("OPENPLAN_NOTIFICATION_MAIL_HOURS", "48"))
OPENPLAN_EVIDENCE_MAX_BYTES = int(
    os.environ.get("OPENPLAN_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024))
)

# --- Open data (DCAT-AP catalogue, feeds, sitemap) ------------------------------------------
# Absolute address used in the catalogue, feeds and sitemap; empty: taken from each request.
OPENPLAN_BASE_URL = os.environ.get("OPENPLAN_BASE_URL", "").strip().rstrip("/")
OPENPLAN_PUBLISHER_NAME = (
    os.environ.get("OPENPLAN_PUBLISHER_NAME", "").strip() or OPENPLAN_SITE_NAME
)
OPENPLAN_PUBLISHER_URL = os.environ.get("OPENPLAN_PUBLISHER_URL", "").strip()
OPENPLAN_CONTACT_EMAIL = os.environ.get("OPENPLAN_CONTACT_EMAIL", "").strip()
# The licence of the published data: a URI, by default CC BY 4.0 in the EU licence table.
OPENPLAN_DATA_LICENCE = (
    os.environ.get("OPENPLAN_DATA_LICENCE", "").strip()
    or "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"
)

# --- Bulk downloads (opendata.exports) ------------------------------------------------------
# Where the built files live (served by /data/downloads/), and how long after a public change
# the rebuild waits, so that a burst of changes gives one build (0: rebuild on every change).
OPENPLAN_EXPORTS_DIR = Path(os.environ.get("OPENPLAN_EXPORTS_DIR", VAR_DIR / "exports"))
OPENPLAN_EXPORTS_DELAY_SECONDS = int(os.environ.get("OPENPLAN_EXPORTS_DELAY_SECONDS", "300"))
# Rebuild when public data changes (off in tests, which build explicitly).
OPENPLAN_EXPORTS_ON_CHANGE = _env_bool("OPENPLAN_EXPORTS_ON_CHANGE", ENV != "test")

# --- Public record ----------------------------------------------------------------------
# The Ed25519 private key (32 raw bytes, hex or base64) that signs the record's checkpoints.
# Required in production; elsewhere a development key is derived from SECRET_KEY.
if PRODUCTION:
    from openplan.core.record.keys import decode_key

    OPENPLAN_RECORD_SIGNING_KEY = _required("OPENPLAN_RECORD_SIGNING_KEY")
    try:
        decode_key(OPENPLAN_RECORD_SIGNING_KEY)
    except ValueError as _exc:
        raise ImproperlyConfigured(f"OPENPLAN_RECORD_SIGNING_KEY: {_exc}") from _exc
else:
    OPENPLAN_RECORD_SIGNING_KEY = os.environ.get("OPENPLAN_RECORD_SIGNING_KEY", "")
# A checkpoint is signed after every N entries, and with the first entry once the last
# checkpoint is older than M minutes (`openplan record checkpoint` issues one at any time).
OPENPLAN_RECORD_CHECKPOINT_EVERY = int(os.environ.get("OPENPLAN_RECORD_CHECKPOINT_EVERY", "100"))
OPENPLAN_RECORD_CHECKPOINT_MINUTES = int(os.environ.get("OPENPLAN_RECORD_CHECKPOINT_MINUTES", "60"))
