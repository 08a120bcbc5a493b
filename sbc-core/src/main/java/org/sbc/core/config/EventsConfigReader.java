package org.sbc.core.config;

import static org.sbc.policies.yaml.YamlErrors.quote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.HostNames;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.tls.PemFiles;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.YamlMapping;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code security.events:}. Each syslog entry is checked as a whole here, since its rules
 * (TLS needs a CA, a client certificate needs its key) never reach outside the entry; the TLS
 * files are read and parsed now, so that {@code check-config} finds a bad file, not the first
 * connection attempt.
 */
final class EventsConfigReader {

    static final List<String> KEYS = List.of("log", "summary_interval_seconds", "queue_size", "syslog");
    static final List<String> SINK_KEYS = List.of(
            "transport", "address", "format", "facility", "app_name", "ca_file", "cert_file", "key_file", "server_name");
    private static final List<String> TLS_KEYS = List.of("ca_file", "cert_file", "key_file", "server_name");

    private EventsConfigReader() {}

    static SecurityEventsConfig read(YamlMapping section, ConfigErrors errors) {
        SecurityEventsConfig defaults = SecurityEventsConfig.DEFAULT;
        boolean log = section.bool("log").map(Located::value).orElse(defaults.log());
        int interval = section.integer("summary_interval_seconds", SecurityEventsConfig.MIN_SUMMARY_INTERVAL_SECONDS,
                SecurityEventsConfig.MAX_SUMMARY_INTERVAL_SECONDS).map(Located::value)
                .orElse(defaults.summaryIntervalSeconds());
        int queueSize = section.integer("queue_size", SecurityEventsConfig.MIN_QUEUE_SIZE,
                SecurityEventsConfig.MAX_QUEUE_SIZE).map(Located::value).orElse(defaults.queueSize());
        List<SyslogSinkConfig> sinks = new ArrayList<>();
        section.sequence("syslog", SecurityEventsConfig.MAX_SYSLOG_SINKS).ifPresent(nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                String path = section.pathOf("syslog") + "[" + i + "]";
                Optional<SyslogSinkConfig> sink = sink(nodes.get(i), YamlMapping.of(nodes.get(i), path, errors, SINK_KEYS),
                        errors);
                if (sink.isEmpty()) {
                    continue;
                }
                // Two entries to one collector would send every event twice, and count it once.
                Optional<SyslogSinkConfig> twin = sinks.stream()
                        .filter(s -> s.transport() == sink.get().transport() && s.address().equals(sink.get().address()))
                        .findFirst();
                if (twin.isPresent()) {
                    errors.add(nodes.get(i), path, sink.get().transport().word() + " to " + quote(hostPort(sink.get()))
                            + " duplicates syslog[" + sinks.indexOf(twin.get()) + "] (expected: each collector once)");
                } else {
                    sinks.add(sink.get());
                }
            }
        });
        return new SecurityEventsConfig(log, interval, queueSize, sinks);
    }

    private static String hostPort(SyslogSinkConfig sink) {
        return ListenAddress.hostText(sink.address().getAddress()) + ":" + sink.address().getPort();
    }

    /** Empty when anything in the entry is wrong; every problem is reported. */
    static Optional<SyslogSinkConfig> sink(Node node, YamlMapping entry, ConfigErrors errors) {
        boolean ok = true;
        Optional<Located<SyslogTransport>> transport = entry.parsed("transport", "udp, tcp or tls",
                text -> SyslogTransport.parse(text).orElseThrow(() -> new InvalidValueException(
                        "unknown transport " + quote(text) + " (expected: udp, tcp or tls)")));
        if (entry.value("transport").isEmpty()) {
            errors.add(node, entry.pathOf("transport"), "missing (expected: transport: udp, tcp or tls)");
        }
        Optional<Located<InetSocketAddress>> address = entry.parsed("address", ListenAddressParser.SOCKET_FORM,
                EventsConfigReader::parseCollector);
        if (entry.value("address").isEmpty()) {
            errors.add(node, entry.pathOf("address"), "missing (expected: the collector as address:port, e.g. 192.0.2.10:514)");
        }
        ok &= transport.isPresent() && address.isPresent();

        Optional<PayloadFormat> format = entry.parsed("format", "cef or json",
                text -> PayloadFormat.parse(text).orElseThrow(() -> new InvalidValueException(
                        "unknown format " + quote(text) + " (expected: cef or json)"))).map(Located::value);
        ok &= format.isPresent() || entry.value("format").isEmpty();
        Optional<SyslogFacility> facility = entry.parsed("facility", "authpriv",
                text -> SyslogFacility.parse(text).orElseThrow(() -> new InvalidValueException(
                        "unknown facility " + quote(text) + " (expected: one of user, daemon, auth, authpriv, local0..local7)")))
                .map(Located::value);
        ok &= facility.isPresent() || entry.value("facility").isEmpty();
        Optional<String> appName = entry.parsed("app_name", "sbc", EventsConfigReader::parseAppName).map(Located::value);
        ok &= appName.isPresent() || entry.value("app_name").isEmpty();

        Optional<Path> caFile = entry.parsed("ca_file", "/etc/sbc/siem-ca.pem", EventsConfigReader::parseCertificates)
                .map(Located::value);
        Optional<Path> certFile = entry.parsed("cert_file", "/etc/sbc/client.pem", EventsConfigReader::parseCertificates)
                .map(Located::value);
        Optional<Path> keyFile = entry.parsed("key_file", "/etc/sbc/client.key", EventsConfigReader::parseKey)
                .map(Located::value);
        Optional<String> serverName = entry.parsed("server_name", "siem.example.com", EventsConfigReader::parseServerName)
                .map(Located::value);
        for (String key : TLS_KEYS) {
            ok &= entry.value(key).isEmpty() || switch (key) {
                case "ca_file" -> caFile.isPresent();
                case "cert_file" -> certFile.isPresent();
                case "key_file" -> keyFile.isPresent();
                default -> serverName.isPresent();
            };
        }
        if (transport.isPresent()) {
            ok &= checkTls(transport.get(), entry, errors);
        }
        if (entry.value("cert_file").isPresent() != entry.value("key_file").isPresent()) {
            String given = entry.value("cert_file").isPresent() ? "cert_file" : "key_file";
            String other = given.equals("cert_file") ? "key_file" : "cert_file";
            errors.add(entry.value(given).orElseThrow(), entry.pathOf(given),
                    "given without " + other + " (expected: both cert_file and key_file, or neither)");
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new SyslogSinkConfig(transport.get().value(), address.get().value(),
                format.orElse(PayloadFormat.CEF), facility.orElse(SyslogSinkConfig.DEFAULT_FACILITY),
                appName.orElse(SyslogSinkConfig.DEFAULT_APP_NAME), caFile, certFile, keyFile, serverName));
    }

    /** TLS needs a CA; the TLS keys on a plain transport are a mistake, not something to ignore. */
    private static boolean checkTls(Located<SyslogTransport> transport, YamlMapping entry, ConfigErrors errors) {
        boolean ok = true;
        if (transport.value() == SyslogTransport.TLS) {
            if (entry.value("ca_file").isEmpty()) {
                errors.add(transport, "tls without ca_file (expected: ca_file naming the PEM CA certificates"
                        + " that the collector's certificate chains to; there is no way to skip verification)");
                ok = false;
            }
            return ok;
        }
        for (String key : TLS_KEYS) {
            if (entry.value(key).isPresent()) {
                errors.add(entry.value(key).orElseThrow(), entry.pathOf(key), key + " with transport "
                        + transport.value().word() + " (expected: " + key + " only with transport tls)");
                ok = false;
            }
        }
        return ok;
    }

    private static InetSocketAddress parseCollector(String text) throws InvalidValueException {
        InetSocketAddress address = ListenAddressParser.parseSocketAddress(text);
        if (address.getAddress().isAnyLocalAddress()) {
            throw new InvalidValueException("wildcard address " + quote(text)
                    + " (expected: the collector's own address, e.g. 192.0.2.10:514)");
        }
        return address;
    }

    private static String parseAppName(String text) throws InvalidValueException {
        if (!SyslogSinkConfig.isPrintUsAscii(text, SyslogSinkConfig.MAX_APP_NAME_CHARS)) {
            throw new InvalidValueException(quote(text) + " (expected: 1.." + SyslogSinkConfig.MAX_APP_NAME_CHARS
                    + " printable US-ASCII characters, no spaces; RFC 5424 APP-NAME)");
        }
        return text;
    }

    private static String parseServerName(String text) throws InvalidValueException {
        if (!HostNames.isDnsName(text)) {
            throw new InvalidValueException("bad server name " + quote(text)
                    + " (expected: the DNS name in the collector's certificate, e.g. siem.example.com)");
        }
        return text;
    }

    private static Path parseCertificates(String text) throws InvalidValueException {
        Path path = path(text);
        try {
            PemFiles.certificates(path);
            return path;
        } catch (IOException e) {
            throw new InvalidValueException(quote(text) + ": " + describe(e) + " (expected: a readable PEM certificate file)");
        } catch (GeneralSecurityException e) {
            throw new InvalidValueException(quote(text) + ": " + e.getMessage() + " (expected: PEM certificates)");
        }
    }

    /** The key's own bytes never appear in a message: it is a secret. */
    private static Path parseKey(String text) throws InvalidValueException {
        Path path = path(text);
        try {
            PemFiles.privateKey(path);
            return path;
        } catch (IOException e) {
            throw new InvalidValueException(quote(text) + ": " + describe(e) + " (expected: a readable PEM key file)");
        } catch (GeneralSecurityException e) {
            throw new InvalidValueException(quote(text) + ": " + e.getMessage()
                    + " (expected: an unencrypted PKCS#8 PEM key)");
        }
    }

    private static Path path(String text) throws InvalidValueException {
        try {
            if (text.isEmpty()) {
                throw new InvalidPathException(text, "empty");
            }
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new InvalidValueException("bad path " + quote(text) + " (expected: a file path)");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
