"""The help screen: every key of the tutor with what it does, generated from the app's bindings
so it can't drift from them."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = (
    "backprop-tui walks one training sample forward through the network, then backward, one "
    "equation at a time. Every number comes from the network; switch notation any time. "
    "Click a node or an edge to focus it. esc, ? or q closes this list."
)


def key_names(app, binding: Binding) -> str:
    """All keys of a binding as shown to the learner: "→ / l"."""
    keys = [k.strip() for k in binding.key.split(",")]
    return " / ".join(app.get_key_display(Binding(k, binding.action)) for k in keys)


class HelpScreen(ModalScreen[None]):
    """A modal list of the keys; esc, ? or q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%;
        max-width: 100;
        height: 90%;
        border: round $accent;
        border-title-color: $accent;
        background: $surface;
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape", "dismiss", "Close help"),
        Binding("question_mark", "dismiss", "Close help", show=False),
        Binding("q", "dismiss", "Close help", show=False),
        # the list scrolls from the keyboard, so nothing in it is out of reach at 80x24
        Binding("up,k", "scroll('up')", "Scroll up", show=False),
        Binding("down,j", "scroll('down')", "Scroll down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("pagedown,space", "scroll('page_down')", "Page down", show=False),
        Binding("home", "scroll('home')", "Top", show=False),
        Binding("end", "scroll('end')", "Bottom", show=False),
    ]

    def __init__(self, bindings: Iterable[Binding], titles: dict[str, str] | None = None,
                 intro: str = INTRO) -> None:
        super().__init__()
        self.bindings = list(bindings)
        self.titles = titles or {}
        self.intro = intro

    def action_scroll(self, where: str) -> None:
        """Scroll the list: up, down, page_up, page_down, home or end."""
        box = self.query_one(VerticalScroll)
        getattr(box, f"scroll_{where}")(animate=False)

    def table(self) -> Table:
        table = Table(box=None, expand=True, padding=(0, 1), show_header=True,
                      header_style="bold")
        table.add_column("key", no_wrap=True, style="bold")
        table.add_column("does", ratio=1)
        for b in self.bindings:
            does = Text.assemble((self.titles.get(b.action, b.description), "bold"))
            if b.tooltip:
                does.append(f" — {b.tooltip}")
            table.add_row(key_names(self.app, b), does)
        table.add_row("ctrl+p", Text.assemble(("Command palette", "bold"),
                                              " — every action above, by name"))
        return table

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "Keys"
            yield Static(Text(self.intro, style="italic"), id="help-intro")
            yield Static(self.table(), id="help-keys")
