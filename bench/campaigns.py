"""make bench (campaigns suite): the issue-19 engines that run over the whole registry, on the
province dataset: the 专项行动 daily progress job (campaigns.schedule.record_daily_progress)
for a 双覆盖百日攻坚 in every county with a target on every indicator, beside a naive
per-region reference that must give the same figures; and the funding plan of the
per-organization rule (funding.services.plan) for one county, every county and the province.

Target (none is named by the issue): the province's daily job under 60 s — a nightly job
must finish well within its window."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database as bench_db  # noqa: E402
from bench import report  # noqa: E402
from bench.board import ready_province  # noqa: E402
from bench.coverage import province_database  # noqa: E402

JOB_TARGET_MS = 60_000.0


def campaign_rows(figures: dict) -> list[report.Row]:
    c = figures["campaigns"]
    agrees = "一致" if c["agrees"] else f"不一致！{c['mismatches']}"
    root = "一致" if c["root_agrees"] else "不一致！"
    parts = (
        f"其中 测量指标 {c['measure_ms'] / 1000:,.1f} s（{c['measure_calls']} 次），"
        f"工作项完成日 {c['done_days_ms'] / 1000:,.1f} s，"
        f"工作项计数 {c['item_counts_ms'] / 1000:,.1f} s"
    )
    if figures.get("backend") == "sqlite":
        parts += f"；本进程 CPU {c['job_cpu_ms'] / 1000:,.1f} s"
    ratio = c["reference_ms"] / max(c["job_ms"], 1e-6)
    return [
        report.Row(
            f"每日进度任务：全省 {c['job_campaigns']} 个行动、{c['job_targets']} 个目标"
            f"（{figures['units']:,} 户，{c['items']:,} 个工作项）",
            c["job_ms"],
            "ms",
            JOB_TARGET_MS,
            note=parts,
        ),
        report.Row(
            f"对照：逐区域逐条 COUNT（{c['reference_queries']:,} 次查询）",
            c["reference_ms"],
            "ms",
            None,
            note=f"为每日任务的 {ratio:,.1f} 倍；各目标分子分母与工作项数{agrees}",
        ),
        report.Row(
            "全省根区域：6 项指标一次聚合",
            c["root_ms"],
            "ms",
            None,
            note=f"与 {figures['counties']} 个县对照之和{root}",
        ),
        report.Row(
            f"准备：{c['campaigns']} 个行动设 {c['targets']} 个目标（各测基线）",
            c["targets_ms"],
            "ms",
            None,
        ),
        report.Row(
            f"准备：生成 {c['items']:,} 个工作项（services.workitems_generate）",
            c["items_ms"],
            "ms",
            None,
        ),
    ]


def funding_rows(figures: dict) -> list[report.Row]:
    f = figures["funding"]
    agrees = "县之和与全省一致" if f["funding_agrees"] else "县之和与全省不一致！"
    return [
        report.Row(
            f"经费拨付预览（{f['rule']}，{f['year']} 年）：{f['county']} {f['county_lines']:,} 行",
            f["county_ms"],
            "ms",
            None,
            note=f"合计 {f['county_total']} 元；中位数",
        ),
        report.Row(
            f"逐县预览 {figures['counties']} 次（共 {f['counties_lines']:,} 行）",
            f["counties_ms"],
            "ms",
            None,
            note=agrees,
        ),
        report.Row(
            f"全省一次预览（{f['province_lines']:,} 行）",
            f["province_ms"],
            "ms",
            None,
            note=f"合计 {f['province_total']} 元",
        ),
    ]


def venue_rows(figures: dict) -> list[report.Row]:
    v = figures["venues"]
    return [
        report.Row(
            f"阵地活动统计（activity_figures）：一个县（{v['county_towns']} 个镇/园区）",
            v["county_ms"],
            "ms",
            None,
        ),
        report.Row(
            f"阵地活动统计：全省（{v['stations']:,} 个阵地，{v['meetings']:,} 次会议，"
            f"其中 {v['meetings_linked']:,} 次登记了活动阵地）",
            v["province_ms"],
            "ms",
            None,
            note=f"{v['province_towns']} 个镇/园区，会议 {v['province_meetings']:,} 次",
        ),
        report.Row(
            f"阵地按镇×类型交叉表：全省（{v['crosstab_total']:,} 个）",
            v["crosstab_ms"],
            "ms",
            None,
            note="中位数",
        ),
    ]


def main(argv=None) -> int:
    args = report.province_parser(__doc__).parse_args(argv)
    yardstick = report.cpu_yardstick_ms()
    database = province_database(args.postgres)
    seconds = ready_province(database, args.seed)
    figures = bench_db.run_worker(database, "campaigns_worker.py")
    rows, ok = [], True
    if "campaigns" in figures:
        rows += campaign_rows(figures)
        ok = figures["campaigns"]["agrees"] and figures["campaigns"]["root_agrees"]
    if "funding" in figures:
        rows += funding_rows(figures)
        ok = ok and figures["funding"]["funding_agrees"]
    if "venues" in figures:
        rows += venue_rows(figures)
    context = report.province_context(figures["backend"], args.seed, seconds, yardstick)
    report.publish(rows, context)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
