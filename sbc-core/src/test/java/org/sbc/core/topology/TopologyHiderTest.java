package org.sbc.core.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.TopologyConfig;
import org.sbc.topology.mask.MaskHandles;
import org.sbc.topology.mask.TokenSealer;
import org.sbc.topology.scrub.InsideNames;
import org.sbc.topology.strip.MemoryMappingStore;
import org.sbc.topology.strip.StripHandles;

/** {@link TopologyHiding} as the B2BUA sees it, through {@link TopologyHider}. */
class TopologyHiderTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final List<String> MAPPING = List.of("2", "1800000000000", "INSIDE", "UDP", "10.0.0.5", "5060",
            "call-1", "", "Jürgen", "sip:bob@10.0.0.5\nsip:10.0.0.6;lr");
    private static final String OPTIONS = "OPTIONS sip:alice@192.0.2.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK-1\r\n"
            + "From: <sip:pbx.corp.example>;tag=a\r\nTo: <sip:alice@192.0.2.1>\r\n"
            + "Call-ID: c-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    private final InsideNames inside = new InsideNames(List.of("pbx.corp.example"));
    private final OutsideSanitizer sanitizer = new OutsideSanitizer(inside, TopologyConfig.DEFAULT);
    private final StripHandles stored = new StripHandles(new MemoryMappingStore(100, System::currentTimeMillis));

    private TopologyHider masked() {
        byte[] key = new byte[TokenSealer.KEY_BYTES];
        key[0] = 7;
        return new TopologyHiding(sanitizer, new MaskHandles(new TokenSealer(key, Optional.empty())), true,
                Optional.empty());
    }

    private TopologyHider stripped(Optional<String> outsideHost) {
        return new TopologyHiding(sanitizer, stored, false, outsideHost);
    }

    private static Optional<List<String>> mappingOf(TopologyHider hider, String handle) {
        return hider.mappingOf(handle).toCompletableFuture().join();
    }

    private static String toOutside(TopologyHider hider, Supplier<InetAddress> ours) {
        return new String(hider.toOutside(OPTIONS.getBytes(StandardCharsets.ISO_8859_1), ours).orElseThrow(),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void givesBackTheMappingASealedHandleStandsFor() {
        TopologyHider hider = masked();

        String handle = hider.contactHandle(Optional.empty(), MAPPING, TTL);

        assertTrue(hider.handlesSealed());
        assertTrue(handle.matches("[A-Za-z0-9_-]+"), handle);
        assertEquals(Optional.of(MAPPING), mappingOf(hider, handle));
        char last = handle.charAt(handle.length() - 1);
        String forged = handle.substring(0, handle.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertEquals(Optional.empty(), mappingOf(hider, forged));
    }

    @Test
    void givesBackTheMappingAStoredHandleNamesUntilTheDialogEnds() {
        TopologyHider hider = stripped(Optional.empty());

        String handle = hider.contactHandle(Optional.empty(), MAPPING, TTL);
        String again = hider.contactHandle(Optional.of(handle), List.of("refreshed"), TTL);

        assertFalse(hider.handlesSealed());
        assertEquals(handle, again, "a stored handle keeps its id when stored again");
        assertEquals(Optional.of(List.of("refreshed")), mappingOf(hider, handle));
        hider.release(handle);
        assertEquals(Optional.empty(), mappingOf(hider, handle));
    }

    @Test
    void givesNoMappingForStoredBytesThatAreNoMapping() {
        String handle = stored.handle(Optional.empty(), "not a field encoding".getBytes(StandardCharsets.UTF_8), TTL);

        assertEquals(Optional.empty(), mappingOf(stripped(Optional.empty()), handle));
    }

    @Test
    void namesOurOutsideAddressInPlaceOfTheInsideWhenNoOutsideHostIsConfigured() throws Exception {
        InetAddress ours = InetAddress.getByName("2001:db8::10");

        String sent = toOutside(stripped(Optional.empty()), () -> ours);

        assertTrue(sent.contains("From: <sip:[" + ours.getHostAddress() + "]>;tag=a"), sent);
        assertFalse(sent.contains("pbx.corp.example"), sent);
    }

    @Test
    void namesTheConfiguredOutsideHostWithoutAskingForOurAddress() {
        String sent = toOutside(stripped(Optional.of("sbc.example.com")), () -> {
            throw new AssertionError("our address is not needed with an outside host configured");
        });

        assertTrue(sent.contains("From: <sip:sbc.example.com>;tag=a"), sent);
    }
}
