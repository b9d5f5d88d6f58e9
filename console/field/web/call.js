// Calls on the web field client (docs/CALLS.md): ring, accept with the phone's camera and microphone,
// answer the console's offer with the browser's own WebRTC, hang up. Uses $, toast, relay and model of app.js.
"use strict";

const ICE_GATHER_TIMEOUT_MS = 5000;
const OFFER_TIMEOUT_MS = 15000;      // accepted but the caller's offer never came (it was sent while we were away)

/** The one call this phone can be in: ring, accept with camera/mic, answer the console's offer, hang up. */
const calls = {
  id: null, media: "video", from: null, offer: null, accepted: false, pc: null, stream: null, timer: 0, since: 0,

  event(e) {
    const d = e.data;
    if (e.type === "call.ringing" && !this.id && this.names(d)) {
      Object.assign(this, {id: d.call, media: d.media || "video", from: d.caller_party || e.actor, accepted: false});
      this.show("ringing");
    } else if (d.call !== this.id) {
      return;
    } else if (e.type === "call.ended" || e.type === "call.failed" || d.party === model.me && e.type !== "call.accepted") {
      this.finish(e.type === "call.failed" ? "通话失败" : "通话已结束");
    }
  },

  /** After a (re)connect: ring for a call still ringing us, drop one that ended while we were away. */
  resync(list) {
    const mine = list.find((c) => c.id === this.id);
    if (this.id && (!mine || !["ringing", "active"].includes(mine.status))) this.finish("通话已结束");
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

  signal(f) {
    if (f.call !== this.id) return;
    if (f.kind === "offer") {
      this.offer = f.sdp;
      this.from = f.from;
      if (this.accepted) this.answer().catch((err) => this.fail(err));
    } else if (f.kind === "ice" && this.pc && f.candidate) {
      this.pc.addIceCandidate(f.candidate).catch(() => {});
    }
  },

  async accept() {
    const id = this.id;
    this.show("connecting");
    try {
      const video = this.media === "video" ? {facingMode: "environment", width: {ideal: 640}, height: {ideal: 360}} : false;
      const stream = await navigator.mediaDevices.getUserMedia({audio: true, video});
      if (this.id !== id) {   // hung up while the camera was opening
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      this.stream = stream;
      this.show("connecting");
      await relay.command("call.accept", {call: id});
      this.accepted = true;   // from here an offer is answered as soon as it is here
      if (this.offer) await this.answer();
      else setTimeout(() => { if (this.id === id && !this.pc) this.fail({zh: "未收到对方的媒体协商"}); }, OFFER_TIMEOUT_MS);
    } catch (err) {
      if (this.id === id) this.fail(err);
    }
  },

  async answer() {
    if (this.pc) return;
    const pc = new RTCPeerConnection({iceServers: []});
    this.pc = pc;
    pc.ontrack = (ev) => {
      if (ev.track.kind === "audio") $("remote-audio").srcObject = ev.streams[0] || new MediaStream([ev.track]);
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "connected") this.show("active");
      if (pc.connectionState === "failed") this.fail({zh: "媒体连接失败"});
    };
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
    this.finish("通话失败:" + (err.zh || err.message || err.code || err));
    if (id) relay.command("call.fail", {call: id, reason: String(err.code || err.name || "media")}).catch(() => {});
  },

  finish(text) {
    if (this.pc) this.pc.close();
    if (this.stream) for (const t of this.stream.getTracks()) t.stop();
    clearInterval(this.timer);
    Object.assign(this, {id: null, offer: null, accepted: false, pc: null, stream: null, timer: 0});
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
    $("call-title").textContent = phase === "ringing" ? `调度台${kind}来电` : `与调度台${kind}通话`;
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
    $("call-state").textContent = {ringing: `指挥中心(${this.from})呼叫您`, connecting: "正在连接…",
      active: "通话中 00:00"}[phase];
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
