"""backprop-tui: a terminal tutor for backpropagation.

One distribution, one import name. The folders of the source tree install as subpackages:
``backprop_tui.core`` (NumPy only: the math, the formula language, files, the course),
``backprop_tui.tui`` (the Textual app) and ``backprop_tui.lessons`` (lesson files, data).
"""

__version__ = "0.1.0"
