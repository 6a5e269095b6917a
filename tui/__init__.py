"""backprop-tui's terminal app: Textual screens and widgets that show what core computes."""
