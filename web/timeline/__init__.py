"""SOP time standards (issue 3, item 8): a plan's timeline of SOP steps against the standard of
web.sop, and the home panels listing overdue steps for the people who must act on them."""
