"""The person's part of a form page (issue 10 point 6).

On a repeat visit the service worker answers a form's page from its cache at once with the blank form
(public: no name, no token), and static/js/part.js then asks the page's own URL again with
`X-Jangkau-Part: 1`. The answer is the page as the server renders it (the view runs as always: its
permission check and audit) less the form the blank copy already shows: that form is replaced by a
`<template data-part-form>` holding only what the server had filled in (its CSRF token and any
prefilled value) and the form tag's own attributes (its action, and the htmx ones of the risk form's
live level check), so the part stays small. Never stored: `Cache-Control: no-store`.
"""

import json
import re
from html import escape
from html.parser import HTMLParser

from flask import request

HEADER = "X-Jangkau-Part"
FORM = re.compile(r'<form\b[^>]*\bdata-offline-form="(?P<kind>[\w-]+)"[^>]*>.*?</form>', re.S)


class _Values(HTMLParser):
    """The values a rendered form holds: [[name, value], ...], as drafts.js fieldsOf reads a form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type", "text") not in ("file", "submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.out.append([name, a.get("value", "on")])
            elif a.get("value"):
                self.out.append([name, a["value"]])
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in a and a.get("value"):
            self.out.append([self.select, a["value"]])
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            if self.textarea[1].strip():
                self.out.append([self.textarea[0], self.textarea[1].removeprefix("\n")])
            self.textarea = None


class _Tag(HTMLParser):
    """The attributes of the first tag (the <form> itself)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs = None

    def handle_starttag(self, tag, attrs):
        if self.attrs is None:
            self.attrs = {name: value or "" for name, value in attrs}


def form_attributes(html):
    parser = _Tag()
    parser.feed(html[: html.index(">") + 1])
    parser.close()
    return parser.attrs or {}


def form_values(html):
    parser = _Values()
    parser.feed(html)
    parser.close()
    return parser.out


def offline_kind(path):
    """The kind of the offline form whose blank copy stands for this page (its URL pattern), or None."""
    from web.offline.forms import offline_forms

    for form in offline_forms():
        if form.stand_in and form.available() and re.search(form.pattern, path):
            return form.kind
    return None


def part_answer(response):
    """after_request: a page asked with X-Jangkau-Part: 1 loses its main form (kept as its values)."""
    if request.headers.get(HEADER) != "1" or request.method != "GET":
        return response
    response.headers["Cache-Control"] = "no-store"
    response.vary.add(HEADER)
    kind = offline_kind(request.path)
    if not kind or response.mimetype != "text/html" or response.direct_passthrough or response.is_streamed:
        return response

    def keep_values(match):
        if match.group("kind") != kind:
            return match.group(0)  # another form of the page (Darurat): the blank copy does not show it
        values = escape(json.dumps(form_values(match.group(0)), ensure_ascii=False), quote=True)
        attrs = escape(json.dumps(form_attributes(match.group(0)), ensure_ascii=False), quote=True)
        return f'<template data-part-form="{kind}" data-values="{values}" data-attrs="{attrs}"></template>'

    response.set_data(FORM.sub(keep_values, response.get_data(as_text=True)))
    return response
