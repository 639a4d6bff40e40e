"""SOP Penjangkauan steps 1-2: who to reach (targets), the person's identification and verification."""
