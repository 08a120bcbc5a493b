package org.sbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sbc.core.config.ConfigLoader;
import org.sbc.core.config.Limits;
import org.sbc.core.config.yaml.ConfigException;
import org.sbc.core.sip.MalformedMessage;
import org.sbc.core.sip.ReceivedMessage;
import org.sbc.core.sip.SipFrame;
import org.sbc.media.sdp.Sdp;
import org.sbc.media.srtp.SdesCrypto;
import org.sbc.topology.FieldCodec;

/**
 * The seed corpora are what regression mode runs and where fuzzing starts, so they are checked
 * like code: every fuzz target has one, and a seed named {@code valid-*} is one the code under
 * test accepts today (an {@code invalid-*} one, one it refuses). A corpus that went missing or
 * stopped reaching the accepting paths would otherwise pass in silence.
 */
class SeedCorpusTest {

    private static final List<Class<?>> TARGETS = List.of(MessageDecodingFuzzTest.class, SdpFuzzTest.class,
            SdesCryptoFuzzTest.class, ConfigLoaderFuzzTest.class, TopologyTokenFuzzTest.class);

    @Test
    void everyFuzzTargetHasSeedsIncludingValidOnes() {
        int targets = 0;
        for (Class<?> target : TARGETS) {
            for (Method method : target.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(FuzzTest.class)) {
                    continue;
                }
                targets++;
                Map<String, byte[]> seeds = SeedFiles.of(target, method.getName());
                assertTrue(seeds.size() >= 3, target.getSimpleName() + "#" + method.getName() + ": " + seeds.keySet());
                assertTrue(seeds.keySet().stream().anyMatch(name -> name.startsWith("valid-"))
                        || method.getName().equals("sealAndOpen"),
                        target.getSimpleName() + "#" + method.getName() + " has no valid-* seed: " + seeds.keySet());
            }
        }
        assertEquals(7, targets, "fuzz targets found");
    }

    @Test
    void validDatagramSeedsDecodeAndInvalidOnesAreRefused() {
        SeedFiles.of(MessageDecodingFuzzTest.class, "udpDatagram").forEach((name, bytes) -> {
            Object result = MessageDecodingFuzzTest.decoder(Limits.DEFAULT)
                    .decode(new SipFrame(bytes, MessageDecodingFuzzTest.UDP_PEER));
            if (name.startsWith("valid-")) {
                assertTrue(result instanceof ReceivedMessage, name + ": " + result);
            } else if (name.startsWith("invalid-")) {
                assertTrue(result instanceof MalformedMessage, name + ": " + result);
            }
        });
    }

    @Test
    void validStreamSeedsFrameIntoMessagesWithNothingLeft() {
        SeedFiles.of(MessageDecodingFuzzTest.class, "tcpStream").forEach((name, bytes) -> {
            if (!name.startsWith("valid-")) {
                return;
            }
            MessageDecodingFuzzTest.Framing framing = MessageDecodingFuzzTest.frame(bytes, List.of(bytes.length));
            assertTrue(!framing.frames().isEmpty() && !framing.closed(), name + ": " + framing);
            int framed = framing.frames().stream().mapToInt(f -> f.length).sum() + 4 * framing.pongs();
            assertEquals(bytes.length, framed, name + ": every byte is a frame or a ping");
            for (byte[] frame : framing.frames()) {
                Object result = MessageDecodingFuzzTest.decoder(MessageDecodingFuzzTest.TIGHT)
                        .decode(new SipFrame(frame, MessageDecodingFuzzTest.TCP_PEER));
                assertTrue(result instanceof ReceivedMessage, name + ": " + result);
            }
        });
    }

    @Test
    void validSdpSeedsParse() {
        SeedFiles.of(SdpFuzzTest.class, "parseAndRewrite").forEach((name, bytes) -> {
            if (name.startsWith("valid-")) {
                assertTrue(Sdp.parse(new String(bytes, StandardCharsets.UTF_8)).isPresent(), name);
            }
        });
    }

    @Test
    void validSdesSeedsAreAcceptedAndTheOthersRefused() {
        SeedFiles.of(SdesCryptoFuzzTest.class, "parse").forEach((name, bytes) -> assertEquals(name.startsWith("valid-"),
                SdesCrypto.parse(new String(bytes, StandardCharsets.UTF_8)).isAccepted(), name));
    }

    @Test
    void validConfigSeedsLoad() throws IOException {
        for (Map.Entry<String, byte[]> seed : SeedFiles.of(ConfigLoaderFuzzTest.class, "loadFile").entrySet()) {
            if (!seed.getKey().startsWith("valid-")) {
                continue;
            }
            try {
                ConfigLoader.parse(new String(seed.getValue(), StandardCharsets.UTF_8), seed.getKey());
            } catch (ConfigException e) {
                throw new AssertionError(seed.getKey() + ":\n" + e.getMessage(), e);
            }
        }
    }

    /** The example config is a seed as it is in examples/: the two cannot drift apart. */
    @Test
    void theExampleConfigSeedIsTheExampleConfig() throws IOException {
        byte[] example = Files.readAllBytes(Path.of("..", "examples", "sbc.yaml"));
        assertArrayEquals(example, SeedFiles.of(ConfigLoaderFuzzTest.class, "loadFile").get("valid-example-sbc.yaml"));
    }

    @Test
    void validTokenSeedsOpenToDialogMappings() {
        Map<String, byte[]> seeds = SeedFiles.of(TopologyTokenFuzzTest.class, "openAnyText");
        assertTrue(TopologyTokenFuzzTest.VALID_TOKENS.size() >= 2, TopologyTokenFuzzTest.VALID_TOKENS.toString());
        seeds.forEach((name, bytes) -> {
            String token = new String(bytes, StandardCharsets.ISO_8859_1);
            boolean opens = TopologyTokenFuzzTest.SEALER.open(token)
                    .flatMap(FieldCodec::decode).filter(fields -> fields.size() == 18).isPresent();
            assertEquals(name.startsWith("valid-"), opens, name);
        });
    }
}
