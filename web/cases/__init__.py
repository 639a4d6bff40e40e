"""Further assessment (step 10b) and the outreach report to the Kepala (step 11)."""
