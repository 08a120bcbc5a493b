package org.sbc.core.config.yaml;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.util.List;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.YamlMapping;

/** Lists of networks ({@code 192.0.2.0/24}, {@code 2001:db8::/32}, a bare address), parsed as IP literals, never names. */
public final class NetworkList {

    /** Bounds {@code security.trusted} and {@code security.allow}. */
    public static final int MAX_ENTRIES = 1_024;

    private NetworkList() {}

    /** The networks under {@code key}, at most {@link #MAX_ENTRIES}; bad entries are reported. */
    public static CidrSet read(YamlMapping section, String key, ConfigErrors errors) {
        return CidrSet.of(section.items(key, MAX_ENTRIES, "192.0.2.0/24", NetworkList::parsePrefix).orElse(List.of()));
    }

    public static IpPrefix parsePrefix(String text) throws InvalidValueException {
        return IpPrefix.parse(text).orElseThrow(() -> new InvalidValueException("bad network " + quote(text)
                + " (expected: an IP literal or ADDRESS/LENGTH with no host bits set, e.g. 192.0.2.0/24)"));
    }
}
