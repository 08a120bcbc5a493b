package org.sbc.core.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The call flows of {@link TopologyLeakIT}: phones on the outside (Java peers or sipp, over UDP
 * or TCP), a PBX on the inside that names itself ({@code pbx.internal.example}, 127.0.43.3:5083)
 * in every header and body it can. Each flow must succeed as a call flow; what it sends the
 * phones is checked for leaks afterwards, from the capture.
 */
final class LeakFlows {

    static final String OUTSIDE = "127.0.41.1";
    static final String INSIDE = "127.0.42.2";
    static final int INSIDE_PORT = 5072;
    static final String PBX = "127.0.43.3";
    static final int PBX_PORT = 5083;
    static final String PBX_NAME = "pbx.internal.example";

    /** Dialog-creating responses: the PBX's proxy and itself (reversed, the first hop is itself). */
    private static final String RR_IN_RESPONSE = "Record-Route: <sip:proxy." + PBX_NAME + ";lr>, <sip:" + PBX + ":"
            + PBX_PORT + ";lr>\r\n";
    private static final String RR_IN_REQUEST = "Record-Route: <sip:" + PBX + ":" + PBX_PORT + ";lr>, <sip:proxy."
            + PBX_NAME + ";lr>\r\n";
    private static final String IDENTITY = "P-Asserted-Identity: \"Reception\" <sip:200@" + PBX_NAME + ">\r\n"
            + "Remote-Party-ID: \"Reception\" <sip:200@" + PBX + ":" + PBX_PORT + ">;party=called;screen=yes\r\n"
            + "Diversion: <sip:100@" + PBX_NAME + ":" + PBX_PORT + ">;reason=unconditional;counter=1\r\n"
            + "History-Info: <sip:100@" + PBX_NAME + "?Reason=SIP%3Bcause%3D302>;index=1, <sip:200@" + PBX + ":"
            + PBX_PORT + ">;index=1.1\r\n"
            + "Call-Info: <http://" + PBX_NAME + "/photo/200.png>;purpose=icon\r\n"
            + "Organization: " + PBX_NAME + "\r\n";
    private static final String SERVER = "Server: Asterisk PBX " + PBX_NAME + "\r\n";
    private static final String USER_AGENT = "User-Agent: Asterisk PBX " + PBX_NAME + "\r\n";
    private static final String WARNING = "Warning: 399 " + PBX_NAME + " \"handled by " + PBX + ":" + PBX_PORT + "\"\r\n";
    private static final String ERROR_INFO = "Error-Info: <http://" + PBX_NAME + "/errors/announcement.wav>\r\n";
    private static final String ALERT_INFO = "Alert-Info: <http://" + PBX_NAME + "/ring/internal.wav>\r\n";
    private static final String REASON = "Reason: Q.850;cause=16;text=\"cleared by " + PBX_NAME + " " + PBX + "\"\r\n";
    /** Inside Vias below the PBX's own, as a forking proxy in front of it would add. */
    private static final String INNER_VIA = "Via: SIP/2.0/UDP proxy." + PBX_NAME + ":" + PBX_PORT
            + ";branch=z9hG4bK-inner;received=" + PBX + "\r\n";
    private static final String PBX_SDP = "v=0\r\no=pbx 1 1 IN IP4 " + PBX + "\r\ns=" + PBX_NAME + "\r\nc=IN IP4 " + PBX
            + "\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtcp:4001 IN IP4 " + PBX + "\r\na=rtpmap:0 PCMU/8000\r\n";

    /** A flow's failure: the call flow itself did not do what it must. */
    record Failure(String flow, String what) {}

    /** One flow and the wall-clock window it ran in (to tell which flow a captured message belongs to). */
    record Window(String flow, long startMicros, long endMicros, String stateAfter) {}

    @FunctionalInterface
    interface Flow {
        void run(String name) throws Exception;
    }

    private final String transport; // "udp" or "tcp" for the phones
    private final String tag;
    private final List<Failure> failures = new ArrayList<>();
    final List<Window> windows = new ArrayList<>();
    /** Call-IDs the phones used: each must show up in the capture, or the capture saw nothing. */
    final List<String> phoneCallIds = new ArrayList<>();
    private int phone;
    private int sequence;

    private final java.util.function.Supplier<Object> state;

    /** @param state the SBC's tables, recorded after each flow (a flow that leaves state behind shows there) */
    LeakFlows(String transport, String variant, java.util.function.Supplier<Object> state) {
        this.state = state;
        this.transport = transport;
        this.tag = variant.replaceAll("[^a-z0-9]", "") + "-" + transport;
    }

