// 紧急求助: a long press (1.5 s, with a filling bar) sends worker.sos; the relay attaches the last fix,
// so a fresh one goes first. The desk has no separate "acknowledge" step: its 解除求助
// (worker.sos_cleared) is what tells the worker the desk has dealt with it.
"use strict";

const SOS_HOLD_MS = 1500;

class SosButton {
  constructor(button, bar, status, send) {
    this.button = button;
    this.bar = bar;
    this.status = status;
    this.send = send;   // () => Promise of the worker.sos command
    this.start = 0;
    this.frame = 0;
    this.raised = false;
    const down = (e) => { e.preventDefault(); this.press(); };
    const up = () => this.release();
    button.addEventListener("pointerdown", down);
    button.addEventListener("pointerup", up);
    button.addEventListener("pointerleave", up);
    button.addEventListener("pointercancel", up);
    button.addEventListener("contextmenu", (e) => e.preventDefault());
  }

  press() {
    if (this.raised || this.start) return;
    this.start = performance.now();
    this.button.classList.add("holding");
    const step = (now) => {
      const done = Math.min(1, (now - this.start) / SOS_HOLD_MS);
      this.bar.style.width = `${Math.round(done * 100)}%`;
      this.status.textContent = done < 1 ? `继续按住 ${((SOS_HOLD_MS - (now - this.start)) / 1000).toFixed(1)} 秒` : "";
      if (done >= 1) this.fire();
      else this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  release() {
    if (!this.start) return;
    cancelAnimationFrame(this.frame);
    this.start = 0;
    this.button.classList.remove("holding");
    if (!this.raised) {
      this.bar.style.width = "0%";
      this.status.textContent = "长按 1.5 秒发出求助";
    }
  }

  fire() {
    this.start = 0;
    this.button.classList.remove("holding");
    this.show("sent");
    this.send().catch((err) => {
      if (err.code !== "E_CONFLICT") {
        this.show("idle");
        this.status.textContent = t("求助发送失败:") + said(err);
      }
    });
  }

  /** idle | sent (not yet committed) | raised (the desk sees it) | cleared (the desk dealt with it) */
  show(phase) {
    this.raised = phase === "sent" || phase === "raised";
    this.button.dataset.phase = phase;
    this.button.disabled = this.raised;
    this.bar.style.width = this.raised ? "100%" : "0%";
    this.status.textContent = {
      idle: "长按 1.5 秒发出求助", sent: "求助发送中…", raised: "求助已送达指挥中心,等待处置",
      cleared: "指挥中心已确认并解除求助",
    }[phase];
  }
}
