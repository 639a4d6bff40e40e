"""Screens of a case: intake, the case page, assessment, review, caseload (to be built, issue 11)."""

from flask import Blueprint

bp = Blueprint("casefile", __name__, url_prefix="/kasus")
