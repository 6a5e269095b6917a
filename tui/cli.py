"""The ``backprop-tui`` command: open the tutor, or print a whole trace.

``backprop-tui [FILE | --net SIZES]`` opens the app; ``backprop-tui trace ...`` prints. Argparse
can't mix an optional positional FILE with subcommands, so :func:`main` looks at the first
argument: a subcommand name goes to that subcommand's parser, anything else to the app's (a
network file literally named ``trace`` can be opened as ``./trace``). Mistakes in what the user
gave (a bad file, ``--net 4-x-1``, ``--sample 9``) end in one line on stderr and exit status 2.

Nothing ends in a traceback: output that can't be written (``> /dev/full``) or encoded
(``PYTHONIOENCODING=ascii``) is one line and status 1; a crash, in the app or out of it, writes
its full report to a file (:mod:`backprop_tui.tui.crash`) and prints one line saying where,
with status 1.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from backprop_tui.core.files.safefile import escape
from backprop_tui.core.formulas.notation import CONVENTIONS
from backprop_tui.tui.cli_options import add_lesson_source_options
from backprop_tui.tui.startup import release_gc

PROG = "backprop-tui"
SUBCOMMANDS = ("trace", "check", "lessons", "progress", "practice", "exam", "serve", "export",
               "config")
OUTPUT_FORMATS = ("text", "markdown", "latex", "json")

APP_EXAMPLES = f"""\
commands:
  trace         print a whole trace (text, Markdown, LaTeX or JSON) instead of opening the
                app; see `backprop-tui trace --help`
  check         validate lesson files (for lesson authors and CI)
  lessons       list the lessons and your progress
  progress      show where progress is kept; --reset [ID] forgets it
  practice      practice problems on unseen networks: --skill NAME --seed N --print
  exam          one whole training step by hand: --seed N --print
  serve         the app in a class's browsers, behind a token; see `backprop-tui serve --help`
  export        a lesson's worksheet (Markdown or LaTeX), --key for the answers
  config        where your settings file is (--path), or edit it (--edit)

examples:
  backprop-tui                                  the lesson list
  backprop-tui --lesson output-weight           open one lesson where you left off
  backprop-tui --lesson my-lesson.toml          open a lesson file from anywhere
  backprop-tui --lessons class/                 the shipped lessons, then those of class/
  backprop-tui --lessons class/ --no-shipped    only the lessons of class/
  backprop-tui --notation nielsen --theme nord  Nielsen's symbols, another theme
  backprop-tui --example                        the built-in 4-2-2-1 network, no lesson
  backprop-tui examples/xor.toml                open a network file
  backprop-tui --net 4-2-2-1 --seed 3           open a random 4-2-2-1 network
  backprop-tui trace --net 4-2-2-1              print every step of its trace
  backprop-tui trace net.toml --sample 2 --notation nielsen
  backprop-tui trace net.toml --format json > trace.json

lesson folders: --lessons DIR (repeatable), then the config file's `lessons` list, then
$BACKPROP_TUI_LESSONS (folders separated by "{os.pathsep}"). Their lessons are listed AFTER the shipped
ones; --no-shipped (or shipped_lessons = false in the config) lists only theirs. A broken
lesson is listed with its error and the others still open. Progress of a lesson outside the
shipped folder is kept per folder, so two folders may use the same lesson id.

settings: `backprop-tui config --path` prints the config file (notation, theme, learning
rate, lesson folders, [keys] remapping); --notation and --theme override it. A theme chosen in
the command palette (ctrl+p, "Theme") is remembered there.
"""

TRACE_EXAMPLES = """\
A trace is every step for one sample: forward z and a per layer, the cost, then backward BP1
(output layer) or BP2, BP3 and BP4 per layer, each node's formula in symbols, with numbers,
and its result. Layers of more than 8 nodes show their first 3 nodes and "… N more".

With --net and no file the sample is drawn from np.random.default_rng(SEED): x then y, uniform
in [0, 1) (scaled to sum to 1 for a softmax output).

examples:
  backprop-tui trace --net 4-2-2-1                         text, deeplizard's symbols
  backprop-tui trace --net 4-2-2-1 --notation nielsen      the same numbers, Nielsen's symbols
  backprop-tui trace --net 3-4-2 --activation tanh,softmax --loss cross-entropy
  backprop-tui trace examples/xor.toml --sample 1 --format latex > step.tex
  backprop-tui trace net.toml --format markdown > trace.md
  backprop-tui trace net.toml --average --format json      gradients of the mean cost
