package org.sbc.core.e2e;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for inside names, addresses and ports in what the SBC sent to the outside: as whole
 * tokens (never inside a longer token, so a random handle that happens to contain "5083" is
 * not a leak), percent-encoded, as hex bytes and as base64 at every alignment.
 */
final class LeakScanner {

    /** One SIP message the SBC sent, with when and to whom. */
    record Sent(long micros, String to, String protocol, String text) {}

    /** One forbidden token in one sent message. */
    record Leak(String rule, String match, String line, Sent message) {}

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^(?:Content-Length|l)\\s*:\\s*(\\d+)\\s*$");
    private static final Pattern PERCENT = Pattern.compile("%[0-9A-Fa-f]{2}");

    private final Map<String, Pattern> rules = new LinkedHashMap<>();

    /**
     * @param ips the inside IPv4 addresses, {@code ports} the inside ports, {@code domains} the inside
     *     names (each also forbidden with any subdomain)
     */
    LeakScanner(List<String> ips, List<String> ports, List<String> domains) {
        String before = "(?<![A-Za-z0-9+/_.-])";
        for (String ip : ips) {
            rules.put("inside address " + ip, Pattern.compile(before + Pattern.quote(ip) + "(?![A-Za-z0-9_]|\\.[0-9])"));
            StringBuilder hex = new StringBuilder();
            StringBuilder reversed = new StringBuilder();
            for (String octet : ip.split("\\.")) {
                String b = String.format("%02x", Integer.parseInt(octet));
                hex.append(b);
                reversed.insert(0, b);
            }
            StringBuilder portsHex = new StringBuilder();
            for (String port : ports) {
                portsHex.append('|').append(String.format("%04x", Integer.parseInt(port)));
            }
            for (String form : List.of(hex.toString(), reversed.toString())) { // network order, and little-endian
                rules.put("inside address " + ip + " as hex " + form, Pattern.compile(
                        "(?i)(?<![0-9a-z])" + form + "(?=[^0-9a-z]|$" + portsHex + ")"));
            }
            base64Rules(ip);
        }
        for (String port : ports) {
            rules.put("inside port :" + port, Pattern.compile(":" + port + "(?![0-9])"));
            rules.put("inside port " + port + " as a number", Pattern.compile(
                    "(?<![A-Za-z0-9+/_.:-])" + port + "(?![A-Za-z0-9+/_-]|\\.[0-9])"));
        }
        for (String domain : domains) {
            rules.put("inside name " + domain, Pattern.compile("(?i)(?<![A-Za-z0-9_-])(?:[a-z0-9-]+\\.)*"
                    + Pattern.quote(domain) + "(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])"));
            base64Rules(domain);
        }
    }

    /** The base64 (and base64url) of {@code name} at the three byte alignments, cut to the stable characters. */
    private void base64Rules(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            int skip = offset == 0 ? 0 : 4; // the first group mixes in what came before
            int stable = (shifted.length / 3) * 4; // whole groups only: the last one mixes in what follows
            if (stable - skip < 12) {
                continue;
            }
            String core = encoded.substring(skip, stable);
            rules.put("base64 of " + name + " (alignment " + offset + ")", Pattern.compile(Pattern.quote(core)));
            String url = core.replace('+', '-').replace('/', '_');
            if (!url.equals(core)) {
                rules.put("base64url of " + name + " (alignment " + offset + ")", Pattern.compile(Pattern.quote(url)));
            }
        }
    }

    List<Leak> scan(List<Sent> messages) {
        List<Leak> leaks = new ArrayList<>();
        for (Sent message : messages) {
            List<String> forms = new ArrayList<>(List.of(message.text()));
            String decoded = message.text();
            for (int round = 0; round < 3 && PERCENT.matcher(decoded).find(); round++) {
                decoded = percentDecode(decoded);
                forms.add(decoded);
            }
            for (Map.Entry<String, Pattern> rule : rules.entrySet()) {
                java.util.Set<String> lines = new java.util.HashSet<>();
                for (int i = 0; i < forms.size(); i++) {
                    String text = forms.get(i);
                    Matcher m = rule.getValue().matcher(text);
                    while (m.find()) {
                        int lineStart = text.lastIndexOf('\n', m.start()) + 1;
                        int lineEnd = text.indexOf('\r', m.start());
                        String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
                        if (lines.add(line) && (i == 0 || !message.text().contains(line))) {
                            leaks.add(new Leak(rule.getKey() + (i > 0 ? " (percent-decoded)" : ""), m.group(), line,
                                    message));
                        }
                    }
                }
            }
        }
        return leaks;
    }

    private static String percentDecode(String text) {
        Matcher m = PERCENT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(URLDecoder.decode(m.group(), StandardCharsets.ISO_8859_1)));
        }
        return m.appendTail(out).toString();
    }

    /** The SIP messages in the packets: one per UDP datagram, TCP streams framed by Content-Length. */
    static List<Sent> messages(List<PcapCapture.Packet> packets) {
        List<Sent> messages = new ArrayList<>();
        Map<String, StringBuilder> streams = new LinkedHashMap<>();
        Map<String, List<long[]>> streamTimes = new LinkedHashMap<>();
        for (PcapCapture.Packet packet : packets) {
            String to = packet.dst() + ":" + packet.dstPort();
            if (packet.protocol().equals("UDP")) {
                messages.add(new Sent(packet.micros(), to, "UDP", packet.text()));
                continue;
            }
            String key = packet.srcPort() + ">" + to;
            StringBuilder stream = streams.computeIfAbsent(key, k -> new StringBuilder());
            streamTimes.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {stream.length(), packet.micros()});
            stream.append(packet.text());
        }
        for (Map.Entry<String, StringBuilder> stream : streams.entrySet()) {
            String text = stream.getValue().toString();
            List<long[]> times = streamTimes.get(stream.getKey());
            String to = stream.getKey().substring(stream.getKey().indexOf('>') + 1);
            int at = 0;
            while (at < text.length()) {
                while (at < text.length() && (text.charAt(at) == '\r' || text.charAt(at) == '\n')) {
                    at++;
                }
                if (at >= text.length()) {
                    break;
                }
                int headEnd = text.indexOf("\r\n\r\n", at);
                int end;
                if (headEnd < 0) {
                    end = text.length();
                } else {
                    Matcher m = CONTENT_LENGTH.matcher(text.substring(at, headEnd));
                    end = Math.min(text.length(), headEnd + 4 + (m.find() ? Integer.parseInt(m.group(1)) : 0));
                }
                messages.add(new Sent(timeAt(times, at), to, "TCP", text.substring(at, end)));
                at = end;
            }
        }
        messages.sort(java.util.Comparator.comparingLong(Sent::micros));
        return messages;
    }

    private static long timeAt(List<long[]> times, int offset) {
        long micros = times.get(0)[1];
        for (long[] time : times) {
            if (time[0] <= offset) {
                micros = time[1];
            }
        }
        return micros;
    }
}
