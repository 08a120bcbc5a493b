package org.sbc.core.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sbc.core.cli.pcap.CaptureFile;
import org.sbc.core.cli.pcap.Segment;
import org.sbc.core.cli.pcap.TcpStreams;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.json.JsonText;
import org.sbc.policies.Decision;
import org.sbc.policies.Side;
import org.sbc.policies.Verdict;

/**
 * {@code sbc policy replay}: every SIP request of a capture through the policy, each at its
 * capture time, with the source and transport it was captured with. Rate limits run as they
 * would have; bans are not applied (a banned source's later requests are still judged), so the
 * table shows what each rule matches, not what a banned source could still send.
 */
final class PolicyReplay {

    /** Blocked requests listed per rule; the counts go on past it. */
    static final int MAX_LISTED = 20;

    private PolicyReplay() {}

    /** One request a rule would have blocked, in our words and its addresses (no message text). */
    private record Blocked(String time, String transport, String source, String method, String decision) {}

    static int run(CliOptions options, PrintStream out, PrintStream err) throws CliOptions.UsageException {
        if (options.positional().size() != 1) {
            throw new CliOptions.UsageException("replay needs one CAPTURE file");
        }
        Optional<SbcConfig> config = PolicyCommand.config(options, err);
        if (config.isEmpty()) {
            return Main.INVALID;
        }
        Path capture = Path.of(options.positional().get(0));
        try (OfflinePolicy policy = new OfflinePolicy(config.get())) {
            return replay(policy, config.get(), capture, options, out, err);
        } catch (UncheckedIOException e) {
            err.println(e.getMessage());
            return Main.INVALID;
        }
    }

    private static int replay(OfflinePolicy policy, SbcConfig config, Path capture, CliOptions options,
            PrintStream out, PrintStream err) {
        TcpStreams streams = new TcpStreams(config.limits().maxMessageBytes());
        Map<Verdict, Long> decisions = new EnumMap<>(Verdict.class);
        Map<String, List<Blocked>> blocked = new LinkedHashMap<>();
        long requests = 0;
        long unreadable = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(capture));
                CaptureFile file = CaptureFile.open(in)) {
            Optional<CaptureFile.Frame> frame;
            while ((frame = file.next()).isPresent()) {
                Optional<Segment> segment = Segment.of(frame.get());
                if (segment.isEmpty()) {
                    continue;
                }
                List<byte[]> messages = segment.get().transport() == org.sbc.core.sip.Transport.UDP
                        ? List.of(segment.get().payload()) : streams.accept(segment.get());
                for (byte[] message : messages) {
                    if (!looksLikeRequest(message)) {
                        continue; // responses, keep-alives and other traffic on the same ports
                    }
                    Segment at = segment.get();
                    Side side = policy.sideOf(at.destination());
                    OfflinePolicy.Outcome outcome = policy.judge(message,
                            OfflinePolicy.peer(at.transport(), at.source(), at.destination()), side, Optional.empty(),
                            at.time());
                    if (outcome.decision().isEmpty()) {
                        unreadable++;
                        continue;
                    }
                    requests++;
                    Decision decision = outcome.decision().get();
                    decisions.merge(decision.verdict(), 1L, Long::sum);
                    if (decision.verdict() != Verdict.ALLOW) {
                        List<Blocked> list = blocked.computeIfAbsent(decision.ruleId(), k -> new ArrayList<>());
                        if (list.size() < MAX_LISTED) {
                            list.add(new Blocked(at.time().toString(), at.transport().name().toLowerCase(java.util.Locale.ROOT),
                                    at.source().getAddress().getHostAddress() + ":" + at.source().getPort(), outcome.method(),
                                    PolicyCommand.describe(decision)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            err.println(capture + ": cannot read capture: " + e.getMessage());
            return Main.INVALID;
        }
        Map<String, Long> hits = policy.evaluator().hits();
        if (options.has("--json")) {
            out.println(json(requests, unreadable, hits, decisions, blocked));
        } else {
            out.print(table(requests, unreadable, hits, decisions, blocked));
        }
        return Main.OK;
    }

    /** A request line starts with a method token and a space; a response with {@code SIP/2.0}. */
    private static boolean looksLikeRequest(byte[] message) {
        int at = 0;
        while (at < message.length && (message[at] == '\r' || message[at] == '\n')) {
            at++;
        }
        if (message.length - at < 8 || (message[at] == 'S' && message[at + 1] == 'I' && message[at + 2] == 'P'
                && message[at + 3] == '/')) {
            return false;
        }
        for (int i = at; i < message.length; i++) {
            if (message[i] == ' ') {
                return i > at;
            }
            if (message[i] < 'A' || message[i] > 'Z') {
                return false;
            }
        }
        return false;
    }

    private static String json(long requests, long unreadable, Map<String, Long> hits, Map<Verdict, Long> decisions,
            Map<String, List<Blocked>> blocked) {
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeNumberField("requests", requests);
            json.writeNumberField("unreadable", unreadable);
            json.writeObjectFieldStart("hits");
            for (Map.Entry<String, Long> hit : hits.entrySet()) {
                json.writeNumberField(hit.getKey(), hit.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("decisions");
            for (Map.Entry<Verdict, Long> decision : decisions.entrySet()) {
                json.writeNumberField(decision.getKey().key(), decision.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("blocked");
            for (Map.Entry<String, List<Blocked>> rule : blocked.entrySet()) {
                json.writeArrayFieldStart(rule.getKey());
                for (Blocked b : rule.getValue()) {
                    json.writeStartObject();
                    json.writeStringField("time", b.time());
                    json.writeStringField("transport", b.transport());
                    json.writeStringField("source", b.source());
                    json.writeStringField("method", b.method());
                    json.writeStringField("decision", b.decision());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static String table(long requests, long unreadable, Map<String, Long> hits, Map<Verdict, Long> decisions,
            Map<String, List<Blocked>> blocked) {
        StringBuilder text = new StringBuilder();
        text.append(requests).append(" SIP requests replayed");
        if (unreadable > 0) {
            text.append(" (").append(unreadable).append(" more unreadable)");
        }
        text.append("; decisions: ").append(decisions.entrySet().stream()
                .map(e -> e.getKey().key() + " " + e.getValue()).collect(Collectors.joining(", "))).append("\n\n");
        text.append(String.format("%-32s %10s%n", "RULE", "HITS"));
        hits.forEach((rule, count) -> text.append(String.format("%-32s %10d%n", rule, count)));
        blocked.forEach((rule, list) -> {
            text.append("\nblocked by ").append(rule).append(":\n");
            list.forEach(b -> text.append(String.format("  %s %s %s %s -> %s%n", b.time(), b.transport(), b.source(),
                    b.method(), b.decision())));
        });
        return text.toString();
    }
}
