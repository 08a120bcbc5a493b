package org.sbc.core.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted SIP party on a real loopback socket (UDP, or one TCP connection it opened), for
 * flows with more than one dialog that sipp cannot play. It sends what the test writes and
 * hands back what arrives; messages that arrive before the test waits for them are kept, so
 * the order of independent messages (a 202 and a NOTIFY) does not matter.
 */
final class SipPeer implements AutoCloseable {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^(?:Content-Length|l)\\s*:\\s*(\\d+)");
    private static final AtomicInteger BRANCHES = new AtomicInteger();

    private final DatagramSocket udp;
    private final Socket tcp;
    private final OutputStream tcpOut;
    private final InetSocketAddress remote;
    private final BlockingQueue<SipMsg> inbox = new LinkedBlockingQueue<>();
    private final List<SipMsg> pending = new ArrayList<>();
    private final List<SipMsg> received = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final String user;
    final String ip;
    final int port;

    private SipPeer(String user, DatagramSocket udp, Socket tcp, InetSocketAddress remote) throws IOException {
        this.user = user;
        this.udp = udp;
        this.tcp = tcp;
        this.remote = remote;
        this.tcpOut = tcp == null ? null : tcp.getOutputStream();
        InetSocketAddress local = (InetSocketAddress) (udp != null ? udp.getLocalSocketAddress() : tcp.getLocalSocketAddress());
        this.ip = local.getAddress().getHostAddress();
        this.port = local.getPort();
        Thread reader = new Thread(udp != null ? this::readUdp : this::readTcp, "sip-peer-" + user + "@" + ip);
        reader.setDaemon(true);
        reader.start();
    }

