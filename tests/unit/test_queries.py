"""The query catalogue and the wire forms of what queries answer."""

from __future__ import annotations

import json

import pytest

from console.domain.errors import DomainError
from console.domain.queries import QUERIES, authorize_query, validate_query_args
from console.domain.summary import item_from_wire, summary_from_wire, to_wire
from console.domain.workers import Role
from console.protocol import messages as m
from console.services.relay_reads import StoreReads
from tests.summary_sample import sample_summary


def test_every_query_is_declared_with_a_chinese_label_and_answered_by_the_relay_service():
    def chinese(text: str) -> bool:
        return any("\u4e00" <= c <= "\u9fff" for c in text)

    assert QUERIES and all(chinese(q.label) and q.roles and q.answer for q in QUERIES.values())
    reads = StoreReads("sqlite:///unused.db")  # opens nothing until asked
    assert reads._answers.keys() == QUERIES.keys()


@pytest.mark.parametrize("role", [Role.GRID_WORKER, Role.FIELD_GATEWAY, Role.POLICE_UNIT, Role.LIAISON, Role.ADMIN,
                                  Role.PUBLIC, Role.SYSTEM, None])
def test_field_roles_liaisons_admins_and_nobody_are_refused_every_query(role):
    for name in QUERIES:
        with pytest.raises(DomainError) as refused:
            authorize_query(role, name)
        assert refused.value.code == "E_FORBIDDEN" and "无权查询" in refused.value.zh


def test_desks_and_trainers_get_what_their_work_needs():
    assert authorize_query(Role.STATION_CHIEF, "summary.daily").label == "日报"
    assert authorize_query(Role.TRAINER, "replay.state").name == "replay.state"
    with pytest.raises(DomainError, match="E_FORBIDDEN"):
        authorize_query(Role.TRAINER, "summary.daily")
    with pytest.raises(DomainError) as unknown:
        authorize_query(Role.STATION_CHIEF, "summary.all")
    assert unknown.value.code == "E_UNKNOWN_TYPE" and "未知查询" in unknown.value.zh


def test_the_query_frame_is_checked_against_the_catalogue():
    frame = {"v": 1, "t": "query", "id": "q1", "name": "replay.events",
             "args": {"start": 1, "end": 9, "from": 1, "to": 5}}
    assert m.parse_client(json.dumps(frame)) == m.Query("q1", "replay.events", frame["args"])
    for args, words in (({"start": 1, "end": 9, "from": 1}, "缺少"), ({**frame["args"], "to": "5"}, "类型"),
                        ({**frame["args"], "to": 2**60}, "超出范围"), ([], "args")):
        with pytest.raises(m.ProtocolError) as bad:
            m.parse_client(json.dumps({**frame, "args": args}))
        assert bad.value.code == "E_FIELD" and words in bad.value.zh and bad.value.message_id == "q1"
    with pytest.raises(DomainError, match="E_UNKNOWN_TYPE"):
        validate_query_args("replay.everything", {})
    assert m.result("q1", [1]) == {"t": "result", "id": "q1", "data": [1]}


def test_a_daily_summary_survives_the_wire():
    summary = sample_summary(workers=3, overdue=2)
    again = summary_from_wire(json.loads(json.dumps(to_wire(summary), ensure_ascii=False)))
    assert again == summary
    assert [item_from_wire(i) for i in json.loads(json.dumps(to_wire(summary.overdue)))] == summary.overdue
