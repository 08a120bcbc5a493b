package org.sbc.core.e2e;

import java.io.IOException;
import java.util.regex.Pattern;
import org.sbc.core.edge.auth.DigestAlgorithm;
import org.sbc.core.edge.auth.DigestComputation;

/**
 * REGISTER from a {@link SipPeer} through the SBC, answering the registrar's challenge with real
 * digest credentials (MD5, RFC 7616 §3.4), as a phone does. The registrar tests need what sipp
 * cannot give them: a registration and a call on one TCP connection, a connection that stays
 * idle or goes away when the test says so, refreshes from a new port with the same contact.
 */
final class DigestPhone {

    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");
    private static final Pattern REALM = Pattern.compile("realm=\"([^\"]+)\"");
    private static final Pattern QOP = Pattern.compile("qop=\"?([a-z,-]+)");

    private DigestPhone() {}

    /**
     * Registers {@code phone.user()@domain} with {@code contact} (a whole Contact value, e.g.
     * {@code <sip:bob@127.0.61.30:5099>}) and CSeq {@code cseq} (the retry takes the next);
     * the final status.
     */
    static int register(SipPeer phone, String domain, String password, String callId, int cseq, String contact,
            int expires) throws IOException, InterruptedException {
        phone.send(register(phone, domain, callId, cseq, contact, expires, ""));
        SipMsg answer = phone.expectFinal("REGISTER");
        if (answer.status() == 401 || answer.status() == 407) {
            phone.send(register(phone, domain, callId, cseq + 1, contact, expires,
                    authorization(answer, phone.user(), password, domain)));
            answer = phone.expectFinal("REGISTER");
        }
        return answer.status();
    }

    private static String register(SipPeer phone, String domain, String callId, int cseq, String contact,
            int expires, String authorization) {
        String aor = "sip:" + phone.user() + "@" + domain;
        return "REGISTER sip:" + domain + " SIP/2.0\r\n"
                + phone.via() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <" + aor + ">;tag=" + callId + "\r\n"
                + "To: <" + aor + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: " + contact + "\r\n"
                + "Expires: " + expires + "\r\n"
                + authorization
                + "User-Agent: digest-phone/1.0\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String authorization(SipMsg challenge, String user, String password, String domain) {
        String text = challenge.head();
        String nonce = SipStream.find(text, NONCE);
        String realm = SipStream.find(text, REALM);
        String qop = SipStream.find(text, QOP);
        String uri = "sip:" + domain;
        String ha1 = DigestComputation.ha1(DigestAlgorithm.MD5, user, realm, password);
        String header = (challenge.status() == 407 ? "Proxy-Authorization" : "Authorization")
                + ": Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\""
                + uri + "\", algorithm=MD5";
        if (qop != null && qop.contains("auth")) {
            String cnonce = Long.toHexString(System.nanoTime());
            String response = DigestComputation.response(DigestAlgorithm.MD5, ha1, nonce, "00000001", cnonce,
                    "REGISTER", uri);
            return header + ", qop=auth, nc=00000001, cnonce=\"" + cnonce + "\", response=\"" + response + "\"\r\n";
        }
        String ha2 = DigestComputation.hash(DigestAlgorithm.MD5, "REGISTER:" + uri);
        return header + ", response=\"" + DigestComputation.hash(DigestAlgorithm.MD5, ha1 + ":" + nonce + ":" + ha2)
                + "\"\r\n";
    }
}
