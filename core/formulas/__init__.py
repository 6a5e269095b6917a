"""The formula language: a notation-free expression tree, the seeds' equations built from a trace,
the chain-rule expansion, and renderers into each convention's symbols (Unicode 2-D, plain, LaTeX)."""
