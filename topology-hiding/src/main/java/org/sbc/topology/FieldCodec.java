package org.sbc.topology;

import java.util.List;
import java.util.Optional;

/** A compact, strictly checked encoding of a short list of strings: what a dialog mapping is. */
public final class FieldCodec {

    public static final int MAX_FIELDS = 32;
    public static final int MAX_FIELD_BYTES = 2_048;

    private FieldCodec() {}

    public static byte[] encode(List<String> fields) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Empty for anything {@link #encode} could not have produced. */
    public static Optional<List<String>> decode(byte[] bytes) {
        throw new UnsupportedOperationException("not yet");
    }
}
