"""A form as an .xlsx in its own layout: title, unit and as-of line, two header rows
with the merged group headers, row labels indented for "其中" rows."""

import io

import xlsxwriter


def form_workbook(tables: list[dict]) -> bytes:
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"in_memory": True})
    title_fmt = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    head = book.add_format(
        {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    label = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "0"})
    small = book.add_format({"font_size": 9, "text_wrap": True})
    for table in tables:
        sheet = book.add_worksheet((table["number"] or table["title"])[:31])
        cols = table["cols"]
        last = len(cols)
        heading = f"{table['number']} {table['title']}".strip()
        sheet.merge_range(0, 0, 0, last, heading, title_fmt)
        sheet.write(
            1,
            0,
            f"统计区域：{table['region_name']}（{table['region']}）　"
            f"统计截止日期：{table['as_of']}　单位：{table['unit']}　版本：{table['edition']}",
        )
        sheet.merge_range(2, 0, 3, 0, "项目", head)
        index = 0
        while index < last:
            group = cols[index]["group"]
            end = index
            while group and end + 1 < last and cols[end + 1]["group"] == group:
                end += 1
            if group:
                if end > index:
                    sheet.merge_range(2, index + 1, 2, end + 1, group, head)
                else:
                    sheet.write(2, index + 1, group, head)
                for position in range(index, end + 1):
                    sheet.write(3, position + 1, cols[position]["label"], head)
            else:
                sheet.merge_range(2, index + 1, 3, index + 1, cols[index]["label"], head)
            index = end + 1
        for r, row in enumerate(table["rows"]):
            sheet.write(4 + r, 0, "　" * row["level"] + row["label"], label)
            for c, col in enumerate(cols):
                sheet.write_number(4 + r, c + 1, table["values"][row["key"]][col["key"]], number)
        end_row = 4 + len(table["rows"]) + 1
        base = table["base"]
        sheet.merge_range(end_row, 0, end_row, last, table["note"], small)
        sheet.merge_range(
            end_row + 1,
            0,
            end_row + 1,
            last,
            f"说明：按工作单位计党员 {base['by_employer']} 名，其中流入（未转入组织关系）"
            f"{base['inflow']} 名、流动 {base['floating']} 名；按组织关系所在计"
            f"（不含流入）{base['by_relation']} 名。",
            small,
        )
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, last, 11)
    book.close()
    return stream.getvalue()
