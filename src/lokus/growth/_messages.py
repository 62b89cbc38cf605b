"""Text for people of the growth capability: the group labels of a prevalence table.

The ``Group`` values themselves stay WHO anthro's ("All", "Age group: 00-05 mo", "Sex: Female",
"Age + sex: 00-05 mo.Female"), so CSV and JSON match the R package; :func:`group_label` gives the
text a person reads in their language.
"""

from __future__ import annotations

import re

from lokus.i18n import register, t

__all__ = ["group_label"]

MESSAGES = {
    "growth.group.all": {"id": "Semua", "en": "All"},
    "growth.group.age": {"id": "Kelompok umur: {age}", "en": "Age group: {age}"},
    "growth.group.sex": {"id": "Jenis kelamin: {sex}", "en": "Sex: {sex}"},
    "growth.group.age_sex": {"id": "Umur + jenis kelamin: {age}, {sex}", "en": "Age + sex: {age}, {sex}"},
    "growth.group.months": {"id": "{span} bln", "en": "{span} mo"},
    "growth.group.Female": {"id": "Perempuan", "en": "Female"},
    "growth.group.Male": {"id": "Laki-laki", "en": "Male"},
}
register(MESSAGES)

_AGE = r"(\d\d-\d\d) mo"


def group_label(group: str | None, lang: str) -> str:
    """A prevalence ``Group`` value in ``lang``; a ``--by`` group ("<column>: <value>") as written."""
    text = group or ""

    def age(span: str) -> str:
        return t("growth.group.months", lang, span=span)

    if text == "All":
        return t("growth.group.all", lang)
    if m := re.fullmatch(rf"Age group: {_AGE}", text):
        return t("growth.group.age", lang, age=age(m[1]))
    if m := re.fullmatch(r"Sex: (Female|Male)", text):
        return t("growth.group.sex", lang, sex=t(f"growth.group.{m[1]}", lang))
    if m := re.fullmatch(rf"Age \+ sex: {_AGE}\.(Female|Male)", text):
        return t("growth.group.age_sex", lang, age=age(m[1]), sex=t(f"growth.group.{m[2]}", lang))
    return text
