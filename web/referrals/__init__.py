"""Risk flags, the Darurat button, emergency referrals, consent overrides and the handover record
(SOP Penjangkauan step 10a)."""
