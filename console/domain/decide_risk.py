"""Deciders for 预警 and 重点人员: the relay raises warnings and grades disputes; recipients sign and give
feedback; a desk closes; officers and chiefs keep their station's key persons."""

from __future__ import annotations

from console.domain.decide_common import Actor, acting_worker, find_address, reason, ticket
from console.domain.errors import DomainError
from console.domain.risk import model as rm
from console.domain.risk.model import Warning, WarningStatus
from console.domain.state import State
from console.domain.workers import Role


def recipients(state: State, grid_code: str) -> list[str]:
    """Whom a warning in ``grid_code`` is pushed to: the grid's grid workers and its 警格's community officer."""
    return sorted({*state.responsible_of(grid_code), *state.officers_of_grid.get(grid_code, ())})


def station_of(state: State, actor: Actor) -> str | None:
    """The station whose key persons ``actor`` may see: an officer's own; a chief's (the one station of
    its account's scope, its ``department``, or the district's only station); None for anyone else —
    a 分局 desk scoped to several stations reads no station's registry."""
    if actor.role is Role.OFFICER and actor.worker_id in state.workers:
        worker = state.workers[actor.worker_id]
        if worker.station_code:
            return worker.station_code
        pg = next((p for p in state.district.police_grids if worker.grid_code in p.grid_codes), None)
        return pg.station_code if pg else None
    if actor.role is Role.STATION_CHIEF:
        if actor.scope is not None and actor.scope.stations:
            return next(iter(actor.scope.stations)) if len(actor.scope.stations) == 1 else None
        if actor.department:
            return actor.department
        stations = state.district.stations
        return stations[0].code if len(stations) == 1 else None
    return None


# -- the relay's own ------------------------------------------------------------------------------

def raise_warning(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    risk = state.rules.risk
    rule = args["rule"]
    return rm.WARNING_RAISED, {
        "warning": ticket("YJ", now_ms, seq), "rule": rule, "level": risk.level_of(rule) if not args.get("grade")
        else args["grade"], "title": args["title"], "subject": args["subject"], "grid": args["grid"],
        "address_code": args.get("address_code", ""), "address": args.get("address", ""), "lng": args["lng"],
        "lat": args["lat"], "evidence": args["evidence"], "records": args.get("records", []),
        "grade": args.get("grade", ""), "due_at": now_ms + risk.limit_of(rule),
        "workers": recipients(state, args["grid"]),
        **({"key_persons": args["key_persons"], "station": args["station"]} if args.get("key_persons") else {}),
    }


def grade(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    return rm.DISPUTE_GRADED, {"record": args["record"], "grade": args["grade"],
                               "address_code": args.get("address_code", ""), "evidence": args.get("evidence", []),
                               **({"quiet_since": args["quiet_since"]} if args.get("quiet_since") else {})}


# -- recipients and desks -------------------------------------------------------------------------

def _find(state: State, args: dict) -> Warning:
    w = state.warnings.get(args["warning"])
    if w is None:
        raise DomainError("E_NOT_FOUND", f"预警 {args['warning']}")
    return w


def _recipient(state: State, actor: Actor, args: dict, w: Warning) -> str:
    worker_id = acting_worker(state, actor, args)
    if worker_id not in w.workers:
        raise DomainError("E_FORBIDDEN", f"预警 {w.id} 未推送给 {worker_id} / not pushed to this worker")
    return worker_id


def _step(w: Warning, event_type: str, worker: str, note: str) -> tuple[str, dict]:
    return event_type, {"warning": w.id, "workers": list(w.workers), "worker": worker, "note": note}


def sign(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    w = _find(state, args)
    worker = _recipient(state, actor, args, w)
    if w.status is not WarningStatus.NEW:
        raise DomainError("E_TRANSITION", f"预警 {w.id} {w.status.label}，不能签收", status=w.status.value)
    return _step(w, rm.WARNING_SIGNED, worker, args.get("note", ""))


def feedback(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    w = _find(state, args)
    worker = _recipient(state, actor, args, w)
    if w.status is not WarningStatus.SIGNED:
        raise DomainError("E_TRANSITION", f"预警 {w.id} {w.status.label}，须先签收再反馈", status=w.status.value)
    return _step(w, rm.WARNING_FEEDBACK, worker, reason(args))


def close(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    w = _find(state, args)
    if not w.is_open:
        raise DomainError("E_TRANSITION", f"预警 {w.id} 已办结", status=w.status.value)
    return _step(w, rm.WARNING_CLOSED, "", reason(args))


def supervise(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """督办 an open warning: by a desk, or by the relay past its time limit (``auto``, once per key)."""
    w = _find(state, args)
    if not w.is_open:
        raise DomainError("E_TRANSITION", f"预警 {w.id} 已办结，不能督办", status=w.status.value)
    data = {"warning": w.id, "workers": list(w.workers), "level": args["level"], "note": reason(args)}
    auto = args.get("auto")
    if auto:
        if actor.role is not Role.SYSTEM:
            raise DomainError("E_FORBIDDEN", "自动督办只能由系统发起 / only the relay raises automatic supervision")
        if auto in w.auto_supervised:
            raise DomainError("E_CONFLICT", f"预警 {w.id} 已自动督办 {auto}")
        data["auto"] = auto
    return rm.WARNING_SUPERVISED, data


# -- 重点人员 ----------------------------------------------------------------------------------------

def _own_station(state: State, actor: Actor, station: str) -> None:
    if station_of(state, actor) != station:
        raise DomainError("E_FORBIDDEN", "只能管理本所的重点人员 / key persons of your own station only")


def add_key_person(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    address = find_address(state, args["address_code"])
    if address is None:
        raise DomainError("E_NOT_FOUND", f"标准地址 {args['address_code']}")
    _own_station(state, actor, address.station_code)
    return rm.KEY_PERSON_ADDED, {
        "key_person": ticket("ZD", now_ms, seq), "name": args["name"].strip(), "id_number": args.get("id_number", ""),
        "kind": args.get("kind", ""), "address_code": address.code, "station": address.station_code,
        "note": args.get("note", ""),
    }


def remove_key_person(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    person = state.key_persons.get(args["key_person"])
    if person is None:
        raise DomainError("E_NOT_FOUND", f"重点人员 {args['key_person']}")
    _own_station(state, actor, person.station)
    return rm.KEY_PERSON_REMOVED, {"key_person": person.id, "station": person.station, "note": reason(args)}
