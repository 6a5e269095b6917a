"""The settings a user keeps: the config file (good, bad, keymap), --notation/--theme, the theme
chosen in the app remembered, and `backprop-tui config`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from backprop_tui.core.course.config import load_config, remember_theme
from backprop_tui.tui.cli import main
from backprop_tui.tui.keys import BINDINGS
from backprop_tui.tui.settings import resolve

GOOD = """\
# my settings
notation = "Nielsen"
theme = "nord"
learning_rate = 0.1
lessons = ["class", "~/other"]
shipped_lessons = false

[keys]
step = "x, l"
quit = "ctrl+q"
"""


@pytest.fixture
def config(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "conf" / "config.toml"
    path.parent.mkdir()
    monkeypatch.setenv("BACKPROP_TUI_CONFIG", str(path))
    monkeypatch.setenv("BACKPROP_TUI_STATE_DIR", str(tmp_path / "state"))
    return path


def test_a_good_file_sets_every_setting(config):
    config.write_text(GOOD, "utf-8")
    c = load_config()
    assert c.errors == [] and c.notation == "nielsen" and c.theme == "nord"
    assert c.learning_rate == 0.1 and c.shipped_lessons is False
    assert c.lessons == [config.parent / "class", Path("~/other").expanduser()]
    s = resolve(c)
    assert s.notices == [] and s.keymap == {"step": "x,l", "quit": "ctrl+q"}
    assert (s.notation, s.theme, s.eta) == ("nielsen", "nord", 0.1)
    assert resolve(load_config(), notation="kostadinov", theme="dracula").notation == "kostadinov"


def test_no_file_is_every_default(config):
    s = resolve()
    assert (s.notation, s.theme, s.eta, s.keymap, s.notices) == ("deeplizard", None, 0.5, {}, [])


def test_a_syntax_error_names_file_and_line_and_keeps_the_defaults(config):
    config.write_text('notation = "nielsen"\ntheme = \n', "utf-8")
    s = resolve()
    assert s.notation == "deeplizard" and len(s.notices) == 1
    assert s.notices[0].startswith(f"{config}:2:") and "using the defaults" in s.notices[0]


def test_each_bad_value_names_file_line_and_key_and_only_it_falls_back(config):
    config.write_text('notation = "nielson"\nlearning_rate = -1\ntheme = "no-such-theme"\n'
                      'colour = 1\n[keys]\nstep = "x"\nfly = "f"\nhint = 3\n', "utf-8")
    s = resolve()
    by_key = {n.split(": ")[1]: n for n in s.notices}
    assert by_key.keys() == {"notation", "learning_rate", "theme", "colour", "keys.fly", "keys.hint"}
    assert by_key["notation"].startswith(f"{config}:1: notation: 'nielson' is not a notation")
    assert f"{config}:2: learning_rate" in by_key["learning_rate"]
    assert f"{config}:3: theme" in by_key["theme"] and "textual-dark" in by_key["theme"]
    assert f"{config}:7: keys.fly: no key binding has this id" in by_key["keys.fly"]
    assert "step" in by_key["keys.fly"]  # the ids it could have been
    assert f"{config}:8: keys.hint" in by_key["keys.hint"]
    assert s.keymap == {"step": "x"} and (s.notation, s.eta, s.theme) == ("deeplizard", 0.5, None)


def test_a_file_that_is_a_folder_or_binary_is_one_message(config):
    config.mkdir()
    assert "is a directory" in resolve().notices[0]
    config.rmdir()
    config.write_bytes(b"\xff\xfe\x00")
    assert "not UTF-8" in resolve().notices[0]


def test_every_binding_has_a_unique_id():
    ids = [b.id for b in BINDINGS]
    assert all(ids) and len(set(ids)) == len(ids)


def test_remember_theme_rewrites_only_the_theme_line(config):
    config.write_text(GOOD, "utf-8")
    config.chmod(0o640)
    assert remember_theme("dracula") is None
    text = config.read_text("utf-8")
    assert text == GOOD.replace('theme = "nord"', 'theme = "dracula"')
    assert config.stat().st_mode & 0o777 == 0o640
    config.write_text("[keys]\nstep = \"x\"\n", "utf-8")  # no theme yet: added at the top
    assert remember_theme("nord") is None
    assert config.read_text("utf-8") == 'theme = "nord"\n[keys]\nstep = "x"\n'
    assert load_config().keys == {"step": "x"}
    config.write_text("theme = \n", "utf-8")  # a broken file is left alone
    assert "not remembered" in remember_theme("nord") and config.read_text("utf-8") == "theme = \n"
    assert [p.name for p in config.parent.iterdir()] == ["config.toml"]  # no temporary left


# ---------------------------------------------------------------------------- the command line
class FakeApp:
    opened: list[dict] = []

    def __init__(self, **kwargs) -> None:
        FakeApp.opened.append(kwargs)

    def run(self) -> None:
        pass


@pytest.fixture
def fake_app(monkeypatch):
    import backprop_tui.tui.app

    FakeApp.opened = []
    monkeypatch.setattr(backprop_tui.tui.app, "BackpropApp", FakeApp)
    return FakeApp.opened


def test_notation_and_theme_options_win_over_the_file(config, fake_app, capsys):
    config.write_text('notation = "nielsen"\ntheme = "nord"\nlearning_rate = 0.2\n', "utf-8")
    assert main(["--example"]) == 0
    opened = fake_app[-1]
    assert (opened["convention"], opened["theme"], opened["eta"]) == ("nielsen", "nord", 0.2)
    assert opened["theme_file"] == config
    assert main(["--example", "--notation", "kostadinov", "--theme", "textual-light"]) == 0
    assert (fake_app[-1]["convention"], fake_app[-1]["theme"]) == ("kostadinov", "textual-light")
    assert main(["--example", "--theme", "neon"]) == 2
    assert "--theme neon: no such theme; expected one of" in capsys.readouterr().err
    assert main(["--example", "--notation", "nielson"]) == 2


def test_a_bad_file_still_starts_the_app_and_says_why(config, fake_app, capsys):
    config.write_text('notation = "nielson"\n', "utf-8")
    assert main(["--example"]) == 0
    assert fake_app[-1]["convention"] == "deeplizard"
    assert fake_app[-1]["notices"][0].startswith(f"{config}:1: notation:")
    assert f"warning: {config}:1: notation:" in capsys.readouterr().err


def test_config_command_path_keys_check_and_edit(config, capsys, monkeypatch):
    assert main(["config", "--path"]) == 0 and capsys.readouterr().out.strip() == str(config)
    assert main(["config", "--keys"]) == 0
    assert "step-back" in capsys.readouterr().out
    assert main(["config"]) == 0 and "none yet" in capsys.readouterr().out
    editor = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write('notation = 3')\""
    monkeypatch.setenv("VISUAL", editor)
    assert main(["config", "--edit"]) == 1  # what the editor wrote is checked at once
    assert f"error  {config}:1: notation" in capsys.readouterr().out
    assert config.read_text("utf-8") == "notation = 3"


# ---------------------------------------------------------------------------- the app
async def test_keymap_theme_and_notices_reach_the_app_and_a_new_theme_is_remembered(config):
    from backprop_tui.tui.app import BackpropApp
    from backprop_tui.tui.screens.help_screen import key_names

    config.write_text("# mine\n[keys]\nstep = \"x\"\n", "utf-8")
    s = resolve(notation="nielsen", theme="nord")
    app = BackpropApp(convention=s.notation, theme=s.theme, keymap=s.keymap,
                      notices=["config.toml:9: oops"], theme_file=s.config_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "nord" and app.tutor.convention == "nielsen"
        assert [n.message for n in app._notifications] == ["config.toml:9: oops"]
        assert config.read_text("utf-8") == "# mine\n[keys]\nstep = \"x\"\n"  # not at start
        await pilot.press("right")
        await pilot.pause()
        assert app.tutor.state.step_index == 0  # remapped away
        await pilot.press("x")
        await pilot.pause()
        assert app.tutor.state.step_index == 1
        await pilot.press("question_mark")  # the help screen lists the keys as remapped
        await pilot.pause()
        step = next(b for b in app.screen.bindings if b.id == "step")
        assert step.key == "x" and key_names(app, step) == "x"
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "textual-light"  # what the palette's "Theme" does
        await pilot.pause()
    assert load_config().theme == "textual-light" and load_config().keys == {"step": "x"}


def test_trace_takes_the_files_notation_unless_given(config, capsys):
    config.write_text('notation = "nielsen"\n', "utf-8")
    assert main(["trace", "--net", "2-1"]) == 0
    nielsen = capsys.readouterr().out
    assert main(["trace", "--net", "2-1", "--notation", "nielsen"]) == 0
    assert capsys.readouterr().out == nielsen
    assert main(["trace", "--net", "2-1", "--notation", "deeplizard"]) == 0
    assert capsys.readouterr().out != nielsen
