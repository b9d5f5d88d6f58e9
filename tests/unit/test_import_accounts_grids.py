"""Pieces of the account and grid imports: the 范围 cell, generated passwords, one wire form per outline."""

from __future__ import annotations

import pytest

from console.data_import.accounts import parse_scope
from console.data_import.columns import CellError
from console.domain.grid_upsert import ring_of
from console.domain.password_policy import PasswordPolicy
from console.services.account_import import generate_password


@pytest.mark.parametrize("text, scope", [
    ("", {}),
    ("全辖区", {}),
    ("派出所:320508540000", {"station": "320508540000"}),
    ("警格：A1,B2；网格 = 320508019001001、320508019001002", {"police_grids": ["A1", "B2"],
                                                             "grids": ["320508019001001", "320508019001002"]}),
    ("部门:600600", {"department": "600600"}),
    ("派出所:320508540000,320508550000", {"station": ["320508540000", "320508550000"]}),  # a 分局 desk
    ("绑定人员:W0001 W0002", {"workers": ["W0001", "W0002"]}),
    ("--station 320508540000 --police-grid A1 --grid G1 --grid G2 --bind W1",
     {"station": "320508540000", "police_grids": ["A1"], "grids": ["G1", "G2"], "workers": ["W1"]}),
])
def test_scope_cell_as_people_write_it_and_as_the_admin_cli_takes_it(text, scope):
    assert parse_scope(text) == scope


@pytest.mark.parametrize("text, why", [
    ("片区:1", "未知的范围类型「片区」"),
    ("派出所 320508540000", "应写成 类型:代码"),
    ("部门:1；部门:2", "只能有一个"),
    ("--station", "后缺少代码"),
])
def test_scope_cell_refused_with_the_reason(text, why):
    with pytest.raises(CellError, match=why):
        parse_scope(text)


def test_generated_passwords_meet_a_strict_policy_and_differ():
    policy = PasswordPolicy(min_length=20, min_classes=4)
    passwords = {generate_password(policy, "zhang.wei") for _ in range(50)}
    assert len(passwords) == 50 and all(policy.problem(p, "zhang.wei") == "" for p in passwords)
    assert all(p[0].isalpha() for p in passwords), "Excel would read =… or +… as a formula"


def test_an_outline_has_one_wire_form_whatever_its_start_direction_or_closing_point():
    square = [(120.1, 31.1), (120.2, 31.1), (120.2, 31.2), (120.1, 31.2)]
    forms = {str(ring_of(r)) for r in (square, square[::-1], square[2:] + square[:2], [*square, square[0]])}
    assert len(forms) == 1 and ring_of([(120.123456789, 31.0)] * 3)[0] == [120.1234568, 31.0]
