package org.sbc.core.events.syslog;

import java.io.IOException;
import java.net.Socket;

/** Opens a ready-to-write connection to the collector: plain TCP, or TLS after its handshake. */
@FunctionalInterface
interface Connector {

    Socket connect() throws IOException;
}
