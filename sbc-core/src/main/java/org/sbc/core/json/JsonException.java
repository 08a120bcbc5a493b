package org.sbc.core.json;

/** JSON that is malformed or not what the reader expected; never carries the input itself. */
public final class JsonException extends Exception {

    public JsonException(String message) {
        super(message, null, false, false);
    }
}
