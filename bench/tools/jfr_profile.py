#!/usr/bin/env python3
"""Where a JFR recording of the call benchmark spends its CPU, and what it allocates per call.

Usage: jfr_profile.py RECORDING.jfr CALLS

Prints (1) the share of execution samples inside each stage of the message path (a sample counts
for every stage on its stack, so shares overlap: "decode" is inside "edge pipeline"), (2) the
hottest leaf methods, and (3) bytes allocated per call: the weights of JFR's allocation samples (each the bytes
its thread allocated since its previous sample) summed over the recording, divided by CALLS.
"""
import collections
import json
import subprocess
import sys

STAGES = [
    ("decode: frame to parsed message", "SipMessageDecoder.decode"),
    ("  JAIN-SIP parse", "SipParser.parse"),
    ("  strict syntax checks", "StrictSyntax.check"),
    ("edge steps' decisions (sanity, flood, rate, secfilter, auth, policy)", "*.decide"),
    ("B2BUA (transactions, dialogs, relay; sends included)", "B2bua.handle"),
    ("  encode for the wire", "Outbound.encode"),
    ("  responses built from requests", "SipRequest.response"),
    ("  requests built for the other leg", "SipFactory.request"),
    ("  topology handles", "TopologyHiding.contactHandle"),
    ("  call records written", "CallRecordLog.write"),
    ("timers (retransmissions, timeouts)", "ScheduledFutureTask.run"),
    ("socket writes", "AbstractChannel$AbstractUnsafe.flush0"),
]


OUR_CLASSES = {"SipParser", "SipMessageDecoder", "UdpFrameDecoder", "StreamFramer", "Outbound", "SipFactory",
               "SipRequest", "SipResponse", "SipMessage", "CallRelay", "TransactionLayer", "ServerTransaction",
               "ClientTransaction", "TopologyHiding", "StrictSyntax", "HeaderBlockScanner", "RelayHeaders",
               "CallRecordLog", "DialogMapping", "EdgeStep"}


def matches(frame, marker):
    """A frame of the stage: "Class.method" (or a lambda in it), or "*.method" in any class (an
    edge step's decide is its own subclass's frame)."""
    if marker.startswith("*."):
        return frame.endswith(marker[1:])
    return frame == marker or frame.startswith(marker + "$")


def events(recording, name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "96", "--events", name, recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    result = []
    for frame in stack.get("frames", []):
        method = frame["method"]
        cls = method["type"]["name"].replace("/", ".").rsplit(".", 1)[-1]
        result.append(cls + "." + method["name"])
    return result


def main():
    recording, calls = sys.argv[1], int(sys.argv[2])
    samples = [frames(e) for e in events(recording, "jdk.ExecutionSample")]
    samples = [s for s in samples if s]
    n = len(samples)
    print(f"execution samples: {n}")
    for label, marker in STAGES:
        hits = sum(1 for s in samples if any(matches(f, marker) for f in s))
        print(f"  {100 * hits / n:5.1f} %  {label}")
    leaves = collections.Counter(s[0] for s in samples)
    print("hottest leaf methods:")
    for method, count in leaves.most_common(12):
        print(f"  {100 * count / n:5.1f} %  {method}")
    # Each allocation sample weighs the bytes its thread allocated since the thread's previous
    # sample, so their sum is the recording's allocation (JFR's own estimate).
    sites = collections.Counter()
    total = 0
    for e in events(recording, "jdk.ObjectAllocationSample"):
        weight = e["values"]["weight"]
        total += weight
        stack = frames(e)
        ours = next((f for f in stack if f.split(".")[0] in OUR_CLASSES), None)
        sites[ours or (stack[0] if stack else "?")] += weight
    print(f"allocated during the recording: {total / 1e6:.1f} MB, {total / calls:.0f} bytes per call")
    print("allocated by (the nearest frame of ours, else the allocating method):")
    for site, weight in sites.most_common(12):
        print(f"  {100 * weight / total:5.1f} %  {site}")


if __name__ == "__main__":
    main()
