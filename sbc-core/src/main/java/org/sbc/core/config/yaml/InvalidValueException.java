package org.sbc.core.config.yaml;

/**
 * A scalar that does not parse. Carries only the message; the caller knows the node and path
 * and turns it into a {@link ConfigError}.
 */
public final class InvalidValueException extends Exception {

    public InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
