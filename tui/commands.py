"""The command palette (ctrl+p): every key's action, by name, generated from the app's bindings."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from backprop_tui.tui.keys import BINDINGS, TITLES
from backprop_tui.tui.screens.help_screen import key_names


class TutorCommands(Provider):
    """One command per binding of the tutor, e.g. "Next step (→ / l)"."""

    def _commands(self):
        app = self.app
        for binding in BINDINGS:
            title = TITLES.get(binding.action, binding.description)
            name = f"{title} ({key_names(app, binding)})"
            help_text = binding.tooltip or binding.description
            yield name, partial(app.run_action, binding.action), help_text

    async def discover(self) -> Hits:
        for name, run, help_text in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
