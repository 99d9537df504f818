"""Reads of the 党内统计 forms and returns, through the one scoping function."""

import datetime

from django.http import Http404

from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.regions.models import Region
from liangxin.statforms import editions, engine
from liangxin.statforms.models import StatReturn


def region_for(user, code: str) -> Region:
    """The region by code inside the user's scope; elsewhere 404."""
    region = scoped(Region.objects.filter(code=code), user).first()
    if region is None:
        raise Http404("未找到该区域")
    return region


def default_region(user) -> Region | None:
    """The top of the user's scope (the shortest path)."""
    return scoped(Region.objects.all(), user).order_by("depth", "path").first()


def form_or_404(title: str) -> editions.Form:
    form = editions.form_by_title(title)
    if form is None:
        raise Http404("未找到该报表")
    return form


def table(form: editions.Form, region: Region, as_of: datetime.date, edition: str) -> dict:
    values = engine.compute(form, region, as_of)
    return {
        "title": form.title,
        "number": editions.number_of(edition, form.title),
        "edition": edition,
        "region": region.code,
        "region_name": region.name,
        "as_of": as_of.isoformat(),
        "unit": form.unit,
        "rows": [
            {"key": r.key, "label": r.label, "level": r.level, "measure": r.measure}
            for r in form.rows
        ],
        "cols": [{"key": c.key, "label": c.label, "group": c.group} for c in form.cols],
        "values": {r.key: {c.key: values[(r.key, c.key)] for c in form.cols} for r in form.rows},
        "base": engine.base_difference(form, region, as_of),
        "note": form.base_note,
    }


def form_table(user, title: str, region: Region, as_of: datetime.date, edition: str = "") -> dict:
    """A form's figures as plain data (rows, cols, values[row][col], base note) for the
    region's subtree as of the date, for the annual report helper. The region must lie in
    the user's scope (404 otherwise); the title must be a known form (404)."""
    form = form_or_404(title)
    region = region_for(user, region.code)
    return table(form, region, as_of, edition or editions.DEFAULT_EDITION)


def cell_units(user, title: str, region: Region, as_of, row_key: str, col_key: str):
    form = form_or_404(title)
    region = region_for(user, region.code)
    try:
        row, col = form.row(row_key), form.col(col_key)
    except StopIteration:
        raise Http404("未找到该单元格") from None
    units = engine.cell_units(form, row, col, region, as_of).select_related("region")
    behind = None
    if row.measure in (editions.JOINT_ORGS, editions.UNTRANSFERRED_ORGS, editions.INSTRUCTORS):
        behind = engine.behind_distinct(row, units.values("pk"), as_of)
    return form, row, col, units.order_by("region__code", "name", "id"), behind


def returns(user):
    return scoped(StatReturn.objects.select_related("region"), user)


def return_or_404(user, pk) -> StatReturn:
    return get_scoped_or_404(returns(user), user, pk=pk)


def return_tables(stat_return: StatReturn) -> list[dict]:
    """The frozen figures once sent; live ones before."""
    if stat_return.figures:
        return [stat_return.figures[t] for t in editions.titles_of(stat_return.edition)]
    return [
        table(editions.FORMS[title], stat_return.region, stat_return.as_of, stat_return.edition)
        for title in editions.titles_of(stat_return.edition)
    ]
