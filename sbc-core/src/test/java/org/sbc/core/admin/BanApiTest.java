package org.sbc.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sbc.core.edge.ban.BanConfig;
import org.sbc.core.edge.ban.BanReason;
import org.sbc.core.edge.ban.BanTable;
import org.sbc.core.edge.ban.Evidence;
import org.sbc.core.edge.ban.Exemptions;
import org.sbc.core.events.SecurityEventType;
import org.sbc.core.metrics.Counters;
import org.sbc.core.testing.ManualClock;
import org.sbc.core.testing.RecordingSink;
import org.sbc.core.testing.TestPeers;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpPrefix;

class BanApiTest {

    private final RecordingSink events = new RecordingSink();
    private final BanTable table = new BanTable(BanConfig.DEFAULT,
            new Exemptions(CidrSet.of(List.of(IpPrefix.parse("192.0.2.0/24").orElseThrow())), CidrSet.empty()),
            events, new Counters(), ManualClock.atTestStart());
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new AdminHandler(Instant.now(), List::of, new Counters(), new org.sbc.core.events.RecentEvents(1),
                    Optional.empty(), Optional.of(new BanApi(table))));

    private record Answer(int status, String body) {}

    private Answer send(HttpMethod method, String uri, String body, String contentType) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        try {
            assertEquals("application/json", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
            return new Answer(response.status().code(), response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    /** A GET whose answer may be text: the content type and the body. */
    private String[] export(String uri) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
        FullHttpResponse response = channel.readOutbound();
        try {
            return new String[] {String.valueOf(response.status().code()),
                    response.headers().get(HttpHeaderNames.CONTENT_TYPE), response.content().toString(StandardCharsets.UTF_8)};
        } finally {
            response.release();
        }
    }

    @Test
    void exportsActiveBansAsPlainLinesJsonAndAnNftablesScript() {
        post("{\"address\":\"203.0.113.0/24\",\"seconds\":3600}");
        post("{\"address\":\"198.51.100.7\"}");
        post("{\"address\":\"2001:db8::/32\"}");
        String[] plain = export("/api/bans?format=plain");
        assertEquals("200", plain[0]);
        assertEquals("text/plain; charset=utf-8", plain[1]);
        List<String> lines = plain[2].lines().sorted().toList();
        assertEquals(List.of("198.51.100.7", "2001:db8:0:0:0:0:0:0/32", "203.0.113.0/24"), lines,
                "one address or CIDR per line, nothing else");
        String[] json = export("/api/bans?format=json");
        assertEquals("application/json", json[1]);
        assertEquals(send(HttpMethod.GET, "/api/bans", "", null).body(), json[2]);
        String nft = export("/api/bans?format=nftables")[2];
        assertTrue(nft.contains("table inet sbc {\n  set banned4 { type ipv4_addr; flags interval; auto-merge; }"), nft);
        assertTrue(nft.contains("flush set inet sbc banned4\n"), nft);
        assertTrue(nft.contains("add element inet sbc banned6 { 2001:db8:0:0:0:0:0:0/32 }"), nft);
        assertTrue(nft.contains("add element inet sbc exempt4 { 192.0.2.0/24 }"), nft);
        assertTrue(nft.contains("198.51.100.7") && nft.contains("203.0.113.0/24"), nft);
        assertEquals("400", export("/api/bans?format=iptables")[0]);
    }

    private Answer post(String json) {
        return send(HttpMethod.POST, "/api/bans", json, "application/json");
    }

    @Test
    void listsNoBansAtFirst() {
        assertEquals(new Answer(200, "{\"bans\":[]}\n"), send(HttpMethod.GET, "/api/bans", "", null));
    }

    @Test
    void bansExplainsAndLifts() {
        Answer created = post("{\"address\":\"203.0.113.0/24\",\"seconds\":3600,\"note\":\"abuse report 42\"}");
        assertEquals(201, created.status(), created.body());
        assertTrue(created.body().contains("\"expires\":\"2026-11-26T13:00:00Z\""), created.body());
        Answer why = send(HttpMethod.GET, "/api/bans/203.0.113.7", "", null);
        assertEquals(200, why.status());
        assertTrue(why.body().startsWith("{\"target\":\"203.0.113.7/32\",\"banned\":true,\"exempt\":null"), why.body());
        assertTrue(why.body().contains("\"rule\":\"manual ban\"") && why.body().contains("abuse report 42"), why.body());
        assertEquals(200, send(HttpMethod.GET, "/api/bans/203.0.113.0%2F24", "", null).status());
        assertEquals(404, send(HttpMethod.DELETE, "/api/bans/203.0.113.7", "", null).status());
        assertEquals(200, send(HttpMethod.DELETE, "/api/bans/203.0.113.0/24", "", null).status());
        assertEquals(404, send(HttpMethod.GET, "/api/bans/203.0.113.7", "", null).status());
        assertEquals(1, events.ofType(SecurityEventType.UNBAN).size());
    }

    @Test
    void showsTheEvidenceOfAnAutomaticBan() {
        table.ban(IpPrefix.parse("203.0.113.9").orElseThrow(), BanReason.FLOOD, new Evidence("flood-guard",
                "density 200 per 2 s", Map.of("messages_in_window", 201L), Instant.EPOCH, Instant.EPOCH.plusMillis(40)));
        Answer why = send(HttpMethod.GET, "/api/bans/203.0.113.9", "", null);
        assertTrue(why.body().contains("\"counters\":{\"messages_in_window\":201}"), why.body());
        assertTrue(why.body().contains("\"first_seen\":\"1970-01-01T00:00:00Z\""), why.body());
    }

    @Test
    void refusesTrustedTargetsWithConflict() {
        Answer refused = post("{\"address\":\"192.0.2.7\"}");
        assertEquals(409, refused.status());
        assertTrue(refused.body().contains("trusted"), refused.body());
    }

    @Test
    void refusesBadRequestsWithAMessageThatDoesNotEchoThem() {
        for (String body : List.of("", "[]", "{\"address\":\"<script>\"}", "{\"address\":\"10.0.0.1/8\"}",
                "{\"address\":\"203.0.113.7\",\"seconds\":0}", "{\"address\":\"203.0.113.7\",\"seconds\":\"60\"}",
                "{\"address\":\"203.0.113.7\",\"note\":\"a\\nb\"}", "{\"address\":\"203.0.113.7\",\"admin\":true}",
                "{\"address\":\"203.0.113.7\",\"note\":\"" + "x".repeat(201) + "\"}")) {
            Answer answer = post(body);
            assertEquals(400, answer.status(), body);
            assertTrue(!answer.body().contains("<script>"), answer.body());
        }
        assertEquals(400, send(HttpMethod.GET, "/api/bans/pbx.example.com", "", null).status());
        assertEquals(0, table.size());
    }

    @Test
    void refusesAPostThatIsNotJson() {
        assertEquals(415, send(HttpMethod.POST, "/api/bans", "{\"address\":\"203.0.113.7\"}", "text/plain").status());
        assertEquals(415, send(HttpMethod.POST, "/api/bans", "{\"address\":\"203.0.113.7\"}", null).status());
    }

    @Test
    void refusesOtherMethods() {
        assertEquals(405, send(HttpMethod.PUT, "/api/bans", "", null).status());
        assertEquals(405, send(HttpMethod.POST, "/api/bans/203.0.113.7", "", "application/json").status());
    }

    @Test
    void answersForAnExemptAddressThatANetworkBanCovers() {
        assertEquals(201, post("{\"address\":\"192.0.0.0/16\"}").status());
        Answer why = send(HttpMethod.GET, "/api/bans/" + TestPeers.ip("192.0.2.9").getHostAddress(), "", null);
        assertTrue(why.body().contains("\"banned\":false,\"exempt\":\"trusted\""), why.body());
    }
}
