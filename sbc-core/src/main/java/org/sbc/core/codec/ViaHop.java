package org.sbc.core.codec;

import java.util.Optional;

/**
 * One Via header value as the SBC needs it.
 *
 * @param port the sent-by port; -1 when the Via names none
 * @param rport whether the sender asked for {@code rport} (RFC 3581)
 */
public record ViaHop(String transport, String host, int port, boolean rport, Optional<String> branch) {}