"""


def version() -> str:
    """The version: one source, ``backprop_tui.__version__`` (pyproject reads it too)."""
    from backprop_tui import __version__

    return __version__


class VersionAction(argparse.Action):
    """``--version``: prints the version and exits (argparse's own needs the string up front)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 help: str = "show the version and exit") -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0,
                         help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"{PROG} {version()}")
        parser.exit()


# ---------------------------------------------------------------------------- parsers
def _add_network_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", metavar="FILE", help="a network file (TOML)")
    net = parser.add_argument_group("a generated network instead of FILE")
    net.add_argument("--net", metavar="SIZES", help="layer sizes, input first: 4-2-2-1")
    net.add_argument("--seed", type=int, metavar="N", help="seed of its weights (default 0)")
    net.add_argument("--activation", metavar="NAME",
                     help="sigmoid, tanh, relu, linear or softmax (output only), for every layer, "
                          "or one per layer: tanh,tanh,softmax (default sigmoid)")
    net.add_argument("--loss", metavar="NAME",
                     help="sse, half-sse, mse or cross-entropy (default sse)")


def build_parser() -> argparse.ArgumentParser:
    """``backprop-tui [FILE | --net SIZES]``: open the app."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        usage=f"{PROG} [FILE | --net SIZES | --lesson ID|PATH | --example] [--lessons DIR]... "
              "[--no-shipped] [--notation NAME] [--theme NAME]\n"
              f"       {PROG} trace (FILE | --net SIZES) [options]\n"
              f"       {PROG} check PATH... | lessons | progress [--reset [ID] | --export FMT] | config",
        description="A terminal tutor for backpropagation: step through a network's forward and "
                    "backward pass one equation at a time, every symbol with its number.",
        epilog=APP_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=VersionAction)
    parser.add_argument("--lesson", metavar="ID|PATH",
                        help="open a lesson: an id (see `backprop-tui lessons`) or a lesson file "
                             "from anywhere (my-lesson.toml)")
    add_lesson_source_options(parser)
    parser.add_argument("--notation", choices=CONVENTIONS, type=str.lower,
                        help="whose symbols the tutor starts in (default: the config file's, "
                             "else deeplizard); a lesson uses its own")
    parser.add_argument("--theme", metavar="NAME",
                        help="a Textual theme, e.g. textual-dark, textual-light, nord (default: "
                             "the config file's, or the last one chosen in the command palette)")
    parser.add_argument("--example", action="store_true",
                        help="open the built-in 4-2-2-1 example network instead of the lesson list")
    _add_network_options(parser)
    return parser


def build_trace_parser() -> argparse.ArgumentParser:
    """``backprop-tui trace``: print a whole trace."""
    parser = argparse.ArgumentParser(
        prog=f"{PROG} trace",
        usage=f"{PROG} trace (FILE | --net SIZES) [--sample I | --average] [--format FORMAT] "
              "[--notation NAME]",
        description="Print the whole forward and backward trace of one sample.",
        epilog=TRACE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_network_options(parser)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--sample", type=int, metavar="I",
                       help="which sample of the file, counting from 0 (default 0)")
    which.add_argument("--average", action="store_true",
                       help="the gradients of the mean cost over all samples instead")
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="text",
                        help="text (Unicode), markdown, latex (align*) or json (default text)")
    parser.add_argument("--notation", choices=CONVENTIONS, type=str.lower,
                        help="whose symbols to use; the numbers are the same (default: the "
                             "config file's notation, else deeplizard)")
    return parser


# ---------------------------------------------------------------------------- loading
def load_from_args(args: argparse.Namespace, parser: argparse.ArgumentParser):
    """The NetworkFile that FILE or --net names, or None for neither. Raises ValueError."""
    spec_options = [f"--{name}" for name in ("seed", "activation", "loss")
                    if getattr(args, name) is not None]
    if args.file and args.net:
        parser.error("give a FILE or --net, not both")
    if args.file:
        if spec_options:
            parser.error(f"{', '.join(spec_options)} only go with --net (FILE sets its own)")
        if not Path(args.file).exists():
            close = difflib.get_close_matches(args.file, SUBCOMMANDS, n=1, cutoff=0.6)
            if close:
                raise ValueError(f'{escape(args.file)}: no such file or command; '
                                 f'did you mean "{close[0]}"?')
        from backprop_tui.core.files.netfile import load_network

        return load_network(args.file)
    if args.net:
        from backprop_tui.core.files.netfile import network_file_from_spec

        return network_file_from_spec(
            args.net, seed=0 if args.seed is None else args.seed,
            activation=args.activation or "sigmoid", loss=args.loss or "sse",
        )
    if spec_options:
        parser.error(f"{', '.join(spec_options)} only go with --net")
    return None


# ---------------------------------------------------------------------------- commands
def run_trace(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Print the trace FILE or --net names, in the format asked for."""
    from backprop_tui.core.files.tracejson import average_to_json, trace_to_json

    if args.notation is None and args.format != "json":  # JSON has no symbols
        from backprop_tui.core.course.config import load_config

        config = load_config()
        for error in config.errors:
            print(f"{PROG}: warning: {error}", file=sys.stderr)
        args.notation = config.notation or "deeplizard"

    try:
        network_file = load_from_args(args, parser)
        if network_file is None:
            parser.error("give a network FILE or --net SIZES")
        count, args.sample = len(network_file.samples), args.sample or 0
        if not args.average and not 0 <= args.sample < count:
            raise ValueError(
                f"--sample {args.sample}: {network_file.source} has {count} sample"
                f"{'s' if count != 1 else ''}; expected a number from 0 to {count - 1}"
            )
    except ValueError as e:
        return fail(str(e))
    net = network_file.network
    if args.average:
        X, Y = network_file.X, network_file.Y
        if args.format == "json":
            print(json.dumps(average_to_json(net, X, Y), indent=2))
        else:
            from backprop_tui.tui.trace_report import average_report

            print(average_report(net, X, Y, args.format, args.notation), end="")
        return 0
    x, y = network_file.samples[args.sample]
    trace = net.trace(x, y)
    if args.format == "json":
        print(json.dumps(trace_to_json(trace), indent=2))
        return 0
    from backprop_tui.tui.trace_report import trace_report

    sample = f"sample {args.sample} of {count} ({network_file.source})"
    print(trace_report(trace, args.notation, args.format, sample), end="")
    return 0


