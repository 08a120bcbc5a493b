package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A SIP trunk on the outside: where requests from the PBX go when their Request-URI names the
 * trunk's host, or when its user part starts with one of the trunk's prefixes.
 *
 * @param target the trunk's address, in the same form as {@code inside.pbx}
 * @param tls how its TLS client certificate identifies a request from it; empty: by address only
 */
public record Trunk(String name, PbxTarget target, List<String> prefixes, Optional<TrunkTls> tls) {

    public Trunk {
        requireNonNull(name, "name");
        requireNonNull(target, "target");
        prefixes = List.copyOf(prefixes);
        requireNonNull(tls, "tls");
    }

    public Trunk(String name, PbxTarget target, List<String> prefixes) {
        this(name, target, prefixes, Optional.empty());
    }
}
