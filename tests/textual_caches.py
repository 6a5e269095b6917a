"""Two things Textual does per app that a test process of a thousand apps should not.

- Every ``App`` parses its stylesheet (our app.tcss and each widget class's DEFAULT_CSS) afresh,
  a tenth of an app test's CPU. ``install`` keeps the parsed rules for the whole process, keyed
  by everything the parse reads: the CSS text, where it came from, its flags and the theme's
  variables. Textual already hands the same parsed rules to every parse of one stylesheet; this
  shares them between stylesheets.
- ``StylesCache.get_inner_outer`` is an ``lru_cache`` on a method in Textual 8.2.8, so its keys
  hold up to 1024 widgets' style caches, and every line those rendered, after their app has gone:
  a heap that grows test after test makes each garbage collection slower. ``forget`` empties it
  (conftest.py calls it after every test). Textual is pinned exactly in constraints.txt; this
  module is the only place that knows these private names.
"""

from __future__ import annotations

from textual._styles_cache import StylesCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

_parse_rules = Stylesheet._parse_rules
_PARSED: dict[tuple, list[RuleSet]] = {}


def _shared_parse_rules(self: Stylesheet, css: str, read_from, is_default_rules: bool = False,
                        tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
    key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(self._variables.items()))
    rules = _PARSED.get(key)
    if rules is None:
        rules = _PARSED[key] = _parse_rules(self, css, read_from, is_default_rules,
                                            tie_breaker, scope)
    return rules


def install() -> None:
    """Share parsed CSS between the apps of this process."""
    Stylesheet._parse_rules = _shared_parse_rules


def forget() -> None:
    """Drop what Textual keeps of the last test's widgets after their app has gone."""
    StylesCache.get_inner_outer.cache_clear()
