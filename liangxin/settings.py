"""Liangxin settings: one module, every knob from the environment.

Defaults suit a laptop (SQLite, DEBUG off unless asked). Secrets may be given
directly or as a path in ``NAME_FILE`` (Docker/Kubernetes secrets). A local
``.env`` file at the repository root, written by ``make`` on first run and
ignored by git, supplies the generated keys on a developer machine.
"""

import os
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env", override=False)


def env_str(name: str, default: str | None = None) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env_str(name, default) or "").split(",") if item.strip()]


def env_required(name: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(
            f"环境变量 {name} 未设置。开发机请运行 `make .env` 生成本地密钥；生产环境请显式配置。"
        )
    return value


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Personal data: SM4 key (16 bytes, hex) for encryption at rest and a separate
# HMAC-SM3 key for the blind index. Never reuse one key for both purposes.
PII_ENCRYPTION_KEY = env_required("PII_ENCRYPTION_KEY")
PII_INDEX_KEY = env_required("PII_INDEX_KEY")

INSTALLED_APPS = [
    "liangxin.core.admin_site.LiangxinAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "treebeard",
    "auditlog",
    "axes",
    "liangxin.core",
    "liangxin.audit",
    "liangxin.accounts",
    "liangxin.regions",
    "liangxin.enterprises",
    "liangxin.organizations",
    "liangxin.members",
    "liangxin.workforce",
    "liangxin.coverage",
    "liangxin.ledger",
    "liangxin.rules",
    "liangxin.development",
    "liangxin.mobility",
    "liangxin.dues",
    "liangxin.posts",
    "liangxin.life",
    "liangxin.requests",
    "liangxin.specialists",
    "liangxin.servicelists",
    "liangxin.liaisons",
    "liangxin.cobuilding",
    "liangxin.venues",
    "liangxin.standards",
    "liangxin.brands",
    "liangxin.ratings",
    "liangxin.campaigns",
    "liangxin.funding",
    "liangxin.duties",
    "liangxin.governance",
    "liangxin.ledprojects",
    "liangxin.statforms",
    "liangxin.board",
    "liangxin.annualreports",
    "liangxin.demo",
    "liangxin.api",
    # After liangxin.ledger: its db_worker command (reconnects, ends dead jobs) replaces
    # django-tasks-db's, and the first app listed wins a command name.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp): CONTENT_SECURITY_POLICY below.
    "csp.middleware.CSPMiddleware",
    "liangxin.core.middleware.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "liangxin.core.middleware.PrivateResponseMiddleware",
    # Before any view: a URL holding an ID number is refused (its 400 page needs the user).
    "liangxin.core.middleware.IdNumberInQueryMiddleware",
    "liangxin.core.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "liangxin.accounts.middleware.PasswordPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "liangxin.core.middleware.AuditContextMiddleware",
    "liangxin.audit.middleware.DownloadAuditMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "liangxin.urls"
WSGI_APPLICATION = "liangxin.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

PAGE_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "liangxin.core.context_processors.navigation",
    # {{ local_names.platform }}: the names a district renames (rules/labels.py).
    "liangxin.rules.context_processors.local_names",
]
TEMPLATES = [
    # The pages (liangxin/jinja2/): Jinja2, see liangxin/core/jinja.py for why.
    {
        "BACKEND": "liangxin.core.jinja.Jinja2",
        "DIRS": [BASE_DIR / "liangxin" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "liangxin.core.jinja.environment",
            "context_processors": PAGE_CONTEXT_PROCESSORS,
        },
    },
    # Django templates for what the libraries ship: the admin, DRF, drf-spectacular.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": PAGE_CONTEXT_PROCESSORS},
    },
]

LOCAL_DATA_DIR = BASE_DIR / "var"  # SQLite file, media and bench data on a laptop (not in git)
LOCAL_DATA_DIR.mkdir(exist_ok=True)
FORM_RENDERER = "liangxin.core.renderers.FastFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{LOCAL_DATA_DIR / 'liangxin.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A persistent connection the server dropped (restart, pg_terminate_backend) is
        # found dead at the start of the next request and replaced, instead of a 500.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer works; the busy timeout keeps
    # concurrent gunicorn workers from failing on a locked file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # JIT compiling took longer than running the coverage aggregates it was
    # meant to speed up (0.5–2.7 s of a 1.5 s query on the province dataset).
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "liangxin.accounts.validators.ChineseMinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "liangxin.accounts.validators.CharacterClassValidator"},
]
# Password age (等保): a password older than this many days must be changed before
# anything else (0: no expiry); a one-time password from an admin reset always must.
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
# API tokens (Authorization: Token …) expire this many days after they are issued.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Session timeout (idle): the session ends SESSION_TIMEOUT_MINUTES after the last
# click; IdleSessionMiddleware renews it at most once a minute (not on every request).
SESSION_ENGINE = "liangxin.core.sessions"  # the database, as Django's own; see its docstring
SESSION_COOKIE_AGE = env_int("SESSION_TIMEOUT_MINUTES", 30) * 60
SESSION_TOUCH_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT failures for one
# username from one address, the account is locked for LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# The UI speaks Simplified Chinese only; no negotiation from the browser's Accept-Language.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "liangxin" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or LOCAL_DATA_DIR / "media")

