"""The results table (metric, figure, target, ratio, pass/fail), saved to bench/results/."""

import argparse
import datetime
import json
import math
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Row:
    metric: str
    figure: float
    unit: str
    target: float | None = None
    lower_is_better: bool = True
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.target or math.isnan(self.figure):
            return None
        return self.figure / self.target

    @property
    def verdict(self) -> str:
        if self.ratio is None:
            return "—"
        passed = self.ratio <= 1 if self.lower_is_better else self.ratio >= 1
        return "通过" if passed else "未达标"

    def cells(self) -> list[str]:
        ratio = "—" if self.ratio is None else f"{self.ratio:.2f}×"
        target = "—" if self.target is None else f"{self.target:g} {self.unit}"
        return [
            self.metric,
            f"{self.figure:,.1f} {self.unit}",
            target,
            ratio,
            self.verdict,
            self.note,
        ]


def cpu_yardstick_ms(runs: int = 5) -> float:
    """Median milliseconds of a fixed pure-Python computation: how fast this machine's CPU
    is at the moment. The shared 2-core machines here have run the same import twice as
    slowly on one day as on another; a figure is comparable with another day's only
    beside this one (printed at the start and the end of a run, as it drifts)."""
    import statistics
    import time

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def yardstick_note(at_start_ms: float) -> str:
    return (
        f"开始 {at_start_ms:.0f} ms，结束 {cpu_yardstick_ms():.0f} ms"
        "（固定的纯 Python 计算，越小越快；不同日期的结果须在此数相近时才可比）"
    )


HEADERS = ["指标", "实测", "目标", "与目标之比", "结论", "说明"]


def render(rows: list[Row], context: dict) -> str:
    table = [HEADERS, *(row.cells() for row in rows)]
    widths = [max(display_width(line[i]) for line in table) for i in range(len(HEADERS))]
    lines = [f"{key}: {value}" for key, value in context.items()] + [""]
    for index, line in enumerate(table):
        lines.append("  ".join(pad(cell, width) for cell, width in zip(line, widths, strict=True)))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def save(rows: list[Row], context: dict, text: str) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = RESULTS / f"{stamp}-{context.get('数据库', 'db')}"
    payload = {"context": context, "rows": [row.__dict__ | {"ratio": row.ratio} for row in rows]}
    base.with_suffix(".json").write_text(json.dumps(payload, ensure_ascii=False, indent=2))
    base.with_suffix(".txt").write_text(text + "\n", encoding="utf-8")
    return base.with_suffix(".txt")


# --- the province suites' common frame (life, board, requests, statforms, annualreports) ---


def province_parser(doc: str, *, page_requests: bool = False) -> argparse.ArgumentParser:
    """--postgres, --seed and (for suites that load pages) --requests."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--seed", type=int, default=2026)
    if page_requests:
        parser.add_argument("--requests", type=int, default=100)
    return parser


def province_context(
    backend: str, seed: int, seconds: float | None, yardstick_ms: float, **more: str
) -> dict:
    """The lines above a province suite's table: database, dataset, CPU yardstick."""
    generated = f"，本次生成 {seconds:.0f} 秒" if seconds else "（已缓存）"
    return {
        "数据库": backend,
        "省级数据": f"种子 {seed}{generated}",
        "CPU 标尺": yardstick_note(yardstick_ms),
        **more,
    }


def publish(rows: list[Row], context: dict) -> None:
    """Print the table and where it was saved."""
    text = render(rows, context)
    print(text)
    print(f"\n结果已保存：{save(rows, context, text)}")
