"""The main area has no forms of its own; the language switch and logout are plain POST buttons."""
