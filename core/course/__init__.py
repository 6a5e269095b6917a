"""The course: lessons, exercises and their answer keys, answer parsing, progress."""
