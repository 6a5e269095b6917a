"""Every key of the tutor, in one list: :class:`~backprop_tui.tui.screens.tutor_screen.TutorScreen`
binds them and has an ``action_*`` method for each; the key bar, the help screen and the command
palette are generated from the screen's bindings. ``description`` is the key bar's short label,
``TITLES`` the long name the help screen and the palette show, ``tooltip`` the explanation beside
it. Each binding has an ``id`` (:data:`BINDING_IDS`), by which the config file's ``[keys]`` table
remaps it through Textual's keymap."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from textual.binding import Binding

STEP = Binding.Group("Step", compact=True)
PHASE = Binding.Group("Phase", compact=True)
NODE = Binding.Group("Node", compact=True)
WEIGHT = Binding.Group("Weight", compact=True)
LAYER = Binding.Group("Layer", compact=True)

TITLES: dict[str, str] = {
    "step(-1)": "Previous step",
    "step(1)": "Next step",
    "forward_start": "Start of the forward pass",
    "backward_start": "Start of the backward pass",
    "move_node(-1)": "Node above",
    "move_node(1)": "Node below",
    "move_source(-1)": "Previous incoming weight",
    "move_source(1)": "Next incoming weight",
    "move_layer(-1)": "Layer toward the input",
    "move_layer(1)": "Layer toward the output",
    "toggle_kind": "Weight or bias",
    "focus_node": "The node itself",
    "next_convention": "Next notation",
    "paths": "Paths view",
    "check": "Gradient check",
    "update": "Gradient-descent update",
    "copy_latex": "Copy as LaTeX",
    "screenshot": "SVG screenshot",
    "scroll_chain(-1)": "Scroll the chain rule up",
    "scroll_chain(1)": "Scroll the chain rule down",
    "next_panel": "Next panel",
    "help": "Help",
    "app.quit": "Quit",
    "answer": "Type an answer",
    "hint": "Show a hint",
    "show_me": "Show me the answer",
    "check_focus": "Check where the focus is",
    "exercise(1)": "Next exercise (skips an unsolved one)",
    "exercise(-1)": "Previous exercise",
    "lesson_list": "Back to the lesson list",
    "leave_answer": "Leave the answer field",
}

_BINDINGS: list[Binding] = [
    Binding("left,h", "step(-1)", "Back", key_display="←", group=STEP,
            tooltip="one equation back; the focus follows to that step's layer"),
    Binding("right,l", "step(1)", "Step", key_display="→", group=STEP,
            tooltip="one equation on: z and a for each layer, the cost, then BP1 or BP2, BP3 "
            "and BP4 for each layer from the output back"),
    Binding("home,f", "forward_start", "Forward", key_display="home", group=PHASE,
            tooltip="jump to the first step, z of the first layer"),
    Binding("end,d", "backward_start", "Backward", key_display="end", group=PHASE,
            tooltip="jump to BP1 at the output layer, the first step back"),
    Binding("up,k", "move_node(-1)", "Node up", key_display="↑", group=NODE,
            tooltip="focus node j − 1 of the focused layer"),
    Binding("down,j", "move_node(1)", "Node down", key_display="↓", group=NODE,
            tooltip="focus node j + 1 of the focused layer"),
    Binding("left_square_bracket", "move_source(-1)", "Weight k−1", group=WEIGHT,
            tooltip="focus the weight w_jk coming from node k − 1 of the layer before"),
    Binding("right_square_bracket", "move_source(1)", "Weight k+1", group=WEIGHT,
            tooltip="focus the weight w_jk coming from node k + 1 of the layer before"),
    Binding("less_than_sign,comma", "move_layer(-1)", "Layer −1", key_display="<", group=LAYER,
            tooltip="move the focus one layer toward the input (the next step moves it back)"),
    Binding("greater_than_sign,full_stop", "move_layer(1)", "Layer +1", key_display=">", group=LAYER,
            tooltip="move the focus one layer toward the output"),
    Binding("b", "toggle_kind", "w/b",
            tooltip="switch the focus between the weight w_jk and the bias b_j of node j"),
    Binding("v", "focus_node", "Node itself", group=NODE,
            tooltip="focus node j itself, not one of its weights: its z, its a and, in the "
            "backward pass, its δ (a click on a node does the same); [ or ] goes back to its "
            "weights, b to its bias"),
    Binding("n", "next_convention", "Notation",
            tooltip="cycle deeplizard → Nielsen → Kostadinov; the symbols change, the numbers "
            "don't"),
    Binding("p", "paths", "Paths",
            tooltip="list every path from the focused weight or bias to the cost, each with "
            "the product of its local derivatives; p again returns to the chain rule"),
    Binding("g", "check", "Check",
            tooltip="nudge the focused weight or bias by ±h and set ΔC/2h beside backprop's "
            "value; g again returns to the chain rule"),
    Binding("u", "update", "Update",
            tooltip="one step of gradient descent on every weight and bias, w := w − (learning "
            "rate)·∂C/∂w (η in Nielsen's notation, ε in Kostadinov's); "
            "the status line shows the cost before and after"),
    Binding("c,y", "copy_latex", "LaTeX",
            tooltip="copy the current step's equation, in LaTeX, to the clipboard"),
    Binding("s", "screenshot", "SVG",
            tooltip="save the screen as an SVG file in $BACKPROP_TUI_SCREENSHOT_DIR, or in the "
            "current directory"),
    Binding("pageup", "scroll_chain(-1)", "Scroll up", show=False,
            tooltip="scroll the chain-rule panel up a page (the lesson, when it is the one "
            "panel shown)"),
    Binding("pagedown,space", "scroll_chain(1)", "Scroll down", show=False,
            tooltip="scroll the chain-rule panel down a page (the lesson, when it is the one "
            "panel shown)"),
    Binding("t", "next_panel", "Panel",
            tooltip="below 110 columns one panel shows at a time: chain rule → network → "
            "notation"),
    Binding("a", "answer", "Answer",
            tooltip="put the cursor in the lesson's answer field; Enter checks, Esc leaves it"),
    Binding("i", "hint", "Hint",
            tooltip="reveal the exercise's next hint (a wrong answer reveals one too)"),
    Binding("m", "show_me", "Show me",
            tooltip="after three wrong answers to a compute, choose or derive exercise: show "
            "its answer; it counts as revealed, not solved"),
    Binding("enter", "check_focus", "Check",
            tooltip="in a 'find' exercise: check that the focus is on the symbol asked for"),
    Binding("e", "exercise(1)", "Next",
            tooltip="the next exercise of the lesson; an unsolved one is skipped (come back with r)"),
    Binding("r", "exercise(-1)", "Prev",
            tooltip="the previous exercise of the lesson"),
    Binding("o", "lesson_list", "Lessons",
            tooltip="back to the list of lessons; progress is saved"),
    Binding("escape", "leave_answer", "Leave answer", key_display="esc",
            tooltip="leave the answer field so the keys move the tutor again"),
    Binding("question_mark", "help", "Help", key_display="?",
            tooltip="this list of keys (esc closes it); ctrl+p searches every action by name"),
    Binding("q", "app.quit", "Quit", tooltip="leave backprop-tui"),
]

#: Each binding's id, the name a user remaps it by in the config file's ``[keys]`` table
#: (``step = "right,l,n"``; Textual's keymap, ``App.set_keymap``). Part of the config format:
#: never rename one.
BINDING_IDS: dict[str, str] = {
    "step(-1)": "step-back", "step(1)": "step",
    "forward_start": "forward-start", "backward_start": "backward-start",
    "move_node(-1)": "node-up", "move_node(1)": "node-down",
    "move_source(-1)": "weight-prev", "move_source(1)": "weight-next",
    "move_layer(-1)": "layer-prev", "move_layer(1)": "layer-next",
    "toggle_kind": "toggle-kind", "focus_node": "focus-node", "next_convention": "notation",
    "paths": "paths",
    "check": "check", "update": "update", "copy_latex": "copy-latex", "screenshot": "screenshot",
    "scroll_chain(-1)": "scroll-up", "scroll_chain(1)": "scroll-down", "next_panel": "next-panel",
    "answer": "answer", "hint": "hint", "show_me": "show-me", "check_focus": "check-focus",
    "exercise(1)": "exercise-next", "exercise(-1)": "exercise-prev",
    "lesson_list": "lesson-list", "leave_answer": "leave-answer", "help": "help",
    "app.quit": "quit",
}


def binding_id(action: str) -> str:
    """The id of the binding of ``action`` (one not in :data:`BINDING_IDS` gets its action's
    name, ``some_action(1)`` -> ``some-action-1``)."""
    return BINDING_IDS.get(action) or action.replace("_", "-").replace("(", "-").rstrip(")")


BINDINGS: list[Binding] = [replace(b, id=binding_id(b.action)) for b in _BINDINGS]


def remapped(bindings: list[Binding], keymap: dict[str, str]) -> list[Binding]:
    """``bindings`` with the keys of a user's keymap (binding id -> keys), as the help screen
    lists them; Textual's own keymap drops ``key_display`` for a remapped key too."""
    return [replace(b, key=keymap[b.id], key_display=None) if b.id in keymap else b
            for b in bindings]


#: The lesson actions whose keys the lesson panel and its notices name, with their default keys
#: (the keymap may move them: :func:`first_keys`).
DEFAULT_KEYS = {"answer": "a", "hint": "i", "show_me": "m", "exercise(1)": "e",
                "exercise(-1)": "r"}


def first_keys(keymap: dict[str, str], actions: Iterable[str] = DEFAULT_KEYS) -> dict[str, str]:
    """The first key of each of ``actions``' bindings under a user's ``keymap``, as the config
    writes it (``"a"``, ``"ctrl+t"``): what a sentence names when it tells the learner which key
    to press."""
    by_action = {b.action: b for b in reversed(remapped(BINDINGS, keymap))}  # the first wins
    return {action: by_action[action].key.split(",")[0].strip() for action in actions}
