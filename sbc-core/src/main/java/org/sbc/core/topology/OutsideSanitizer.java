package org.sbc.core.topology;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.sbc.core.codec.HeaderNameMap;
import org.sbc.core.config.TopologyConfig;
import org.sbc.core.media.CallMedia;
import org.sbc.topology.scrub.InsideNames;
import org.sbc.topology.scrub.SdpRewriter;
import org.sbc.topology.scrub.SipfragRewriter;

/**
 * The last thing every message to the outside passes, on its encoded bytes: headers outside the
 * allow-list are dropped, every inside name left in a header or body is replaced by the
 * outside host, SDP names the SBC, a sipfrag keeps only its start line, and a body of a type
 * that cannot be read as text is dropped. Working on the bytes (not on JAIN-SIP objects) means
 * no code path that builds a message can go around it.
 */
public final class OutsideSanitizer {

    /** One leg's own headers, made by the SBC for this leg: nothing to translate, only to check. */
    private static final Set<String> LEG_OWN = Set.of("via", "call-id", "cseq", "max-forwards", "rack", "rseq");
    /** Address headers of this leg that may still hold a name the far leg gave (From/To display). */
    private static final Set<String> LEG_ADDRESSES = Set.of("from", "to", "contact", "route", "record-route");
    private static final Set<String> TEXT_TYPES = Set.of("application/sdp", "message/sipfrag",
            "application/pidf+xml", "application/dialog-info+xml", "application/simple-message-summary",
            "application/dtmf-relay", "application/xpidf+xml", "application/rlmi+xml", "application/json",
            "application/xml", "application/watcherinfo+xml", "application/reginfo+xml", "multipart/mixed",
            "multipart/related", "multipart/alternative");

    /** RFC 3261 §7.3.3 compact forms, so a compact header is judged like its long name. */
    private static final Map<String, String> COMPACT = Map.ofEntries(
            Map.entry("v", "via"), Map.entry("f", "from"), Map.entry("t", "to"),
            Map.entry("i", "call-id"), Map.entry("m", "contact"),
            Map.entry("c", "content-type"), Map.entry("l", "content-length"),
            Map.entry("e", "content-encoding"), Map.entry("k", "supported"),
            Map.entry("s", "subject"), Map.entry("o", "event"),
            Map.entry("r", "refer-to"), Map.entry("b", "referred-by"),
            Map.entry("u", "allow-events"), Map.entry("x", "session-expires"));

    /**
     * The SBC's own Warnings (CallRelay: code 399, agent "sbc", a text of
     * {@link CallMedia#WARNINGS}), e.g. why a 488 refused an offer under the SRTP policy. A far
     * end's Warning never gets here (RelayHeaders does not copy it), and one that did would not
     * match: only these exact values cross, whatever outside_headers says.
     */
    private static final Set<String> OWN_WARNINGS = CallMedia.WARNINGS.stream()
            .map(text -> "399 sbc \"" + text + "\"").collect(Collectors.toUnmodifiableSet());

    /** What becomes of a header line: its name decides, in whatever case it is written. */
    private enum Kind { LEG_OWN, WARNING, SCRUBBED, CONTENT_TYPE, CONTENT_ENCODING, CONTENT_LENGTH, DROPPED }

    private final InsideNames inside;
    private final Set<String> allowed;
    private final boolean rewriteSdp;
    /** Each name this sanitizer knows, found in the message in any case without a copy of it. */
    private final HeaderNameMap<Kind> kinds;

    public OutsideSanitizer(InsideNames inside, TopologyConfig config) {
        this.inside = inside;
        this.allowed = Set.copyOf(config.outsideHeaders());
        this.rewriteSdp = config.sdp() == TopologyConfig.SdpHandling.REWRITE;
        this.kinds = kinds(allowed);
    }

    private static HeaderNameMap<Kind> kinds(Set<String> allowed) {
        Map<String, Kind> kinds = new HashMap<>();
        for (String name : allowed) {
            kinds.put(name, Kind.SCRUBBED);
        }
        for (String name : LEG_ADDRESSES) {
            kinds.put(name, Kind.SCRUBBED);
        }
        kinds.put("warning", Kind.WARNING);
        for (String name : LEG_OWN) {
            kinds.put(name, Kind.LEG_OWN);
        }
        kinds.put("content-type", Kind.CONTENT_TYPE);
        kinds.put("content-encoding", Kind.CONTENT_ENCODING);
        kinds.put("content-length", Kind.CONTENT_LENGTH);
        COMPACT.forEach((compact, name) -> kinds.put(compact, kinds.getOrDefault(name, Kind.DROPPED)));
        return HeaderNameMap.of(kinds);
    }

