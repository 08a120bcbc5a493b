package org.sbc.core.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.yaml.ConfigError;
import org.sbc.core.config.yaml.ConfigException;
import org.sbc.core.edge.reputation.SourceLabels;
import org.sbc.core.json.JsonText;
import org.sbc.core.sip.Transport;
import org.sbc.feeds.IpLiteral;
import org.sbc.feeds.feed.FeedHit;
import org.sbc.policies.Decision;
import org.sbc.policies.RuleHit;
import org.sbc.policies.Side;
import org.sbc.policies.Verdict;

/**
 * {@code sbc policy test|replay}: a config's security policy run offline, without a socket.
 * {@code test} judges one message file; {@code replay} every SIP request of a capture
 * ({@link PolicyReplay}).
 */
final class PolicyCommand {

    static final String HELP = """
            Usage: sbc policy test --config FILE --source ADDR [--transport udp|tcp] [--side outside|inside]
                                   [--user NAME] [--time ISO] MESSAGE_FILE [--json]
                   sbc policy replay --config FILE CAPTURE.pcap [--json]

            Runs the policy that FILE's policy.files names, offline: no socket is opened.

              test     judges the SIP request in MESSAGE_FILE (LF line ends are fine) as if it came
                       from ADDR (an IP address, optionally with :PORT) and prints the decision, the
                       deciding rule and why. --user plays a phone registered and authenticated as
                       NAME; --time sets the request's time (default: now). Also prints the
                       source's labels as the SBC would give them: country and AS from
                       security.geoip's databases, the feeds that list it (file: feeds and the
                       last good copies of https feeds; nothing is fetched). Exit 0 whatever
                       the decision.
              replay   runs every SIP request of a capture (UDP and TCP; pcap as tcpdump writes it,
                       pcapng as tshark writes it) through the policy, at the time each was captured,
                       and prints the hits per rule and the requests each blocking rule would stop.
                       A packet to an inside listen address is judged as inside.

            --json prints one JSON object: for test, action, code (reject), rule, monitor, reason,
            conditions, explanation, labels (country, asn, as_organization, feeds, feed_weight);
            for replay, requests, hits (rule id: requests it matched),
            decisions, blocked.
            Exit codes: 0 done, 1 invalid config or unreadable input, 2 usage.
            """;

