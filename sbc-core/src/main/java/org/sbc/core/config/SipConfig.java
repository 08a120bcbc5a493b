package org.sbc.core.config;

import java.util.List;
import java.util.Optional;

/**
 * SIP identity of the SBC.
 *
 * @param serverHeader the Server header on responses the SBC itself generates; empty (the
 *     default) sends none, so a scanner cannot read the product or its version from an answer
 * @param aliases host names (beyond the listen addresses) that the SBC treats as itself
 */
public record SipConfig(Optional<String> serverHeader, List<String> aliases) {

    public static final SipConfig DEFAULT = new SipConfig(Optional.empty(), List.of());

    public SipConfig {
        aliases = List.copyOf(aliases);
    }
}
