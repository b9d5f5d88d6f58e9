"""The incident state machine: the main line is allowed, everything else is refused with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.domain.errors import DomainError
from console.domain.incidents import TRANSITIONS, Status, next_status

MAIN_LINE = ["accept", "dispatch", "sign", "arrive", "feedback", "close"]


def test_main_line_walks_every_status_in_order():
    status = Status.NEW
    seen = [status]
    for action in MAIN_LINE:
        status = next_status(status, action)
        seen.append(status)
    assert seen == [Status.NEW, Status.ACCEPTED, Status.DISPATCHED, Status.SIGNED, Status.ON_SCENE,
                    Status.FEEDBACK, Status.CLOSED]
    assert [s.label for s in seen] == ["新建", "受理", "已派遣", "已签收", "处置中", "已反馈", "已办结"]


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", MAIN_LINE)
def test_each_action_is_allowed_only_from_its_source_status(status, action):
    allowed_from, target = TRANSITIONS[action]
    if status in allowed_from:
        assert next_status(status, action) is target
    else:
        with pytest.raises(DomainError) as info:
            next_status(status, action)
        assert info.value.code == "E_TRANSITION"
        assert status.label in info.value.zh and info.value.extra["status"] == status.value


@given(st.lists(st.sampled_from(MAIN_LINE), max_size=30))
def test_no_sequence_of_actions_reaches_an_illegal_state(actions):
    status = Status.NEW
    accepted = 0
    for action in actions:
        try:
            status = next_status(status, action)
        except DomainError:
            continue
        accepted += 1
        assert MAIN_LINE.index(action) == accepted - 1, "only the next step of the main line is ever accepted"
    assert status is list(Status)[accepted]


def test_closed_is_final():
    for action in MAIN_LINE:
        with pytest.raises(DomainError):
            next_status(Status.CLOSED, action)
