package org.sbc.core.codec;

import java.util.Locale;
import java.util.Map;

/**
 * One Authorization or Proxy-Authorization header (RFC 7616 §3.4): its scheme and its
 * parameters, unquoted, keyed by lower-case name. Attacker text throughout: whoever reads it
 * bounds and checks it.
 */
public record Credentials(String scheme, Map<String, String> parameters) {

    public Credentials {
        parameters = Map.copyOf(parameters);
    }

    /** The value of parameter {@code name}, or {@code null}. */
    public String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }
}
