"""How a submission's fields read to a community officer: Chinese labels, code names, masking, summary, diff."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.domain.privacy import REDACTED
from console.domain.record_form import ETHNICITY_NAMES, FIELD_LABELS
from console.domain.records import HOUSE_USES, SEX_CODES, RecordKind
from console.domain.state import State


def _tr(text: str) -> str:
    return QCoreApplication.translate("Review", text)


def mask_id(value: str) -> str:
    """An ID number with only the region (6) and the last 4 characters shown (a hidden one as it is)."""
    return value if len(value) < 10 or value == REDACTED else f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def field_names(kind: RecordKind, *field_dicts: dict) -> list[str]:
    """Known fields in display order, then any others the dicts carry."""
    known = list(FIELD_LABELS[kind])
    extra = sorted({k for d in field_dicts for k in d} - set(known))
    return known + extra


def field_label(kind: RecordKind, name: str) -> str:
    return _tr(FIELD_LABELS[kind].get(name, name))


def format_value(state: State | None, name: str, value: object, *, reveal: bool = False) -> str:
    """One field value for display; ID numbers masked unless ``reveal``; a 居住登记's hidden data says so."""
    if value is None or value == "":
        return "—"
    if value == REDACTED:
        return REDACTED
    if isinstance(value, bool):
        return _tr("是") if value else _tr("否")
    text = str(value)
    if name == "id_number":
        return text if reveal else mask_id(text)
    if name == "sex":
        return SEX_CODES.get(text, text)
    if name == "ethnicity":
        return f"{text} {ETHNICITY_NAMES.get(text, '')}".strip()
    if name == "use":
        return HOUSE_USES.get(text, text)
    if name == "occupants":
        return _tr("{n}人").format(n=text)
    if name == "address_code":
        return address_text(state, text)
    return text


def address_text(state: State | None, code: str) -> str:
    """The standard address of ``code`` (its code kept for lookups), or the code when unknown."""
    address = state.address_index.get(code) if state is not None else None
    return f"{address.text}（{code}）" if address is not None else code


def short_address(state: State | None, code: str) -> str:
    """Road and door (and building) of an address code, for one-line summaries."""
    address = state.address_index.get(code) if state is not None and code else None
    if address is None:
        return code
    return f"{address.road}{address.door}{address.compound}{address.building + '幢' if address.building else ''}"


def summary(state: State | None, kind: RecordKind, fields: dict) -> str:
    """A one-line summary of a submission or record version, ID numbers masked."""
    f = fields
    if kind is RecordKind.PERSON and f.get("name") == REDACTED:  # a 居住登记 this desk may not read
        parts = [REDACTED, short_address(state, f.get("address_code", "")), _tr("流动") if f.get("floating") else ""]
    elif kind is RecordKind.PERSON:
        parts = [f.get("name", ""), SEX_CODES.get(f.get("sex", ""), "")[:1], mask_id(f.get("id_number", "")),
                 short_address(state, f.get("address_code", "")), _tr("流动") if f.get("floating") else ""]
    elif kind is RecordKind.HOUSE:
        parts = [short_address(state, f.get("address_code", "")), HOUSE_USES.get(f.get("use", ""), ""),
                 _tr("{n}人").format(n=f["occupants"]) if "occupants" in f else ""]
    elif kind is RecordKind.UNIT:
        parts = [f.get("name", ""), _tr("重点单位") if f.get("key_unit") else "",
                 short_address(state, f.get("address_code", ""))]
    else:
        parts = [f.get("type", ""), f.get("parties", ""), f.get("description", "")[:24]]
    return " · ".join(p for p in parts if p)


def changed_fields(old: dict, new: dict) -> set[str]:
    """Names whose value differs between two versions (a field present in only one counts)."""
    return {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}


def record_title(state: State | None, kind: RecordKind, fields: dict) -> str:
    """What a record is called in a list: a person's or unit's name, a house's address, a dispute's type."""
    if kind in (RecordKind.PERSON, RecordKind.UNIT):
        return fields.get("name", "")
    if kind is RecordKind.HOUSE:
        return short_address(state, fields.get("address_code", ""))
    return f"{fields.get('type', '')} {fields.get('description', '')[:16]}".strip()


def account_name(state: State | None, account: str) -> str:
    """The roster name behind an account (accounts are often the worker id in lower case), else the account."""
    worker = state.workers.get(account) or state.workers.get(account.upper()) if state is not None else None
    return worker.name if worker is not None else account
