"""The math of one training step: network, activations, losses, the trace, the gradient check.

Imports nothing else of backprop_tui: everything above it (formulas, files, course) builds on it.
"""