def run_app(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Open the tutor: on a network (FILE, --net, --example), a lesson, or the lesson list."""
    if args.lesson and (args.file or args.net or args.example):
        parser.error("--lesson brings its own network; give it without FILE, --net or --example")
    from backprop_tui.tui.settings import resolve, theme_names

    if args.theme is not None and args.theme not in theme_names():
        parser.error(f"--theme {escape(args.theme)}: no such theme; expected one of "
                     f"{', '.join(theme_names())}")
    settings = resolve(notation=args.notation, theme=args.theme)
    for notice in settings.notices:  # shown in the app too; this stays after it closes
        print(f"{PROG}: warning: {notice}", file=sys.stderr)
    try:
        network_file = load_from_args(args, parser)
    except ValueError as e:
        return fail(str(e))
    from backprop_tui.tui.cli_app import build_app

    app = build_app(args, network_file, settings)
    if isinstance(app, str):
        return fail(app)
    from backprop_tui.tui.crash import run_reporting

    return run_reporting(app)


def fail(message: str) -> int:
    """``backprop-tui: error: ...`` on stderr; exit status 2, as argparse's usage errors."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: returns the exit status instead of raising SystemExit."""
    from backprop_tui.tui import crash

    return crash.guarded(_main, argv)


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        release_gc()  # only the tutor keeps the collector held, until its first frame (startup)
    try:
        if argv and argv[0] == "trace":
            parser = build_trace_parser()
            return run_trace(parser.parse_args(argv[1:]), parser)
        if argv and argv[0] in SUBCOMMANDS:
            from backprop_tui.tui.cli_lessons import COMMANDS

            build, run = COMMANDS[argv[0]]
            parser = build()
            return run(parser.parse_args(argv[1:]), parser)
        parser = build_parser()
        return run_app(parser.parse_args(argv), parser)
    except SystemExit as e:  # argparse's --help, --version and usage errors
        return e.code if isinstance(e.code, int) else 0 if e.code is None else 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `backprop-tui trace ... | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
