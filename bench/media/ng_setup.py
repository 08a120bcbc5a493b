#!/usr/bin/env python3
"""Minimal rtpengine ng-protocol client (bencode over UDP, loopback only).

A copy of ../shared/bench/rtpengine/ng_setup.py with --srtp added (bench/media.sh SRTP=1).

  ng_setup.py ping   [--ng 127.0.0.1:2223] [--wait S]
  ng_setup.py setup  --calls N --socks K --base-port P --out MAP [--tag T] [--srtp]
  ng_setup.py query  --call-id ID

--srtp: SDES-SRTP on the caller's leg, plain RTP on the callee's. The caller's offer is
RTP/SAVP with "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<30 random bytes>", sent with the
ng flag transport-protocol=RTP/AVP, so rtpengine offers the callee plain RTP/AVP (no a=crypto);
the callee answers plain, and rtpengine answers the caller RTP/SAVP with its own a=crypto under
the caller's tag and suite. The map line then carries the two keys of the caller's leg, as
srtpload reads them: "<i> <relay_ip> <port_for_caller> <port_for_callee> <caller_key> <relay_key>".
The SDPs are checked: the callee must be offered RTP/AVP without a=crypto, the caller answered
RTP/SAVP with exactly one usable a=crypto (tag 1, AES_CM_128_HMAC_SHA1_80, one inline key).

`setup` creates N calls with offer+answer.  Caller SDP: 127.0.0.2:(P+k),
callee SDP: 127.0.0.3:(P+k), k = i*K//N -- the same sockets rtpload binds.
It writes one line per call: "<i> <relay_ip> <port_for_caller> <port_for_callee>"
(port_for_caller is from the answer's rewritten SDP -- where the caller sends;
port_for_callee from the offer's -- where the callee sends).
"""
import argparse
import base64
import os
import re
import socket
import sys
import time


def benc(x):
    if isinstance(x, bytes):
        return str(len(x)).encode() + b":" + x
    if isinstance(x, str):
        return benc(x.encode())
    if isinstance(x, int):
        return b"i%de" % x
    if isinstance(x, list):
        return b"l" + b"".join(benc(v) for v in x) + b"e"
    if isinstance(x, dict):
        return b"d" + b"".join(benc(k) + benc(v) for k, v in sorted(x.items())) + b"e"
    raise TypeError(type(x))


def bdec(b, i=0):
    c = b[i:i + 1]
    if c == b"i":
        j = b.index(b"e", i)
        return int(b[i + 1:j]), j + 1
    if c == b"l":
        i += 1
        out = []
        while b[i:i + 1] != b"e":
            v, i = bdec(b, i)
            out.append(v)
        return out, i + 1
    if c == b"d":
        i += 1
        out = {}
        while b[i:i + 1] != b"e":
            k, i = bdec(b, i)
            v, i = bdec(b, i)
            out[k.decode()] = v
        return out, i + 1
    j = b.index(b":", i)
    n = int(b[i:j])
    return b[j + 1:j + 1 + n], j + 1 + n


class Ng:
    def __init__(self, addr):
        host, port = addr.rsplit(":", 1)
        if not host.startswith("127."):
            sys.exit("ng address must be on loopback (127.0.0.0/8)")
        self.addr = (host, int(port))
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.bind(("127.0.0.1", 0))
        self.n = 0

    def cmd(self, d, timeout=2.0, tries=3):
        self.n += 1
        cookie = b"%d_%d" % (os.getpid(), self.n)
        msg = cookie + b" " + benc(d)
        for _ in range(tries):  # bounded retries; rtpengine caches replies by cookie
            self.s.settimeout(timeout)
            self.s.sendto(msg, self.addr)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    data, _ = self.s.recvfrom(65536)
                except socket.timeout:
                    break
                ck, _, body = data.partition(b" ")
                if ck == cookie:
                    return bdec(body)[0]
        raise TimeoutError("no ng reply for %r" % d.get("command"))


def sdp(ip, port, sess):
    return ("v=0\r\no=- %d 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n"
            "m=audio %d RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n"
            % (sess, ip, ip, port))


def sdp_srtp(ip, port, sess, key):
    return ("v=0\r\no=- %d 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n"
            "m=audio %d RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:%s\r\na=ptime:20\r\na=sendrecv\r\n"
            % (sess, ip, ip, port, key))


def new_key():
    """An SDES inline key: base64 of a 16-byte master key and a 14-byte master salt."""
    return base64.b64encode(os.urandom(30)).decode()


def proto(sdp_bytes):
    m = re.search(r"^m=audio \d+ (\S+) ", sdp_bytes.decode(), re.M)
    return m.group(1) if m else None


