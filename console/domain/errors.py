"""Structured errors: a stable code plus a human reason in Chinese and English."""

from __future__ import annotations

# code -> (Chinese reason, English reason); ``{detail}`` is filled per occurrence.
CATALOG: dict[str, tuple[str, str]] = {
    "E_MALFORMED": ("消息格式错误：{detail}", "malformed message: {detail}"),
    "E_TOO_LARGE": ("消息过大：{detail}", "message too large: {detail}"),
    "E_VERSION": ("协议版本不支持：{detail}", "unsupported protocol version: {detail}"),
    "E_UNKNOWN_TYPE": ("未知的消息类型：{detail}", "unknown message type: {detail}"),
    "E_FIELD": ("字段无效：{detail}", "invalid field: {detail}"),
    "E_AUTH_REQUIRED": ("请先登录：{detail}", "authenticate first: {detail}"),
    "E_AUTH_FAILED": ("用户名或密码错误", "wrong user name or password"),
    "E_AUTH_THROTTLED": ("登录尝试过于频繁，请 {detail} 秒后再试", "too many login attempts, retry in {detail} s"),
    "E_AUTH_LOCKED": ("登录失败次数过多，账户已临时锁定，请 {detail} 秒后再试或联系管理员解锁",
                      "too many failed logins: locked, retry in {detail} s or ask an administrator"),
    "E_FORBIDDEN": ("无权执行该操作：{detail}", "not allowed: {detail}"),
    "E_NOT_FOUND": ("对象不存在：{detail}", "not found: {detail}"),
    "E_TRANSITION": ("当前状态不允许该操作：{detail}", "transition not allowed: {detail}"),
    "E_CONFLICT": ("操作冲突：{detail}", "conflict: {detail}"),
    "E_BUSY": ("人员忙：{detail}", "worker busy: {detail}"),
    "E_RECENTLY_VERIFIED": ("近期已核查：{detail}", "verified recently: {detail}"),
    "E_UNREACHABLE": ("无法接通：{detail}", "unreachable: {detail}"),
    "E_GLARE": ("对方正在呼叫您，请直接接听：{detail}", "the other side is calling you, accept that call: {detail}"),
    "E_NOT_PARTY": ("不是该通话的参与方：{detail}", "not a party of this call: {detail}"),
    "E_CALL_OVER": ("通话已结束：{detail}", "call is over: {detail}"),
    "E_STORE": ("数据库写入失败，请重试：{detail}", "database write failed, retry: {detail}"),
    "E_PARTITION": ("没有这个辖区分区：{detail}", "no such partition: {detail}"),
    "E_UNAVAILABLE": ("服务暂不可用：{detail}", "not available: {detail}"),
    "E_OVERLOADED": ("服务繁忙，请稍后重试：{detail}", "relay overloaded, retry later: {detail}"),
    "E_INTERNAL": ("内部错误，该命令未执行，请报告管理员：{detail}", "internal error, command not executed: {detail}"),
    "E_RATE": ("发送过于频繁，请稍后重试：{detail}", "too many requests, retry later: {detail}"),
    "E_ON_PHONE": ("该网格员正在使用本人手机终端，网关不能代其操作：{detail}",
                   "the worker is on their own phone; the gateway may not act for them: {detail}"),
    "E_READ_ONLY": ("回放只读，不能执行：{detail}", "replay is read-only: {detail}"),
    "E_WEAK_PASSWORD": ("密码不符合要求：{detail}", "password rejected by the policy: {detail}"),
    "E_OFFSET": ("上传位置不符，请从中继已有的位置续传：{detail}",
                 "upload offset mismatch, resume where the relay is: {detail}"),
    "E_CHECKSUM": ("文件校验失败：{detail}", "checksum mismatch: {detail}"),
    "E_PASSWORD_CHANGE_REQUIRED": ("请先修改初始密码：{detail}", "change the initial password first: {detail}"),
}


class DomainError(Exception):
    """A refusal with a stable ``code`` and reasons in Chinese (``zh``) and English (``en``)."""

    def __init__(self, code: str, detail: str = "", **extra: object) -> None:
        zh, en = CATALOG[code]
        self.code = code
        self.detail = detail
        self.zh = zh.format(detail=detail).rstrip("：")
        self.en = en.format(detail=detail).rstrip(": ")
        self.extra = extra
        super().__init__(f"{code}: {self.en}")

    def to_dict(self) -> dict[str, object]:
        """The wire form: code, zh, en and any extra context (such as fresh state)."""
        return {"code": self.code, "zh": self.zh, "en": self.en, **self.extra}