    List<Failure> failures() {
        return failures;
    }

    void runAll() {
        // Flows whose INVITEs end in a non-2xx first: their inside client transactions wait out
        // timer D (32 s over UDP) before the SBC is idle, and the rest of the suite runs meanwhile.
        run("404, 500, 603 and the PBX's own 503 with Retry-After", this::errors);
        run("busy (sipp)", this::busy);
        run("cancel while ringing", this::cancel);
        run("302 to an inside target, retried through the SBC", this::redirect);
        run("re-INVITE from each side, a 488 re-INVITE, then BYE", this::reinvites);
        run("basic call, phone hangs up (sipp)", this::basicCallByeFromPhone);
        run("basic call, PBX hangs up", this::basicCallByeFromPbx);
        run("blind transfer: REFER from the phone, NOTIFY sipfrag", this::blindTransferFromPhone);
        run("REFER from the PBX naming inside hosts", this::referFromPbx);
        run("attended transfer with Replaces", this::attendedTransfer);
        run("REGISTER, then a call from the PBX to the phone", this::registerThenCallFromPbx);
        run("SUBSCRIBE and NOTIFY with dialog-info and PIDF", this::subscribeNotify);
        run("in-call MESSAGE and INFO with PIDF and dialog-info bodies from the PBX", this::presenceBodiesInCall);
        run("OPTIONS relayed to the PBX", this::options);
    }

    private void run(String name, Flow flow) {
        long start = System.currentTimeMillis() * 1_000;
        try {
            flow.run(name);
        } catch (Exception | AssertionError e) {
            failures.add(new Failure(name, e.toString()));
        }
        long end = System.currentTimeMillis() * 1_000;
        windows.add(new Window(name, start, end, String.valueOf(state.get())));
    }

    private void check(String flow, boolean ok, String what) {
        if (!ok) {
            failures.add(new Failure(flow, what));
        }
    }

    // ---- peers ----

    private String phoneIp() {
        return "127.0.41." + (50 + phone++ % 10);
    }

