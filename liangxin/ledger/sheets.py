"""The sheets the platform's own templates add beside the data sheet (ledger.templates_xlsx).

The reader skips them without a note: a user who fills in our template should not be told
that our instructions and drop-down options were "ignored".
"""

INSTRUCTIONS_SHEET = "填写说明"
OPTIONS_SHEET = "选项"
# A ledger export's second sheet: the names of the codes its rows use (ledger.names).
NAMES_SHEET = "代码对照"
TEMPLATE_SHEETS = frozenset({INSTRUCTIONS_SHEET, OPTIONS_SHEET, NAMES_SHEET})
