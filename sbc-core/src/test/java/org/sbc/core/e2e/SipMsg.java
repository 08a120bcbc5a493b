package org.sbc.core.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One SIP message as text, with just the accessors the scripted test peers need. */
record SipMsg(String text) {

    private static final Map<String, String> COMPACT = Map.ofEntries(
            Map.entry("i", "call-id"), Map.entry("f", "from"), Map.entry("t", "to"), Map.entry("m", "contact"),
            Map.entry("v", "via"), Map.entry("l", "content-length"), Map.entry("c", "content-type"),
            Map.entry("r", "refer-to"), Map.entry("b", "referred-by"), Map.entry("o", "event"),
            Map.entry("k", "supported"), Map.entry("u", "allow-events"), Map.entry("x", "session-expires"));
    private static final Pattern TAG = Pattern.compile(";\\s*tag=([^;>,\\s]+)");

    String firstLine() {
        int end = text.indexOf("\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    boolean isRequest() {
        return !text.startsWith("SIP/2.0 ");
    }

    String method() {
        return isRequest() ? firstLine().substring(0, firstLine().indexOf(' ')) : cseqMethod();
    }

    String requestUri() {
        String[] parts = firstLine().split(" ");
        return parts[1];
    }

    int status() {
        return isRequest() ? 0 : Integer.parseInt(firstLine().substring(8, 11));
    }

    boolean isResponse(int code, String method) {
        return !isRequest() && status() == code && cseqMethod().equals(method);
    }

    boolean isRequest(String method) {
        return isRequest() && method().equals(method);
    }

    String head() {
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    String body() {
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? "" : text.substring(end + 4);
    }

    /** Every header line ("Name: value") of one header, in order, compact forms included. */
    List<String> lines(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        String[] lines = head().split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String n = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (COMPACT.getOrDefault(n, n).equals(wanted)) {
                found.add(lines[i]);
            }
        }
        return found;
    }

    /** The value of the first such header, or "" when there is none. */
    String header(String name) {
        List<String> found = lines(name);
        return found.isEmpty() ? "" : found.get(0).substring(found.get(0).indexOf(':') + 1).strip();
    }

    String callId() {
        return header("Call-ID");
    }

    String fromTag() {
        return tag(header("From"));
    }

    String toTag() {
        return tag(header("To"));
    }

    int cseq() {
        return Integer.parseInt(header("CSeq").split("\\s+")[0]);
    }

    String cseqMethod() {
        return header("CSeq").split("\\s+")[1];
    }

    /** The URI of the first Contact, "" when there is none. */
    String contactUri() {
        return uri(header("Contact"));
    }

    static String tag(String nameAddr) {
        Matcher m = TAG.matcher(nameAddr.substring(Math.max(0, nameAddr.lastIndexOf('>'))));
        return m.find() ? m.group(1) : "";
    }

    static String uri(String nameAddr) {
        int lt = nameAddr.indexOf('<');
        if (lt >= 0) {
            return nameAddr.substring(lt + 1, nameAddr.indexOf('>', lt));
        }
        int semi = nameAddr.indexOf(';');
        return (semi < 0 ? nameAddr : nameAddr.substring(0, semi)).strip();
    }

    /** The user part of a SIP URI ("" when it has none). */
    static String user(String uri) {
        String rest = uri.replaceFirst("^sips?:", "");
        int at = rest.indexOf('@');
        return at < 0 ? "" : rest.substring(0, at);
    }

    @Override
    public String toString() {
        return text;
    }
}
