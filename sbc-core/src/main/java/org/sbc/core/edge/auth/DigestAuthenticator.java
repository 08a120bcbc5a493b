package org.sbc.core.edge.auth;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandler.Sharable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.codec.Credentials;
import org.sbc.core.codec.HeaderField;
import org.sbc.core.codec.SipRequest;
import org.sbc.policies.Mode;
import org.sbc.core.edge.EdgeContext;
import org.sbc.core.edge.EdgeStep;
import org.sbc.core.edge.Verdict;
import org.sbc.core.edge.ban.Bans;
import org.sbc.core.edge.options.SelfAddresses;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventSink;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.log.SourceRateLimitedLog;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SecurityLabels;
import org.sbc.core.sip.RequestFields;
import org.sbc.feeds.CidrSet;

/**
 * Answers one question: has this request proved who sent it? Challenge mode (RFC 3261 §22,
 * RFC 7616, RFC 8760): requests from the {@code challenge} networks (trusted networks excepted)
 * must carry digest credentials of a user in the credentials file. REGISTER is challenged with
 * 401 and WWW-Authenticate, other methods with 407 and Proxy-Authenticate; ACK and CANCEL never
 * (§22.1), nor OPTIONS to the SBC itself (the options step answers those).
 *
 * <p>No enumeration oracle: an unknown user and a known user with a wrong password get the same
 * answer (a fresh challenge, or 403 once blocked, with the same headers), and both compute one
 * digest (the unknown user's against a random HA1), so the timing class is the same.
 *
 * <p>Fails closed: a request whose credentials cannot be verified for any reason is challenged
 * again, never passed on.
 */
@Sharable
public final class DigestAuthenticator extends EdgeStep {

    static final String STEP = "auth";
    private static final Logger LOGGER = System.getLogger(DigestAuthenticator.class.getName());

    private final AuthConfig config;
    private final CidrSet trusted;
    private final SelfAddresses self;
    private final SecurityEventSink events;
    private final Counters counters;
    private final Clock clock;
    private final NonceCodec nonces;
    private final NonceCounts nonceCounts;
    private final AuthFailures failures;
    private final Map<DigestAlgorithm, String> dummyHa1 = new EnumMap<>(DigestAlgorithm.class);
    private final SourceRateLimitedLog blockLog = SourceRateLimitedLog.perMinute(LOGGER);
    /** Its own limiter, so that a block logged a moment earlier never hides a ban. */
    private final SourceRateLimitedLog banLog = SourceRateLimitedLog.perMinute(LOGGER);

