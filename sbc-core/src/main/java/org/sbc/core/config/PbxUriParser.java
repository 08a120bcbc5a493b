package org.sbc.core.config;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.util.Locale;
import org.sbc.core.config.yaml.HostNames;
import org.sbc.core.sip.Transport;
import org.sbc.feeds.IpLiteral;
import org.sbc.policies.yaml.InvalidValueException;

/**
 * Parses {@code inside.pbx} (and trunk addresses): {@code sip:HOST[:PORT][;transport=udp|tcp|tls]}, or
 * {@code sips:HOST[:PORT]} for TLS on 5061 by default. The host may be a DNS
 * name; it is checked for syntax only and resolved when a request is routed.
 */
final class PbxUriParser {

    static final String FORM = "sip:HOST[:PORT][;transport=udp|tcp|tls] or sips:HOST[:PORT]";
    private static final int DEFAULT_PORT = 5060;
    /** RFC 3261 §19.1.2: a sips URI without a port means 5061. */
    private static final int DEFAULT_TLS_PORT = 5061;

    private PbxUriParser() {}

    static PbxTarget parse(String uri) throws InvalidValueException {
        String lower = uri.toLowerCase(Locale.ROOT);
        boolean sips = lower.startsWith("sips:");
        if (!sips && !lower.startsWith("sip:")) {
            throw bad(uri);
        }
        String rest = uri.substring(sips ? "sips:".length() : "sip:".length());
        int semicolon = rest.indexOf(';');
        String hostPort = semicolon < 0 ? rest : rest.substring(0, semicolon);
        Transport transport = semicolon < 0 ? (sips ? Transport.TLS : Transport.UDP)
                : parseParameters(rest.substring(semicolon + 1));
        if (sips && transport != Transport.TLS) {
            throw new InvalidValueException("sips URI " + quote(uri) + " over " + transport.token().toLowerCase(Locale.ROOT)
                    + " (expected: a sips URI without transport, or with transport=tls: RFC 5630)");
        }

        String host;
        String portText;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw bad(uri);
            }
            host = hostPort.substring(1, close);
            if (IpLiteral.parseIpv6(host).isEmpty()) {
                throw badHost(hostPort.substring(0, close + 1));
            }
            portText = portAfter(uri, hostPort, close + 1);
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            if (host.isEmpty() || host.indexOf('@') >= 0) {
                throw bad(uri);
            }
            if (IpLiteral.parseIpv4(host).isEmpty() && !HostNames.isDnsName(host)) {
                throw badHost(host);
            }
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        int defaultPort = transport == Transport.TLS ? DEFAULT_TLS_PORT : DEFAULT_PORT;
        int port = portText == null ? defaultPort : ListenAddressParser.parsePort(portText);
        return new PbxTarget(uri, host, port, transport);
    }

    private static String portAfter(String uri, String hostPort, int index) throws InvalidValueException {
        if (index == hostPort.length()) {
            return null;
        }
        if (hostPort.charAt(index) != ':') {
            throw bad(uri);
        }
        return hostPort.substring(index + 1);
    }

    /** Only {@code transport} is meaningful for a next hop; anything else is likely a typo. */
    private static Transport parseParameters(String parameters) throws InvalidValueException {
        Transport transport = null;
        for (String parameter : parameters.split(";", -1)) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (!name.equalsIgnoreCase("transport") || equals < 0) {
                throw new InvalidValueException(
                        "unknown URI parameter " + quote(parameter) + " (expected: transport=udp|tcp|tls)");
            }
            if (transport != null) {
                throw new InvalidValueException(
                        "transport given twice in " + quote(parameters) + " (expected: one transport=udp|tcp|tls)");
            }
            transport = ListenAddressParser.parseTransport(parameter.substring(equals + 1));
        }
        return transport;
    }

    private static InvalidValueException bad(String uri) {
        return new InvalidValueException("bad PBX URI " + quote(uri) + " (expected: " + FORM + ")");
    }

    private static InvalidValueException badHost(String host) {
        return new InvalidValueException(
                "bad host " + quote(host) + " (expected: a DNS name, an IPv4 literal or an [IPv6] literal)");
    }
}
