"""The sheets the platform's own templates add beside the data sheet (ledger.templates_xlsx).

The reader skips them without a note: a user who fills in our template should not be told
that our instructions and drop-down options were "ignored".
"""

INSTRUCTIONS_SHEET = "填写说明"
OPTIONS_SHEET = "选项"
TEMPLATE_SHEETS = frozenset({INSTRUCTIONS_SHEET, OPTIONS_SHEET})
