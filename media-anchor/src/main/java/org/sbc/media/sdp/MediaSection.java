package org.sbc.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One media description (RFC 8866 §5.14): its {@code m=} line, split, and the lines under it.
 *
 * @param media audio, video, ...
 * @param port the m= port; 0 is a declined stream (RFC 3264 §6)
 * @param proto RTP/AVP, RTP/SAVP, ...
 * @param formats the payload types, as written
 * @param lines everything after the m= line up to the next one
 */
public record MediaSection(String media, int port, String proto, String formats, List<String> lines) {

    private static final Set<String> RTP_PROFILES = Set.of("RTP/AVP", "RTP/AVPF", "RTP/SAVP", "RTP/SAVPF");
    private static final String CRYPTO = "a=crypto:";

    public MediaSection {
        lines = List.copyOf(lines);
    }

    static Optional<MediaSection> of(String mLine, List<String> lines) {
        String[] fields = mLine.substring(2).split(" ", 4);
        if (fields.length < 3) {
            return Optional.empty();
        }
        String portField = fields[1];
        int slash = portField.indexOf('/');
        // m=audio 49170/2 ...: a port count, which the anchor does not offer back.
        String digits = slash < 0 ? portField : portField.substring(0, slash);
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int port = Integer.parseInt(digits);
        if (port > 65535) {
            return Optional.empty();
        }
        return Optional.of(new MediaSection(fields[0], port, fields[2], fields.length > 3 ? fields[3] : "", lines));
    }

    public boolean declined() {
        return port == 0;
    }

    /** RTP over UDP, the profiles the relay carries and can secure: RTP/AVP, RTP/AVPF, RTP/SAVP, RTP/SAVPF. */
    public boolean rtp() {
        return RTP_PROFILES.contains(proto.toUpperCase(Locale.ROOT));
    }

    /**
     * A secure profile (RFC 3711 RTP/SAVP, RFC 5124 RTP/SAVPF) or any other that names one, such
     * as DTLS-SRTP's UDP/TLS/RTP/SAVP: the peer will not talk plain RTP on it.
     */
    public boolean secure() {
        return proto.toUpperCase(Locale.ROOT).contains("SAVP");
    }

    /**
     * This stream's RTP profile with or without SRTP ({@code RTP/AVP} ↔ {@code RTP/SAVP},
     * {@code RTP/AVPF} ↔ {@code RTP/SAVPF}), feedback kept; any other proto as written.
     */
    public String proto(boolean secured) {
        if (!rtp()) {
            return proto;
        }
        boolean feedback = proto.toUpperCase(Locale.ROOT).endsWith("F");
        return "RTP/" + (secured ? "SAVP" : "AVP") + (feedback ? "F" : "");
    }

    /**
     * The RTP clock rate of the stream's first format (the one the sender prefers): from its
     * {@code a=rtpmap}, else the static payload types of RFC 3551 §6. Empty when neither says.
     */
    public OptionalInt clockRate() {
        String first = formats.isEmpty() ? "" : formats.split(" ", 2)[0];
        if (first.isEmpty() || first.length() > 3 || !first.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        String prefix = "a=rtpmap:" + first + " ";
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                String[] encoding = line.substring(prefix.length()).split("/");
                if (encoding.length >= 2 && !encoding[1].isEmpty() && encoding[1].length() <= 6
                        && encoding[1].chars().allMatch(Character::isDigit)) {
                    return OptionalInt.of(Integer.parseInt(encoding[1]));
                }
                return OptionalInt.empty();
            }
        }
        return switch (Integer.parseInt(first)) {
            case 0, 3, 4, 5, 7, 8, 9, 12, 13, 15, 18 -> OptionalInt.of(8_000);
            case 6 -> OptionalInt.of(16_000);
            case 10, 11 -> OptionalInt.of(44_100);
            case 14, 25, 26, 28, 31, 32, 33, 34 -> OptionalInt.of(90_000);
            default -> OptionalInt.empty();
        };
    }

    /** The values of this stream's {@code a=crypto:} lines (RFC 4568), in order of preference. */
    public List<String> cryptoValues() {
        List<String> values = new ArrayList<>();
        for (String line : lines) {
            if (line.regionMatches(true, 0, CRYPTO, 0, CRYPTO.length())) {
                values.add(line.substring(CRYPTO.length()));
            }
        }
        return values;
    }

    /** This section's own {@code c=} address, if it has one. */
    public Optional<String> connection() {
        return connectionIn(lines);
    }

    /** {@code a=rtcp-mux} (RFC 5761): RTCP shares the RTP port. */
    public boolean rtcpMux() {
        return lines.contains("a=rtcp-mux");
    }

    /** The port of {@code a=rtcp:PORT ...} (RFC 3605), if present. */
    public Optional<Integer> rtcpPort() {
        for (String line : lines) {
            if (line.startsWith("a=rtcp:")) {
                String value = line.substring(7);
                int end = value.indexOf(' ');
                String digits = end < 0 ? value : value.substring(0, end);
                if (!digits.isEmpty() && digits.length() <= 5 && digits.chars().allMatch(Character::isDigit)) {
                    int port = Integer.parseInt(digits);
                    return port <= 65535 ? Optional.of(port) : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The address of the first {@code c=IN IP4|IP6 ADDRESS} line among {@code lines}. */
    static Optional<String> connectionIn(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("c=")) {
                String[] fields = line.substring(2).split(" ");
                if (fields.length == 3 && fields[0].equals("IN")) {
                    String address = fields[2];
                    int slash = address.indexOf('/');
                    return Optional.of(slash < 0 ? address : address.substring(0, slash));
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
