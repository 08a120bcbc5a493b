package org.sbc.core.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One dialog as a scripted {@link SipPeer} sees it (RFC 3261 §12): Call-ID, both tags, the
 * remote target and route set, and the local CSeq. Builds the in-dialog requests of the flows.
 */
final class SipDialog {

    final SipPeer peer;
    final String callId;
    final String localTag;
    final String localUri;
    final String remoteUri;
    String remoteTag = "";
    String remoteTarget;
    List<String> routes = List.of();
    int cseq;

    private SipDialog(SipPeer peer, String callId, String localTag, String localUri, String remoteUri,
            String remoteTarget, int cseq) {
        this.peer = peer;
        this.callId = callId;
        this.localTag = localTag;
        this.localUri = localUri;
        this.remoteUri = remoteUri;
        this.remoteTarget = remoteTarget;
        this.cseq = cseq;
    }

    /** A dialog this peer starts with a request to {@code requestUri}. */
    static SipDialog uac(SipPeer peer, String callId, String fromUri, String toUri, String requestUri) {
        return new SipDialog(peer, callId, "t" + Long.toHexString(System.nanoTime()), fromUri, toUri, requestUri, 0);
    }

    /** The callee's side of the dialog that {@code request} creates. */
    static SipDialog uas(SipPeer peer, SipMsg request, String localTag) {
        SipDialog dialog = new SipDialog(peer, request.callId(), localTag, SipMsg.uri(request.header("To")),
                SipMsg.uri(request.header("From")), request.contactUri(), 100);
        dialog.remoteTag = request.fromTag();
        dialog.routes = routes(request, false);
        return dialog;
    }

    /** Takes the remote tag, target and route set from a 2xx (or 1xx) to the request that made it. */
    SipDialog confirm(SipMsg response) {
        remoteTag = response.toTag();
        if (!response.contactUri().isEmpty()) {
            remoteTarget = response.contactUri();
        }
        routes = routes(response, true);
        return this;
    }

    private static List<String> routes(SipMsg message, boolean reverse) {
        List<String> found = new ArrayList<>();
        for (String line : message.lines("Record-Route")) {
            for (String entry : line.substring(line.indexOf(':') + 1).split(",(?=\\s*<)")) {
                found.add(entry.strip());
            }
        }
        if (reverse) {
            Collections.reverse(found);
        }
        return List.copyOf(found);
    }

    /** A new request in this dialog: {@code extra} is header lines ending in CRLF. */
    String request(String method, String extra, String contentType, String body) {
        cseq++;
        return request(method, cseq, peer.via(), extra, contentType, body);
    }

    String request(String method, int number, String via, String extra, String contentType, String body) {
        StringBuilder out = new StringBuilder(method).append(' ').append(remoteTarget).append(" SIP/2.0\r\n");
        out.append(via).append("\r\n");
        for (String route : routes) {
            out.append("Route: ").append(route).append("\r\n");
        }
        out.append("Max-Forwards: 70\r\n");
        out.append("From: <").append(localUri).append(">;tag=").append(localTag).append("\r\n");
        out.append("To: <").append(remoteUri).append('>').append(remoteTag.isEmpty() ? "" : ";tag=" + remoteTag)
                .append("\r\n");
        out.append("Call-ID: ").append(callId).append("\r\n");
        out.append("CSeq: ").append(number).append(' ').append(method).append("\r\n");
        if (!method.equals("BYE") && !method.equals("ACK") && !method.equals("CANCEL")) {
            out.append("Contact: ").append(peer.contact()).append("\r\n");
        }
        return out.append(extra).append(SipPeer.bodyPart(contentType, body)).toString();
    }

    /** The ACK of a 2xx to the INVITE with CSeq {@code inviteCseq} (a new transaction). */
    void ack(int inviteCseq) throws IOException {
        peer.send(request("ACK", inviteCseq, peer.via(), "", "", ""));
    }

    /** Sends {@code method} in this dialog; the answer comes with {@link #finalResponse}. */
    void send(String method, String extra, String contentType, String body) throws IOException {
        peer.send(request(method, extra, contentType, body));
    }

    /** The final response to the last request this dialog sent. */
    SipMsg finalResponse(String method) throws IOException, InterruptedException {
        int number = cseq;
        return peer.expect("the final response to " + method + " " + number + " in " + callId,
                m -> !m.isRequest() && m.status() >= 200 && m.cseqMethod().equals(method) && m.cseq() == number
                        && m.callId().equals(callId));
    }

    /** Waits for {@code method} in this dialog. */
    SipMsg expect(String method) throws IOException, InterruptedException {
        return peer.expect(method + " in " + callId, m -> m.isRequest(method) && m.callId().equals(callId));
    }

    /** Answers an in-dialog request with {@code status}. */
    void answer(SipMsg request, int status, String reason, String extra, String contentType, String body)
            throws IOException {
        peer.send(peer.response(request, status, reason, localTag, extra, contentType, body));
    }
}
