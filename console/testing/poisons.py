"""Frames a security review found stopping or disturbing the relay, for tests and ``bench.poison``."""

from __future__ import annotations

import json

SURROGATE = "\ud800"
REPORT = {"category": "200200", "priority": 2, "lng": 120.62, "lat": 31.31, "narrative": "邻里纠纷",
          "caller": "13900000000"}
PERSON = {"id_number": "11010519491231002X", "name": "张三", "address_code": "x"}
TRIANGLE = [[120.6, 31.3], [120.7, 31.3], [120.7, 31.4]]


def cmd(key: str, op: str, **args) -> dict:
    return {"v": 1, "t": "cmd", "id": key, "op": op, "args": args}


def known_poisons(worker: str, desk: str = "d01", field: str = "w0001") -> list[tuple[str, str]]:
    """(account, raw frame) for every known poison; ``worker`` is a grid worker the gateway serves,
    ``desk`` a dispatcher's or officer's account and ``field`` a grid worker's."""
    frames = [
        (field, cmd("p1", "submission.submit", kind="person", fields={**PERSON, "sex": ["1"]})),
        (field, cmd("p2", "submission.submit", kind="person", fields={**PERSON, "sex": "1", "ethnicity": {"a": 1}})),
        (field, cmd("p3", "submission.submit", kind="house", fields={"address_code": "x", "use": ["rental"]})),
        (field, cmd("p4", "submission.submit", kind="house", fields={"address_code": "x", "use": "rental",
                                                                        "occupants": True})),
        (field, cmd("p5", "position.report", lng=120.62, lat=31.31, at=2**64)),
        ("fieldsim", cmd("p6", "position.report", worker=worker, lng=120.62, lat=31.31, at=2**63 - 1)),
        ("t01", cmd(SURROGATE, "incident.report", **REPORT)),
        (desk, cmd("p8", "incident.report", **{**REPORT, "narrative": "打架" + SURROGATE})),
        (desk, cmd("p9", "zone.set", name="\u200b\u200b", polygon=TRIANGLE)),
        (desk, cmd("p10", "zone.set", name="\u0000", polygon=TRIANGLE)),
        ("fieldsim", cmd("p11", "position.report", worker="desk", lng=120.62, lat=31.31)),
        (desk, cmd("p13", "position.report", worker=worker, lng=1e308, lat=31.31)),
    ]
    raw = [(account, json.dumps(frame)) for account, frame in frames]
    nan = '{"v":1,"t":"cmd","id":"p14","op":"position.report","args":{"worker":"%s","lng":Infinity,"lat":NaN}}'
    return [*raw, (desk, '{"v":1,"t":"cmd","id":"p12","args":' + "[" * 1000 + "]" * 1000 + "}"),
            ("fieldsim", nan % worker)]
