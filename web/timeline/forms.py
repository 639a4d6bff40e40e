"""The timeline screens have no forms: they only read the SOP step log."""
