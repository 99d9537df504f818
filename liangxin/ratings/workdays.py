"""Working days for the 公示 (WORK.md §3: 5 working days by default): the platform's
calendar (rules.workdays: the published arrangement with the district's corrections)."""

from liangxin.rules.workdays import first_workday, is_workday, workday_span_end

__all__ = ["first_workday", "is_workday", "workday_span_end"]
