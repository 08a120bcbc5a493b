#!/usr/bin/env python3
"""The cost of SRTP per relayed packet, from plain and SRTP runs of bench/media.sh at the same steps.

  srtp_cost.py --plain OUT [OUT...] --srtp OUT [OUT...]

Each OUT is a bench/media.sh output directory (rtpengine.jsonl, sbc.jsonl); a directory may
hold several repeats and several directories are pooled (e.g. plain and SRTP runs alternated,
one repeat each). Prints a markdown table per step: for each relay, the SRTP run's received
packets/s, loss, p99 and CPU per packet (each repeat), the plain run's CPU per packet, and the
difference of the means: the crypto's CPU per relayed packet. With SRTP on the outside leg only,
each relayed packet is either decrypted (caller to callee) or encrypted (callee to caller) once,
so that difference is the cost of one SRTP operation (plus what it drags along) per packet.
The pass rule is the reference's (summarize.py): loss < 0.1 %, p99 < 5 ms, >= 98 % of the
offered packets sent.
"""
import argparse
import json
import os
import sys


def ok(r):
    return r["loss_pct"] < 0.1 and r["lat_p99_ms"] < 5.0 and r["tx_pps"] >= 0.98 * r["offered_pps"]


def load(dirs, relay):
    d = {}
    for out in dirs:
        p = os.path.join(out, relay + ".jsonl")
        if not os.path.exists(p):
            continue
        for line in open(p):
            if line.startswith("{"):
                r = json.loads(line)
                d.setdefault(r["calls"], []).append(r)
    return d


def mean(rs, k="relay_us_per_pkt"):
    return sum(r[k] for r in rs) / len(rs) if rs else None


def best(d):
    good = [n for n in sorted(d) if all(map(ok, d[n]))]
    return max(good) if good else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plain", nargs="+", required=True)
    ap.add_argument("--srtp", nargs="+", required=True)
    a = ap.parse_args()
    relays = (("rtpengine", "rtpengine"), ("sbc", "SBC"))
    P = {k: load(a.plain, k) for k, _ in relays}
    S = {k: load(a.srtp, k) for k, _ in relays}
    steps = sorted(set().union(*(set(S[k]) for k, _ in relays)))
    if not steps:
        sys.exit("no SRTP results in %s" % a.srtp)
    j = lambda f, rs, k: ", ".join(f % r[k] for r in rs)
    print("| calls (pps) | relay | SRTP rx pps | loss % | p99 ms | µs CPU/pkt SRTP | pass | µs CPU/pkt plain | pass plain "
          "| crypto µs/pkt |")
    print("|" + " --- |" * 10)
    cost = {}
    for n in steps:
        for k, name in relays:
            s, p = S[k].get(n, []), P[k].get(n, [])
            if not s:
                continue
            c = mean(s) - mean(p) if p else None
            cost[(k, n)] = c
            print("| %d (%s) | %s | %s | %.3f | %s | %s | %d/%d | %s | %s | %s |" % (
                n, format(100 * n, ","), name, j("%.0f", s, "rx_pps"), max(r["loss_pct"] for r in s),
                j("%.2f", s, "lat_p99_ms"), j("%.1f", s, "relay_us_per_pkt"), sum(map(ok, s)), len(s),
                j("%.1f", p, "relay_us_per_pkt") if p else "—",
                "%d/%d" % (sum(map(ok, p)), len(p)) if p else "—",
                "%+.1f" % c if c is not None else "—"))
    print()
    for k, name in relays:
        bs, bp = best(S[k]), best(P[k])
        print("%s: highest step passing in every repeat: SRTP %s, plain %s" % (
            name, bs and "%d calls = %s pps" % (bs, format(100 * bs, ",")),
            bp and "%d calls = %s pps" % (bp, format(100 * bp, ","))))
    bse, bsb = best(S["rtpengine"]), best(S["sbc"])
    if bse and bsb:
        print("SRTP: SBC / rtpengine packets/s at the highest passing step: %.2f" % (bsb / bse))
    print()
    print("crypto CPU per relayed packet (SRTP minus plain, means of repeats):")
    both = [n for n in steps if cost.get(("rtpengine", n)) is not None and cost.get(("sbc", n)) is not None]
    for n in both:
        ce, cb = cost[("rtpengine", n)], cost[("sbc", n)]
        print("  %4d calls: rtpengine %+.1f µs (%.1f -> %.1f), SBC %+.1f µs (%.1f -> %.1f)%s" % (
            n, ce, mean(P["rtpengine"][n]), mean(S["rtpengine"][n]), cb, mean(P["sbc"][n]), mean(S["sbc"][n]),
            ", SBC / rtpengine %.2f" % (cb / ce) if ce > 0.05 else ""))
        print("             SRTP µs/pkt SBC / rtpengine %.2f (plain %.2f)" % (
            mean(S["sbc"][n]) / mean(S["rtpengine"][n]), mean(P["sbc"][n]) / mean(P["rtpengine"][n])))
    if both:
        ce = sum(cost[("rtpengine", n)] for n in both) / len(both)
        cb = sum(cost[("sbc", n)] for n in both) / len(both)
        print("  mean over %s calls: rtpengine %+.1f µs, SBC %+.1f µs per packet" % (
            "/".join(map(str, both)), ce, cb))
    odd = []
    for runs, label in ((S, "SRTP"), (P, "plain")):
        for k, name in relays:
            for n in sorted(runs[k]):
                for r in runs[k][n]:
                    bad = {x: r.get(x, 0) for x in ("rx_bad", "rx_misrouted", "dead_streams", "tx_err",
                                                    "srtp_protect_fail", "srtp_unprotect_fail",
                                                    "srtp_unknown_src") if r.get(x, 0)}
                    if bad:
                        odd.append("%s %s %d calls rep %s: %s" % (label, name, n, r.get("rep"), bad))
    if odd:
        print("\nanomalies:")
        for o in odd:
            print("  " + o)


if __name__ == "__main__":
    main()
