package org.sbc.core.edge.policy;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.feeds.IpLiteral;
import org.sbc.policies.LoadedPolicy;
import org.sbc.policies.PolicyEvaluator;
import org.sbc.policies.PolicyException;
import org.sbc.policies.PolicyLoader;
import org.sbc.policies.PolicyProblem;

/**
 * The policy in force: one evaluator (rules, hit counters, rate-limit buckets) behind an atomic
 * reference. A reload reads and validates the files off the event loop and publishes the new
 * evaluator with one swap; a file with errors leaves the old one in force. Reloads are serialised
 * (admin API, SIGHUP and the file watcher may ask at once).
 */
public final class ActivePolicy {

    private static final Logger LOGGER = System.getLogger(ActivePolicy.class.getName());
    /** A reload has no source address; its event carries 0.0.0.0, as a manual ban's has none. */
    public static final InetSocketAddress NO_SOURCE = new InetSocketAddress(
            IpLiteral.parseIpv4("0.0.0.0").orElseThrow(), 0);

    /** What a reload did. */
    public sealed interface Result {
        /** The new policy is in force. */
        record Reloaded(int rules, List<PolicyProblem> warnings) implements Result {
            public Reloaded {
                warnings = List.copyOf(warnings);
            }
        }

        /** The files had errors; the old policy stays. */
        record Refused(List<PolicyProblem> errors) implements Result {
            public Refused {
                errors = List.copyOf(errors);
            }
        }
    }

    private final List<Path> files;
    private final Counters counters;
    private final SecurityEventSink events;
    private final AtomicReference<PolicyEvaluator> current;

    private final TrunkRoutes routes;

    /** Without trunks and without events: for tests of the steps that use it. */
    public ActivePolicy(List<Path> files, LoadedPolicy initial, Counters counters) {
        this(files, initial, counters, SecurityEventSink.NONE, new TrunkRoutes(List.of()));
    }

    /**
     * @param events where each reload is reported (a {@code POLICY_RELOAD} event, reason {@code reloaded} or {@code refused})
     * @param routes the config's trunks: a reloaded policy may route only to them
     */
    public ActivePolicy(List<Path> files, LoadedPolicy initial, Counters counters, SecurityEventSink events,
            TrunkRoutes routes) {
        this.routes = requireNonNull(routes, "routes");
        this.files = List.copyOf(files);
        this.counters = requireNonNull(counters, "counters");
        this.events = requireNonNull(events, "events");
        this.current = new AtomicReference<>(PolicyEvaluator.of(initial.policy()));
    }

    /** The evaluator to use for one request; read once per request so a swap never splits one. */
    public PolicyEvaluator current() {
        return current.get();
    }

    public TrunkRoutes routes() {
        return routes;
    }

    public List<Path> files() {
        return files;
    }

    /** Re-reads the files; never call on an event loop (it reads files). */
    public synchronized Result reload() {
        try {
            LoadedPolicy loaded = PolicyLoader.load(files);
            List<PolicyProblem> unknownTrunks = routes.check(loaded.policy());
            if (!unknownTrunks.isEmpty()) {
                throw new PolicyException(unknownTrunks);
            }
            current.set(PolicyEvaluator.of(loaded.policy()));
            counters.increment(Counter.POLICY_RELOADS);
            LOGGER.log(Level.INFO, "policy: reloaded " + loaded.policy().rules().size() + " rules from " + files);
            loaded.warnings().forEach(w -> LOGGER.log(Level.WARNING, "policy: " + w));
            report("reloaded", Map.of("rules", Integer.toString(loaded.policy().rules().size()),
                    "warnings", Integer.toString(loaded.warnings().size())));
            return new Result.Reloaded(loaded.policy().rules().size(), loaded.warnings());
        } catch (PolicyException e) {
            counters.increment(Counter.POLICY_RELOAD_FAILURES);
            // Problems name positions and our expectations; values are quoted and capped by the loader.
            e.errors().forEach(problem -> LOGGER.log(Level.WARNING, "policy: reload refused: " + problem));
            report("refused", Map.of("problems", Integer.toString(e.errors().size()),
                    "first", e.errors().isEmpty() ? "" : e.errors().get(0).toString(), "outcome", "the policy in force stays"));
            return new Result.Refused(e.errors());
        }
    }

    private void report(String outcome, Map<String, String> details) {
        events.emit(new SecurityEvent(Instant.now(), SecurityEventType.POLICY_RELOAD, NO_SOURCE, Optional.empty(),
                PolicyEnforcer.STEP, outcome, "enforce", details, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
    }
}
