"""SOP data the app does not use yet. Same rules as ``web/sop.py``; when an area starts to use a list,
move it to ``web/sop.py`` or ``web/sop_cases.py`` (``tests/test_sop.py`` checks that no app module reads this
one).

* ``shared/RISK.md``: ``REASSESS_AFTER``, when a new risk assessment (``web.risk``) is due.
"""

from .sop import Choice

# --------------------------------------------------------------------------------------------
# Field risk assessment (web.risk): when a new assessment is due
# --------------------------------------------------------------------------------------------

REASSESS_AFTER: tuple[Choice, ...] = (
    Choice(
        "kejadian_baru",
        "Ada kejadian kekerasan baru",
        "A new incident of violence",
    ),
    Choice(
        "perpisahan",
        "Korban berpisah dari pelaku, atau berencana berpisah",
        "The person separates from the perpetrator, or plans to",
    ),
)
