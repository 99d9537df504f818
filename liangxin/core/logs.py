"""Console logging: one line for what the user did wrong, a traceback for what we did.

Django logs a refused request (PermissionDenied, SuspiciousOperation, BadRequest) on
``django.request`` with the exception attached, so every 403 printed a traceback that
says nothing an operator needs: the line "Forbidden (Permission denied): /path/" does.
Server errors (5xx) keep their traceback.
"""

import logging


class ClientErrorsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
