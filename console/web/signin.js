// Logging in from a page's #login form (#user, #password, #login-btn, #login-error) and showing the link
// state in #link, the same way on every page the relay serves.
"use strict";

const LOGIN_CLOSES = {4001: "登录已过期,请重新登录", 4002: "已在其他设备登录", 4003: "账户已停用",
  4004: "密码已被管理员重置,请用新密码重新登录"};

/**
 * A Relay for the account typed into #login. `allowed(authOk)` says whether this page serves that account;
 * if not, `refusal` is shown under the form and the connection closed. `handlers` are the page's Relay
 * handlers: their `authenticated` runs after #login is hidden, their `status` after #link is updated.
 */
function signIn(allowed, refusal, handlers) {
  $("login-error").textContent = "";
  $("login-btn").disabled = true;
  const relay = new Relay($("user").value.trim(), $("password").value, {
    ...handlers,
    authenticated(f) {
      if (!allowed(f)) {
        relay.closed = true;
        relay.ws.close();
        $("login-error").textContent = refusal;
        $("login-btn").disabled = false;
        return;
      }
      $("login").hidden = true;
      $("password").value = "";
      handlers.authenticated(f);
    },
    authFailed(f) {
      $("login-error").textContent = (f.zh ? said(f) : t("账号或密码错误"));
      $("login-btn").disabled = false;
    },
    status(up) {
      $("link").textContent = t(up ? "在线" : "离线");
      $("link").className = "link " + (up ? "on" : "off");
      if (handlers.status) handlers.status(up);
    },
  });
  return relay;
}

/** Why the relay ended a session for good (expired, taken over, disabled), in words. */
function closeReason(code, reason) {
  return t(LOGIN_CLOSES[code] || reason || "连接已结束");
}
