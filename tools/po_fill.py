"""Fill English translations into translations/en/LC_MESSAGES/messages.po from a JSON file.

    .venv/bin/python tools/po_fill.py new.json     # {"msgid": "English", ...}; plural: ["one", "many"]
    .venv/bin/python tools/po_fill.py --missing    # list msgids that still have no English

Run `make i18n` first so that every new msgid is in the catalogue.
"""

import json
import sys

from babel.messages.pofile import read_po, write_po

PO = "translations/en/LC_MESSAGES/messages.po"


def main(argv):
    with open(PO, "rb") as fh:
        catalog = read_po(fh, locale="en")
    if argv and argv[0] == "--missing":
        missing = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
        print(json.dumps({(k[0] if isinstance(k, tuple) else k): "" for k in missing}, ensure_ascii=False, indent=1))
        return 1 if missing else 0
    with open(argv[0], encoding="utf-8") as fh:
        table = json.load(fh)
    done = 0
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in table:
            value = table[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
            done += 1
    with open(PO, "wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=True)
    print(f"{done} translations written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
