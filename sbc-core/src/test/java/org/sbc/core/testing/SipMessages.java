package org.sbc.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds SIP messages as wire bytes. Starts from a valid message and lets a test change one
 * thing: a header, the start line, the body. {@link #body} also sets Content-Length; set the
 * header afterwards to make them disagree.
 */
public final class SipMessages {

    /** The branch of the default Via; tests that need a second transaction change it. */
    public static final String BRANCH = "z9hG4bK-test-1";

    private String startLine;
    private final List<String[]> headers = new ArrayList<>();
    private String body = "";

    private SipMessages(String startLine) {
        this.startLine = startLine;
    }

    /** A valid OPTIONS to the SBC's listen address, sent from 192.0.2.1:5062 with rport. */
    public static SipMessages options() {
        return new SipMessages("OPTIONS sip:127.0.0.1:5060 SIP/2.0")
                .add("Via", "SIP/2.0/UDP 192.0.2.1:5062;branch=" + BRANCH + ";rport")
                .add("Max-Forwards", "70")
                .add("From", "<sip:probe@192.0.2.1>;tag=from-1")
                .add("To", "<sip:127.0.0.1>")
                .add("Call-ID", "call-1@192.0.2.1")
                .add("CSeq", "1 OPTIONS")
                .add("Content-Length", "0");
    }

    /** A valid request of {@code method} to {@code requestUri}, otherwise like {@link #options()}. */
    public static SipMessages request(String method, String requestUri) {
        return options().method(method).requestUri(requestUri);
    }

    /** A valid 200 OK to an OPTIONS, as a UAS would send it back. */
    public static SipMessages response() {
        return new SipMessages("SIP/2.0 200 OK")
                .add("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=" + BRANCH)
                .add("From", "<sip:sbc@127.0.0.1>;tag=from-1")
                .add("To", "<sip:pbx@127.0.0.1>;tag=to-1")
                .add("Call-ID", "call-1@127.0.0.1")
                .add("CSeq", "1 OPTIONS")
                .add("Content-Length", "0");
    }

    public SipMessages startLine(String line) {
        this.startLine = line;
        return this;
    }

    /** Changes the method in both the request line and CSeq. */
    public SipMessages method(String method) {
        String[] parts = startLine.split(" ", 2);
        startLine = method + " " + parts[1];
        return header("CSeq", "1 " + method);
    }

    public SipMessages requestUri(String uri) {
        String[] parts = startLine.split(" ");
        startLine = parts[0] + " " + uri + " " + parts[2];
        return this;
    }

    /** Replaces every header named {@code name} (case-insensitive) with one, kept in place. */
    public SipMessages header(String name, String value) {
        int first = -1;
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i)[0].equalsIgnoreCase(name)) {
                if (first >= 0) {
                    headers.remove(first);
                }
                first = i;
            }
        }
        if (first < 0) {
            return add(name, value);
        }
        headers.set(first, new String[] {name, value});
        return this;
    }

    /** Appends a header line, even if one of that name exists. */
    public SipMessages add(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    /** A header line written exactly as given, colon or not. */
    public SipMessages line(String raw) {
        headers.add(new String[] {raw, null});
        return this;
    }

    public SipMessages without(String name) {
        headers.removeIf(h -> h[0].equalsIgnoreCase(name));
        return this;
    }

    public SipMessages body(String body) {
        this.body = body;
        return header("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
    }

    public String text() {
        StringBuilder text = new StringBuilder(startLine).append("\r\n");
        for (String[] header : headers) {
            text.append(header[0]);
            if (header[1] != null) {
                text.append(": ").append(header[1]);
            }
            text.append("\r\n");
        }
        return text.append("\r\n").append(body).toString();
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }
}
