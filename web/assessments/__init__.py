"""Risk assessment in the field (SOP Penjangkauan step 9)."""
