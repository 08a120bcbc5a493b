package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A phone on one TCP connection: registers, then answers the call the PBX sends back over that
 * same connection (sipp cannot register and then take a new call on one TCP socket). Minimal on
 * purpose: it speaks only the messages of the register-then-call flow.
 */
final class TcpPhone implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String localIp;
    private final int localPort;
    private final String sbc;

    TcpPhone(String localIp, InetSocketAddress sbc) throws IOException {
        this.socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
        socket.connect(sbc, 2_000);
        socket.setSoTimeout(15_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.localIp = localIp;
        this.localPort = socket.getLocalPort();
        this.sbc = sbc.getAddress().getHostAddress() + ":" + sbc.getPort();
    }

    /** REGISTER, the digest retry after the PBX's 401, and the final 200. */
    void register(String callId, int expires) throws IOException {
        send(register(callId, 1, expires, ""));
        String challenge = read();
        assertTrue(challenge.startsWith("SIP/2.0 401"), challenge);
        String nonce = find(challenge, "nonce=\"([^\"]+)\"");
        send(register(callId, 2, expires, "Authorization: Digest username=\"alice\", realm=\"pbx.test\", nonce=\""
                + nonce + "\", uri=\"sip:" + sbc + "\", response=\"00000000000000000000000000000000\"\r\n"));
        String ok = read();
        assertTrue(ok.startsWith("SIP/2.0 200"), ok);
    }

    /** Takes the incoming INVITE, rings, answers, and then the ACK and the PBX's BYE. */
    void answerCall() throws IOException {
        String invite = read();
        assertTrue(invite.startsWith("INVITE "), invite);
        send(response(invite, "180 Ringing", ""));
        String sdp = "v=0\r\no=phone 1 1 IN IP4 " + localIp + "\r\ns=-\r\nc=IN IP4 " + localIp
                + "\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
        send(response(invite, "200 OK", sdp));
        String ack = read();
        assertTrue(ack.startsWith("ACK "), ack);
        String bye = read();
        assertTrue(bye.startsWith("BYE "), bye);
        send(response(bye, "200 OK", ""));
    }

    private String register(String callId, int cseq, int expires, String authorization) {
        return "REGISTER sip:" + sbc + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP " + localIp + ":" + localPort + ";branch=z9hG4bK" + callId + cseq + ";rport\r\n"
                + "From: <sip:alice@" + sbc + ">;tag=" + callId + "\r\n"
                + "To: <sip:alice@" + sbc + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:alice@" + localIp + ":" + localPort + ";transport=tcp>\r\n"
                + "Expires: " + expires + "\r\n" + authorization
                + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private String response(String request, String status, String body) {
        StringBuilder response = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
        for (String line : request.split("\r\n")) {
            String name = line.contains(":") ? line.substring(0, line.indexOf(':')) : "";
            if (name.equals("Via") || name.equals("From") || name.equals("Call-ID") || name.equals("CSeq")) {
                response.append(line).append("\r\n");
            } else if (name.equals("To")) {
                response.append(line).append(line.contains("tag=") ? "" : ";tag=phone1").append("\r\n");
            }
        }
        response.append("Contact: <sip:alice@").append(localIp).append(':').append(localPort).append(";transport=tcp>\r\n");
        if (!body.isEmpty()) {
            response.append("Content-Type: application/sdp\r\n");
        }
        return response.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body).toString();
    }

    private void send(String message) throws IOException {
        out.write(message.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private String read() throws IOException {
        return SipStream.read(in);
    }

    private static String find(String text, String regex) {
        return SipStream.find(text, Pattern.compile(regex));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