    /**
     * The kind of the header whose name {@code text} holds from {@code start} to {@code end}.
     * ASCII letters fold; the text is the encoded message read as Latin-1, where no other
     * character lower-cases to an ASCII one, so this is the kind of the lower-cased name.
     */
    private Kind kindOf(String text, int start, int end) {
        Kind kind = kinds.get(text, start, end);
        return kind != null ? kind : Kind.DROPPED;
    }

    public InsideNames insideNames() {
        return inside;
    }

    /**
     * {@code message} as it may be sent to the outside, naming {@code outsideHost} wherever it
     * named the inside; empty when something inside would still show (the caller drops it).
     *
     * <p>A line that crosses unchanged is copied as bytes from {@code message}; only what is
     * scrubbed or rewritten becomes text of its own (with no inside names configured, nothing in
     * the head does), since this runs on every message to the outside.
     */
    public Optional<byte[]> sanitize(byte[] message, String outsideHost) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return Optional.empty();
        }
        String contentType = null;
        String contentEncoding = null;
        Latin1Bytes head = Latin1Bytes.forThisThread(message.length + 64);
        int lineEnd = text.indexOf("\r\n");
        // The reason phrase is the far end's text and may name it.
        head.text(inside.scrub(text.substring(0, lineEnd), outsideHost)).crlf();
        while (lineEnd < headerEnd) {
            int start = lineEnd + 2;
            lineEnd = text.indexOf("\r\n", start);
            int colon = text.indexOf(':', start);
            if (colon <= start || colon > lineEnd) {
                return Optional.empty(); // JAIN-SIP never writes this; do not guess
            }
            int nameStart = firstNonBlank(text, start, colon);
            Kind kind = kindOf(text, nameStart, endOfNonBlank(text, nameStart, colon));
            if (kind == Kind.DROPPED || kind == Kind.CONTENT_LENGTH) {
                continue;
            }
            int valueStart = firstNonBlank(text, colon + 1, lineEnd);
            int valueEnd = endOfNonBlank(text, valueStart, lineEnd);
            if (kind == Kind.WARNING) {
                // Only the SBC's own Warnings cross as written; any other is an allowed header or none.
                kind = OWN_WARNINGS.contains(text.substring(valueStart, valueEnd)) ? Kind.LEG_OWN
                        : allowed.contains("warning") ? Kind.SCRUBBED : Kind.DROPPED;
            }
            switch (kind) {
                case CONTENT_TYPE -> contentType = text.substring(valueStart, valueEnd);
                case CONTENT_ENCODING -> contentEncoding = text.substring(valueStart, valueEnd);
                case LEG_OWN -> head.bytes(message, start, lineEnd).crlf();
                case SCRUBBED -> {
                    head.bytes(message, start, colon).text(": ");
                    if (inside.isEmpty()) {
                        head.bytes(message, valueStart, valueEnd);
                    } else {
                        head.text(inside.scrub(text.substring(valueStart, valueEnd), outsideHost));
                    }
                    head.crlf();
                }
                default -> { } // a Warning that is neither ours nor allowed
            }
        }
        // A compressed body cannot be read, so it cannot be checked: it does not cross.
        boolean encoded = contentEncoding != null && !contentEncoding.equalsIgnoreCase("identity");
        int bodyStart = headerEnd + 4;
        String cleanBody = bodyStart == text.length() || encoded ? ""
                : body(text.substring(bodyStart), contentType, outsideHost);
        byte[] bodyBytes = cleanBody.getBytes(StandardCharsets.ISO_8859_1);
        if (bodyBytes.length > 0) {
            head.text("Content-Type: ").text(contentType).crlf();
        }
        head.text("Content-Length: ").text(Integer.toString(bodyBytes.length)).crlf().crlf().bytes(bodyBytes);
        if (!inside.isEmpty() && inside.appearsIn(head.asText())) {
            return Optional.empty();
        }
        return Optional.of(head.toByteArray());
    }

    /** Where {@code text} from {@code from} to {@code to} starts once stripped as {@link String#strip()} strips. */
    private static int firstNonBlank(String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        return from;
    }

    /** Where {@code text} from {@code from} to {@code to} ends once stripped as {@link String#strip()} strips. */
    private static int endOfNonBlank(String text, int from, int to) {
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private String body(String body, String contentType, String outsideHost) {
        if (contentType == null) {
            return "";
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        String bare = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        if (bare.equals("application/sdp")) {
            String address = outsideHost.startsWith("[") ? outsideHost.substring(1, outsideHost.length() - 1)
                    : outsideHost;
            String sdp = rewriteSdp ? SdpRewriter.rewrite(body, address) : body;
            return inside.scrub(sdp, outsideHost);
        }
        if (bare.equals("message/sipfrag")) {
            return inside.scrub(SipfragRewriter.startLineOnly(body), outsideHost);
        }
        if (TEXT_TYPES.contains(bare) || bare.startsWith("text/")) {
            return inside.scrub(body, outsideHost);
        }
        return ""; // a type we cannot read (binary ISUP, say) could carry anything
    }
}
