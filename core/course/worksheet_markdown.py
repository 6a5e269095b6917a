"""The Markdown side of worksheets: the document, and a drawing of the network in text.

The drawing puts each layer in a column, input first, every node named as the lesson's
notation names its activation (a₀⁽ᴸ⁻¹⁾, a²₁, x₁ …); arrows stand for the full connections
between neighbouring layers (every node feeds every node of the next layer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backprop_tui.core.formulas.notation import symbol
from backprop_tui.core.formulas.symbols import layer_label

if TYPE_CHECKING:
    from backprop_tui.core.course.worksheet import _Sheet

ARROW = " ──▶ "
BLANK = " " * len(ARROW)
RULE = "_" * 24


def drawing(sheet: _Sheet) -> str:
    """The network as text: one column per layer, a header naming it, a row per node."""
    net, conv, depth = sheet.net, sheet.conv, sheet.depth
    columns = []
    for l, n in enumerate(net.sizes):
        head = [f"layer {layer_label(l, conv, depth)}", "input" if l == 0 else net.activations[l - 1]]
        nodes = [f"○ {symbol('a', conv, depth=depth, layer=l, idx=(j,))}" for j in range(n)]
        width = max(map(len, head + nodes))
        columns.append(([h.ljust(width) for h in head], [s.ljust(width) for s in nodes], width))
    rows = max(net.sizes)
    lines = ["".join(head[i] + (BLANK if c < len(columns) - 1 else "")
                     for c, (head, _, _) in enumerate(columns)).rstrip() for i in range(2)]
    for r in range(rows):
        line = []
        for c, (_, nodes, width) in enumerate(columns):
            line.append(nodes[r] if r < len(nodes) else " " * width)
            if c < len(columns) - 1:
                line.append(ARROW if r < len(nodes) else BLANK)
        lines.append("".join(line).rstrip())
    return "\n".join(lines)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * (len(head) - 1),
            *("| " + " | ".join(row) + " |" for row in rows), ""]


def markdown_sheet(sheet: _Sheet) -> str:
    """The Markdown document of ``sheet``."""
    lines = [f"# {sheet.title()}", "", sheet.lesson.summary, "", *sheet.about(), ""]
    if not sheet.key:
        lines += [f"Name: {RULE}", ""]
    w = symbol("w", sheet.conv, depth=sheet.depth, layer=None, idx=("j", "k"))
    lines += ["## The network", "", "```text", drawing(sheet), "```", "",
              f"Every node feeds every node of the next layer: the weight {w} of a layer is the "
              "edge from node k of the layer before into its node j.", ""]
    for l in range(1, sheet.depth + 1):
        lines += [f"### {sheet.layer_title(l)}", "", *_table(*sheet.weight_rows(l))]
    lines += ["## The samples", "", *_table(*sheet.sample_rows()), "## Exercises", ""]
    for i, ex in enumerate(sheet.lesson.exercises, start=1):
        lines += [f"### {i}.", "", ex.prompt, "", f"*{sheet.instruction(ex)}*", ""]
        items = sheet.items(ex)
        if items:
            lines += [f"{n}. {item}" for n, item in enumerate(items, start=1)] + [""]
        if sheet.key:
            lines += [f"**Answer:** {sheet.answer(ex)}", "", f"*Why:* {ex.explanation}", ""]
        else:
            lines += [f"Answer: {RULE}", ""]
    return "\n".join(lines)
