package org.sbc.core.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sbc.feeds.IpLiteral;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.YamlErrors;
import org.sbc.policies.yaml.YamlMapping;

/** Reads the {@code media:} section (stage 1 field checks; the range's shape is one field). */
final class MediaSectionReader {

    static final List<String> KEYS = List.of("anchor", "ports", "latching", "relatch", "timeout_seconds", "max_sessions",
            "max_sessions_per_source", "threads", "outside", "inside");
    private static final List<String> SIDE_KEYS = List.of("srtp", "address", "advertise");
    private static final String ADDRESS_FORM = "an IPv4 or IPv6 address of this host, e.g. 192.0.2.10 or 2001:db8::10";
    private static final String SRTP_FORM = "required, optional or off";
    private static final String PORTS_FORM = "FIRST-LAST, e.g. 20000-39999, within 1024..65535";

    private record PortRange(int min, int max) {}

    private MediaSectionReader() {}

    static MediaConfig read(Optional<YamlMapping> section) {
        MediaConfig d = MediaConfig.DEFAULT;
        if (section.isEmpty()) {
            return d;
        }
        YamlMapping s = section.get();
        boolean anchor = s.bool("anchor").map(Located::value).orElse(d.anchor());
        PortRange ports = s.parsed("ports", PORTS_FORM, MediaSectionReader::ports).map(Located::value)
                .orElse(new PortRange(d.portMin(), d.portMax()));
        MediaConfig.Latching latching = s.parsed("latching", "latch or strict", MediaSectionReader::latching)
                .map(Located::value).orElse(d.latching());
        MediaConfig.Relatch relatch = s.parsed("relatch", "ssrc or never", MediaSectionReader::relatch)
                .map(Located::value).orElse(d.relatch());
        int timeout = s.integer("timeout_seconds", 1, 86_400).map(Located::value).orElse(d.timeoutSeconds());
        int maxSessions = s.integer("max_sessions", 1, 1_000_000).map(Located::value).orElse(d.maxSessions());
        int perSource = s.integer("max_sessions_per_source", 1, 1_000_000).map(Located::value)
                .orElse(d.maxSessionsPerSource());
        int threads = s.integer("threads", 0, 64).map(Located::value).orElse(d.threads());
        MediaConfig.MediaSide outside = side(s.mapping("outside", SIDE_KEYS), d.outside());
        MediaConfig.MediaSide inside = side(s.mapping("inside", SIDE_KEYS), d.inside());
        return new MediaConfig(anchor, ports.min(), ports.max(), latching, relatch, timeout, maxSessions, perSource,
                threads, outside, inside);
    }

    private static MediaConfig.MediaSide side(Optional<YamlMapping> section, MediaConfig.MediaSide fallback) {
        if (section.isEmpty()) {
            return fallback;
        }
        YamlMapping side = section.get();
        MediaConfig.SrtpPolicy srtp = side.parsed("srtp", SRTP_FORM, MediaSectionReader::srtpPolicy)
                .map(Located::value).orElse(fallback.srtp());
        Optional<InetAddress> address = side.parsed("address", ADDRESS_FORM, MediaSectionReader::address)
                .map(Located::value);
        Optional<InetAddress> advertise = side.parsed("advertise", ADDRESS_FORM, MediaSectionReader::address)
                .map(Located::value);
        return new MediaConfig.MediaSide(srtp, address, advertise);
    }

    /** An IP literal that names one host: no DNS (the SDP must carry an address), no wildcard, no multicast. */
    private static InetAddress address(String text) throws InvalidValueException {
        Optional<InetAddress> parsed = IpLiteral.parse(text);
        if (parsed.isEmpty() || parsed.get().isAnyLocalAddress() || parsed.get().isMulticastAddress()) {
            throw new InvalidValueException(YamlErrors.quote(text) + " (expected: " + ADDRESS_FORM + ")");
        }
        return parsed.get();
    }

    private static MediaConfig.SrtpPolicy srtpPolicy(String text) throws InvalidValueException {
        for (MediaConfig.SrtpPolicy policy : MediaConfig.SrtpPolicy.values()) {
            if (policy.name().toLowerCase(Locale.ROOT).equals(text)) {
                return policy;
            }
        }
        throw new InvalidValueException(YamlErrors.quote(text) + " (expected: " + SRTP_FORM + ")");
    }

    private static PortRange ports(String text) throws InvalidValueException {
        int dash = text.indexOf('-');
        if (dash > 0 && dash < text.length() - 1 && text.chars().filter(c -> c == '-').count() == 1
                && text.chars().allMatch(c -> c == '-' || Character.isDigit(c)) && text.length() <= 11) {
            int min = Integer.parseInt(text.substring(0, dash));
            int max = Integer.parseInt(text.substring(dash + 1));
            if (min >= 1024 && max <= 65535 && max >= min + 3) {
                return new PortRange(min, max);
            }
        }
        throw new InvalidValueException(YamlErrors.quote(text) + " (expected: " + PORTS_FORM
                + ", room for two RTP/RTCP pairs)");
    }

    private static MediaConfig.Relatch relatch(String text) throws InvalidValueException {
        for (MediaConfig.Relatch rule : MediaConfig.Relatch.values()) {
            if (rule.name().toLowerCase(Locale.ROOT).equals(text)) {
                return rule;
            }
        }
        throw new InvalidValueException(YamlErrors.quote(text) + " (expected: ssrc or never)");
    }

    private static MediaConfig.Latching latching(String text) throws InvalidValueException {
        for (MediaConfig.Latching mode : MediaConfig.Latching.values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(text)) {
                return mode;
            }
        }
        throw new InvalidValueException(YamlErrors.quote(text) + " (expected: latch or strict)");
    }
}
