"""Trainer bookmarks: the only commands a trainer may give; they fold into the state like any event."""

from __future__ import annotations

import copy

import pytest

from console.domain import events as ev
from console.domain.catalogue import OPERATIONS, validate_args
from console.domain.decide import Actor, decide
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.places import Community, District, Grid
from console.domain.state import State, apply
from console.domain.visibility import View
from console.domain.workers import Role, Worker, WorkerKind

SQUARE = ((120.60, 31.30), (120.61, 31.30), (120.61, 31.31), (120.60, 31.31))
TRAINER = Actor("t01", Role.TRAINER)
NOW = 1_763_800_000_000


@pytest.fixture
def state() -> State:
    district = District("测试街道", "320508019", communities=[Community("320508019001", "一社区")],
                        grids=[Grid("320508019001001", "一网格", "320508019001", SQUARE)])
    return State(district, {"W1": Worker("W1", "张三", WorkerKind.GRID_WORKER, "320508019001001")})


def step(state: State, actor: Actor, op: str, **args) -> Event:
    seq = state.seq + 1
    event_type, data = decide(state, actor, op, validate_args(op, args), NOW, seq)
    event = Event(seq, NOW, event_type, actor.account, data)
    apply(state, event)
    return event


REPLAY_OPS = {"replay.bookmark_add", "replay.bookmark_remove"}
OWN_PASSWORD = "account.change_own_password"  # everyone with an account may change their own password


def test_trainer_may_only_bookmark():
    assert {name for name, op in OPERATIONS.items() if Role.TRAINER in op.roles} == REPLAY_OPS | {OWN_PASSWORD}
    assert all(op.roles == {Role.TRAINER} for name, op in OPERATIONS.items() if name in REPLAY_OPS)


@pytest.mark.parametrize("op", sorted(set(OPERATIONS) - REPLAY_OPS - {OWN_PASSWORD}))
def test_every_live_command_of_a_trainer_is_forbidden_and_changes_nothing(state, op):
    before = copy.deepcopy(state)
    with pytest.raises(DomainError) as err:
        decide(state, TRAINER, op, {}, NOW, state.seq + 1)
    assert err.value.code == "E_FORBIDDEN"
    assert state == before


def test_other_roles_cannot_bookmark(state):
    with pytest.raises(DomainError, match="E_FORBIDDEN"):
        decide(state, Actor("d01", Role.DISPATCHER), "replay.bookmark_add", {"at": 1, "note": "x"}, NOW, 1)


def test_add_and_remove_fold_into_the_state_and_the_snapshot(state):
    report = step(state, Actor("d01", Role.DISPATCHER), "incident.report", category="200200", lng=120.605,
                  lat=31.305, narrative="纠纷")
    incident = report.data["incident"]
    added = step(state, TRAINER, "replay.bookmark_add", at=NOW - 60_000, note="  先期处置不当 ", incident=incident)
    assert added.type == ev.BOOKMARK_ADDED
    mark = state.bookmarks[added.data["bookmark"]]
    assert (mark.at, mark.note, mark.by, mark.created_at, mark.incident) == (NOW - 60_000, "先期处置不当", "t01", NOW,
                                                                             incident)
    assert State.from_snapshot(state.to_snapshot()).bookmarks == state.bookmarks
    field_view = View(Role.GRID_WORKER, "w1", frozenset({"W1"}))
    assert field_view.snapshot(state)["bookmarks"] == []  # field connections do not get them
    step(state, TRAINER, "replay.bookmark_remove", bookmark=mark.id)
    assert state.bookmarks == {}


@pytest.mark.parametrize(("args", "code"), [
    ({"at": NOW - 1, "note": "   "}, "E_FIELD"),
    ({"at": NOW + 1, "note": "未来"}, "E_FIELD"),
    ({"at": NOW - 1, "note": "x", "incident": "JQ404"}, "E_NOT_FOUND"),
])
def test_bad_bookmarks_are_refused_and_change_nothing(state, args, code):
    before = copy.deepcopy(state)
    with pytest.raises(DomainError) as err:
        decide(state, TRAINER, "replay.bookmark_add", args, NOW, 1)
    assert err.value.code == code and state == before


def test_schema_and_remove_of_an_unknown_bookmark(state):
    for bad in ({"at": -1, "note": "x"}, {"at": "1", "note": "x"}, {"note": "x"}, {"at": 1, "note": "x" * 501}):
        with pytest.raises(DomainError, match="E_FIELD"):
            validate_args("replay.bookmark_add", bad)
    with pytest.raises(DomainError, match="E_NOT_FOUND"):
        decide(state, TRAINER, "replay.bookmark_remove", {"bookmark": "BM404"}, NOW, 1)
