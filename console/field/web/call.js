// Calls on the web field client (docs/CALLS.md): ring, accept with the phone's camera and microphone,
// answer the console's offer with the browser's own WebRTC, hang up; or call the command centre (desk)
// and offer the phone's camera and microphone to the console that answers. Uses $, toast, relay and model of app.js.
"use strict";

const ICE_GATHER_TIMEOUT_MS = 5000;
const OFFER_TIMEOUT_MS = 15000;      // accepted but the caller's offer never came, even after asking again
const DESK = "desk";                 // the command centre as a callee: whichever console answers first

const newCallId = () => "C" + Array.from(crypto.getRandomValues(new Uint8Array(6)),
  (b) => b.toString(16).padStart(2, "0")).join("");

/** The one call this phone can be in: ring, accept with camera/mic, answer the console's offer, hang up;
 * or dial the desk (`outgoing`), offer, and take the answering console's answer. */
const calls = {
  id: null, media: "video", from: null, offer: null, accepted: false, outgoing: false, pc: null, stream: null,
  timer: 0, since: 0,

  event(e) {
    const d = e.data;
    if (e.type === "call.ringing" && !this.id && this.names(d)) {
      Object.assign(this, {id: d.call, media: d.media || "video", from: d.caller_party || e.actor, accepted: false});
      this.show("ringing");
    } else if (d.call !== this.id) {
      return;
    } else if (["ended", "failed"].includes(d.status) || d.party === model.me && e.type !== "call.accepted") {
      this.finish(this.endText(e));
    } else if (e.type === "call.accepted" && this.outgoing) {
      this.show("connecting");   // a console took our call: its answer is on its way
    }
  },

  endText(e) {
    if (e.type === "call.failed") return "通话失败";
    if (this.outgoing && e.type === "call.declined") return "指挥中心未接听";
    return e.data.reason === "no_answer" ? "无人接听,通话已结束" : "通话已结束";
  },

  /** After a (re)connect: ring for a call still ringing us, drop one that ended while we were away. */
  resync(list) {
    const mine = list.find((c) => c.id === this.id);
    if (this.id && (!mine || !["ringing", "active"].includes(mine.status))) this.finish("通话已结束");
    for (const c of list) {   // our own call to the desk from before a reload: its media is gone with the page
      if (c.caller_party === model.me && c.id !== this.id && ["ringing", "active"].includes(c.status)) {
        relay.command("call.hangup", {call: c.id}).catch(() => {});
      }
    }
    const ringing = list.find((c) => c.status === "ringing" && (c.parties || {})[model.me] === "ringing");
    if (ringing && !this.id) {
      this.event({type: "call.ringing", actor: ringing.caller,
        data: {call: ringing.id, media: ringing.media, caller_party: ringing.caller_party, to: [model.me]}});
    }
  },

  names(d) {
    const parties = [...(d.to || []), ...(d.workers || []), ...Object.keys(d.parties || {}), d.worker];
    return parties.includes(model.me);
  },

  /** Ask the caller for its offer again: it went out while this page was away (or before a reload). */
  askOffer() {
    if (this.id && !this.outgoing && !this.offer && relay.live) {
      relay.signal(this.id, this.from, "need_offer", {}).catch(() => {});
    }
  },

  signal(f) {
    if (f.call !== this.id) return;
    if (f.kind === "answer" && this.outgoing && this.pc && this.pc.signalingState === "have-local-offer") {
      this.pc.setRemoteDescription({type: "answer", sdp: f.sdp}).catch((err) => this.fail(err));
    } else if (f.kind === "offer" && !this.outgoing) {
      this.offer = f.sdp;
      this.from = f.from;
      if (this.accepted) this.answer().catch((err) => this.fail(err));
    } else if (f.kind === "ice" && this.pc && f.candidate) {
      this.pc.addIceCandidate(f.candidate).catch(() => {});
    }
  },

  /** Open the camera (video calls) and microphone; resolves false when the call was hung up meanwhile. */
  async openMedia(id) {
    const video = this.media === "video" ? {facingMode: "environment", width: {ideal: 640}, height: {ideal: 360}} : false;
    const stream = await navigator.mediaDevices.getUserMedia({audio: true, video});
    if (this.id !== id) {   // hung up while the camera was opening
      for (const t of stream.getTracks()) t.stop();
      return false;
    }
    this.stream = stream;
    return true;
  },

  async accept() {
    const id = this.id;
    this.show("connecting");
    try {
      if (!await this.openMedia(id)) return;
      this.show("connecting");
      await relay.command("call.accept", {call: id});
      this.accepted = true;   // from here an offer is answered as soon as it is here
      if (this.offer) {
        await this.answer();
        return;
      }
      this.askOffer();
      setTimeout(() => { if (this.id === id && !this.pc) this.fail({zh: "未收到对方的媒体协商"}); }, OFFER_TIMEOUT_MS);
    } catch (err) {
      if (this.id === id) this.fail(err);
    }
  },

  /** 呼叫指挥中心: dial the desk, then offer the phone's camera (video) and microphone to it. */
  async dial(media) {
    if (this.id) return;
    const id = newCallId();
    Object.assign(this, {id, media, from: DESK, outgoing: true, offer: null, accepted: false});
    this.show("calling");
    try {
      if (!await this.openMedia(id)) return;
      this.show("calling");
      const pc = this.peer();
      for (const track of this.stream.getTracks()) pc.addTrack(track, this.stream);
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);   // aiortc does not trickle: every candidate goes inside the offer
      try {
        await relay.command("call.dial", {call: id, to: [DESK], media});
      } catch (err) {   // nobody on duty at the desk, or we are in another call: no call was made
        if (this.id === id) this.finish(t("呼叫失败:") + said(err));
        return;
      }
      if (this.id === id) await relay.signal(id, DESK, "offer", {sdp: pc.localDescription.sdp});
    } catch (err) {
      if (this.id === id) this.fail(err);
    }
  },

  peer() {
    const pc = new RTCPeerConnection({iceServers: []});
    this.pc = pc;
    pc.ontrack = (ev) => {
      if (ev.track.kind === "audio") $("remote-audio").srcObject = ev.streams[0] || new MediaStream([ev.track]);
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "connected") this.show("active");
      if (pc.connectionState === "failed") this.fail({zh: "媒体连接失败"});
    };
    return pc;
  },

  async answer() {
    if (this.pc) return;
    const pc = this.peer();
    await pc.setRemoteDescription({type: "offer", sdp: this.offer});
    for (const track of this.stream.getTracks()) pc.addTrack(track, this.stream);
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);   // aiortc does not trickle: send every candidate inside the answer
    await relay.signal(this.id, this.from, "answer", {sdp: pc.localDescription.sdp});
  },

  async decline() {
    const id = this.id;
    this.finish("已拒绝");
    await relay.command("call.decline", {call: id}).catch(() => {});
  },

  async hangup() {
    const id = this.id;
    this.finish("已挂断");
    await relay.command("call.hangup", {call: id}).catch(() => {});
  },

  fail(err) {
    const id = this.id;
    if (!id) return;   // already over (hung up meanwhile)
    this.finish(t("通话失败:") + said(err));
    if (id) relay.command("call.fail", {call: id, reason: String(err.code || err.name || "media")}).catch(() => {});
  },

  finish(text) {
    if (this.pc) this.pc.close();
    if (this.stream) for (const t of this.stream.getTracks()) t.stop();
    clearInterval(this.timer);
    Object.assign(this, {id: null, offer: null, accepted: false, outgoing: false, pc: null, stream: null, timer: 0});
    $("local-video").srcObject = null;
    $("remote-audio").srcObject = null;
    $("call").hidden = true;
    if (text) toast(text);
  },

  show(phase) {
    if ($("call").hidden) $("toast").hidden = true;   // the call screen takes over
    $("call").hidden = false;
    $("call").dataset.phase = phase;
    const kind = this.media === "video" ? "视频" : "语音";
    const peer = this.outgoing ? "指挥中心" : "调度台";
    $("call-title").textContent = phase === "ringing" ? `调度台${kind}来电`
      : phase === "calling" ? `${kind}呼叫指挥中心` : `与${peer}${kind}通话`;
    $("accept-btn").hidden = $("decline-btn").hidden = phase !== "ringing";
    $("hangup-btn").hidden = phase === "ringing";
    const local = $("local-video");
    local.hidden = !(this.stream && this.media === "video");
    $("ring").hidden = !local.hidden;
    if (!local.hidden && local.srcObject !== this.stream) local.srcObject = this.stream;
    if (phase === "active" && !this.timer) {
      this.since = Date.now();
      this.timer = setInterval(() => this.tick(), 1000);
    }
    $("call-state").textContent = {ringing: `指挥中心(${this.from})呼叫您`, calling: "正在呼叫,等待接听…",
      connecting: "正在连接…", active: "通话中 00:00"}[phase];
  },

  tick() {
    const s = Math.floor((Date.now() - this.since) / 1000);
    $("call-state").textContent = `通话中 ${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  },
};

function gathered(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== "complete") return;
      pc.removeEventListener("icegatheringstatechange", done);
      resolve();
    };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, ICE_GATHER_TIMEOUT_MS);   // send what we have rather than never
  });
}
