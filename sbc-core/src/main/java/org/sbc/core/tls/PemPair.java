package org.sbc.core.tls;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** A PEM certificate chain file and the file of its private key. */
public record PemPair(Path certificate, Path key) {

    public PemPair {
        requireNonNull(certificate, "certificate");
        requireNonNull(key, "key");
    }
}
