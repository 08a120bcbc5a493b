package org.sbc.policies.yaml;

/** A scalar that does not parse; the message is the bad value first, then what was expected. */
public final class InvalidValueException extends Exception {

    public InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
