// Logging in from a page's #login form (#user, #password, #login-btn, #login-error) and showing the link
// state in #link, the same way on every page the relay serves. The sign-in card and the card shown when the
// relay ends a session for good (#ended) are built here, from the page's empty <section id="login"
// data-title data-hint> and <section id="ended">, so every page signs in with the same markup.
"use strict";

const LOGIN_CLOSES = {4001: "登录已过期,请重新登录", 4002: "已在其他设备登录", 4003: "账户已停用",
  4004: "密码已被管理员重置,请用新密码重新登录"};

const ENDED_HINT = "本设备已断开。如需在本设备继续使用,请重新登录。";

/** Fill #login (title and hint from its data-title / data-hint) and #ended (reason, hint, 重新登录). */
function buildSignIn() {
  const login = $("login");
  const field = (label, props) => el("label", {}, label, el("input", {required: true, ...props}));
  login.append(el("h1", {textContent: login.dataset.title}));
  if (login.dataset.hint) login.append(el("p", {className: "hint", textContent: login.dataset.hint}));
  const error = el("p", {id: "login-error", className: "error"});
  error.setAttribute("role", "alert");
  login.append(el("form", {id: "login-form", autocomplete: "on"},
    field("账号", {id: "user", name: "user", autocomplete: "username", autocapitalize: "none"}),
    field("密码", {id: "password", name: "password", type: "password", autocomplete: "current-password"}),
    el("button", {id: "login-btn", className: "primary", type: "submit", textContent: "登录"}), error));
  const relogin = el("button", {id: "relogin-btn", className: "primary", type: "button", textContent: "重新登录"});
  relogin.addEventListener("click", () => location.reload());
  $("ended").append(el("h1", {id: "ended-text", textContent: "连接已结束"}),
    el("p", {className: "hint", textContent: ENDED_HINT}), relogin);
}

/**
 * A Relay for the account typed into #login. `allowed(authOk)` says whether this page serves that account;
 * if not, `refusal` is shown under the form and the connection closed. `handlers` are the page's Relay
 * handlers: their `authenticated` runs after #login is hidden, their `status` after #link is updated, their
 * `ended` (hide the work) after #ended shows why the relay ended the session (it does not reconnect then).
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
      $("ended").hidden = true;
      $("password").value = "";
      handlers.authenticated(f);
    },
    authFailed(f) {
      $("login-error").textContent = (f.zh ? said(f) : t("账号或密码错误"));
      $("login-btn").disabled = false;
    },
    ended(code, reason) {
      $("ended-text").textContent = closeReason(code, reason);
      $("ended").hidden = false;
      handlers.ended();
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

buildSignIn();
