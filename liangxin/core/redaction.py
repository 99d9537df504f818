"""ID numbers kept out of URLs and access logs (issue 12).

Pages never put an ID number in a URL (a search by ID number is posted and kept in
the session: liangxin/core/private_search.py). What still arrives in a URL (a typed or
old bookmarked link, an API client) is refused by ``IdNumberInQueryMiddleware`` and
blotted out of the log lines of runserver (``RedactIdNumbers`` on the django.server
logger) and of gunicorn (``RedactingGunicornLogger``).
"""

import logging
import re
from urllib.parse import unquote_plus

from django.utils import timezone

from liangxin.core.validators import PROVINCE_CODES, _birth_date

# 17 digits and a check character, not inside a longer run of letters and digits (a
# public id or a hash). Typos are caught too: no checksum test, as a mistyped number
# reveals almost as much as the right one.
ID_NUMBER_SHAPE = re.compile(r"(?<![0-9A-Za-z])([0-9]{17}[0-9Xx])(?![0-9A-Za-z])")
REDACTED = "[身份证号已隐去]"


def looks_like_id_number(candidate: str) -> bool:
    """An 18-character number with a province code and a real birth date.

    Both tests keep apart the all-digit 统一社会信用代码 a user may search an
    enterprise by: its first two characters are rarely a province code and its
    middle is an organization code, not a date.
    """
    if candidate[:2] not in PROVINCE_CODES:
        return False
    birth = _birth_date(candidate[6:14])
    return birth is not None and 1900 <= birth.year <= timezone.localdate().year


def contains_id_number(text: str) -> bool:
    return any(looks_like_id_number(m) for m in ID_NUMBER_SHAPE.findall(unquote_plus(text)))


def redact(text: str) -> str:
    """``text`` with every 18-character number shaped like an ID number replaced.

    A percent-encoded number is found too (the line is then kept decoded).
    """
    decoded = unquote_plus(text) if "%" in text else text
    if not ID_NUMBER_SHAPE.search(decoded):
        return text
    return ID_NUMBER_SHAPE.sub(REDACTED, decoded)


class RedactIdNumbers(logging.Filter):
    """A logging filter: the formatted message with ID-shaped numbers blotted out."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def _gunicorn_logger_base():
    try:
        from gunicorn.glogging import Logger
    except ImportError:  # gunicorn is a production dependency; tests may lack it
        return object
    return Logger


class RedactingGunicornLogger(_gunicorn_logger_base()):
    """gunicorn's logger with ID numbers blotted out of each access-log line.

    ``gunicorn --logger-class liangxin.core.redaction.RedactingGunicornLogger``: every
    atom the access-log format may use (the request line, path, query string, the
    Referer and other headers, the WSGI environ) is redacted before it is applied.
    """

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = redact(value)
        return atoms
