"""The rules of RULES.md "Party age", registered from apps.py (party_age.py applies them)."""

from liangxin.rules.catalog import Rule

RULES = [
    Rule("age.milestones", "党龄纪念章年限", [30, 40, 50], "年", "党内表彰做法", configurable=True),
]
