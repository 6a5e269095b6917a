"""The user's settings as the app uses them: the config file with the command line on top.

:func:`resolve` takes the config file (:mod:`backprop_tui.core.course.config`, which checks
what it can without Textual) and checks the rest here: a theme Textual has, and ``[keys]``
entries that name a binding of :mod:`backprop_tui.tui.keys`. Every problem is a message naming
the file, the line and the key; that setting falls back to its default and the app still
starts. The command line (``--notation``, ``--theme``) wins over the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backprop_tui.core.course.config import Config, load_config
from backprop_tui.tui.keys import BINDINGS

DEFAULT_NOTATION = "deeplizard"
DEFAULT_ETA = 0.5


def theme_names() -> list[str]:
    """The themes Textual ships (those the command palette's "Theme" offers)."""
    from textual.theme import BUILTIN_THEMES

    return sorted(BUILTIN_THEMES)


@dataclass
class Settings:
    """What the app is started with; ``notices`` are the config file's problems."""

    notation: str = DEFAULT_NOTATION
    theme: str | None = None
    eta: float = DEFAULT_ETA
    keymap: dict[str, str] = field(default_factory=dict)
    lesson_folders: list[Path] = field(default_factory=list)
    shipped_lessons: bool = True
    notices: list[str] = field(default_factory=list)
    config_path: Path | None = None


def resolve(config: Config | None = None, notation: str | None = None,
            theme: str | None = None) -> Settings:
    """The settings from ``config`` (the user's config file by default), with ``notation`` and
    ``theme`` from the command line on top. Never raises for a bad file."""
    config = config if config is not None else load_config()
    ids = {b.id for b in BINDINGS}
    keymap: dict[str, str] = {}
    for binding_id, keys in config.keys.items():
        if binding_id in ids:
            keymap[binding_id] = keys
        else:
            config.error(binding_id, "no key binding has this id",
                         f"one of {', '.join(sorted(ids))}", table="keys")
    themes = theme_names()
    chosen_theme = config.theme
    if chosen_theme is not None and chosen_theme not in themes:
        config.error("theme", f'"{chosen_theme}" is not a theme', f"one of {', '.join(themes)}")
        chosen_theme = None
    return Settings(
        notation=notation or config.notation or DEFAULT_NOTATION,
        theme=theme or chosen_theme,
        eta=config.learning_rate if config.learning_rate is not None else DEFAULT_ETA,
        keymap=keymap,
        lesson_folders=list(config.lessons),
        shipped_lessons=config.shipped_lessons,
        notices=[f"{e} (the default is used)" if "using the defaults" not in e else e
                 for e in config.errors],
        config_path=config.path,
    )