# Background jobs (ledger imports and exports) through Django's tasks API
# (django.tasks, with django-tasks-db's database backend). "database" (default): jobs wait in the
# database until `manage.py db_worker` runs them — `make run` starts one.
# "immediate": run inside the request (tests, or a single-process demo).
# Any other value is taken as a backend's dotted path.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env_str("TASKS_BACKEND", "database")
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(_task_backend, _task_backend)}}

# Ledger files: uploads and error reports are kept encrypted under MEDIA_ROOT/ledger/
# for this many days (`manage.py purge_ledger_files`), uploads limited to this size.
LEDGER_FILE_RETENTION_DAYS = env_int("LEDGER_FILE_RETENTION_DAYS", 7)
LEDGER_MAX_UPLOAD_MB = env_int("LEDGER_MAX_UPLOAD_MB", 200)
# A running ledger job renews its lease every quarter of this; a job whose lease is older
# is taken for dead (its worker was killed or restarted) and ends "interrupted".
LEDGER_JOB_LEASE_SECONDS = env_int("LEDGER_JOB_LEASE_SECONDS", 120)
# Files attached to records (meeting photos and minutes, inspection evidence): encrypted
# under MEDIA_ROOT/attachments/, each at most this size.
ATTACHMENT_MAX_MB = env_int("ATTACHMENT_MAX_MB", 20)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "liangxin.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["liangxin.api.permissions.BusinessRoleRequired"],
    "DEFAULT_PAGINATION_CLASS": "liangxin.api.pagination.StandardPagination",
    "PAGE_SIZE": 25,
    # Search and ordering live in the shared FilterSets (liangxin/<app>/filters.py).
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "liangxin.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "liangxin.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "liangxin.api.parsers.JSONParser",
        "liangxin.api.parsers.FormParser",
        "liangxin.api.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "两新党建平台 API",
    "DESCRIPTION": "Liangxin REST API: 区域、市场主体、党组织、党员、党建指导员。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "OperatingStatusEnum": "liangxin.enterprises.models.OperatingStatus",
        "MemberStatusEnum": "liangxin.members.models.MemberStatus",
        "PaymentMethodEnum": "liangxin.dues.models.PaymentMethod",
    },
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui-dist",
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/swagger-ui-dist/favicon-32x32.png",
}

# Registry lists (pages and API) are cached per user and query, keyed on a data
# version that database triggers bump on every registry write (liangxin/core/page_cache.py).
# Each worker keeps its own entries in memory; 0 seconds turns the cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "liangxin-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 500)},
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False
# Audit log: kept at least 180 days (`manage.py purge_audit_log` deletes only older
# entries); its hash chain is keyed with AUDIT_CHAIN_KEY (else a key derived from
# SECRET_KEY: set it explicitly where SECRET_KEY may be rotated).
AUDIT_RETENTION_DAYS = max(180, env_int("AUDIT_RETENTION_DAYS", 180))
AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY")
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Log lines never hold an ID number (a refused URL may have carried one): the
# RedactIdNumbers filter blots them out of the console and of runserver's access log
# (django.server, redefined here as Django's default plus the filter).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_id_numbers": {"()": "liangxin.core.redaction.RedactIdNumbers"},
        "client_errors_on_one_line": {"()": "liangxin.core.logs.ClientErrorsOnOneLine"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_id_numbers"]},
        "django.server": {
            "level": "INFO",
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_id_numbers"],
        },
    },
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # A 403 is one line, not a traceback (core/logs.py).
        "django.request": {"filters": ["client_errors_on_one_line"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Web hardening (issue 12). Content-Security-Policy on every response (django-csp):
# scripts and styles only from our own static files, no inline script, no eval; pages
# pass data to scripts as <script type="application/json"> (json_script). Styles need
# no 'unsafe-inline' either: templates use classes, and scripts set styles through
# the CSSOM (element.style), which CSP allows. data: images are Bootstrap's and Swagger
# UI's SVG icons inside their CSS. frame-ancestors 'none' is X_FRAME_OPTIONS for
# browsers that read CSP.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}
# Strict-Transport-Security where the site is served over HTTPS (SECURE_COOKIES=1):
# the browser then refuses plain HTTP to this host for HSTS_SECONDS (default a year).
# Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=1 so that Django sees the
# request as secure (only where that proxy overwrites X-Forwarded-Proto).
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600) if SESSION_COOKIE_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = False
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent with every response by PrivateResponseMiddleware: no camera, microphone, location…
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
