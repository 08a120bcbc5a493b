package org.sbc.core.config;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;
import org.sbc.feeds.IpLiteral;
import org.sbc.policies.yaml.InvalidValueException;

/**
 * Parses {@code proto:address:port} listen entries and {@code address:port} socket addresses.
 * Addresses must be IP literals: a listener binds to an interface, and a name that resolves
 * differently tomorrow would silently move it.
 */
final class ListenAddressParser {

    static final String LISTEN_FORM = "proto:address:port, e.g. udp:127.0.0.1:5060";
    static final String SOCKET_FORM = "address:port, e.g. 127.0.0.1:8080 or \"[::1]:8080\"";

    /** Known transports the SBC does not speak yet get a clearer message than a typo does. */
    private static final Set<String> LATER_TRANSPORTS = Set.of("ws", "wss", "sctp");

    private ListenAddressParser() {}

    static ListenAddress parseListen(String text) throws InvalidValueException {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new InvalidValueException("bad listen entry " + quote(text) + " (expected: " + LISTEN_FORM + ")");
        }
        Transport transport = parseTransport(text.substring(0, colon));
        InetSocketAddress socket = parseSocketAddress(text.substring(colon + 1), LISTEN_FORM);
        return new ListenAddress(transport, socket.getAddress(), socket.getPort());
    }

    static InetSocketAddress parseSocketAddress(String text) throws InvalidValueException {
        return parseSocketAddress(text, SOCKET_FORM);
    }

    static Transport parseTransport(String text) throws InvalidValueException {
        Optional<Transport> transport = Transport.parse(text);
        if (transport.isPresent()) {
            return transport.get();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (LATER_TRANSPORTS.contains(lower)) {
            throw new InvalidValueException("transport " + lower + " is not supported yet (expected: udp, tcp, tls)");
        }
        throw new InvalidValueException("unknown transport " + quote(text) + " (expected: udp, tcp, tls)");
    }

    /** Decimal 1..65535; a long digit string is reported as out of range rather than overflowing. */
    static int parsePort(String text) throws InvalidValueException {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("bad port " + quote(text) + " (expected: 1..65535)");
        }
        long port = text.length() > 9 ? Long.MAX_VALUE : Long.parseLong(text);
        if (port < 1 || port > 65535) {
            String shown = text.length() > 9 ? quote(text) : Long.toString(port);
            throw new InvalidValueException("port " + shown + " out of range (expected: 1..65535)");
        }
        return (int) port;
    }

    private static InetSocketAddress parseSocketAddress(String text, String form) throws InvalidValueException {
        int portColon;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            portColon = close < 0 ? -1 : close + 1;
            if (portColon < 0 || portColon >= text.length() || text.charAt(portColon) != ':') {
                String address = close < 0 ? text : text.substring(0, close + 1);
                parseAddress(address);
                throw new InvalidValueException("missing port after " + quote(address) + " (expected: " + form + ")");
            }
        } else {
            portColon = text.lastIndexOf(':');
            if (portColon < 0) {
                parseAddress(text);
                throw new InvalidValueException("missing port after " + quote(text) + " (expected: " + form + ")");
            }
        }
        InetAddress address = parseAddress(text.substring(0, portColon));
        return new InetSocketAddress(address, parsePort(text.substring(portColon + 1)));
    }

    private static InetAddress parseAddress(String text) throws InvalidValueException {
        Optional<InetAddress> address = IpLiteral.parseUriHost(text);
        if (address.isPresent()) {
            return address.get();
        }
        String hint = text.indexOf(':') >= 0 && !text.startsWith("[") ? "; IPv6 goes in brackets, e.g. [::1]" : "";
        throw new InvalidValueException(
                "bad address " + quote(text) + " (expected: an IPv4 or [IPv6] literal" + hint + ")");
    }
}
