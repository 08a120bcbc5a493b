#!/usr/bin/env python3
"""SIP caller + PBX for bench/media.sh: sets up N calls through the SBC, writes rtpload's map.

  sipcalls.py --sbc 127.0.0.50:5060 --uac 127.0.0.52:5060 --pbx 127.0.0.51:5080 \
              --calls N --socks K --base-port P --out MAP [--hold S] [--srtp]

Call i (k = i*K//N, as ng_setup.py and rtpload): the caller (UAC socket) sends an INVITE to the
SBC's outside address with SDP c=127.0.0.2 m=audio P+k; the PBX (UAS socket, the SBC's
inside.pbx) answers the INVITE it receives with 200 and SDP c=127.0.0.3 m=audio P+k; the caller
ACKs. The map line "i RELAY_IP PORT_FOR_CALLER PORT_FOR_CALLEE" takes PORT_FOR_CALLER from the
SDP of the 200 the caller got, PORT_FOR_CALLEE from the SDP of the INVITE the PBX got.
With --srtp the caller offers RTP/SAVP with "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<30
random bytes, base64>" (SDES, RFC 4568); under the SBC's default policy (outside srtp optional,
inside off) the PBX must be offered plain RTP/AVP without a=crypto and the caller answered
RTP/SAVP with the SBC's own a=crypto under tag 1, same suite: both are checked, and the map
line gets the two keys of the outside leg, as srtpload reads them:
"i RELAY_IP PORT_FOR_CALLER PORT_FOR_CALLEE CALLER_KEY SBC_KEY" (the caller protects with the
first, the SBC protects what it sends the caller with the second).
Once the map is written the calls are held until SIGUSR1 (or --hold seconds), then each is
ended with BYE from the caller; requests the SBC sends meanwhile are answered 200.
Loopback only, stdlib only; every wait is bounded.
"""
import argparse
import base64
import os
import re
import select
import signal
import socket
import sys
import time

CRLF = "\r\n"


def addr(s):
    host, port = s.rsplit(":", 1)
    if not host.startswith("127."):
        sys.exit("loopback addresses only: " + s)
    return host, int(port)


def sdp(ip, port, sess, key=None):
    """Plain RTP/AVP, or RTP/SAVP with one SDES a=crypto when key (an inline key) is given."""
    return ("v=0\r\no=- %d 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n"
            "m=audio %d %s 0\r\na=rtpmap:0 PCMU/8000\r\n%sa=ptime:20\r\na=sendrecv\r\n"
            % (sess, ip, ip, port, "RTP/SAVP" if key else "RTP/AVP",
               "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:%s\r\n" % key if key else ""))


def new_key():
    """An SDES inline key: base64 of a 16-byte master key and a 14-byte master salt."""
    return base64.b64encode(os.urandom(30)).decode()


def proto(body):
    m = re.search(r"^m=audio \d+ (\S+) ", body, re.M)
    return m.group(1) if m else None


def crypto_key(body):
    """The inline key of the answer's one a=crypto with our tag (1) and suite, or None."""
    cs = re.findall(r"^a=crypto:(\d+) (\S+) inline:([A-Za-z0-9+/=]+)(\S*)", body, re.M)
    good = [c for c in cs if c[0] == "1" and c[1] == "AES_CM_128_HMAC_SHA1_80" and ":" not in c[3]]
    if len(cs) != 1 or len(good) != 1:
        return None
    try:
        return good[0][2] if len(base64.b64decode(good[0][2])) == 30 else None
    except ValueError:
        return None


def parse(data):
    text = data.decode("utf-8", "replace")
    head, _, body = text.partition("\r\n\r\n")
    lines = head.split("\r\n")
    start = lines[0]
    hdrs = []
    for ln in lines[1:]:
        if ":" in ln:
            k, _, v = ln.partition(":")
            hdrs.append((k.strip().lower(), v.strip()))
    return start, hdrs, body


def hget(hdrs, name, short=None):
    for k, v in hdrs:
        if k == name or (short and k == short):
            return v
    return None


def hall(hdrs, name, short=None):
    return [v for k, v in hdrs if k == name or (short and k == short)]


def media(body):
    m = re.search(r"^m=audio (\d+) ", body, re.M)
    c = re.findall(r"^c=IN IP4 (\S+)", body, re.M)
    if not m or not c:
        return None, None
    return c[-1], int(m.group(1))