    private String callId(String flow) {
        String id = flow.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "") + "-" + tag + "-" + (++sequence)
                + "@phone.example";
        phoneCallIds.add(id);
        return id;
    }

    private SipPeer phone(String user) throws IOException {
        return SipPeer.phone(transport, user, phoneIp(), new InetSocketAddress(OUTSIDE, 5060));
    }

    private static SipPeer pbx() throws IOException {
        return SipPeer.udp("pbx", PBX, PBX_PORT, new InetSocketAddress(INSIDE, INSIDE_PORT));
    }

    private static String phoneSdp(SipPeer phone) {
        return "v=0\r\no=phone 1 1 IN IP4 " + phone.ip + "\r\ns=-\r\nc=IN IP4 " + phone.ip
                + "\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    private String sippTransport() {
        return transport.equals("tcp") ? "t1" : "u1";
    }

    // ---- building blocks ----

    record Call(SipDialog phone, SipDialog pbx) {}

    /** The phone calls {@code user}; the PBX rings and answers with every inside name it has; ACK arrives. */
    private Call establish(String flow, SipPeer phone, SipPeer pbx, String user) throws Exception {
        SipDialog caller = SipDialog.uac(phone, callId(flow), "sip:" + phone.user() + "@" + phone.ip,
                "sip:" + user + "@" + OUTSIDE, "sip:" + user + "@" + OUTSIDE + ":5060");
        caller.send("INVITE", "", "application/sdp", phoneSdp(phone));
        SipMsg invite = pbx.expect("the INVITE for " + user, m -> m.isRequest("INVITE")
                && SipMsg.user(m.requestUri()).equals(user));
        SipDialog callee = SipDialog.uas(pbx, invite, "pbx" + Long.toHexString(System.nanoTime()));
        pbx.send(pbx.response(invite, 180, "Ringing", callee.localTag, RR_IN_RESPONSE + IDENTITY + SERVER + ALERT_INFO,
                "", ""));
        pbx.send(pbx.response(invite, 200, "OK", callee.localTag, RR_IN_RESPONSE + IDENTITY + SERVER + WARNING,
                "application/sdp", PBX_SDP));
        SipMsg ok = caller.finalResponse("INVITE");
        check(flow, ok.status() == 200, "the phone's INVITE got " + ok.firstLine() + ", not 200");
        check(flow, ok.body().contains("m=audio"), "the 200 to the phone's INVITE has no SDP answer");
        caller.confirm(ok);
        caller.ack(caller.cseq);
        callee.expect("ACK");
        return new Call(caller, callee);
    }

    /** The phone hangs up. */
    private void phoneHangsUp(String flow, Call call) throws Exception {
        call.phone().send("BYE", "", "", "");
        SipMsg bye = call.pbx().expect("BYE");
        call.pbx().answer(bye, 200, "OK", SERVER + WARNING, "", "");
        SipMsg ok = call.phone().finalResponse("BYE");
        check(flow, ok.status() == 200, "the phone's BYE got " + ok.firstLine());
    }

    /** The PBX hangs up, with a Reason naming itself. */
    private void pbxHangsUp(String flow, Call call) throws Exception {
        call.pbx().send("BYE", INNER_VIA + USER_AGENT + REASON + WARNING, "", "");
        SipMsg bye = call.phone().expect("BYE");
        call.phone().answer(bye, 200, "OK", "", "", "");
        SipMsg ok = call.pbx().finalResponse("BYE");
        check(flow, ok.status() == 200, "the PBX's BYE got " + ok.firstLine());
    }

    // ---- the flows ----

    private void basicCallByeFromPhone(String flow) throws Exception {
        String cid = callId(flow);
        SippRun pbx = SippRun.start("../topology/pbx_uas.xml", PBX, PBX_PORT, "u1", "", List.of());
        SippRun caller = null;
        try {
            pbx.awaitListening(Duration.ofSeconds(5)); // the PBX listens before the caller dials
            caller = SippRun.start("-sn uac", phoneIp(), 0, sippTransport(), OUTSIDE + ":5060",
                    List.of("-cid_str", cid));
            caller.assertSucceeds("caller");
            pbx.assertSucceeds("PBX");
        } finally {
            if (caller != null) {
                caller.stop();
            }
            pbx.stop();
        }
    }

    private void basicCallByeFromPbx(String flow) throws Exception {
        try (SipPeer pbx = pbx(); SipPeer phone = phone("alice")) {
            pbxHangsUp(flow, establish(flow, phone, pbx, "200"));
        }
    }

    private void cancel(String flow) throws Exception {
        try (SipPeer pbx = pbx(); SipPeer phone = phone("alice")) {
            SipDialog caller = SipDialog.uac(phone, callId(flow), "sip:alice@" + phone.ip, "sip:200@" + OUTSIDE,
                    "sip:200@" + OUTSIDE + ":5060");
            caller.send("INVITE", "", "application/sdp", phoneSdp(phone));
            SipMsg invite = pbx.expectRequest("INVITE");
            String pbxTag = "pbx" + Long.toHexString(System.nanoTime());
            pbx.send(pbx.response(invite, 180, "Ringing", pbxTag, RR_IN_RESPONSE + IDENTITY + SERVER + ALERT_INFO, "", ""));
            SipMsg ringing = phone.expectResponse(180, "INVITE");
            SipMsg sentInvite = new SipMsg(caller.request("INVITE", caller.cseq, invitesVia(phone, ringing), "", "", ""));
            phone.send(SipPeer.cancelFor(sentInvite));
            SipMsg cancel = pbx.expectRequest("CANCEL");
            pbx.send(pbx.response(cancel, 200, "OK", pbxTag, SERVER + WARNING, "", ""));
            pbx.send(pbx.response(invite, 487, "Request Terminated", pbxTag, SERVER + WARNING + REASON, "", ""));
            SipMsg ack = pbx.expectRequest("ACK");
            check(flow, ack.callId().equals(invite.callId()), "the ACK of the 487 is for another call: " + ack.firstLine());
            SipMsg cancelled = phone.expectResponse(200, "CANCEL");
            check(flow, cancelled.status() == 200, "CANCEL got " + cancelled.firstLine());
            SipMsg terminated = caller.finalResponse("INVITE");
            check(flow, terminated.status() == 487, "the cancelled INVITE ended with " + terminated.firstLine());
            phone.send(SipPeer.ackFor(sentInvite, terminated));
        }
    }

    /** The Via the phone's INVITE carried (echoed in the response), so the CANCEL matches it. */
    private static String invitesVia(SipPeer phone, SipMsg response) {
        return response.lines("Via").get(0);
    }

    private void busy(String flow) throws Exception {
        String cid = callId(flow);
        SippRun pbx = SippRun.start("../topology/pbx_busy.xml", PBX, PBX_PORT, "u1", "", List.of());
        SippRun caller = null;
        try {
            pbx.awaitListening(Duration.ofSeconds(5));
            caller = SippRun.start("uac_486.xml", phoneIp(), 0, sippTransport(), OUTSIDE + ":5060",
                    List.of("-cid_str", cid));
            caller.assertSucceeds("caller");
            pbx.assertSucceeds("PBX");
        } finally {
            if (caller != null) {
                caller.stop();
            }
            pbx.stop();
        }
    }

    private void reinvites(String flow) throws Exception {
        try (SipPeer pbx = pbx(); SipPeer phone = phone("alice")) {
            Call call = establish(flow, phone, pbx, "200");
            // The phone puts the call on hold.
            call.phone().send("INVITE", "", "application/sdp", phoneSdp(phone) + "a=sendonly\r\n");
            SipMsg hold = call.pbx().expect("INVITE");
            call.pbx().answer(hold, 200, "OK", IDENTITY + SERVER + WARNING, "application/sdp", PBX_SDP + "a=recvonly\r\n");
            SipMsg held = call.phone().finalResponse("INVITE");
            check(flow, held.status() == 200, "the phone's re-INVITE got " + held.firstLine());
            call.phone().ack(call.phone().cseq);
            call.pbx().expect("ACK");
            // The PBX sends a re-INVITE of its own.
            call.pbx().send("INVITE", INNER_VIA + USER_AGENT + IDENTITY, "application/sdp", PBX_SDP);
            SipMsg reinvite = call.phone().expect("INVITE");
            call.phone().answer(reinvite, 200, "OK", "", "application/sdp", phoneSdp(phone));
            SipMsg answered = call.pbx().finalResponse("INVITE");
            check(flow, answered.status() == 200, "the PBX's re-INVITE got " + answered.firstLine());
            call.pbx().ack(call.pbx().cseq);
            call.phone().expect("ACK");
            // A re-INVITE the PBX refuses: the call must still route afterwards.
            call.phone().send("INVITE", "", "application/sdp", phoneSdp(phone).replace("RTP/AVP 0", "RTP/AVP 98"));
            SipMsg refused = call.pbx().expect("INVITE");
            call.pbx().answer(refused, 488, "Not Acceptable Here", SERVER + WARNING + ERROR_INFO + REASON, "", "");
            call.pbx().expect("ACK");
            SipMsg notAcceptable = call.phone().finalResponse("INVITE");
            check(flow, notAcceptable.status() == 488, "the refused re-INVITE ended with " + notAcceptable.firstLine());
            phone.send(SipPeer.ackFor(new SipMsg(call.phone().request("INVITE", call.phone().cseq,
                    notAcceptable.lines("Via").get(0), "", "", "")), notAcceptable));
            phoneHangsUp(flow, call);
        }
    }

    private void redirect(String flow) throws Exception {
        try (SipPeer pbx = pbx(); SipPeer phone = phone("alice")) {
            SipDialog caller = SipDialog.uac(phone, callId(flow), "sip:alice@" + phone.ip, "sip:300@" + OUTSIDE,
                    "sip:300@" + OUTSIDE + ":5060");
            caller.send("INVITE", "", "application/sdp", phoneSdp(phone));
            SipMsg invite = pbx.expectRequest("INVITE");
            pbx.send(pbx.response(invite, 302, "Moved Temporarily", "pbx302", "Contact: <sip:300@" + PBX_NAME + ":"
                    + PBX_PORT + ">;q=0.9, <sip:300@" + PBX + ":" + PBX_PORT + ";transport=udp>;q=0.5\r\n"
                    + IDENTITY + SERVER + WARNING, "", ""));
            pbx.expectRequest("ACK");
            SipMsg moved = caller.finalResponse("INVITE");
            check(flow, moved.status() == 302, "the redirected INVITE ended with " + moved.firstLine());
            phone.send(SipPeer.ackFor(new SipMsg(caller.request("INVITE", caller.cseq, moved.lines("Via").get(0), "", "",
                    "")), moved));
            String target = moved.contactUri();
            if (target.isEmpty() || SipMsg.user(target).isEmpty()) {
                throw new AssertionError("the 302 reached the phone without a Contact user to retry with: "
                        + moved.lines("Contact"));
            }
            // The phone retries with the user the 302 named, through the SBC as always.
            String user = SipMsg.user(target);
            Call retried = establish(flow, phone, pbx, user);
            check(flow, retried.pbx() != null, "the retry did not reach the PBX");
            phoneHangsUp(flow, retried);
        } catch (java.io.IOException e) {
            throw new AssertionError("the retry of the 302 did not reach the PBX as a call to 300: " + e.getMessage(), e);
        }
    }

    private void blindTransferFromPhone(String flow) throws Exception {
        try (SipPeer pbx = pbx(); SipPeer phone = phone("alice")) {
            Call call = establish(flow, phone, pbx, "200");
            call.phone().send("REFER", "Refer-To: <sip:400@" + OUTSIDE + ">\r\nReferred-By: <sip:alice@" + OUTSIDE + ">\r\n",
                    "", "");
            SipMsg refer = call.pbx().expect("REFER");
            check(flow, refer.header("Refer-To").contains("400"), "the REFER lost its target: " + refer.lines("Refer-To"));
            call.pbx().answer(refer, 202, "Accepted", SERVER + WARNING, "", "");
            SipMsg accepted = call.phone().finalResponse("REFER");
            check(flow, accepted.status() == 202, "the REFER got " + accepted.firstLine());
            notifySipfrag(flow, call.pbx(), call.phone(), "active;expires=60", "SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP "
                    + PBX + ":" + PBX_PORT + ";branch=z9hG4bK-frag\r\nContact: <sip:400@" + PBX_NAME + ">\r\n"
                    + "Server: Asterisk PBX " + PBX_NAME + "\r\n");
            notifySipfrag(flow, call.pbx(), call.phone(), "terminated;reason=noresource", "SIP/2.0 200 OK\r\n"
                    + "Contact: <sip:400@" + PBX + ":" + PBX_PORT + ">\r\nWarning: 399 " + PBX_NAME + " \"transferred\"\r\n");
            pbxHangsUp(flow, call);
        }
    }

    /** {@code from} sends a NOTIFY (Event: refer) with a message/sipfrag body; {@code to} answers 200. */
    private void notifySipfrag(String flow, SipDialog from, SipDialog to, String state, String fragment)
            throws Exception {
        boolean fromPbx = from.peer.user().equals("pbx");
        from.send("NOTIFY", "Event: refer\r\nSubscription-State: " + state + "\r\n" + (fromPbx ? USER_AGENT : ""),
                "message/sipfrag;version=2.0", fragment);
        SipMsg notify = to.expect("NOTIFY");
        check(flow, notify.body().startsWith("SIP/2.0 "), "the sipfrag NOTIFY arrived without its status line: "
                + notify.body());
        to.answer(notify, 200, "OK", fromPbx ? "" : SERVER, "", "");
        SipMsg ok = from.finalResponse("NOTIFY");
        check(flow, ok.status() == 200, "the NOTIFY got " + ok.firstLine());
    }

    private void referFromPbx(String flow) throws Exception {
        try (SipPeer pbx = pbx(); SipPeer phone = phone("alice")) {
            Call call = establish(flow, phone, pbx, "200");
            call.pbx().send("REFER", "Refer-To: <sip:500@" + PBX_NAME + ":" + PBX_PORT + ";user=phone?X-Origin="
                    + PBX + ">\r\nReferred-By: \"Reception\" <sip:200@" + PBX_NAME + ">;cid=\"200@" + PBX + "\"\r\n"
                    + INNER_VIA + USER_AGENT + IDENTITY, "", "");
            SipMsg refer = call.phone().expect("REFER");
            check(flow, SipMsg.user(SipMsg.uri(refer.header("Refer-To"))).equals("500"),
                    "the REFER reached the phone without its target user 500: " + refer.lines("Refer-To"));
            call.phone().answer(refer, 202, "Accepted", "", "", "");
            SipMsg accepted = call.pbx().finalResponse("REFER");
            check(flow, accepted.status() == 202, "the PBX's REFER got " + accepted.firstLine());
            notifySipfrag(flow, call.phone(), call.pbx(), "terminated;reason=noresource", "SIP/2.0 200 OK\r\n");
            phoneHangsUp(flow, call);
        }
    }

    private static final Pattern REPLACES = Pattern.compile("(?i)[?&]Replaces=([^&>]+)");

    private void attendedTransfer(String flow) throws Exception {
        try (SipPeer pbx = pbx(); SipPeer phone = phone("alice")) {
            Call first = establish(flow, phone, pbx, "201");
            Call second = establish(flow, phone, pbx, "202");
            String replaces = escape(second.phone().callId) + "%3Bto-tag%3D" + escape(second.phone().remoteTag)
                    + "%3Bfrom-tag%3D" + escape(second.phone().localTag);
            first.phone().send("REFER", "Refer-To: <sip:202@" + OUTSIDE + "?Replaces=" + replaces + ">\r\n"
                    + "Referred-By: <sip:alice@" + OUTSIDE + ">\r\n", "", "");
            SipMsg refer = first.pbx().expect("REFER");
            Matcher m = REPLACES.matcher(refer.header("Refer-To"));
            if (!m.find()) {
                check(flow, false, "the REFER reached the PBX without Replaces: " + refer.lines("Refer-To"));
            } else {
                String[] fields = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8).split(";");
                String toTag = "";
                String fromTag = "";
                for (String field : fields) {
                    if (field.strip().startsWith("to-tag=")) {
                        toTag = field.strip().substring(7);
                    } else if (field.strip().startsWith("from-tag=")) {
                        fromTag = field.strip().substring(9);
                    }
                }
                String expected = second.pbx().callId + ";to-tag=" + second.pbx().localTag + ";from-tag="
                        + second.pbx().remoteTag;
                String actual = fields[0].strip() + ";to-tag=" + toTag + ";from-tag=" + fromTag;
                check(flow, actual.equals(expected), "Replaces must name the second call's inside dialog "
                        + expected + ", but the PBX got " + actual + " in " + refer.lines("Refer-To"));
            }
            first.pbx().answer(refer, 202, "Accepted", SERVER, "", "");
            SipMsg accepted = first.phone().finalResponse("REFER");
            check(flow, accepted.status() == 202, "the REFER got " + accepted.firstLine());
            notifySipfrag(flow, first.pbx(), first.phone(), "terminated;reason=noresource",
                    "SIP/2.0 200 OK\r\nContact: <sip:202@" + PBX_NAME + ">\r\n");
            pbxHangsUp(flow, first);
            pbxHangsUp(flow, second);
        }
    }

    private static String escape(String value) {
        return value.replace("%", "%25").replace("@", "%40").replace(";", "%3B").replace("=", "%3D");
    }

    private void registerThenCallFromPbx(String flow) throws Exception {
        try (SipPeer pbx = pbx(); SipPeer phone = phone("alice")) {
            String cid = callId(flow);
            String aor = "<sip:alice@" + OUTSIDE + ">";
            SipMsg registered = register(phone, pbx, cid, 1, aor, 60);
            check(flow, registered.status() == 200, "REGISTER got " + registered.firstLine());
            // The PBX calls the contact the SBC registered for the phone.
            SipDialog callerAtPbx = SipDialog.uac(pbx, "1-" + ProcessHandle.current().pid() + "@" + PBX,
                    "sip:200@" + PBX_NAME, "sip:alice@" + PBX_NAME, contactAtPbx);
            callerAtPbx.send("INVITE", INNER_VIA + RR_IN_REQUEST + USER_AGENT + IDENTITY + ALERT_INFO, "application/sdp",
                    PBX_SDP);
            SipMsg invite = phone.expectRequest("INVITE");
            SipDialog callee = SipDialog.uas(phone, invite, "phone" + Long.toHexString(System.nanoTime()));
            callee.answer(invite, 180, "Ringing", "", "", "");
            callee.answer(invite, 200, "OK", "", "application/sdp", phoneSdp(phone));
            SipMsg ok = callerAtPbx.finalResponse("INVITE");
            check(flow, ok.status() == 200, "the PBX's call to the registered phone got " + ok.firstLine());
            callerAtPbx.confirm(ok);
            callerAtPbx.ack(callerAtPbx.cseq);
            callee.expect("ACK");
            pbxHangsUp(flow, new Call(callee, callerAtPbx));
            SipMsg unregistered = register(phone, pbx, cid, 2, aor, 0);
            check(flow, unregistered.status() == 200, "un-REGISTER got " + unregistered.firstLine());
        }
    }

    private String contactAtPbx;

    /** One REGISTER through the SBC, answered 200 by the PBX with its inside names in every header it can. */
    private SipMsg register(SipPeer phone, SipPeer pbx, String callId, int cseq, String aor, int expires)
            throws Exception {
        phone.send("REGISTER sip:" + OUTSIDE + ":5060 SIP/2.0\r\n" + phone.via() + "\r\nMax-Forwards: 70\r\n"
                + "From: " + aor + ";tag=reg" + cseq + "\r\nTo: " + aor + "\r\nCall-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\nContact: " + phone.contact() + "\r\nExpires: " + expires + "\r\n"
                + "Content-Length: 0\r\n\r\n");
        SipMsg register = pbx.expectRequest("REGISTER");
        contactAtPbx = register.contactUri();
        pbx.send(pbx.response(register, 200, "OK", "pbxreg", "Contact: <" + contactAtPbx + ">;expires=" + expires + "\r\n"
                + "P-Associated-URI: <sip:alice@" + PBX_NAME + ">\r\nService-Route: <sip:" + PBX + ":" + PBX_PORT
                + ";lr>, <sip:orig@proxy." + PBX_NAME + ";lr>\r\nPath: <sip:edge." + PBX_NAME + ";lr>\r\n"
                + SERVER + WARNING + "Expires: " + expires + "\r\n", "", ""));
        return phone.expectFinal("REGISTER");
    }

    private void subscribeNotify(String flow) throws Exception {
        try (SipPeer pbx = pbx(); SipPeer phone = phone("alice")) {
            SipDialog watcher = SipDialog.uac(phone, callId(flow), "sip:alice@" + OUTSIDE, "sip:200@" + OUTSIDE,
                    "sip:200@" + OUTSIDE + ":5060");
            watcher.send("SUBSCRIBE", "Event: dialog\r\nAccept: application/dialog-info+xml\r\nExpires: 60\r\n", "", "");
            SipMsg subscribe = pbx.expectRequest("SUBSCRIBE");
            SipDialog notifier = SipDialog.uas(pbx, subscribe, "pbxsub");
            if (subscribe.contactUri().isEmpty()) {
                check(flow, false, "the SUBSCRIBE reached the PBX without a Contact (RFC 6665 §4.1.1: the notifier"
                        + " sends its NOTIFYs there): " + subscribe.head().replace("\r\n", " | "));
                notifier.remoteTarget = "sip:" + INSIDE + ":" + INSIDE_PORT; // where it came from, to go on
            }
            notifier.answer(subscribe, 200, "OK", RR_IN_RESPONSE + SERVER + WARNING + "Expires: 60\r\n", "", "");
            SipMsg ok = watcher.finalResponse("SUBSCRIBE");
            check(flow, ok.status() == 200, "SUBSCRIBE got " + ok.firstLine());
            check(flow, !ok.contactUri().isEmpty(), "the 200 to the SUBSCRIBE reached the phone without a Contact"
                    + " (RFC 6665 §4.1.2.1): " + ok.head().replace("\r\n", " | "));
            watcher.confirm(ok);
            notify(flow, notifier, watcher, "active;expires=60", "application/dialog-info+xml", dialogInfo());
            watcher.send("SUBSCRIBE", "Event: dialog\r\nExpires: 0\r\n", "", "");
            SipMsg unsubscribe = notifier.expect("SUBSCRIBE");
            notifier.answer(unsubscribe, 200, "OK", SERVER + "Expires: 0\r\n", "", "");
            SipMsg done = watcher.finalResponse("SUBSCRIBE");
            check(flow, done.status() == 200, "the un-SUBSCRIBE got " + done.firstLine());
            notify(flow, notifier, watcher, "terminated;reason=timeout", "application/pidf+xml", pidf());
        }
    }

    /** The same XML bodies as the subscription's NOTIFYs, in requests that ride an established call. */
    private void presenceBodiesInCall(String flow) throws Exception {
        try (SipPeer pbx = pbx(); SipPeer phone = phone("alice")) {
            Call call = establish(flow, phone, pbx, "200");
            for (String[] request : List.of(new String[] {"MESSAGE", "application/pidf+xml", pidf()},
                    new String[] {"INFO", "application/dialog-info+xml", dialogInfo()})) {
                call.pbx().send(request[0], USER_AGENT + INNER_VIA + IDENTITY, request[1], request[2]);
                SipMsg got = call.phone().expect(request[0]);
                check(flow, got.body().contains("<"), "the " + request[0] + " arrived without its body");
                call.phone().answer(got, 200, "OK", "", "", "");
                SipMsg ok = call.pbx().finalResponse(request[0]);
                check(flow, ok.status() == 200, "the PBX's " + request[0] + " got " + ok.firstLine());
            }
            phoneHangsUp(flow, call);
        }
    }

    private static String dialogInfo() {
        return "<?xml version=\"1.0\"?>\r\n<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\""
                + " version=\"0\" state=\"full\" entity=\"sip:200@" + PBX_NAME + "\">\r\n"
                + "<dialog id=\"d1\" call-id=\"42@" + PBX + "\" direction=\"recipient\"><state>confirmed</state>"
                + "<local><identity>sip:200@" + PBX_NAME + "</identity><target uri=\"sip:200@" + PBX + ":"
                + PBX_PORT + "\"/></local><remote><identity>sip:100@" + PBX_NAME + "</identity></remote></dialog>\r\n"
                + "</dialog-info>\r\n";
    }

    private static String pidf() {
        return "<?xml version=\"1.0\"?>\r\n<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"pres:200@"
                + PBX_NAME + "\">\r\n<tuple id=\"" + PBX_NAME + "\"><status><basic>closed</basic></status>"
                + "<contact>sip:200@" + PBX + ":" + PBX_PORT + "</contact></tuple>\r\n</presence>\r\n";
    }

    private void notify(String flow, SipDialog notifier, SipDialog watcher, String state, String type, String body)
            throws Exception {
        notifier.send("NOTIFY", "Event: dialog\r\nSubscription-State: " + state + "\r\n" + USER_AGENT + INNER_VIA, type, body);
        SipMsg notify;
        try {
            notify = watcher.expect("NOTIFY");
        } catch (IOException e) {
            String atPbx;
            try {
                atPbx = "the PBX's NOTIFY was answered " + notifier.finalResponse("NOTIFY").firstLine();
            } catch (IOException none) {
                atPbx = "the PBX's NOTIFY got no final response either";
            }
            throw new AssertionError("the PBX's NOTIFY in the subscription dialog never reached the phone ("
                    + atPbx + "); " + e.getMessage(), e);
        }
        check(flow, notify.body().contains("<"), "the NOTIFY arrived without its body");
        watcher.answer(notify, 200, "OK", "", "", "");
        SipMsg ok = notifier.finalResponse("NOTIFY");
        check(flow, ok.status() == 200, "the NOTIFY got " + ok.firstLine());
    }

    private void options(String flow) throws Exception {
        try (SipPeer pbx = pbx(); SipPeer phone = phone("alice")) {
            SipDialog asker = SipDialog.uac(phone, callId(flow), "sip:alice@" + OUTSIDE, "sip:200@" + OUTSIDE,
                    "sip:200@" + OUTSIDE + ":5060");
            asker.send("OPTIONS", "Accept: application/sdp\r\n", "", "");
            SipMsg options = pbx.expectRequest("OPTIONS");
            pbx.send(pbx.response(options, 200, "OK", "pbxopt", "Allow: INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, OPTIONS\r\n"
                    + "Accept: application/sdp, message/sipfrag\r\nContact: <sip:200@" + PBX_NAME + ":" + PBX_PORT + ">\r\n"
                    + SERVER + WARNING + IDENTITY, "", ""));
            SipMsg ok = asker.finalResponse("OPTIONS");
            check(flow, ok.status() == 200, "OPTIONS got " + ok.firstLine());
            check(flow, ok.header("Allow").contains("INVITE"), "the PBX's Allow did not reach the phone: " + ok.head());
        }
    }

    private void errors(String flow) throws Exception {
        try (SipPeer pbx = pbx(); SipPeer phone = phone("alice")) {
            for (String status : List.of("404 Not Found", "500 Server Internal Error", "603 Decline",
                    "503 Service Unavailable")) {
                int code = Integer.parseInt(status.substring(0, 3));
                SipDialog caller = SipDialog.uac(phone, callId(flow), "sip:alice@" + phone.ip, "sip:200@" + OUTSIDE,
                        "sip:200@" + OUTSIDE + ":5060");
                caller.send("INVITE", "", "application/sdp", phoneSdp(phone));
                SipMsg invite = pbx.expectRequest("INVITE");
                String retryAfter = code == 503 ? "Retry-After: 120 (maintenance on " + PBX_NAME + ")\r\n" : "";
                pbx.send(pbx.response(invite, code, status.substring(4), "pbx" + code, SERVER + WARNING + ERROR_INFO
                        + REASON + IDENTITY + retryAfter, "", ""));
                pbx.expectRequest("ACK");
                SipMsg answer = caller.finalResponse("INVITE");
                check(flow, answer.status() == code, "the PBX's " + code + " reached the phone as " + answer.firstLine());
                if (code == 503) {
                    check(flow, !answer.header("Retry-After").isEmpty(), "the PBX's 503 lost its Retry-After: "
                            + answer.head());
                }
                phone.send(SipPeer.ackFor(new SipMsg(caller.request("INVITE", caller.cseq, answer.lines("Via").get(0),
                        "", "", "")), answer));
            }
        }
    }
}