def crypto_key(sdp_bytes, want_tag=1):
    """The one a=crypto's inline key (tag 1, AES_CM_128_HMAC_SHA1_80), or exit."""
    cs = re.findall(r"^a=crypto:(\d+) (\S+) inline:([A-Za-z0-9+/=]+)(\S*)", sdp_bytes.decode(), re.M)
    good = [c for c in cs if int(c[0]) == want_tag and c[1] == "AES_CM_128_HMAC_SHA1_80"]
    if len(good) != 1 or len(base64.b64decode(good[0][2])) != 30 or ":" in good[0][3]:
        sys.exit("unexpected a=crypto from rtpengine: %r" % (cs,))
    return good[0][2]


def media(sdp_bytes):
    t = sdp_bytes.decode()
    m = re.search(r"^m=audio (\d+) ", t, re.M)
    c = re.findall(r"^c=IN IP4 (\S+)", t, re.M)
    if not m or not c:
        raise ValueError("bad SDP from rtpengine:\n" + t)
    return c[-1], int(m.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=["ping", "setup", "query"])
    ap.add_argument("--ng", default="127.0.0.1:2223")
    ap.add_argument("--calls", type=int, default=1)
    ap.add_argument("--socks", type=int, default=8)
    ap.add_argument("--base-port", type=int, default=16000)
    ap.add_argument("--caller-ip", default="127.0.0.2")
    ap.add_argument("--callee-ip", default="127.0.0.3")
    ap.add_argument("--tag", default="b")
    ap.add_argument("--out")
    ap.add_argument("--wait", type=float, default=10)
    ap.add_argument("--call-id")
    ap.add_argument("--show-sdp", action="store_true")
    ap.add_argument("--srtp", action="store_true", help="SDES-SRTP on the caller's leg, plain on the callee's")
    a = ap.parse_args()
    for ip in (a.caller_ip, a.callee_ip):
        if not ip.startswith("127."):
            sys.exit("loopback addresses only")
    ng = Ng(a.ng)

    if a.action == "ping":
        end = time.monotonic() + a.wait
        while time.monotonic() < end:  # bounded wait for the daemon to come up
            try:
                r = ng.cmd({"command": "ping"}, timeout=0.5, tries=1)
                print(r)
                return
            except (TimeoutError, ConnectionRefusedError, OSError):
                time.sleep(0.2)
        sys.exit("rtpengine did not answer ping")

    if a.action == "query":
        print(ng.cmd({"command": "query", "call-id": a.call_id}))
        return

    N, K = a.calls, min(a.socks, a.calls)
    t0 = time.monotonic()
    lines = []
    for i in range(N):
        k = i * K // N
        cid = "%s-%d-%d" % (a.tag, N, i)
        offer = {"command": "offer", "call-id": cid, "from-tag": "ft%d" % i,
                 "sdp": sdp(a.caller_ip, a.base_port + k, 1000 + i)}
        if a.srtp:
            caller_key = new_key()
            offer["sdp"] = sdp_srtp(a.caller_ip, a.base_port + k, 1000 + i, caller_key)
            offer["transport-protocol"] = "RTP/AVP"   # the callee's leg: plain RTP
        r = ng.cmd(offer)
        if r.get("result") != b"ok":
            sys.exit("offer %d failed: %r" % (i, r))
        if a.srtp and (proto(r["sdp"]) != "RTP/AVP" or b"a=crypto" in r["sdp"]):
            sys.exit("rtpengine offered the callee SRTP:\n" + r["sdp"].decode())
        ip_b, port_b = media(r["sdp"])          # what the callee is told: send here
        if a.show_sdp and i == 0:
            print("--- offer reply SDP (to callee) ---\n" + r["sdp"].decode())
        r = ng.cmd({"command": "answer", "call-id": cid, "from-tag": "ft%d" % i,
                    "to-tag": "tt%d" % i,
                    "sdp": sdp(a.callee_ip, a.base_port + k, 2000 + i)})
        if r.get("result") != b"ok":
            sys.exit("answer %d failed: %r" % (i, r))
        ip_a, port_a = media(r["sdp"])          # what the caller is told: send here
        if a.srtp:
            if proto(r["sdp"]) != "RTP/SAVP":
                sys.exit("rtpengine answered the caller without SRTP:\n" + r["sdp"].decode())
            relay_key = crypto_key(r["sdp"])
        if a.show_sdp and i == 0:
            print("--- answer reply SDP (to caller) ---\n" + r["sdp"].decode())
        if ip_a != ip_b or not ip_a.startswith("127."):
            sys.exit("unexpected relay address %s/%s" % (ip_a, ip_b))
        if a.srtp:
            lines.append("%d %s %d %d %s %s\n" % (i, ip_a, port_a, port_b, caller_key, relay_key))
        else:
            lines.append("%d %s %d %d\n" % (i, ip_a, port_a, port_b))
    dt = time.monotonic() - t0
    with open(a.out, "w") as f:
        f.writelines(lines)
    print("setup %d calls in %.2f s (%.0f offer+answer/s)" % (N, dt, N / dt if dt else 0))


if __name__ == "__main__":
    main()
