package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sbc.core.SbcServer;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.events.SecurityEvent;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.memory.TableBounds;
import org.sbc.core.metrics.Counter;
import org.sbc.core.testing.RecordingSink;

/**
 * Issue 14's distributed INVITE flood at test scale, over real UDP sockets: many first-seen
 * sources, each under every per-source limit. The memory budget's bounds refuse new work before
 * they are reached, with a stateless 503 that is never retransmitted; a registered phone's call
 * goes through while first-seen sources are shed, after the first of them from their raw bytes
 * before the parse; the global flood view reports the flood with
 * its top prefixes. The PBX is a socket that answers only what the test tells it to.
 */
class DistributedFloodIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void theBudgetRefusesNewWorkBeforeItsBoundsAreReachedAndStaysResponsive() throws Exception {
        String sbcIp = "127.0.24.1";
        try (SipPeer pbx = SipPeer.udp("pbx", "127.0.24.2", 5080, new InetSocketAddress(sbcIp, 5070));
                SbcServer server = start(sbcIp, 24081, "127.0.24.2", """
                        limits:
                          memory_budget_mb: 1
                        """, new RecordingSink())) {
            TableBounds bounds = TableBounds.derive(ConfigLoader.load(dir.resolve("sbc.yaml")),
                    Runtime.getRuntime().maxMemory());
            List<SipPeer> bots = new ArrayList<>();
            try {
                for (int i = 0; i < 60; i++) {
                    SipPeer bot = SipPeer.udp("bot" + i, "127.24." + (1 + i / 20) + "." + (1 + i % 20), 0,
                            new InetSocketAddress(sbcIp, 5060));
                    bots.add(bot);
                    bot.send(invite(bot, "budget-" + i));
                }
                int refused = 0;
                for (SipPeer bot : bots) {
                    SipMsg answer = bot.expect("a 100 or a 503", m -> !m.isRequest() && (m.status() == 100 || m.status() == 503));
                    if (answer.status() == 503) {
                        refused++;
                        assertFalse(answer.header("Retry-After").isEmpty(), "a 503 says when to come back");
                    }
                }
                assertTrue(server.b2bua().liveCalls() <= bounds.dialogs(),
                        server.b2bua().liveCalls() + " calls, bound " + bounds.dialogs());
                assertTrue(server.b2bua().serverTransactions() <= bounds.serverTransactions(),
                        server.b2bua().serverTransactions() + " transactions, bound " + bounds.serverTransactions());
                assertTrue(refused >= 60 - bounds.dialogs(), refused + " refused of 60, bound " + bounds.dialogs());
                assertEquals(refused, server.counters().get(Counter.NEW_WORK_SHED_FIRST_SEEN)
                        + server.counters().get(Counter.NEW_WORK_SHED_BEFORE_PARSE)
                        + server.counters().get(Counter.NEW_WORK_SHED_TRANSACTIONS)
                        + server.counters().get(Counter.CALLS_REFUSED), "each refusal counted once");

                // stateless: a 503 is sent once, not retransmitted at T1, 2×T1, ... as a transaction would
                SipPeer refusedBot = bots.get(bots.size() - 1);
                assertTrue(refusedBot.poll(m -> !m.isRequest() && m.status() == 503, Duration.ofMillis(1_500)).isEmpty(),
                        "no second 503 within three T1 intervals");

                SipPeer probe = SipPeer.udp("probe", "127.0.24.50", 0, new InetSocketAddress(sbcIp, 5060));
                try (probe) {
                    probe.send(SipClient.options("127.0.24.50", probe.port, sbcIp + ":5060", "UDP", "budget-probe"));
                    probe.expectResponse(200, "OPTIONS");
                }
            } finally {
                closeAll(bots);
            }
        }
    }

    @Test
    @Timeout(60)
    void aRegisteredPhoneCallsWhileFirstSeenSourcesAreShed() throws Exception {
        String sbcIp = "127.0.24.11";
        InetSocketAddress sbc = new InetSocketAddress(sbcIp, 5060);
        try (SipPeer pbx = SipPeer.udp("pbx", "127.0.24.12", 5080, new InetSocketAddress(sbcIp, 5070));
                SbcServer server = start(sbcIp, 24082, "127.0.24.12", """
                        b2bua:
                          max_dialogs: 12
                        """, new RecordingSink());
                SipPeer phone = SipPeer.udp("alice", "127.0.24.13", 0, sbc);
                SipPeer caller = SipPeer.udp("carol", "127.0.24.14", 0, sbc);
                SipPeer answeredBot = SipPeer.udp("bot-answered", "127.24.4.50", 0, sbc)) {
            phone.send(register(phone));
            SipMsg register = pbx.expectRequest("REGISTER");
            pbx.send(pbx.response(register, 200, "OK", "pbx-reg", "Contact: " + register.header("Contact")
                    + ";expires=300\r\nExpires: 300\r\n", "", ""));
            phone.expectResponse(200, "REGISTER");
            // carol's call is answered and she ACKs it: a history. The bot's is answered too, but
            // a bot never ACKs: no history.
            answerAtPbx(pbx, caller, "carol-1", true);
            answerAtPbx(pbx, answeredBot, "bot-answered-1", false);

            List<SipPeer> bots = new ArrayList<>();
            try {
                // eight calls in setup (the PBX lets them ring): ten of twelve, past the high-water mark
                for (int i = 0; i < 8; i++) {
                    SipPeer bot = SipPeer.udp("bot" + i, "127.24.4." + (1 + i), 0, sbc);
                    bots.add(bot);
                    bot.send(invite(bot, "held-" + i));
                    pbx.expectRequest("INVITE");
                    bot.expectResponse(100, "INVITE");
                }
                long parsedBefore = server.counters().get(Counter.MESSAGES_RECEIVED);
                for (int i = 8; i < 13; i++) {
                    SipPeer bot = SipPeer.udp("bot" + i, "127.24.4." + (1 + i), 0, sbc);
                    bots.add(bot);
                    bot.send(invite(bot, "shed-" + i));
                    SipMsg refused = bot.expectResponse(503, "INVITE");
                    assertFalse(refused.header("Retry-After").isEmpty(), "a 503 says when to come back");
                    assertTrue(refused.header("To").contains("tag="), "with a To-tag");
                }
                answeredBot.send(invite(answeredBot, "bot-answered-2"));
                answeredBot.expectResponse(503, "INVITE");
                // The first refusal is the judge's, on a parsed INVITE; it raises the pressure
                // signal, and the next ones are refused from their raw bytes, never parsed.
                long judged = server.counters().get(Counter.NEW_WORK_SHED_FIRST_SEEN);
                long unparsed = server.counters().get(Counter.NEW_WORK_SHED_BEFORE_PARSE);
                assertEquals(6, judged + unparsed, "an answer it never ACKed earns nothing");
                assertTrue(judged >= 1 && unparsed >= 1, judged + " judged after the parse, " + unparsed + " before");
                assertEquals(judged, server.counters().get(Counter.MESSAGES_RECEIVED) - parsedBefore,
                        "only the INVITEs the judge refused were parsed");

                phone.send(invite(phone, "known-call"));
                SipMsg relayed = pbx.expect("the phone's INVITE", m -> m.isRequest("INVITE")
                        && m.header("From").contains("alice"));
                pbx.send(pbx.response(relayed, 200, "OK", "pbx-call", "", "", ""));
                phone.expectResponse(200, "INVITE");
                caller.send(invite(caller, "carol-2"));
                pbx.expect("carol's second INVITE", m -> m.isRequest("INVITE") && m.header("From").contains("carol"));
                caller.expectResponse(100, "INVITE");
                assertEquals(6, server.counters().get(Counter.NEW_WORK_SHED_FIRST_SEEN)
                        + server.counters().get(Counter.NEW_WORK_SHED_BEFORE_PARSE),
                        "neither the registered phone nor the caller with a completed call was shed");
            } finally {
                closeAll(bots);
            }
        }
    }

    @Test
    @Timeout(60)
    void theGlobalViewReportsAFloodSpreadThinAndShedsFirstSeenSourcesWhileItLasts() throws Exception {
        String sbcIp = "127.0.24.21";
        InetSocketAddress sbc = new InetSocketAddress(sbcIp, 5060);
        RecordingSink events = new RecordingSink();
        try (SipPeer pbx = SipPeer.udp("pbx", "127.0.24.22", 5080, new InetSocketAddress(sbcIp, 5070));
                SbcServer server = start(sbcIp, 24083, "127.0.24.22", """
                        security:
                          flood:
                            sampling_seconds: 10
                            density: 20
                            global_density: 60
                        """, events)) {
            List<SipPeer> bots = new ArrayList<>();
            try {
                // 40 sources, 2 OPTIONS each: none near 20, all together past 60
                for (int i = 0; i < 40; i++) {
                    SipPeer bot = SipPeer.udp("bot" + i, "127.24." + (5 + i / 20) + "." + (1 + i % 20), 0, sbc);
                    bots.add(bot);
                    for (int n = 0; n < 2; n++) {
                        bot.send(SipClient.options(bot.ip, bot.port, sbcIp + ":5060", "UDP", "global-" + i + "-" + n));
                    }
                }
                SecurityEvent report = awaitEvent(events, SecurityEventType.GLOBAL_FLOOD);
                Map<String, String> details = report.details();
                assertTrue(details.get("top_prefixes").contains("127.24.5.0/24="), details.toString());
                assertTrue(details.get("top_prefixes").contains("127.24.6.0/24="), details.toString());
                assertTrue(details.get("top_wide_prefixes").startsWith("127.24.0.0/16="), details.toString());
                assertEquals("monitor", report.mode(), "nothing is banned for it");

                SipPeer newcomer = SipPeer.udp("newcomer", "127.24.8.1", 0, sbc);
                bots.add(newcomer);
                newcomer.send(invite(newcomer, "during-flood"));
                newcomer.expectResponse(503, "INVITE");
                assertEquals(1, server.counters().get(Counter.NEW_WORK_SHED_FIRST_SEEN));
            } finally {
                closeAll(bots);
            }
        }
    }

    /** {@code from} calls; the PBX answers 200; {@code from} ACKs the 2xx when {@code ack}. */
    private static void answerAtPbx(SipPeer pbx, SipPeer from, String callId, boolean ack) throws Exception {
        SipMsg invite = new SipMsg(invite(from, callId));
        from.send(invite.toString());
        SipMsg relayed = pbx.expect(callId + " at the PBX", m -> m.isRequest("INVITE")
                && m.header("From").contains(from.user()));
        pbx.send(pbx.response(relayed, 200, "OK", "pbx-" + callId, "", "", ""));
        SipMsg ok = from.expectResponse(200, "INVITE");
        if (ack) {
            from.send(SipPeer.ackFor(invite, ok));
            pbx.expectRequest("ACK");
        }
    }

    private static void closeAll(List<SipPeer> peers) throws java.io.IOException {
        for (SipPeer peer : peers) {
            peer.close();
        }
    }

    private SbcServer start(String sbcIp, int adminPort, String pbxIp, String extra, RecordingSink events)
            throws Exception {
        Path file = dir.resolve("sbc.yaml");
        Files.writeString(file, TestServers.listenYaml(sbcIp, adminPort)
                .replace("inside:\n", "inside:\n  pbx: sip:" + pbxIp + ":5080\n") + extra);
        return SbcServer.start(TestServers.withTemporaryBanState(ConfigLoader.load(file)), Optional.of(file), null,
                events);
    }

    private static SecurityEvent awaitEvent(RecordingSink events, SecurityEventType type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            List<SecurityEvent> found = events.ofType(type);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(20); // a poll, bounded by the deadline above
        }
        throw new AssertionError("no " + type + " event within 5 s: " + events.events());
    }

    private static String invite(SipPeer from, String callId) {
        return "INVITE sip:100@" + from.remoteHostPort() + " SIP/2.0\r\n"
                + from.via() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + from.user() + "@" + from.host() + ">;tag=t-" + callId + "\r\n"
                + "To: <sip:100@" + from.remoteHostPort() + ">\r\n"
                + "Call-ID: " + callId + "@" + from.host() + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: " + from.contact() + "\r\n"
                + "User-Agent: test-phone\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String register(SipPeer phone) {
        return "REGISTER sip:" + phone.remoteHostPort() + " SIP/2.0\r\n"
                + phone.via() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + phone.user() + "@" + phone.remoteHostPort() + ">;tag=reg-1\r\n"
                + "To: <sip:" + phone.user() + "@" + phone.remoteHostPort() + ">\r\n"
                + "Call-ID: reg-" + phone.user() + "@" + phone.host() + "\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: " + phone.contact() + "\r\n"
                + "Expires: 300\r\n"
                + "User-Agent: test-phone\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
