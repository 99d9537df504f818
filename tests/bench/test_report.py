"""The province suites' shared frame (bench/report.py): the context names the database and
whether the dataset was generated in this run, and the table is printed and saved."""

import json

from bench import report


def test_context_says_whether_the_dataset_was_generated():
    cached = report.province_context("sqlite", 2026, None, 35.0)
    assert cached["数据库"] == "sqlite"
    assert cached["省级数据"] == "种子 2026（已缓存）"
    generated = report.province_context("postgresql", 7, 812.4, 35.0, 合计列="{}")
    assert generated["省级数据"] == "种子 7，本次生成 812 秒"
    assert generated["合计列"] == "{}"


def test_parser_offers_requests_only_to_page_suites():
    assert report.province_parser("x", page_requests=True).parse_args([]).requests == 100
    args = report.province_parser("x").parse_args(["--postgres", "--seed", "3"])
    assert (args.postgres, args.seed, hasattr(args, "requests")) == (True, 3, False)


def test_publish_prints_and_saves_the_table(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    rows = [report.Row("一县两表", 0.133, "s", target=60.0)]
    report.publish(rows, report.province_context("sqlite", 2026, None, 35.0))
    printed = capsys.readouterr().out
    assert "一县两表" in printed and "结果已保存" in printed
    saved = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert saved["rows"][0]["figure"] == 0.133
