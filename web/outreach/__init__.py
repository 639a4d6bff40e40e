"""SOP Penjangkauan steps 3-5: the outreach plan with its budget, the Kepala's review (and the Kepala
Dinas's where the unit requires it), versions of approved plans, the team and its briefing."""
