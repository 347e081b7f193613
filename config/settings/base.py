"""Settings shared by every environment. Everything a deployment changes comes from the
environment; the README lists each variable."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("HUB_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "safeguarding.core",
    "safeguarding.organisations",
    "safeguarding.accounts",
    "safeguarding.actionplans",
    "safeguarding.meetings",
    "safeguarding.training",
    "safeguarding.inspections",
    "safeguarding.returns",
    "safeguarding.reviews",
    # After the hub's apps, so the hub's form templates win over Django's defaults.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safeguarding.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safeguarding.accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "safeguarding.accounts.middleware.RequireMfaMiddleware",
    "safeguarding.organisations.middleware.CurrentBoardMiddleware",
    "axes.middleware.AxesMiddleware",
    "safeguarding.core.middleware.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safeguarding.organisations.context_processors.boards",
                "safeguarding.core.context_processors.navigation",
            ],
            # hub_date, hub_time, hub_datetime, absolute: one style on pages and in e-mails.
            "builtins": ["safeguarding.core.templatetags.hub"],
        },
    },
]
# GOV.UK Frontend markup for every form field, error summary and hint (core/templates/forms).
FORM_RENDERER = "safeguarding.core.forms.GovukFormRenderer"

# --- Database: SQLite by default, PostgreSQL when DATABASE_URL is set -----------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            # Django's engine, waiting fairly for the write lock (core/sqlite/base.py).
            "ENGINE": "safeguarding.core.sqlite",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "hub.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN so concurrent writers queue on the
                # busy timeout instead of failing half-way through a transaction. A write
                # still waiting after "timeout" seconds answers 503 "busy, try again": long
                # enough for 16 writers at once on a machine whose cores are both busy.
                "transaction_mode": "IMMEDIATE",
                "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "60")),
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each server process's memory. "fragments" holds rendered parts of busy pages, keyed by the
# version of the data they show (safeguarding/core/fragments.py, docs/adr/0005): bounded in
# size, and no entry outlives FRAGMENT_TIMEOUT.
FRAGMENT_TIMEOUT = 300
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": FRAGMENT_TIMEOUT,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# --- Accounts, sign-in, MFA, lockout -----------------------------------------------------------
AUTH_USER_MODEL = "organisations.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "safeguarding.accounts.backends.HubAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id with OWASP's parameters (ADR 0008): a check costs about a tenth of PBKDF2's CPU, so
# hundreds of sign-ins a minute fit on two cores. Hashes made before it (PBKDF2, scrypt) still
# verify and are rehashed with the first hasher at the person's next sign-in.
PASSWORD_HASHERS = [
    "safeguarding.accounts.hashers.HubArgon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public:home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_ADAPTER = "safeguarding.accounts.adapter.HubAccountAdapter"
ACCOUNT_FORMS = {
    "login": "safeguarding.accounts.forms.HubLoginForm",
    "signup": "safeguarding.accounts.forms.PractitionerSignupForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Lockout is axes' job, by (e-mail, IP): allauth's own per-e-mail limit would let anyone lock
# someone else out from anywhere, so it keeps only a per-IP ceiling on failed sign-ins against
# password spraying. Its limit on every sign-in ("login", 30 a minute per address) is off: a
# course opening, or an agency behind one address, means many people signing in correctly.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip", "login": ""}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Safeguarding Partnership Hub"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
MFA_FORMS = {
    "activate_totp": "safeguarding.accounts.forms.HubActivateTOTPForm",
    "authenticate": "safeguarding.accounts.forms.HubAuthenticateForm",
    "reauthenticate": "safeguarding.accounts.forms.HubReauthenticateForm",
}
# Business-unit staff and administrators must enrol an authenticator before doing anything.
MFA_REQUIRED = env_bool("MFA_REQUIRED", False)

AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Five minutes from the tenth failure, not from the latest try: retrying while locked out
# does not keep the lock on.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "safeguarding.accounts.lockout.username_from_request"
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
# The client's address, for the lockout and allauth's rate limits (accounts.lockout): behind a
# load balancer or reverse proxy set HUB_TRUSTED_PROXY_COUNT to the number of proxies, which add
# the address they saw to HUB_TRUSTED_PROXY_HEADER. Unset, only the connection's address counts.
HUB_TRUSTED_PROXY_COUNT = int(os.environ.get("HUB_TRUSTED_PROXY_COUNT", "0"))
HUB_TRUSTED_PROXY_HEADER = os.environ.get("HUB_TRUSTED_PROXY_HEADER", "X-Forwarded-For")
AXES_CLIENT_IP_CALLABLE = "safeguarding.accounts.lockout.client_address"

# Sessions: 30 minutes idle, 12 hours at most (accounts.middleware.SessionLimitsMiddleware).
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Security headers ------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)

# --- Static files and uploads -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "uploads"), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
HUB_UPLOAD_MAX_BYTES = int(os.environ.get("HUB_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# An action with no progress update for this many days is "stalled" (actionplans sweeps).
HUB_ACTION_STALE_DAYS = int(os.environ.get("HUB_ACTION_STALE_DAYS", "30"))

# --- E-mail: every message goes through the outbox (core.outbox) ------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds a worker waits on the mail server; it must be well inside the sending timeout below,
# or a slow but live worker could see its message released and sent by another.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# A message still "sending" after this long was left by a worker that died mid-send: the
# send_pending_emails sweep sends it again (docs/adr/0003-outbox-exactly-once.md).
HUB_OUTBOX_SENDING_TIMEOUT = timedelta(
    seconds=int(os.environ.get("HUB_OUTBOX_SENDING_TIMEOUT_SECONDS", "120"))
)
EMAIL_FILE_PATH = VAR_DIR / "sent-mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hub@safeguarding-board.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks ------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task still RUNNING after this long is treated as stuck by the stuck-task sweep.
HUB_TASK_TIMEOUT = timedelta(minutes=int(os.environ.get("HUB_TASK_TIMEOUT_MINUTES", "15")))
# People deactivated longer ago than this are anonymised by `manage.py apply_retention`.
HUB_RETENTION_DAYS = int(os.environ.get("HUB_RETENTION_DAYS", "2190"))

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "safeguarding.accounts.api_auth.MfaCheckedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "safeguarding.core.parsers.HubJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "safeguarding.core.api.HubPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "safeguarding.core.api.hub_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Safeguarding Partnership Hub API",
    "DESCRIPTION": "The hub's records, under the same permission rules as its pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "safeguarding.actionplans.models.Status",
        "ChallengeStatusEnum": "safeguarding.actionplans.models.ChallengeState",
        "ApplicationStatusEnum": "safeguarding.training.models.Status",
        "InspectionGradeEnum": "safeguarding.inspections.models.Grade",
        "ReturnsQuestionKindEnum": "safeguarding.returns.models.QuestionKind",
        "ReturnsTemplateKindEnum": "safeguarding.returns.models.TemplateKind",
        "ReturnsStatusEnum": "safeguarding.returns.models.ReturnStatus",
        "ReturnsModerationEnum": "safeguarding.returns.models.ReturnModeration",
        "EvidenceKindEnum": "safeguarding.returns.models.EvidenceKind",
    },
}

# --- Locale ----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, P"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # axes announces itself at INFO on every start; lockouts are logged at WARNING.
        "axes": {"level": "WARNING"},
        # The PDF builder's font subsetting narrates every glyph at INFO.
        "fontTools": {"level": "WARNING"},
    },
}
