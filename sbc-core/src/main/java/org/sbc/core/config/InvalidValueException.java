package org.sbc.core.config;

/**
 * A scalar that does not parse. Carries only the message; the caller knows the node and path
 * and turns it into a {@link ConfigError}.
 */
final class InvalidValueException extends Exception {

    InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
