"""Reply: a command's answer slot whose callbacks run when it is set, not on a later loop turn."""

from __future__ import annotations

import logging

import pytest

from console.domain.errors import DomainError
from console.relay.reply import Reply


def test_callbacks_run_when_set_and_at_once_when_added_after():
    reply, seen = Reply(), []
    reply.add_done_callback(lambda r: seen.append(("early", r.result())))
    assert not reply.done() and seen == []
    reply.set_result((7, False))
    assert reply.done() and seen == [("early", (7, False))]  # no loop turn needed
    reply.add_done_callback(lambda r: seen.append(("late", r.exception())))
    assert seen[-1] == ("late", None) and not reply.cancelled()


def test_a_refusal_is_the_exception_and_a_failing_callback_does_not_stop_the_others(caplog):
    reply, seen = Reply(), []
    reply.add_done_callback(lambda r: 1 / 0)
    reply.add_done_callback(lambda r: seen.append(r.exception().code))
    with caplog.at_level(logging.ERROR):
        reply.set_exception(DomainError("E_OVERLOADED"))
    assert seen == ["E_OVERLOADED"] and "reply callback failed" in caplog.text
    with pytest.raises(DomainError):
        reply.result()
