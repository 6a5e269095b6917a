"""The settings a user keeps: one TOML file in the user config directory.

``$BACKPROP_TUI_CONFIG`` names another file (tests use it); ``backprop-tui config --path``
prints the one in use. Every key is optional::

    notation = "nielsen"            # deeplizard | nielsen | kostadinov: the tutor's symbols
    theme = "textual-light"         # a Textual theme (the command palette's "Theme")
    learning_rate = 0.5             # η of the gradient-descent update (u)
    lessons = ["~/class/lessons"]   # lesson folders listed after the shipped lessons
    shipped_lessons = true          # false: list only the folders' lessons
    [keys]                          # key remapping: binding id = "keys" (see `config --keys`)
    step = "right,l,n"

A bad file never stops the app: :func:`load_config` returns the defaults for what it could not
use, and :attr:`Config.errors` holds one message per problem naming the file, the line and the
key (``config.toml:3: notation: "nielson" is not a notation; expected one of ...``). A syntax
error loses the whole file; a bad value loses only its key.

:func:`remember_theme` rewrites the ``theme`` line (or adds one) and writes the file atomically,
keeping everything else in it as it was.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from backprop_tui.core.course import progress_file
from backprop_tui.core.files.netcheck import NetworkFileError
from backprop_tui.core.files.netfile import load_toml
from backprop_tui.core.files.safefile import UnreadableFile, decode, read_bytes
from backprop_tui.core.files.tomlpos import LineFinder
from backprop_tui.core.formulas.notation import CONVENTIONS

ENV_VAR = "BACKPROP_TUI_CONFIG"
FILE_NAME = "config.toml"
MAX_BYTES = 256 * 1024
KEYS = ("notation", "theme", "learning_rate", "lessons", "shipped_lessons", "keys")
_THEME_LINE = re.compile(r"^\s*theme\s*=.*$")
_TABLE_LINE = re.compile(r"^\s*\[")


def config_path() -> Path:
    """``$BACKPROP_TUI_CONFIG``, or ``config.toml`` in the user config directory."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("backprop-tui", appauthor=False)) / FILE_NAME


@dataclass
class Config:
    """What the file set (None: not set, the app's default applies) and what was wrong in it."""

    path: Path
    notation: str | None = None
    theme: str | None = None
    learning_rate: float | None = None
    lessons: list[Path] = field(default_factory=list)
    shipped_lessons: bool = True
    keys: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lines: LineFinder | None = field(default=None, repr=False)

    def error(self, key: str, problem: str, expected: str | None = None,
              table: str = "") -> str:
        """The message for ``key`` (of ``table``), with its line; kept in :attr:`errors`."""
        line = self.lines(table, key) if self.lines is not None else None
        name = f"{table}.{key}" if table else key
        message = str(NetworkFileError(str(self.path), problem, line=line, key=name,
                                       expected=expected))
        self.errors.append(message)
        return message


def load_config(path: str | Path | None = None) -> Config:
    """The settings of ``path`` (:func:`config_path` by default); never raises. A missing file
    is no error: every setting is the default."""
    config = Config(Path(path) if path is not None else config_path())
    try:
        text = decode(read_bytes(config.path, MAX_BYTES))
    except FileNotFoundError:
        return config
    except UnreadableFile as e:
        config.errors.append(f"{config.path}: {e.reason}; expected a TOML file"
                             f"{f' of {e.limit}' if e.limit else ''}; using the defaults")
        # (e.limit reads "at most 256 KB")
        return config
    except UnicodeDecodeError as e:
        config.errors.append(f"{config.path}: not UTF-8 ({e.reason}); using the defaults")
        return config
    except OSError as e:
        config.errors.append(f"{config.path}: cannot be read ({e.strerror or e}); "
                             "using the defaults")
        return config
    text = text.removeprefix("\ufeff")
    try:
        doc = load_toml(text, str(config.path))
    except NetworkFileError as e:
        config.errors.append(f"{e}; using the defaults")
        return config
    config.lines = LineFinder(text)
    _read(doc, config)
    return config


def _read(doc: dict, c: Config) -> None:
    for key in doc:
        if key not in KEYS:
            c.error(key, "unknown setting", f"one of {', '.join(KEYS)}")
    if "notation" in doc:
        value = doc["notation"]
        if isinstance(value, str) and value.lower() in CONVENTIONS:
            c.notation = value.lower()
        else:
            c.error("notation", f"{value!r} is not a notation", f"one of {', '.join(CONVENTIONS)}")
    if "theme" in doc:
        value = doc["theme"]
        if isinstance(value, str) and value.strip():
            c.theme = value.strip()  # whether Textual has it is for the app to say
        else:
            c.error("theme", f"{value!r} is not a theme name", 'a name such as "textual-dark"')
    if "learning_rate" in doc:
        value = doc["learning_rate"]
        if isinstance(value, int | float) and not isinstance(value, bool) and \
                math.isfinite(value) and 0 < value <= 10:
            c.learning_rate = float(value)
        else:
            c.error("learning_rate", f"{value!r} is not a learning rate",
                    "a number greater than 0 and at most 10")
    if "lessons" in doc:
        value = doc["lessons"]
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            base = c.path.parent  # a relative folder is relative to the config file
            c.lessons = [base / Path(v).expanduser() for v in value]
        else:
            c.error("lessons", f"{value!r} is not a list of folders", 'a list such as ["~/class"]')
    if "shipped_lessons" in doc:
        value = doc["shipped_lessons"]
        if isinstance(value, bool):
            c.shipped_lessons = value
        else:
            c.error("shipped_lessons", f"{value!r} is not true or false", "true or false")
    if "keys" in doc:
        _read_keys(doc["keys"], c)


def _read_keys(table: object, c: Config) -> None:
    if not isinstance(table, dict):
        c.error("keys", "is not a table", '[keys] with lines such as step = "right,l"')
        return
    for binding_id, keys in table.items():
        if isinstance(keys, str) and keys.strip() and all(k.strip() for k in keys.split(",")):
            c.keys[binding_id] = ",".join(k.strip() for k in keys.split(","))
        else:
            c.error(binding_id, f"{keys!r} is not a list of keys", 'keys such as "right,l"',
                    table="keys")


def remember_theme(name: str, path: str | Path | None = None) -> str | None:
    """Set ``theme = "name"`` in the config file, atomically, keeping the rest of it; the error
    message, or None. A file that doesn't parse is left alone (the user is told about it)."""
    target = Path(path) if path is not None else config_path()
    if not re.fullmatch(r"[A-Za-z0-9_.+-]+", name):
        return f"theme {name!r} not remembered: expected letters, digits, '-', '_' or '.'"
    try:
        try:
            text = decode(read_bytes(target, MAX_BYTES)).removeprefix("\ufeff")
        except FileNotFoundError:
            text = ""
        load_toml(text, str(target))
        lines = text.splitlines()
        new = f'theme = "{name}"'
        top = next((i for i, line in enumerate(lines) if _TABLE_LINE.match(line)), len(lines))
        at = next((i for i in range(top) if _THEME_LINE.match(lines[i])), None)
        if at is None:
            lines.insert(0, new)
        else:
            lines[at] = new
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        progress_file.write_atomic(target, ("\n".join(lines) + "\n").encode("utf-8"))
        os.chmod(target, mode)  # the temporary file was 0600; the user's file keeps its mode
    except NetworkFileError as e:
        return f"theme not remembered: {e}"
    except (OSError, UnicodeDecodeError) as e:
        reason = getattr(e, "strerror", None) or getattr(e, "reason", None) or str(e)
        return f"theme not remembered in {target}: {reason}"
    return None
