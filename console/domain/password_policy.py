"""The password policy (等保 2.0): a minimum length and a number of character classes.

One rule for every place a password is set: the admin CLI, the relay's account ops, ``jingwang db
password`` and the accounts a station loads. The defaults (8 characters, 3 of 4 classes) come from
settings (``JINGWANG_PASSWORD_MIN_LENGTH``, ``JINGWANG_PASSWORD_MIN_CLASSES``, see console.config).
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.errors import DomainError

MAX_LENGTH = 128
CLASSES = (
    ("小写字母", lambda c: c.isascii() and c.islower()),
    ("大写字母", lambda c: c.isascii() and c.isupper()),
    ("数字", lambda c: c.isascii() and c.isdigit()),
    ("符号", lambda c: not (c.isascii() and c.isalnum())),
)


def classes_of(password: str) -> set[str]:
    """The character classes (小写字母, 大写字母, 数字, 符号) ``password`` uses; a CJK character is a 符号."""
    return {name for name, test in CLASSES if any(test(c) for c in password)}


@dataclass(frozen=True, slots=True)
class PasswordPolicy:
    """At least ``min_length`` characters and ``min_classes`` of the four character classes."""

    min_length: int = 8
    min_classes: int = 3

    def __post_init__(self) -> None:
        if not 1 <= self.min_length <= MAX_LENGTH or not 1 <= self.min_classes <= len(CLASSES):
            raise ValueError(f"password policy out of range: length {self.min_length}, classes {self.min_classes}")

    @property
    def rule(self) -> str:
        """The rule in Chinese, for prompts and refusals."""
        return f"至少 {self.min_length} 位，且包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类"

    def problem(self, password: str, account: str = "") -> str:
        """Why ``password`` is refused, in Chinese naming the rule; "" when it is acceptable."""
        if len(password) < self.min_length:
            return f"密码长度不足 {self.min_length} 位（规则：{self.rule}）"
        if len(password) > MAX_LENGTH:
            return f"密码不能超过 {MAX_LENGTH} 位"
        if password != password.strip() or any(not c.isprintable() for c in password):
            return "密码不能以空格开头或结尾，也不能含控制字符"
        used = classes_of(password)
        if len(used) < self.min_classes:
            return (f"密码只包含 {len(used)} 类字符（{'、'.join(sorted(used)) or '无'}），"
                    f"至少需要 {self.min_classes} 类（规则：{self.rule}）")
        if account and account.lower() in password.lower():
            return "密码不能包含用户名"
        return ""

    def check(self, password: str, account: str = "") -> None:
        """Raise E_WEAK_PASSWORD with the reason when ``password`` breaks the policy."""
        why = self.problem(password, account)
        if why:
            raise DomainError("E_WEAK_PASSWORD", why)
