"""Forms of the case screens (issue 11)."""
