package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A phone that calls over TCP and hangs up over a new connection, as a phone does when the SBC
 * it called through went away and another node took over its address (sipp cannot: it gives up
 * on the broken connection). Minimal on purpose: INVITE, ACK, BYE.
 */
final class TcpCaller implements AutoCloseable {

    private final String localIp;
    private final InetSocketAddress sbc;
    private final String callId = "tcp-caller-" + System.nanoTime();
    private final String fromTag = "caller" + System.nanoTime() % 100_000;
    private Socket socket;
    private String to;
    private String remoteTarget;

    TcpCaller(String localIp, InetSocketAddress sbc) throws IOException {
        this.localIp = localIp;
        this.sbc = sbc;
        connect();
    }

    /** INVITE, the provisional answers, the 200 (whose To and Contact make the dialog), then the ACK. */
    void call() throws IOException {
        String sdp = "v=0\r\no=phone 1 1 IN IP4 " + localIp + "\r\ns=-\r\nc=IN IP4 " + localIp
                + "\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        String target = "sip:service@" + sbc.getAddress().getHostAddress() + ":" + sbc.getPort();
        send(request("INVITE " + target, 1, "INVITE", "To: <" + target + ">",
                "Contact: <sip:phone@" + localIp + ":" + socket.getLocalPort() + ";transport=tcp>\r\n"
                        + "Content-Type: application/sdp\r\n", sdp));
        String answer = read();
        while (answer.matches("(?s)SIP/2\\.0 1\\d\\d .*")) {
            answer = read();
        }
        assertTrue(answer.startsWith("SIP/2.0 200"), "the INVITE was not answered with 200:\n" + answer);
        to = "To: " + find(answer, "(?m)^To:\\s*(.+?)\\r?$");
        remoteTarget = find(answer, "(?m)^Contact:\\s*<([^>]+)>");
        send(request("ACK " + remoteTarget, 1, "ACK", to, "", ""));
    }

    /** Drops the connection (the SBC node it went to is gone) and opens a new one to the same address. */
    void reconnect() throws IOException {
        socket.close();
        connect();
    }

    /** Sends the BYE and returns the status line of the final answer. */
    String hangUp() throws IOException {
        send(request("BYE " + remoteTarget, 2, "BYE", to, "", ""));
        String answer = read();
        while (answer.matches("(?s)SIP/2\\.0 1\\d\\d .*")) {
            answer = read();
        }
        return answer.substring(0, answer.indexOf("\r\n"));
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
        socket.connect(sbc, 2_000);
        socket.setSoTimeout(15_000);
    }

    private String request(String requestLine, int cseq, String method, String toHeader, String extra, String body) {
        return requestLine + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP " + localIp + ":" + socket.getLocalPort() + ";branch=z9hG4bK" + callId + method
                + ";rport\r\n"
                + "From: <sip:phone@" + localIp + ">;tag=" + fromTag + "\r\n"
                + toHeader + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Max-Forwards: 70\r\n" + extra
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private void send(String message) throws IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private String read() throws IOException {
        return SipStream.read(socket.getInputStream());
    }

    private static String find(String text, String regex) {
        return SipStream.find(text, Pattern.compile(regex));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