    /** A party on UDP {@code ip:port} that sends everything to {@code remote}. */
    static SipPeer udp(String user, String ip, int port, InetSocketAddress remote) throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
        return new SipPeer(user, socket, null, remote);
    }

    /** A party on one TCP connection from {@code ip} to {@code remote}. */
    static SipPeer tcp(String user, String ip, InetSocketAddress remote) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(ip), 0));
        socket.connect(remote, 2_000);
        return new SipPeer(user, null, socket, remote);
    }

    static SipPeer phone(String transport, String user, String ip, InetSocketAddress sbc) throws IOException {
        return transport.equals("tcp") ? tcp(user, ip, sbc) : udp(user, ip, 0, sbc);
    }

    String transport() {
        return udp != null ? "UDP" : "TCP";
    }

    String user() {
        return user;
    }

    /** The remote party as {@code ip:port}, for Request-URIs. */
    String remoteHostPort() {
        String address = remote.getAddress().getHostAddress();
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + remote.getPort();
    }

    /** This party's address as a SIP host: an IPv6 literal in brackets (RFC 3261 §25.1). */
    String host() {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
    }

    String contact() {
        return "<sip:" + user + "@" + host() + ":" + port + (tcp != null ? ";transport=tcp" : "") + ">";
    }

    String via() {
        return "Via: SIP/2.0/" + transport() + " " + host() + ":" + port + ";branch=z9hG4bK-" + user + "-"
                + BRANCHES.incrementAndGet() + ";rport";
    }

    synchronized void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (udp != null) {
            udp.send(new DatagramPacket(bytes, bytes.length, remote));
        } else {
            tcpOut.write(bytes);
            tcpOut.flush();
        }
    }

    /** The first message (kept or arriving within 5 s) that {@code what} accepts. */
    SipMsg expect(String description, Predicate<SipMsg> what) throws IOException, InterruptedException {
        Optional<SipMsg> found = poll(what, Duration.ofSeconds(5));
        if (found.isEmpty()) {
            List<String> heads;
            synchronized (received) {
                heads = received.stream().map(SipMsg::head).toList();
            }
            throw new IOException(user + "@" + ip + " waited 5 s in vain for " + description
                    + "; everything it received:\n" + String.join("\n----\n", heads));
        }
        return found.get();
    }

    /** The first message (kept or arriving within {@code within}) that {@code what} accepts. */
    Optional<SipMsg> poll(Predicate<SipMsg> what, Duration within) throws InterruptedException {
        for (Iterator<SipMsg> it = pending.iterator(); it.hasNext(); ) {
            SipMsg kept = it.next();
            if (what.test(kept)) {
                it.remove();
                return Optional.of(kept);
            }
        }
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            SipMsg next = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return Optional.empty();
            }
            if (what.test(next)) {
                return Optional.of(next);
            }
            pending.add(next);
        }
    }

    /** True once the remote end has closed this party's TCP connection, within {@code within}. */
    boolean closedByRemote(Duration within) throws InterruptedException {
        return closed.await(within.toNanos(), TimeUnit.NANOSECONDS);
    }

    SipMsg expectRequest(String method) throws IOException, InterruptedException {
        return expect("a " + method, m -> m.isRequest(method));
    }

    /** The final response to {@code method} (provisional ones are skipped). */
    SipMsg expectFinal(String method) throws IOException, InterruptedException {
        return expect("a final response to " + method, m -> !m.isRequest() && m.status() >= 200
                && m.cseqMethod().equals(method));
    }

    SipMsg expectResponse(int status, String method) throws IOException, InterruptedException {
        return expect("a " + status + " to " + method, m -> m.isResponse(status, method));
    }

    /** Forgets what arrived but was never asked for (retransmissions, provisional responses). */
    void drain() {
        pending.clear();
        inbox.clear();
    }

    /**
     * A response to {@code request}: its Vias, Record-Routes, From, To (with {@code toTag} when
     * it has none), Call-ID and CSeq, this party's Contact, then {@code extra} header lines.
     */
    String response(SipMsg request, int status, String reason, String toTag, String extra, String contentType,
            String body) {
        StringBuilder out = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String line : request.lines("Via")) {
            out.append(line).append("\r\n");
        }
        if (status > 100 && status < 300) {
            for (String line : request.lines("Record-Route")) {
                out.append(line).append("\r\n");
            }
        }
        out.append("From: ").append(request.header("From")).append("\r\n");
        String to = request.header("To");
        out.append("To: ").append(to).append(request.toTag().isEmpty() && status > 100 ? ";tag=" + toTag : "")
                .append("\r\n");
        out.append("Call-ID: ").append(request.callId()).append("\r\n");
        out.append("CSeq: ").append(request.header("CSeq")).append("\r\n");
        if (status > 100 && status < 300 && !extra.contains("Contact:")) {
            out.append("Contact: ").append(contact()).append("\r\n");
        }
        return out.append(extra).append(bodyPart(contentType, body)).toString();
    }

    static String bodyPart(String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return (body.isEmpty() ? "" : "Content-Type: " + contentType + "\r\n") + "Content-Length: " + bytes.length
                + "\r\n\r\n" + body;
    }

    /** An INVITE without a body from this party as {@code user()@fromDomain} to {@code requestUri}, a Call-ID of its own. */
    SipMsg invite(String requestUri, String fromDomain) {
        String callId = "call-" + Long.toHexString(System.nanoTime());
        return new SipMsg("INVITE " + requestUri + " SIP/2.0\r\n"
                + via() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + fromDomain + ">;tag=" + callId + "\r\n"
                + "To: <" + requestUri + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: " + contact() + "\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    /**
     * {@code caller} calls {@code requestUri}; {@code callee} gets the INVITE and answers 486
     * Busy Here, which must reach the caller, whose ACK must reach the callee.
     */
    static void callAndGetBusy(SipPeer caller, SipPeer callee, String requestUri, String fromDomain)
            throws IOException, InterruptedException {
        SipMsg invite = caller.invite(requestUri, fromDomain);
        caller.send(invite.text());
        SipMsg incoming = callee.expectRequest("INVITE");
        callee.send(callee.response(incoming, 486, "Busy Here", "busy", "", "", ""));
        SipMsg answer = caller.expectFinal("INVITE");
        caller.send(ackFor(invite, answer));
        if (answer.status() != 486) {
            throw new AssertionError("expected the callee's 486, got: " + answer.head());
        }
        callee.expectRequest("ACK");
    }

    /** An ACK for a non-2xx final response (same branch as the INVITE, RFC 3261 §17.1.1.3). */
    static String ackFor(SipMsg invite, SipMsg response) {
        return "ACK " + invite.requestUri() + " SIP/2.0\r\n" + invite.lines("Via").get(0) + "\r\n"
                + "From: " + invite.header("From") + "\r\nTo: " + response.header("To") + "\r\n"
                + "Call-ID: " + invite.callId() + "\r\nCSeq: " + invite.cseq() + " ACK\r\n"
                + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    /** The CANCEL of {@code invite} (same branch and Request-URI). */
    static String cancelFor(SipMsg invite) {
        return "CANCEL " + invite.requestUri() + " SIP/2.0\r\n" + invite.lines("Via").get(0) + "\r\n"
                + "From: " + invite.header("From") + "\r\nTo: " + invite.header("To") + "\r\n"
                + "Call-ID: " + invite.callId() + "\r\nCSeq: " + invite.cseq() + " CANCEL\r\n"
                + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private void readUdp() {
        byte[] buffer = new byte[65_535];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                return;
            }
            String text = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                arrived(new SipMsg(text));
            }
        }
    }

    private void readTcp() {
        try {
            InputStream in = tcp.getInputStream();
            while (true) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    if (head.size() == 0 && (b == '\r' || b == '\n')) {
                        continue; // keep-alive CRLFs
                    }
                    head.write(b);
                    matched = (b == '\r' || b == '\n') && (matched % 2 == 0 ? b == '\r' : b == '\n') ? matched + 1 : 0;
                }
                String headers = head.toString(StandardCharsets.UTF_8);
                Matcher m = CONTENT_LENGTH.matcher(headers);
                byte[] body = in.readNBytes(m.find() ? Integer.parseInt(m.group(1)) : 0);
                arrived(new SipMsg(headers + new String(body, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            // closed
        } finally {
            closed.countDown();
        }
    }

    /** Keeps a message once: a retransmission (the same bytes again, over UDP) is logged, not delivered twice. */
    private void arrived(SipMsg message) {
        synchronized (received) {
            boolean again = received.contains(message);
            received.add(message);
            if (again) {
                return;
            }
        }
        inbox.add(message);
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        } else {
            tcp.close();
        }
    }
}
