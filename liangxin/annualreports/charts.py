"""The report's charts as PNG bytes (matplotlib, Agg: no display on a server). Chinese
labels need a CJK font from the system (Noto Sans CJK or the like); without one the report
fails with a clear message rather than printing empty boxes."""

import io
from functools import cache

from django.core.exceptions import ValidationError

NO_FONT = (
    "服务器上没有中文字体（如 Noto Sans CJK），无法绘制报告图表；请系统管理员安装 fonts-noto-cjk"
)
PREFERRED = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy", "simhei", "simsun", "msyh")


@cache
def cjk_font_path() -> str:
    from matplotlib import font_manager

    paths = font_manager.findSystemFonts()
    for wanted in PREFERRED:
        for path in sorted(paths):
            if wanted in path.lower().replace("-", "").replace("_", "").replace(" ", ""):
                return path
    raise ValidationError(NO_FONT)


def _figure():
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=cjk_font_path(), size=10)
    fig, ax = plt.subplots(figsize=(6, 3), dpi=120)
    return plt, fig, ax, font


def _png(plt, fig) -> bytes:
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def bars(labels: list[str], series: dict[str, list[float]], *, title: str, unit: str) -> bytes:
    """Grouped bars: one group per label, one bar per series (e.g. 年初 and 年末)."""
    plt, fig, ax, font = _figure()
    count = max(1, len(series))
    width = 0.8 / count
    for index, (name, values) in enumerate(series.items()):
        positions = [i + index * width - 0.4 + width / 2 for i in range(len(labels))]
        drawn = ax.bar(positions, values, width, label=name)
        ax.bar_label(drawn, fmt="%g", fontsize=8)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, fontproperties=font)
    ax.set_title(title, fontproperties=font)
    ax.set_ylabel(unit, fontproperties=font)
    if len(series) > 1:
        ax.legend(prop=font)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(plt, fig)