def uri_of(v):
    m = re.search(r"<([^>]+)>", v)
    return m.group(1) if m else v.split(";")[0].strip()


def tag_of(v):
    m = re.search(r";\s*tag=([^;>\s]+)", v)
    return m.group(1) if m else None


def response(hdrs, code, reason, to_tag, contact=None, body=""):
    out = ["SIP/2.0 %d %s" % (code, reason)]
    for v in hall(hdrs, "via", "v"):
        out.append("Via: " + v)
    out.append("From: " + hget(hdrs, "from", "f"))
    to = hget(hdrs, "to", "t")
    if to_tag and not tag_of(to):
        to += ";tag=" + to_tag
    out.append("To: " + to)
    out.append("Call-ID: " + hget(hdrs, "call-id", "i"))
    out.append("CSeq: " + hget(hdrs, "cseq"))
    if contact:
        out.append("Contact: <%s>" % contact)
    if body:
        out.append("Content-Type: application/sdp")
    out.append("Content-Length: %d" % len(body.encode()))
    return (CRLF.join(out) + CRLF + CRLF + body).encode()


class Calls:
    def __init__(self, a):
        self.a = a
        self.sbc = addr(a.sbc)
        self.uac_addr = addr(a.uac)
        self.pbx_addr = addr(a.pbx)
        self.uac = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.uac.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.uac.bind(self.uac_addr)
        self.pbx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.pbx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.pbx.bind(self.pbx_addr)
        self.n = a.calls
        K = min(a.socks, a.calls)
        self.k = [i * K // self.n for i in range(self.n)]
        run = "%d%d" % (os.getpid(), int(time.time()))  # Call-IDs and tags unique per run
        self.cid = ["%s-%s-%d-%d@%s" % (a.tag, run, self.n, i, self.uac_addr[0]) for i in range(self.n)]
        self.ftag = ["f%s-%d" % (run, i) for i in range(self.n)]
        self.by_cid = {c: i for i, c in enumerate(self.cid)}
        self.invite = [None] * self.n        # bytes, for retransmission
        self.sent_at = [0.0] * self.n
        self.tries = [0] * self.n
        self.state = ["new"] * self.n        # new, calling, up, bye, done
        self.to_tag = [None] * self.n        # remote tag seen by the caller
        self.remote_uri = [None] * self.n    # the SBC's Contact in the 200
        self.routes = [[] for _ in range(self.n)]
        self.port_caller = [None] * self.n   # from the 200 the caller got
        self.port_callee = [None] * self.n   # from the INVITE the PBX got
        self.relay_ip = [None, None]
        self.key_caller = [new_key() if a.srtp else None for _ in range(self.n)]   # the caller's (offered)
        self.key_sbc = [None] * self.n        # the SBC's towards the caller (answered)
        self.pbx_ok = {}                     # PBX-side Call-ID -> 200 bytes (for retransmitted INVITEs)
        self.branch = 0
        self.errors = 0

    def next_branch(self):
        self.branch += 1
        return "z9hG4bK-mb-%d-%d" % (os.getpid(), self.branch)

    def request(self, i, method, cseq, ruri, body=""):
        ua = "%s:%d" % self.uac_addr
        out = ["%s %s SIP/2.0" % (method, ruri),
               "Via: SIP/2.0/UDP %s;branch=%s;rport" % (ua, self.next_branch()),
               "Max-Forwards: 70",
               "From: <sip:caller@%s>;tag=%s" % (self.uac_addr[0], self.ftag[i]),
               "To: <sip:c%d@%s>%s" % (i, self.sbc[0], (";tag=" + self.to_tag[i]) if self.to_tag[i] else ""),
               "Call-ID: " + self.cid[i],
               "CSeq: %d %s" % (cseq, method)]
        for r in self.routes[i]:
            out.append("Route: " + r)
        if method == "INVITE":
            out.append("Contact: <sip:caller@%s>" % ua)
        if body:
            out.append("Content-Type: application/sdp")
        out.append("Content-Length: %d" % len(body.encode()))
        return (CRLF.join(out) + CRLF + CRLF + body).encode()

    def send_invite(self, i):
        if self.invite[i] is None:
            ruri = "sip:c%d@%s:%d" % (i, self.sbc[0], self.sbc[1])
            self.invite[i] = self.request(i, "INVITE", 1, ruri,
                                          sdp(self.a.caller_ip, self.a.base_port + self.k[i], 1000 + i,
                                              self.key_caller[i]))
        self.uac.sendto(self.invite[i], self.sbc)
        self.sent_at[i] = time.monotonic()
        self.tries[i] += 1
        self.state[i] = "calling"

    def on_uac(self, data):
        start, hdrs, body = parse(data)
        cid = hget(hdrs, "call-id", "i")
        i = self.by_cid.get(cid)
        if not start.startswith("SIP/2.0"):
            # a request from the SBC inside one of our calls (e.g. BYE on media timeout): 200
            self.uac.sendto(response(hdrs, 200, "OK", None), self.sbc)
            if i is not None and start.startswith("BYE"):
                self.state[i] = "done"
            return
        if i is None:
            return
        code = int(start.split()[1])
        method = (hget(hdrs, "cseq") or " ").split()[-1]
        if method == "INVITE":
            if code < 200:
                return
            if code >= 300:
                print("call %d: INVITE answered %d" % (i, code), file=sys.stderr)
                self.errors += 1
                self.state[i] = "done"
                return
            self.to_tag[i] = tag_of(hget(hdrs, "to", "t"))
            self.remote_uri[i] = uri_of(hget(hdrs, "contact", "m"))
            self.routes[i] = list(reversed(hall(hdrs, "record-route")))
            ip, port = media(body)
            if self.a.srtp:
                self.key_sbc[i] = crypto_key(body)
                if proto(body) != "RTP/SAVP" or self.key_sbc[i] is None:
                    print("call %d: the 200 to the SRTP caller is not RTP/SAVP with one a=crypto:1 "
                          "AES_CM_128_HMAC_SHA1_80:\n%s" % (i, body), file=sys.stderr)
                    self.errors += 1
                    port = None
            self.port_caller[i] = port
            self.relay_ip[0] = ip
            self.uac.sendto(self.request(i, "ACK", 1, self.remote_uri[i]), self.sbc)
            if self.state[i] == "calling":
                self.state[i] = "up"
        elif method == "BYE" and self.state[i] == "bye":
            self.state[i] = "done"

    def on_pbx(self, data, src):
        start, hdrs, body = parse(data)
        if start.startswith("SIP/2.0"):
            return  # no requests of ours on this side
        method = start.split()[0]
        cid = hget(hdrs, "call-id", "i")
        if method == "INVITE":
            if cid in self.pbx_ok:
                self.pbx.sendto(self.pbx_ok[cid], src)
                return
            m = re.match(r"INVITE sip:c(\d+)@", start)
            i = int(m.group(1)) if m else None
            if i is None:
                to = hget(hdrs, "to", "t") or ""
                m = re.search(r"sip:c(\d+)@", to)
                i = int(m.group(1)) if m else None
            if i is None or not 0 <= i < self.n:
                self.pbx.sendto(response(hdrs, 404, "Not Found", "x"), src)
                return
            ip, port = media(body)
            if proto(body) != "RTP/AVP" or "a=crypto" in body:
                print("call %d: the PBX was offered %s%s, not plain RTP/AVP"
                      % (i, proto(body), " with a=crypto" if "a=crypto" in body else ""), file=sys.stderr)
                self.errors += 1
                port = None
            self.port_callee[i] = port
            self.relay_ip[1] = ip
            ok = response(hdrs, 200, "OK", "tt%d" % i, "sip:pbx@%s:%d" % self.pbx_addr,
                          sdp(self.a.callee_ip, self.a.base_port + self.k[i], 2000 + i))
            self.pbx_ok[cid] = ok
            self.pbx.sendto(ok, src)
        elif method == "ACK":
            return
        else:  # BYE, OPTIONS, ...: 200
            self.pbx.sendto(response(hdrs, 200, "OK", None), src)

    def pump(self, timeout):
        r, _, _ = select.select([self.uac, self.pbx], [], [], timeout)
        for s in r:
            for _ in range(256):  # bounded drain
                try:
                    data, src = s.recvfrom(65536, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    break
                if s is self.uac:
                    self.on_uac(data)
                else:
                    self.on_pbx(data, src)

    def setup(self):
        deadline = time.monotonic() + self.a.setup_timeout
        nxt = 0
        while time.monotonic() < deadline:
            calling = sum(1 for s in self.state if s == "calling")
            while nxt < self.n and calling < self.a.window:
                self.send_invite(nxt)
                nxt += 1
                calling += 1
            now = time.monotonic()
            for i in range(nxt):
                if self.state[i] == "calling" and now - self.sent_at[i] > 1.0:
                    if self.tries[i] >= 6:
                        print("call %d: no answer" % i, file=sys.stderr)
                        self.state[i] = "done"
                        self.errors += 1
                    else:
                        self.send_invite(i)
            if nxt >= self.n and all(s != "calling" for s in self.state):
                break
            self.pump(0.05)
        up = [i for i in range(self.n) if self.state[i] == "up"]
        return up

    def hold(self, seconds, stop):
        end = time.monotonic() + seconds
        while time.monotonic() < end and not stop[0]:
            self.pump(0.2)

    def hangup(self, timeout=15):
        sent = {}
        for i in range(self.n):
            if self.state[i] == "up":
                self.state[i] = "bye"
                sent[i] = self.request(i, "BYE", 2, self.remote_uri[i])
                self.uac.sendto(sent[i], self.sbc)
                if i % 64 == 63:
                    self.pump(0)
        end = time.monotonic() + timeout
        last = time.monotonic()
        while time.monotonic() < end and any(s == "bye" for s in self.state):
            self.pump(0.1)
            if time.monotonic() - last > 1.0:  # retransmit the BYEs still unanswered
                last = time.monotonic()
                for i, msg in sent.items():
                    if self.state[i] == "bye":
                        self.uac.sendto(msg, self.sbc)
        # answer the last BYE 200s / stray requests for a moment
        self.pump(0.2)
        return sum(1 for s in self.state if s == "bye")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sbc", required=True)
    ap.add_argument("--uac", required=True)
    ap.add_argument("--pbx", required=True)
    ap.add_argument("--calls", type=int, required=True)
    ap.add_argument("--socks", type=int, default=8)
    ap.add_argument("--base-port", type=int, default=16000)
    ap.add_argument("--caller-ip", default="127.0.0.2")
    ap.add_argument("--callee-ip", default="127.0.0.3")
    ap.add_argument("--out", required=True)
    ap.add_argument("--tag", default="mb")
    ap.add_argument("--window", type=int, default=32, help="INVITEs outstanding at once")
    ap.add_argument("--setup-timeout", type=float, default=120)
    ap.add_argument("--hold", type=float, default=300, help="longest hold before BYE without SIGUSR1")
    ap.add_argument("--srtp", action="store_true",
                    help="the caller offers RTP/SAVP with an SDES key; keys of the outside leg in the map")
    a = ap.parse_args()
    for ip in (a.caller_ip, a.callee_ip):
        if not ip.startswith("127."):
            sys.exit("loopback addresses only")

    stop = [False]
    signal.signal(signal.SIGUSR1, lambda *_: stop.__setitem__(0, True))
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__(0, True))
    c = Calls(a)
    t0 = time.monotonic()
    up = c.setup()
    dt = time.monotonic() - t0
    ok = (len(up) == c.n and all(p for p in c.port_callee) and all(p for p in c.port_caller)
          and c.relay_ip[0] == c.relay_ip[1] and (not a.srtp or all(c.key_sbc)))
    print("setup %d of %d calls in %.2f s (%.0f calls/s); relay %s/%s"
          % (len(up), c.n, dt, len(up) / dt if dt else 0, c.relay_ip[0], c.relay_ip[1]), flush=True)
    if ok:
        tmp = a.out + ".tmp"
        with open(tmp, "w") as f:
            for i in range(c.n):
                f.write("%d %s %d %d%s\n" % (i, c.relay_ip[0], c.port_caller[i], c.port_callee[i],
                                            " %s %s" % (c.key_caller[i], c.key_sbc[i]) if a.srtp else ""))
        os.replace(tmp, a.out)
        c.hold(a.hold, stop)
    else:
        print("setup incomplete (relay addresses %r, %d errors): no map written" % (c.relay_ip, c.errors),
              file=sys.stderr, flush=True)
    left = c.hangup()
    print("hung up %d calls, %d BYEs unanswered" % (len(up), left), flush=True)
    sys.exit(0 if ok and left == 0 else 1)


if __name__ == "__main__":
    main()
