"""One name for the person (issue 12, point 9): the person the unit reaches and serves is "korban" on
every screen, as the SOPs call her ("SOP Penjangkauan Korban", "Penanganan Korban ..."), and "victim" in
English. Not "sasaran", "calon penerima manfaat", "penerima manfaat" or "klien" (and not "target" or
"client" in English). Python names, URLs and database columns keep their old words (`Target`,
`/sasaran/...`, `?sasaran=ID`): only what a user reads is checked."""

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"

OLD_ID = re.compile(r"\b(sasaran|klien|penerima manfaat)\b", re.IGNORECASE)
OLD_EN = re.compile(r"\b(clients?|targets?|beneficiar(y|ies))\b", re.IGNORECASE)

# The legitimate other meanings, each with its reason.
ALLOWED = {
    # Letters sent to another office (hospital, Jamkesda/KIS enrolment, the return home: templates/services/
    # _letter.html): there the person is the unit's "klien yang sedang kami tangani", and a letter tells an
    # office outside protection only what it needs, not that she is a victim of violence or trafficking.
    "untuk mendapatkan pemeriksaan dan pelayanan kesehatan di %(place)s. Yang bersangkutan adalah klien yang "
    "sedang kami tangani (nomor kasus %(code)s) dan akan didampingi oleh petugas kami.",
    "untuk didaftarkan sebagai peserta Jaminan Kesehatan Daerah (Jamkesda)/Kartu Indonesia Sehat (KIS). Yang "
    "bersangkutan adalah klien yang sedang kami tangani (nomor kasus %(code)s) dan belum memiliki jaminan "
    "kesehatan.",
    "untuk mendapatkan bantuan pemulangan ke daerah asal. Yang bersangkutan adalah klien yang sedang kami "
    "tangani (nomor kasus %(code)s) dan tidak mampu menanggung biaya pemulangannya sendiri.",
}
ALLOWED_TEMPLATES = {"services/_letter.html"}  # the three letters above


def catalogue():
    with PO.open("rb") as fh:
        for m in read_po(fh, locale="en"):
            if m.id:
                key = m.id if isinstance(m.id, str) else m.id[0]
                strings = m.string if isinstance(m.string, tuple) else (m.string,)
                yield key, " ".join(s for s in strings if s)


def test_no_msgid_names_the_person_otherwise():
    wrong = [key for key, _en in catalogue() if OLD_ID.search(key) and key not in ALLOWED]
    assert not wrong, f"say 'korban' for the person: {wrong[:10]}"


def test_no_english_names_the_person_otherwise():
    wrong = [en for key, en in catalogue() if OLD_EN.search(en) and key not in ALLOWED]
    assert not wrong, f"say 'victim' for the person: {wrong[:10]}"


def sentences(path):
    """The string literals of a module a user may read: with a space (keys, URLs and names have none),
    not docstrings (which are for developers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if " " in node.value.strip():
                yield node.lineno, node.value


def test_vocabularies_and_python_texts_say_korban():
    """web/sop.py, web/sop_cases.py, web/risk.py and every other module: their labels (Indonesian and
    English side by side) are shown as they are, not through the catalogue."""
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "web").rglob("*.py"))
        for line, text in sentences(path)
        if (OLD_ID.search(text) or OLD_EN.search(text.replace("postgresql-client", ""))) and text not in ALLOWED
    ]  # postgresql-client: the Debian package web/backup.py asks for
    assert not wrong, f"say 'korban' ('victim' in English) for the person: {wrong[:10]}"


def test_templates_say_korban():
    """Template text outside the catalogue too; `sasaran=` is the plan form's URL parameter, not a word."""
    wrong = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        name = path.relative_to(ROOT / "templates").as_posix()
        if name in ALLOWED_TEMPLATES:
            continue
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        text = re.sub(r"\bsasaran=", "", text)
        wrong += [f"{name}: {m.group(0)}" for m in OLD_ID.finditer(text)]
    assert not wrong, f"say 'korban' for the person: {wrong[:10]}"


def test_the_guard_can_fail():
    assert OLD_ID.search("Catat sasaran baru") and OLD_ID.search("Terima klien baru")
    assert OLD_ID.search("Menemui calon penerima manfaat") and not OLD_ID.search("Catat korban baru")
    assert OLD_EN.search("Record a new target") and not OLD_EN.search("Record a new victim")
