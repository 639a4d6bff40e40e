"""The words the offline scripts show (status bar, queue, unlock), in the page's language.

They are served as one small script, `/luring/kata.js?lang=id&v=<hash>`, that the browser and the
service worker keep for a year (its URL changes when a word changes), instead of being repeated in
every page: on a 3G phone each page is then about a kilobyte lighter.
"""

import hashlib
import json

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _

_scripts = {}


def words():
    return {
        "online": _("Ada sinyal"),
        "offline": _("Tanpa sinyal"),
        "noneWaiting": _("Semua sudah terkirim"),
        "waiting": _("{n} formulir di HP belum terkirim"),
        "last": _("Terakhir terkirim: {t}"),
        "never": _("Belum pernah terkirim dari HP ini"),
        "urgent": _(
            "Manajer kasus BELUM diberi tahu: {n} laporan risiko tinggi atau Darurat masih menunggu sinyal. "
            "Bila bisa, telepon manajer kasus sekarang."
        ),
        "wrongPassword": _("Kata sandi salah. Coba lagi."),
        "noKey": _("Draf di HP ini belum disiapkan. Keluar, lalu masuk lagi saat ada sinyal."),
        "logoutBlocked": _(
            "Masih ada {n} formulir yang belum terkirim. Kirim dulu sebelum keluar, agar tidak ada yang hilang."
        ),
        "saved": _("Draf tersimpan di HP (terkunci)."),
        "restored": _("Draf dipulihkan."),
        "lockedForm": _("Buka draf dulu (di atas) agar isian tersimpan di HP."),
        "queued": _("Tersimpan di HP. Akan dikirim otomatis saat ada sinyal."),
        "sending": _("Mengirim…"),
        "otherTab": _("Draf ini sedang dibuka di tab lain. Isian di sini tidak disimpan."),
        "takeOver": _("Lanjutkan di tab ini"),
        "noLogin": _("Sesi berakhir. Masuk lagi untuk mengirim; antrean tetap aman."),
        "stateDraft": _("Draf, belum dikirim"),
        "stateQueued": _("Menunggu dikirim"),
        "stateSending": _("Sedang dikirim"),
        "stateReview": _("Kiriman ganda yang isinya berbeda: disimpan untuk ditinjau manajer kasus"),
        "stateInvalid": _("Perlu diperbaiki: buka dan periksa isian"),
        "stateLogin": _("Perlu masuk lagi"),
        "stateRefused": _("Ditolak server: buka dan periksa"),
        "refusedOnForm": _(
            "Tidak terkirim, server menolak: {reason} Isian Anda tetap di sini dan di HP; "
            "salin bila perlu. Formulir ini tidak dikirim lagi sendiri."
        ),
        "stateWaitingVisit": _("Menunggu kunjungannya terkirim"),
        "kindVisit": _("Kunjungan"),
        "kindConsent": _("Persetujuan"),
        "kindRisk": _("Asesmen risiko"),
        "kindDarurat": _("Darurat"),
        "kindHome_visit": _("Kunjungan rumah"),
        "kindMediation": _("Mediasi"),
        "kindMonitoring": _("Pendampingan dan monitoring"),
        "urgentLabel": _("Risiko tinggi / Darurat"),
        "open": _("Buka"),
        "delete": _("Hapus dari HP"),
        "confirmDelete": _("Hapus formulir ini dari HP? Isinya tidak bisa dikembalikan."),
        "empty": _("Tidak ada formulir di HP ini."),
        "lockedList": _("Buka draf untuk melihat isinya."),
        "nextTry": _("coba lagi {t}"),
        "pickTarget": _("Korban yang dikunjungi"),
        "pickVisit": _("Kunjungan"),
        "pickCase": _("Kasus"),
        "pickNone": _("Belum ada daftar. Buka Jangkau sekali saat ada sinyal."),
        "pickChoose": _("— pilih —"),
        "offlineVisit": _("kunjungan di HP, belum terkirim"),
        "sent": _("Terkirim."),
    }


def script(lang):
    """The script for a language (the caller has set the locale): `window.JangkauWords = {...};`."""
    if lang not in _scripts:
        body = "window.JangkauWords = " + json.dumps(words(), ensure_ascii=False, sort_keys=True) + ";\n"
        _scripts[lang] = (body, hashlib.sha256(body.encode()).hexdigest()[:12])
    return _scripts[lang]


def url():
    """The versioned URL of the words in the current language (pages and the precache list use it)."""
    lang = str(get_locale())
    return url_for("offline.words_script", lang=lang, v=script(lang)[1])
