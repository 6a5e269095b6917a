"""A component class's style for text drawn on a widget's own background.

``get_component_rich_style(name, partial=True)`` keeps only what the class sets, but a colour with
an alpha (``$text-muted``, ``$foreground 40%``) comes back as plain white: on the dark theme the
"muted" text was the brightest on screen, on the light theme it could not be read. The full style
has the colour blended over the background; this keeps that colour and the text attributes, and
leaves the background to the widget.
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


def component_style(widget: Widget, name: str) -> Style:
    """The colour and text style of ``widget``'s component class ``name``, with no background."""
    full = widget.get_component_rich_style(name)
    return Style(color=full.color, bold=full.bold or None, dim=full.dim or None,
                 italic=full.italic or None, underline=full.underline or None,
                 strike=full.strike or None, reverse=full.reverse or None)
