"""Simulated feedback fits the incident: a 消防隐患 is never closed with '已协助老人联系家属'."""

import random

import pytest

from console.domain.incidents import categories
from console.field.texts import FEEDBACK_TEXTS, feedback_family, incident_feedback

# what a fitting text for each family mentions (at least one of the words)
FITTING = {
    "crime": ("民警", "办案"), "violence": ("制止", "民警"), "dispute": ("调解", "协商", "谅解"),
    "order": ("劝离", "疏导"), "vice": ("核查", "核实"), "traffic": ("交通", "交警"), "fire": ("火", "消防"),
    "fire_hazard": ("消防", "隐患", "灭火器"), "rescue": ("险", "抢险"), "missing": ("走失",),
    "help": ("求助", "帮", "家属"), "medical": ("120", "卫生", "送医"), "utility": ("抢修", "维修", "故障"),
    "street": ("城管", "占道"), "environment": ("环保", "环境", "清理"), "welfare": ("救助",),
    "food": ("市场监管",), "safety": ("安全", "整改"), "referral": ("部门",), "assist": ("协助",),
    "crowd": ("聚集", "稳控"), "tip": ("核实", "线索"), "complaint": ("投诉",), "general": ("处理", "正常"),
}


def test_every_category_family_gets_fitting_text():
    rng = random.Random(7)
    for code in categories():
        family = feedback_family(code)
        assert family in FEEDBACK_TEXTS, code
        for _ in range(5):
            text = incident_feedback(rng, code)
            assert text in FEEDBACK_TEXTS[family]
            assert any(word in text for word in FITTING[family]), (code, family, text)


def test_every_family_has_texts_and_a_fitting_rule():
    assert set(FEEDBACK_TEXTS) == set(FITTING)
    assert all(FEEDBACK_TEXTS.values())


@pytest.mark.parametrize(("code", "family"), [
    ("400200", "fire_hazard"), ("200200", "dispute"), ("200100", "violence"), ("500200", "help"),
    ("600600", "street"), ("601300", "utility"), ("100100", "crime"), ("999999", "general"), ("", "general"),
])
def test_longest_prefix_picks_the_family(code, family):
    assert feedback_family(code) == family


def test_a_fire_hazard_is_not_closed_with_help_text():
    rng = random.Random(1)
    texts = {incident_feedback(rng, "400200") for _ in range(200)}
    assert "已协助老人联系家属，家属已到场" not in texts
    assert all("老人" not in t for t in texts)