    private PolicyCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            (args.isEmpty() ? err : out).print(HELP);
            return args.isEmpty() ? Main.USAGE : Main.OK;
        }
        try {
            return switch (args.get(0)) {
                case "test" -> test(CliOptions.parse(args.subList(1, args.size()),
                        Set.of("--config", "--source", "--transport", "--side", "--user", "--time"), Set.of("--json")), out, err);
                case "replay" -> PolicyReplay.run(CliOptions.parse(args.subList(1, args.size()), Set.of("--config"),
                        Set.of("--json")), out, err);
                default -> throw new CliOptions.UsageException("unknown policy command '" + args.get(0) + "'");
            };
        } catch (CliOptions.UsageException e) {
            err.println("sbc policy: " + e.getMessage());
            err.print(HELP);
            return Main.USAGE;
        }
    }

    /** The config with its policy, or empty after printing why not. */
    static Optional<SbcConfig> config(CliOptions options, PrintStream err) throws CliOptions.UsageException {
        Path file = Path.of(options.required("--config"));
        try {
            SbcConfig config = ConfigLoader.load(file);
            if (config.policy().loaded().isEmpty()) {
                err.println(file + ": no policy.files (expected: the policy files to run)");
                return Optional.empty();
            }
            return Optional.of(config);
        } catch (ConfigException e) {
            e.errors().stream().map(ConfigError::toString).forEach(err::println);
            return Optional.empty();
        }
    }

    private static int test(CliOptions options, PrintStream out, PrintStream err) throws CliOptions.UsageException {
        if (options.positional().size() != 1) {
            throw new CliOptions.UsageException("test needs one MESSAGE_FILE");
        }
        InetSocketAddress source = source(options.required("--source"));
        Transport transport = choice(options, "--transport", Transport.class, Transport.UDP);
        Side side = choice(options, "--side", Side.class, Side.OUTSIDE);
        Instant time = time(options.value("--time"));
        Optional<SbcConfig> config = config(options, err);
        if (config.isEmpty()) {
            return Main.INVALID;
        }
        Path messageFile = Path.of(options.positional().get(0));
        byte[] bytes;
        try {
            bytes = MessageFile.normalise(Files.readAllBytes(messageFile));
        } catch (IOException e) {
            err.println(messageFile + ": cannot read: " + e.getClass().getSimpleName());
            return Main.INVALID;
        }
        try (OfflinePolicy policy = new OfflinePolicy(config.get())) {
            OfflinePolicy.Outcome outcome = policy.judge(bytes,
                    OfflinePolicy.peer(transport, source, policy.local(side, transport)), side, options.value("--user"), time);
            if (outcome.decision().isEmpty()) {
                err.println(messageFile + ": " + outcome.problem());
                return Main.INVALID;
            }
            Decision decision = outcome.decision().get();
            SourceLabels labels = policy.labels(source.getAddress());
            out.println(options.has("--json") ? json(decision, labels) : text(decision, labels));
            return Main.OK;
        } catch (UncheckedIOException e) {
            err.println(e.getMessage());
            return Main.INVALID;
        }
    }

    private static String text(Decision decision, SourceLabels labels) {
        StringBuilder text = new StringBuilder("decision: ").append(describe(decision)).append('\n');
        text.append("rule: ").append(decision.ruleId()).append('\n');
        decision.monitor().ifPresent(rule -> text.append("monitor: ").append(rule).append('\n'));
        text.append("why:\n");
        decision.explain().lines().forEach(line -> text.append("  ").append(line).append('\n'));
        text.append("source labels: ").append(describe(labels));
        return text.toString().stripTrailing();
    }

    /** {@code country DE, asn 64500 (Example AS), feeds voip-attackers}, or {@code none}. */
    static String describe(SourceLabels labels) {
        List<String> parts = new java.util.ArrayList<>(3);
        if (labels.geo().hasCountry()) {
            parts.add("country " + labels.geo().country());
        }
        if (labels.geo().hasAsn()) {
            parts.add("asn " + labels.geo().asn()
                    + (labels.geo().asOrganization().isEmpty() ? "" : " (" + labels.geo().asOrganization() + ")"));
        }
        if (labels.isListed()) {
            parts.add("feeds " + labels.feeds().stream().map(FeedHit::feed).collect(Collectors.joining(", "))
                    + " (weight " + labels.feedWeight() + ")");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** {@code reject 403 Forbidden}, {@code ban 600s}, {@code allow}, {@code allow via trunk carrier-b}. */
    static String describe(Decision decision) {
        return switch (decision.verdict()) {
            case REJECT -> "reject " + decision.code() + " " + decision.reason();
            case BAN -> "ban " + decision.banSeconds() + "s";
            case ALLOW -> decision.trunk().map(trunk -> "allow via trunk " + trunk).orElse("allow");
            default -> decision.verdict().key();
        };
    }

    static String json(Decision decision, SourceLabels labels) {
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeStringField("action", decision.verdict().key());
            if (decision.verdict() == Verdict.REJECT) {
                json.writeNumberField("code", decision.code());
                json.writeStringField("reason", decision.reason());
            }
            if (decision.verdict() == Verdict.BAN) {
                json.writeNumberField("ban_seconds", decision.banSeconds());
            }
            if (decision.trunk().isPresent()) {
                json.writeStringField("trunk", decision.trunk().get());
            }
            json.writeStringField("rule", decision.ruleId());
            json.writeStringField("monitor", decision.monitor().orElse(null));
            ids(json, "monitored", decision.monitored());
            ids(json, "applied", decision.applied());
            json.writeArrayFieldStart("conditions");
            for (String condition : decision.rule().conditions()) {
                json.writeString(condition);
            }
            json.writeEndArray();
            json.writeStringField("explanation", decision.explain());
            json.writeObjectFieldStart("labels");
            json.writeStringField("country", labels.geo().hasCountry() ? labels.geo().country() : null);
            if (labels.geo().hasAsn()) {
                json.writeNumberField("asn", labels.geo().asn());
            } else {
                json.writeNullField("asn");
            }
            json.writeStringField("as_organization", labels.geo().asOrganization().isEmpty() ? null
                    : labels.geo().asOrganization());
            json.writeArrayFieldStart("feeds");
            for (FeedHit hit : labels.feeds()) {
                json.writeString(hit.feed());
            }
            json.writeEndArray();
            json.writeNumberField("feed_weight", labels.feedWeight());
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static void ids(JsonGenerator json, String key, List<RuleHit> hits) throws IOException {
        json.writeArrayFieldStart(key);
        for (RuleHit hit : hits) {
            json.writeString(hit.ruleId());
        }
        json.writeEndArray();
    }

    private static InetSocketAddress source(String text) throws CliOptions.UsageException {
        Optional<InetAddress> bare = IpLiteral.parse(text);
        if (bare.isPresent()) {
            return new InetSocketAddress(bare.get(), 5060);
        }
        int colon = text.lastIndexOf(':');
        if (colon > 0) {
            Optional<InetAddress> host = IpLiteral.parseUriHost(text.substring(0, colon));
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                if (host.isPresent() && port > 0 && port < 65_536) {
                    return new InetSocketAddress(host.get(), port);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new CliOptions.UsageException("--source: '" + text + "' (expected: an IP address, optionally with :PORT)");
    }

    private static <E extends Enum<E>> E choice(CliOptions options, String name, Class<E> type, E fallback)
            throws CliOptions.UsageException {
        Optional<String> value = options.value(name);
        if (value.isEmpty()) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value.get())) {
                return constant;
            }
        }
        throw new CliOptions.UsageException(name + ": '" + value.get() + "' (expected: one of "
                + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")) + ")");
    }

    private static Instant time(Optional<String> text) throws CliOptions.UsageException {
        if (text.isEmpty()) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(text.get()).toInstant();
        } catch (DateTimeParseException e) {
            throw new CliOptions.UsageException("--time: '" + text.get() + "' (expected: ISO 8601 with an offset, e.g. 2026-03-02T09:30:00+01:00)");
        }
    }
}
