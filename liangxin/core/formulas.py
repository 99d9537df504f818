"""Formula injection in exported spreadsheets (OWASP "CSV Injection").

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is run as a formula by Excel and WPS when the file is opened (a CSV
always, an xlsx once the user edits the cell). Exports put a single quote in
front of such text — the spreadsheet shows it as text — and the ledger import
takes that one quote off again, so an exported value re-imports unchanged.

A value that already starts with quotes before such a character gets one more
quote too, so taking one off always gives back exactly what was exported.
No library does this for both the CSV and the xlsx writer; it is two regular
expressions.
"""

import re

QUOTE = "'"
TRIGGERS = "=+-@\t\r"
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")
FIRST_CHARACTERS = frozenset(TRIGGERS + QUOTE)  # a cheap test before the expression


def neutralize(text: str) -> str:
    """``text`` as a spreadsheet shows it literally (a quote in front when needed)."""
    if text and text[0] in FIRST_CHARACTERS and _NEEDS_QUOTE.match(text):
        return QUOTE + text
    return text


def restore(text: str) -> str:
    """The value ``neutralize`` was given: one leading quote off, where it put one."""
    if text and text[0] == QUOTE and _QUOTED.match(text):
        return text[1:]
    return text


def neutralize_cell(value):
    """Text is neutralized; numbers, dates and empty cells stay what they are."""
    return neutralize(value) if value.__class__ is str else value