    public DigestAuthenticator(EdgeContext context, AuthConfig config, CidrSet trusted, SelfAddresses self,
            Bans bans, SecurityEventSink events, Clock clock) {
        super(context);
        this.config = requireNonNull(config, "config");
        this.trusted = requireNonNull(trusted, "trusted");
        this.self = requireNonNull(self, "self");
        this.events = requireNonNull(events, "events");
        this.counters = context.counters();
        this.clock = requireNonNull(clock, "clock");
        SecureRandom random = new SecureRandom();
        this.nonces = new NonceCodec(config.nonceSecret().map(AuthConfig.NonceSecret::bytes).orElseGet(() -> {
            byte[] unused = new byte[32]; // auth off: no challenge is ever issued, any key will do
            random.nextBytes(unused);
            return unused;
        }), config.realm(), config.nonceLifetimeSeconds(), random);
        this.nonceCounts = new NonceCounts(config.replayTableEntries(), config.nonceLifetimeSeconds());
        this.failures = new AuthFailures(config.failures(), bans, STEP);
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            dummyHa1.put(algorithm, DigestComputation.hash(algorithm, HexFormat.of().formatHex(bytes)));
        }
    }

    /** The failure counter, for pass-through mode and the admin API to share. */
    public AuthFailures failures() {
        return failures;
    }

    /**
     * The user whose credentials this step verified on {@code message}, for the policy step that
     * runs after it. A request from a challenged source reaches later steps only with verified
     * credentials (this step fails closed), so their username is the authenticated user; in monitor
     * mode nothing was enforced, so nobody counts as authenticated.
     */
    public Optional<String> verifiedUser(ReceivedMessage message) {
        if (!message.isRequest() || !config.enabled() || config.mode() != Mode.ENFORCE) {
            return Optional.empty();
        }
        SipRequest request = message.request();
        if (!isChallenged(request, message, message.peer().remote().getAddress())) {
            return Optional.empty();
        }
        return credentialsFor(request, "REGISTER".equals(request.method()))
                .map(header -> capped(header.parameter("username")))
                .filter(user -> !user.isEmpty());
    }

    /**
     * The policy's {@code challenge} action: pass a request whose credentials verify, else answer
     * with the challenge (or refusal) this step would give, whatever the source's network. Without
     * a realm and nonce secret nothing can be challenged, so it fails closed with 403.
     */
    public Verdict demand(ReceivedMessage message) {
        if (config.realm().isEmpty() || config.nonceSecret().isEmpty()) {
            return Verdict.answer(403, "Forbidden", Counter.AUTH_BLOCKED);
        }
        if (verifiedUser(message).isPresent()) {
            return Verdict.pass();
        }
        // Enforced by the policy whatever this step's mode: a pass means verified credentials.
        return authenticate(message, message.request(), message.peer().remote().getAddress(), true);
    }

    @Override
    protected String stepName() {
        return "auth";
    }

    @Override
    protected Verdict decide(ReceivedMessage message) {
        if (!message.isRequest() || !config.enabled()) {
            return Verdict.pass();
        }
        SipRequest request = message.request();
        InetAddress source = message.peer().remote().getAddress();
        if (!isChallenged(request, message, source)) {
            return Verdict.pass();
        }
        Verdict verdict = authenticate(message, request, source, config.mode() == Mode.ENFORCE);
        if (verdict.action() != Verdict.Action.PASS && config.mode() == Mode.MONITOR) {
            counters.increment(Counter.AUTH_MONITORED);
            return Verdict.pass();
        }
        return verdict;
    }

    private boolean isChallenged(SipRequest request, ReceivedMessage message, InetAddress source) {
        String method = request.method();
        if (!config.methods().contains(method) || "ACK".equals(method) || "CANCEL".equals(method)) {
            return false;
        }
        if (trusted.contains(source) || !config.challenge().contains(source)) {
            return false;
        }
        if ("OPTIONS".equals(method)) {
            boolean noHopsLeft = request.maxForwards().orElse(-1) == 0;
            return !noHopsLeft && !self.isSelf(request.requestUri(), message.peer());
        }
        return true;
    }

    /** @param enforced whether a pass makes the user authenticated (labels it): not in this step's monitor mode */
    private Verdict authenticate(ReceivedMessage message, SipRequest request, InetAddress source, boolean enforced) {
        boolean register = "REGISTER".equals(request.method());
        Optional<Credentials> header = credentialsFor(request, register);
        if (header.isEmpty()) {
            return challenge(register, false, Counter.AUTH_CHALLENGED); // not a failure: it is how digest starts
        }
        Instant now = clock.instant();
        Optional<DigestResponse> parsed = DigestResponse.parse(header.get(), config.algorithms());
        String username = parsed.map(DigestResponse::username).orElseGet(() -> capped(header.get().parameter("username")));
        if (failures.isBlocked(source, username, now)) {
            AuthFailures.Outcome outcome = failures.blockedAttempt(source, username, now, config.mode());
            report(message, "auth.failures.per_user", "blocked", outcome);
            return Verdict.answer(403, "Forbidden", Counter.AUTH_BLOCKED);
        }
        if (parsed.isEmpty()) {
            return failure(message, register, source, username, now, "malformed credentials");
        }
        DigestResponse credentials = parsed.get();
        NonceCodec.Check nonce = nonces.verify(credentials.nonce(), now.getEpochSecond());
        Optional<String> ha1 = config.credentials().ha1(credentials.username(), credentials.algorithm());
        // Always one digest, known user or not: the answer and its timing must not tell them apart.
        String expected = DigestComputation.response(credentials.algorithm(),
                ha1.orElse(dummyHa1.get(credentials.algorithm())), credentials.nonce(), credentials.nonceCountText(),
                credentials.cnonce(), request.method(), credentials.uri());
        boolean digestMatches = DigestComputation.matches(expected, credentials.response());
        if (!digestMatches || ha1.isEmpty()) {
            return failure(message, register, source, username, now, "wrong credentials");
        }
        if (nonce.status() == NonceCodec.Status.INVALID) {
            return failure(message, register, source, username, now, "nonce not issued by this SBC");
        }
        // RFC 7616 §3.4.6: the digest-uri must name the Request-URI (compared as SIP URIs).
        if (!request.requestUri().sameAs(credentials.uri())) {
            return failure(message, register, source, username, now, "digest uri is not the Request-URI");
        }
        if (nonce.status() == NonceCodec.Status.STALE) {
            return challenge(register, true, Counter.AUTH_STALE); // right password, old nonce: not a failure
        }
        String transaction = request.topVia().flatMap(via -> via.branch()).orElse("") + " " + request.cseq();
        NonceCounts.Outcome count = nonceCounts.advance(credentials.nonce(), nonce.issuedAt(), credentials.nonceCount(),
                transaction, now.getEpochSecond());
        switch (count) {
            case REPLAY -> {
                report(message, "auth.nonce_count", "replay", null);
                return challenge(register, true, Counter.AUTH_REPLAYED);
            }
            case FORGOTTEN -> {
                return challenge(register, true, Counter.AUTH_STALE);
            }
            case FRESH, RETRANSMISSION -> {
                failures.success(source, credentials.username());
                counters.increment(Counter.AUTH_ACCEPTED);
                if (enforced) { // in monitor mode nobody counts as authenticated
                    request.labels(request.labels().withAuth(SecurityLabels.Auth.SBC, capped(credentials.username())));
                }
                return Verdict.pass();
            }
        }
        throw new AssertionError(count);
    }

    private Verdict failure(ReceivedMessage message, boolean register, InetAddress source, String username,
            Instant now, String why) {
        AuthFailures.Outcome outcome = failures.failure(source, username, now, config.mode());
        if (outcome.sourceLimitReached() && config.mode() == Mode.ENFORCE) {
            counters.increment(Counter.AUTH_BANS_REQUESTED);
        }
        report(message, outcome.sourceLimitReached() ? "auth.failures.per_source"
                : outcome.userBlocked() ? "auth.failures.per_user" : "auth.failure", why, outcome);
        return challenge(register, false, Counter.AUTH_FAILED);
    }

    /** Credentials for our realm, in the header that answers our kind of challenge. */
    private Optional<Credentials> credentialsFor(SipRequest request, boolean register) {
        for (Credentials candidate : request.credentials(!register)) {
            if (config.realm().equals(candidate.parameter("realm"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private Verdict challenge(boolean register, boolean stale, Counter counter) {
        String nonce = nonces.issue(clock.instant().getEpochSecond());
        List<HeaderField> headers = new ArrayList<>(config.algorithms().size());
        String name = register ? "WWW-Authenticate" : "Proxy-Authenticate";
        for (DigestAlgorithm algorithm : config.algorithms()) {
            headers.add(new HeaderField(name, DigestChallenge.value(config.realm(), nonce, algorithm, stale)));
        }
        return register
                ? Verdict.answer(401, "Unauthorized", counter, headers)
                : Verdict.answer(407, "Proxy Authentication Required", counter, headers);
    }

    private void report(ReceivedMessage message, String rule, String why, AuthFailures.Outcome outcome) {
        Map<String, String> details = outcome == null ? Map.of("why", why) : Map.of(
                "why", why,
                "source_failures", Long.toString(outcome.sourceFailures()),
                "user_failures", Long.toString(outcome.userFailures()),
                "per_user", Integer.toString(config.failures().perUser()),
                "per_source", Integer.toString(config.failures().perSource()),
                "ban", outcome.ban() == null ? "not requested" : outcome.ban().name());
        SipRequest request = message.request();
        events.emit(new SecurityEvent(clock.instant(), SecurityEventType.AUTH_FAILURE, message.peer().remote(),
                Optional.of(message.peer().transport()), STEP, rule, config.mode().word(), details,
                RequestFields.userAgent(request), RequestFields.from(request), RequestFields.to(request),
                RequestFields.requestUri(request)));
        if (outcome != null && (outcome.sourceLimitReached() || outcome.userBlocked())) {
            // Our words and numbers only; never the username or any other text from the request.
            SourceRateLimitedLog log = outcome.sourceLimitReached() ? banLog : blockLog;
            log.log(Level.WARNING, message.peer().remote().getAddress(), () -> STEP + ": " + rule + " reached by "
                    + message.peer() + " (" + outcome.sourceFailures() + " source failures, " + outcome.userFailures()
                    + " for one username), ban " + (outcome.ban() == null ? "not requested" : outcome.ban())
                    + ", mode " + config.mode().word());
        }
    }

    private static String capped(String username) {
        if (username == null) {
            return "";
        }
        return username.length() > DigestResponse.MAX_USERNAME_CHARS
                ? username.substring(0, DigestResponse.MAX_USERNAME_CHARS) : username;
    }
}
