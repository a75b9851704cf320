"""Settings shared by every environment. Each environment variable is read here, once, with a safe default."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Git-ignored folder for the embedded SQLite database and generated files on a laptop.
VAR_DIR = Path(env_str("VUDIG_VAR_DIR", str(BASE_DIR / "var")))

# DJANGO_SECRET_KEY: required in production (production.py refuses to start without it); the default only serves
# local runs and tests.
INSECURE_LOCAL_SECRET_KEY = "local-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", INSECURE_LOCAL_SECRET_KEY)
# DJANGO_DEBUG: off unless asked for.
DEBUG = env_bool("DJANGO_DEBUG", False)
# DJANGO_ALLOWED_HOSTS: comma-separated host names the portal answers to.
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
# DJANGO_CSRF_TRUSTED_ORIGINS: e.g. https://vudig.pitea.se behind a TLS-terminating proxy.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_filters",
    "vudig.core",
    "steeringgroups",
    "measures",
    "projects",
    "maturity",
    "forums",
    "reports",
    "vudig.portal",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vudig.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # After authentication: signed-in pages and downloads get Cache-Control: no-store (outside the
    # error-page middleware, so the styled 405 page gets it too).
    "vudig.core.middleware.NoStoreForSignedInMiddleware",
    # A GET to a POST-only address gets the styled Swedish 405 page instead of an empty body (after auth: the page
    # shows the navigation for who is signed in).
    "vudig.core.middleware.SwedishErrorPageMiddleware",
    # Last, as django-axes asks: turns a locked login attempt into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vudig.urls"
WSGI_APPLICATION = "vudig.wsgi.application"

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
                "vudig.portal.context_processors.navigation",
                "vudig.core.context_processors.notices",
            ],
            "builtins": ["vudig.core.templatetags.permissions"],
        },
    },
]

# DATABASE_URL: postgres://user:pass@host:5432/name for PostgreSQL (psycopg 3); unset = SQLite in var/.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'vudig.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded mode writes from the outbox's background threads too. BEGIN IMMEDIATE takes the write lock when a
    # transaction starts, so two writers wait for each other (up to the timeout) instead of one failing at once with
    # "database is locked" when its read lock cannot be upgraded (load_demo printed dozens of those).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Failed logins are throttled per (username, client address): a stranger elsewhere cannot lock a real user out.
LOGIN_FAILURE_LIMIT = env_int("VUDIG_LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("VUDIG_LOGIN_FAILURE_WINDOW", 300)
# VUDIG_TRUSTED_PROXY_COUNT: reverse proxies in front of gunicorn that append to X-Forwarded-For (0 = none).
# Production refuses to start without it (VUDIG_TRUSTED_PROXY_COUNT_SET): a wrong count either lets a forged header
# pick the address or puts everyone behind the proxy under one lock. The README says how to choose it.
VUDIG_TRUSTED_PROXY_COUNT_SET = bool(env_str("VUDIG_TRUSTED_PROXY_COUNT", ""))
VUDIG_TRUSTED_PROXY_COUNT = env_int("VUDIG_TRUSTED_PROXY_COUNT", 0)

# django-axes throttles every login form, the admin's included (hooks in vudig.core.login_lockout): attempts in the
# database, so all workers share them without CACHE_URL; locked per username and address together; every attempt is
# kept in its access log (admin: Axes); admins lift a lock there or with `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_FAILURE_WINDOW_SECONDS)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # failed attempts too, not only sign-ins (ASVS V16)
AXES_CLIENT_IP_CALLABLE = "vudig.core.login_lockout.client_address"
AXES_USERNAME_CALLABLE = "vudig.core.login_lockout.username_of"
AXES_LOCKOUT_CALLABLE = "vudig.core.login_lockout.lockout_response"

# Sessions end after a working day, or when the browser closes.
SESSION_COOKIE_AGE = env_int("VUDIG_SESSION_SECONDS", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("VUDIG_STATIC_ROOT", str(VAR_DIR / "staticfiles")))
# VUDIG_MEDIA_ROOT: generated files (reports) and attachments; outside the web root, served only through views.
MEDIA_ROOT = Path(env_str("VUDIG_MEDIA_ROOT", str(VAR_DIR / "media")))
# VUDIG_ATTACHMENT_MAX_BYTES: largest file accepted as an attachment to an ärende (default 10 MB).
VUDIG_ATTACHMENT_MAX_BYTES = env_int("VUDIG_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# VUDIG_OFFICE_MAX_UNCOMPRESSED_BYTES: an Office file (OOXML, OpenDocument: zip archives) is refused when its contents
# unpack to more than this (default 100 MB), so a small "zip bomb" cannot exhaust a reader's memory or disk.
VUDIG_OFFICE_MAX_UNCOMPRESSED_BYTES = env_int("VUDIG_OFFICE_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# CACHE_URL: redis://host:6379/1 shares the login throttle across gunicorn workers; unset = per-process memory.
CACHE_URL = env_str("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# With a shared cache (CACHE_URL, Redis in production) a request reads its session from the cache, not the database;
# every write still goes to the database too (cached_db), so a restart or a flushed cache signs no one out, and
# signing out deletes both. Without CACHE_URL (the embedded default, tests) sessions stay in the database: a
# per-process memory cache would let one gunicorn worker keep a session another has ended. django-axes keeps its
# attempts and locks in the database either way; a disabled account or a changed password still ends its sessions
# on the next request (the user and the session's auth hash are checked every time).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if CACHE_URL else "django.contrib.sessions.backends.db"

# EMAIL_URL-less e-mail: the console unless EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
# DEFAULT_FROM_EMAIL: sender of the portal's e-mail.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "VUDIG <vudig@localhost>")
# VUDIG_BASE_URL: absolute address used in e-mailed links.
VUDIG_BASE_URL = env_str("VUDIG_BASE_URL", "http://127.0.0.1:8000")

# CELERY_BROKER_URL: redis://host:6379/0 sends tasks to a separate worker; unset = tasks run in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# VUDIG_OUTBOX_IN_BACKGROUND: without a broker, tasks run after commit in background threads of the web process, so
# ordering a report returns at once (on, the default); off runs them inside the request (the tests).
OUTBOX_IN_BACKGROUND = env_bool("VUDIG_OUTBOX_IN_BACKGROUND", True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# CELERY_VISIBILITY_TIMEOUT: seconds before Redis hands an unacknowledged task (e.g. of a killed worker) to another
# worker; must exceed the longest task (VUDIG_REPORT_TIME_LIMIT). Tests set it low to see the redelivery quickly.
# CELERY_UNACKED_RESTORE_INTERVAL / _THROTTLE: a worker looks for such tasks every interval × throttle seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
}
CELERY_TIMEZONE = TIME_ZONE
# CELERY_TASK_DEFAULT_QUEUE: the queue tasks go to and workers read by default (tests give each worker its own).
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# VUDIG_OUTBOX_MAX_RUNS: times one piece of background work is sent without finishing before it is given up as failed.
OUTBOX_MAX_RUNS = env_int("VUDIG_OUTBOX_MAX_RUNS", 5)
# The beat schedule: one entry per periodic job, each with a comment on why it runs when it does.
CELERY_BEAT_SCHEDULE: dict = {
    # -- maturity --
    # Every 6 hours (idempotent, so often is cheap): remind managers whose organisation has not submitted (14 and 3 days left).
    "maturity-reminders": {
        "task": "maturity.tasks.send_reminders_task",
        "schedule": 6 * 60 * 60,
    },
    # Every morning (idempotent: one mail per improvement, date and manager): remind managers of planned improvements
    # due within two weeks and not finished.
    "maturity-improvement-reminders": {
        "task": "maturity.tasks.send_improvement_reminders_task",
        "schedule": crontab(hour=6, minute=30),
    },
    # -- core --
    # Every minute: background work the broker refused (it was down) or a killed worker left unfinished is sent again.
    "core-outbox-redispatch": {
        "task": "vudig.core.tasks.outbox_redispatch_task",
        "schedule": 60,
    },
    # Monday 07:00 Stockholm time (CELERY_TIMEZONE), before the working week starts: each person's weekly digest of
    # "Att göra" and the week's notices (idempotent: one mail per person and ISO week).
    "core-notice-digest": {
        "task": "vudig.core.tasks.notice_digest_task",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    # -- measures --
    # Every 6 hours (idempotent): remind whoever has items left in an open follow-up period (28/7 or 7/1 days left).
    "measures-period-reminders": {
        "task": "measures.tasks.period_reminders_task",
        "schedule": 6 * 60 * 60,
    },
    # -- steeringgroups --
    # Every morning: remind owners of uppdrag (beslutsuppföljning) due within a week, and of those past their date and
    # not done; one notice per owner, uppdrag and due date.
    "steeringgroups-followup-reminders": {
        "task": "steeringgroups.tasks.followup_reminders_task",
        "schedule": crontab(hour=6, minute=30),
    },
    # -- reports --
    # Every morning: the uppföljningsrapport of each årshjul report point that has passed (e.g. a tertial's end),
    # e-mailed to kommunchef when ready. One report per point: a second run (or a second beat) adds nothing.
    "reports-produce-scheduled": {
        "task": "reports.tasks.produce_scheduled_reports",
        "schedule": crontab(hour=6, minute=15),
    },
}

# Reports. VUDIG_REPORT_TIME_LIMIT / _SOFT_TIME_LIMIT: seconds a PDF render may take before it ends as misslyckad.
REPORTS_TIME_LIMIT = env_int("VUDIG_REPORT_TIME_LIMIT", 600)
REPORTS_SOFT_TIME_LIMIT = env_int("VUDIG_REPORT_SOFT_TIME_LIMIT", 540)
# VUDIG_REPORT_MAX_ATTEMPTS: renders of one report that may be cut off (worker lost) before it is given up.
REPORTS_MAX_ATTEMPTS = env_int("VUDIG_REPORT_MAX_ATTEMPTS", 3)

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# History is a record: the admin shows it and never reverts a record to an older version (vudig.core.admin_mixins).
SIMPLE_HISTORY_REVERT_DISABLED = True

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The Content-Security-Policy sent with every response: no inline scripts or styles anywhere.
VUDIG_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("VUDIG_LOG_LEVEL", "INFO")},
}

# -- Sign-in with the municipality's identity provider (OpenID Connect; vudig/core/identity). Off unless an issuer
# and a client id are set; then the login page offers "Logga in med ditt kommunkonto" first.
# VUDIG_OIDC_ISSUER: the provider's issuer URL (its /.well-known/openid-configuration gives the endpoints), e.g.
# https://login.microsoftonline.com/<tenant-id>/v2.0 for Entra ID.
VUDIG_OIDC_ISSUER = env_str("VUDIG_OIDC_ISSUER", "")
# VUDIG_OIDC_CLIENT_ID / VUDIG_OIDC_CLIENT_SECRET: the portal's registration at the provider.
OIDC_RP_CLIENT_ID = env_str("VUDIG_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("VUDIG_OIDC_CLIENT_SECRET", "")
# VUDIG_OIDC_SCOPES: scopes asked for (space-separated); VUDIG_OIDC_GROUPS_CLAIM: the claim that lists the groups.
OIDC_RP_SCOPES = env_str("VUDIG_OIDC_SCOPES", "openid email profile")
VUDIG_OIDC_GROUPS_CLAIM = env_str("VUDIG_OIDC_GROUPS_CLAIM", "groups")
# VUDIG_OIDC_NO_GROUP_ROLE: what a person with no mapped group gets: reader (Läsare) or none.
VUDIG_OIDC_NO_GROUP_ROLE = env_str("VUDIG_OIDC_NO_GROUP_ROLE", "reader")
# VUDIG_OIDC_SIGN_ALGO: the ID token's signing algorithm (RS256 for Entra ID); VUDIG_OIDC_TIMEOUT: seconds per call.
OIDC_RP_SIGN_ALGO = env_str("VUDIG_OIDC_SIGN_ALGO", "RS256")
OIDC_TIMEOUT = env_int("VUDIG_OIDC_TIMEOUT", 10)
# VUDIG_OIDC_CLOCK_SKEW: seconds of clock difference tolerated on the ID token's exp and iat.
VUDIG_OIDC_CLOCK_SKEW_SECONDS = env_int("VUDIG_OIDC_CLOCK_SKEW", 60)
# VUDIG_LOCAL_LOGIN: who may sign in with a local password: all, admins (break-glass) or off.
VUDIG_LOCAL_LOGIN = env_str("VUDIG_LOCAL_LOGIN", "all")
if VUDIG_LOCAL_LOGIN not in {"all", "admins", "off"} or VUDIG_OIDC_NO_GROUP_ROLE not in {"reader", "none"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("VUDIG_LOCAL_LOGIN is all, admins or off; VUDIG_OIDC_NO_GROUP_ROLE is reader or none.")
if VUDIG_LOCAL_LOGIN == "off" and not (VUDIG_OIDC_ISSUER and OIDC_RP_CLIENT_ID):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "VUDIG_LOCAL_LOGIN=off needs VUDIG_OIDC_ISSUER and VUDIG_OIDC_CLIENT_ID: nobody could sign in."
    )
# mozilla-django-oidc: code flow with state, nonce and PKCE (S256); the ID token is kept for logout's id_token_hint.
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc:callback"
OIDC_REDIRECT_FIELD_NAME = "next"
# The local password backend applies VUDIG_LOCAL_LOGIN in place of ModelBackend; the OIDC backend comes last.
AUTHENTICATION_BACKENDS = [
    "vudig.core.identity.backends.LocalPasswordBackend"
    if backend == "django.contrib.auth.backends.ModelBackend"
    else backend
    for backend in globals().get("AUTHENTICATION_BACKENDS", ["django.contrib.auth.backends.ModelBackend"])
] + ["vudig.core.identity.backends.OIDCBackend"]
# Ends a provider sign-in when its ID token does (does nothing for local sessions).
# (before django-axes' middleware, which stays last)
_AXES_AT = (
    MIDDLEWARE.index("axes.middleware.AxesMiddleware") if "axes.middleware.AxesMiddleware" in MIDDLEWARE else None
)
MIDDLEWARE = [
    *MIDDLEWARE[:_AXES_AT],
    "vudig.core.identity.middleware.ProviderSessionMiddleware",
    *(MIDDLEWARE[_AXES_AT:] if _AXES_AT is not None else []),
]
# Open data catalogue (DCAT-AP-SE, /open-data/catalog.ttl). VUDIG_OPENDATA_LICENSE: the licence URI of every dataset
# (default CC0 1.0); _LICENSE_NAME its name as shown. VUDIG_OPENDATA_PUBLISHER: the publishing organisation;
# _PUBLISHER_URI its URI (empty = an address on /open-data/). VUDIG_OPENDATA_CONTACT_NAME / _EMAIL: the contact point.
VUDIG_OPENDATA_LICENSE = env_str("VUDIG_OPENDATA_LICENSE", "http://creativecommons.org/publicdomain/zero/1.0/")
VUDIG_OPENDATA_LICENSE_NAME = env_str("VUDIG_OPENDATA_LICENSE_NAME", "CC0 1.0 Universell")
VUDIG_OPENDATA_PUBLISHER = env_str("VUDIG_OPENDATA_PUBLISHER", "Piteå kommun")
VUDIG_OPENDATA_PUBLISHER_URI = env_str("VUDIG_OPENDATA_PUBLISHER_URI", "")
VUDIG_OPENDATA_CONTACT_NAME = env_str("VUDIG_OPENDATA_CONTACT_NAME", "Piteå kommun, Utvecklingsenheten")
VUDIG_OPENDATA_CONTACT_EMAIL = env_str("VUDIG_OPENDATA_CONTACT_EMAIL", "kommun@pitea.se")
# VUDIG_ACCESSIBILITY_FILE: the tillgänglighetsredogörelse's data file (known shortcomings, contact, last review);
# empty = data/tillganglighet.yaml in the repository.
VUDIG_ACCESSIBILITY_FILE = env_str("VUDIG_ACCESSIBILITY_FILE", "")
