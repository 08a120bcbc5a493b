package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One entry of {@code security.events.syslog}: where to send security events and how.
 *
 * @param address an IP literal and port: the collector is reached without DNS
 * @param appName RFC 5424 APP-NAME, 1..48 printable US-ASCII characters
 * @param caFile TLS only, required: PEM certificates the collector's certificate must chain to.
 *     There is no "trust anything" switch: an unauthenticated TLS sink is a plaintext sink that
 *     looks safe.
 * @param certFile TLS only: PEM client certificate (chain), for collectors that require one
 * @param keyFile TLS only: the client certificate's unencrypted PKCS#8 PEM key; with certFile
 * @param serverName TLS only: the name the collector's certificate must carry; without it the
 *     certificate must name the IP address itself
 */
public record SyslogSinkConfig(
        SyslogTransport transport,
        InetSocketAddress address,
        PayloadFormat format,
        SyslogFacility facility,
        String appName,
        Optional<Path> caFile,
        Optional<Path> certFile,
        Optional<Path> keyFile,
        Optional<String> serverName) {

    public static final SyslogFacility DEFAULT_FACILITY = SyslogFacility.AUTHPRIV;
    public static final String DEFAULT_APP_NAME = "sbc";
    /** RFC 5424 §6: APP-NAME = NILVALUE / 1*48PRINTUSASCII. */
    public static final int MAX_APP_NAME_CHARS = 48;

    public SyslogSinkConfig {
        requireNonNull(transport, "transport");
        requireNonNull(address, "address");
        requireNonNull(format, "format");
        requireNonNull(facility, "facility");
        requireNonNull(appName, "appName");
        requireNonNull(caFile, "caFile");
        requireNonNull(certFile, "certFile");
        requireNonNull(keyFile, "keyFile");
        requireNonNull(serverName, "serverName");
        if (!isPrintUsAscii(appName, MAX_APP_NAME_CHARS)) {
            throw new IllegalArgumentException("app_name: '" + appName + "' (expected: 1.." + MAX_APP_NAME_CHARS
                    + " printable US-ASCII characters, no spaces)");
        }
        boolean tls = transport == SyslogTransport.TLS;
        if (tls && caFile.isEmpty()) {
            throw new IllegalArgumentException("ca_file: missing (expected: a PEM CA file for transport tls)");
        }
        if (!tls && (caFile.isPresent() || certFile.isPresent() || keyFile.isPresent() || serverName.isPresent())) {
            throw new IllegalArgumentException("transport: " + transport.word()
                    + " with TLS settings (expected: ca_file, cert_file, key_file, server_name only with tls)");
        }
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("cert_file: given without key_file or the other way round"
                    + " (expected: both or neither)");
        }
    }

    /** A plain sink with the default facility and app name; for tests and programmatic use. */
    public static SyslogSinkConfig of(SyslogTransport transport, InetSocketAddress address, PayloadFormat format) {
        return new SyslogSinkConfig(transport, address, format, DEFAULT_FACILITY, DEFAULT_APP_NAME,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** RFC 5424 PRINTUSASCII is %d33-126: no spaces, no controls. */
    static boolean isPrintUsAscii(String text, int maxChars) {
        return !text.isEmpty() && text.length() <= maxChars && text.chars().allMatch(c -> c >= 33 && c <= 126);
    }
}
