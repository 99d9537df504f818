"""Runs inside the province database's Django (subprocess of bench/statforms.py); prints
JSON: both 党内统计 forms for every county of the province by the engine (grouped queries,
one pass per form), then the naive per-record reference on one county, which must agree."""

import datetime
import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
django.setup()

from django.db import connection  # noqa: E402

from liangxin.enterprises.models import Enterprise  # noqa: E402
from liangxin.regions.models import Region  # noqa: E402
from liangxin.statforms import editions, engine  # noqa: E402
from liangxin.statforms.reference import reference_cells  # noqa: E402

AS_OF = datetime.date(datetime.date.today().year - 1, 12, 31)


def forms() -> dict:
    counties = list(Region.objects.filter(depth=1).order_by("path"))
    results = {"backend": connection.vendor, "units": Enterprise.objects.count()}
    started = time.perf_counter()
    totals = {}
    # Every county of both forms in one pass per form (engine.compute_many).
    province = {}
    for title, form in editions.FORMS.items():
        province[title] = engine.compute_many(form, counties, AS_OF)
        for values in province[title].values():
            totals[form.title] = totals.get(form.title, 0) + values[("units", "total")]
    results["province_ms"] = (time.perf_counter() - started) * 1000
    results["counties"] = len(counties)
    results["units_27"] = totals[editions.FORM_27.title]
    results["units_30"] = totals[editions.FORM_30.title]
    county = counties[0]
    results["county"] = county.name
    started = time.perf_counter()
    got = {t: engine.compute(f, county, AS_OF) for t, f in editions.FORMS.items()}
    results["county_ms"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    expected = {t: reference_cells(f, county, AS_OF) for t, f in editions.FORMS.items()}
    results["reference_county_ms"] = (time.perf_counter() - started) * 1000
    # The one-county engine (what the pages call) must agree with the province pass too.
    in_province = {t: province[t][county] for t in editions.FORMS}
    results["agrees"] = got == expected == in_province
    results["figures"] = {
        editions.number_of("2017", t): {
            f"{r}/{c}": v for (r, c), v in cells.items() if c == "total"
        }
        for t, cells in got.items()
    }
    return results


if __name__ == "__main__":
    json.dump(forms(), sys.stdout, default=str, ensure_ascii=False)
