package org.sbc.core.events.syslog;

/** Carries finished syslog messages to one collector. */
interface MessageSender extends AutoCloseable {

    /**
     * Sends or buffers {@code message} without waiting on the network; false when it was lost
     * at once (send error, buffer full), so that the caller counts it.
     */
    boolean send(byte[] message);

    @Override
    void close();
}
