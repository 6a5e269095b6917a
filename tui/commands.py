"""The command palette (ctrl+p): every key's action, by name, generated from the bindings of the
screen it was opened on."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.actions import parse
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from backprop_tui.tui.keys import TITLES, remapped


class TutorCommands(Provider):
    """One command per binding the screen has and allows now, e.g. "Next step (→ / l)"."""

    def _commands(self) -> Iterator[tuple[str, partial, str]]:
        from backprop_tui.tui.screens.help_screen import key_names  # with the palette, not the app

        screen = self.screen
        keys: dict[str, list[str]] = {}  # one command per action, with all its keys: "(^n / n)"
        first: dict[str, Binding] = {}
        own = [b for b in screen.BINDINGS if isinstance(b, Binding)]
        for binding in remapped(own, getattr(self.app, "keymap", {})):  # the user's keys, as help
            _, name, params = parse(binding.action)
            if screen.check_action(name, params) is False:
                continue  # a lesson key outside a lesson, or one that would give an answer away
            keys.setdefault(binding.action, []).append(key_names(self.app, binding))
            first.setdefault(binding.action, binding)
        for action, binding in first.items():
            title = TITLES.get(action, binding.description)
            label = f"{title} ({' / '.join(keys[action])})"
            help_text = binding.tooltip or binding.description
            yield label, partial(screen.run_action, action), help_text

    async def discover(self) -> Hits:
        for name, run, help_text in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
