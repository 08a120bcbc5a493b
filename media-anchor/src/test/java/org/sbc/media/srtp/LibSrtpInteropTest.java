package org.sbc.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interoperability with libSRTP 2 (Debian's libsrtp2-dev), an independent implementation, through
 * the filter program in src/test/c/srtp_interop.c, built here with gcc. For each suite, over
 * packets of varied shapes crossing a sequence wrap, two SSRCs interleaved:
 *
 * <ul>
 *   <li>SRTP: libSRTP's protected packets equal ours octet for octet; each side unprotects the
 *       other's; a flipped bit is refused by libSRTP.
 *   <li>SRTCP: each side unprotects the other's (libSRTP starts the SRTCP index at 1, we at 0 as
 *       RFC 3711 §3.4 says, so the octets differ by design).
 * </ul>
 *
 * <p>Fails, never skips, when gcc, pkg-config or libsrtp2-dev is missing: run-tests installs them.
 */
class LibSrtpInteropTest {

    private static final Path SOURCE = Path.of("src", "test", "c", "srtp_interop.c");
    private static final Path BINARY = Path.of("target", "srtp-interop");

    private final Random random = new Random(2004);

    @BeforeAll
    static void buildTheFilter() throws Exception {
        if (Files.exists(BINARY) && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
            return;
        }
        Run flags = run(List.of("pkg-config", "--cflags", "--libs", "libsrtp2"), "");
        if (flags.exit != 0) {
            fail("pkg-config found no libsrtp2 (apt-get install pkg-config libsrtp2-dev; run-tests does): " + flags.err);
        }
        List<String> command = new ArrayList<>(List.of("gcc", "-O1", "-Wall", "-o", BINARY.toString(), SOURCE.toString()));
        command.addAll(Arrays.asList(flags.out.trim().split("\\s+")));
        Run gcc = run(command, "");
        assertEquals(0, gcc.exit, "gcc: " + gcc.err);
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void srtpInteroperatesWithLibSrtpOctetForOctet(SrtpSuite suite) throws Exception {
        SrtpMasterKey key = SrtpMasterKey.of(suite, bytes(suite.keyAndSaltLength()));
        List<byte[]> plain = new ArrayList<>();
        int[] ssrcs = {random.nextInt(), random.nextInt()};
        for (int i = 0; i < 400; i++) {
            int seq = (65436 + i / 2) & 0xffff; // each SSRC wraps at its 100th packet
            plain.add(Packets.rtp(random, ssrcs[i % 2], seq, random.nextInt(4), random.nextInt(4) - 1, random.nextInt(400)));
        }

        SrtpContext sender = SrtpContext.sender(key);
        List<byte[]> ours = new ArrayList<>();
        for (byte[] packet : plain) {
            PacketBuffer buffer = PacketBuffer.copyOf(packet, 16);
            assertEquals(SrtpStatus.OK, sender.protect(buffer));
            ours.add(buffer.toByteArray());
        }
        List<String> theirs = libSrtp(suite, key, "protect-rtp", plain);
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(theirs.get(i), Hex.text(ours.get(i)), suite + " packet " + i);
        }

        assertEquals(hex(plain), libSrtp(suite, key, "unprotect-rtp", ours), "libSRTP unprotects ours");

        SrtpContext receiver = SrtpContext.receiver(key);
        for (int i = 0; i < theirs.size(); i++) {
            PacketBuffer buffer = PacketBuffer.of(Hex.bytes(theirs.get(i)));
            assertEquals(SrtpStatus.OK, receiver.unprotect(buffer), "packet " + i);
            assertEquals(Hex.text(plain.get(i)), Hex.text(buffer.toByteArray()));
        }
        assertEquals(1, receiver.rolloverCounter(ssrcs[0]).getAsLong());
        assertEquals(1, receiver.rolloverCounter(ssrcs[1]).getAsLong());

        byte[] tampered = ours.get(0).clone();
        tampered[tampered.length - 1] ^= 1;
        assertTrue(libSrtp(suite, key, "unprotect-rtp", List.of(tampered)).get(0).startsWith("ERR"));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void srtcpInteroperatesWithLibSrtpBothWays(SrtpSuite suite) throws Exception {
        SrtpMasterKey key = SrtpMasterKey.of(suite, bytes(suite.keyAndSaltLength()));
        List<byte[]> plain = new ArrayList<>();
        int[] ssrcs = {random.nextInt(), random.nextInt()};
        for (int i = 0; i < 100; i++) {
            plain.add(Packets.rtcp(random, ssrcs[i % 2], 2 + random.nextInt(40)));
        }

        SrtcpContext sender = SrtcpContext.sender(key);
        List<byte[]> ours = new ArrayList<>();
        for (byte[] packet : plain) {
            PacketBuffer buffer = PacketBuffer.copyOf(packet, 20);
            assertEquals(SrtpStatus.OK, sender.protect(buffer));
            ours.add(buffer.toByteArray());
        }
        assertEquals(hex(plain), libSrtp(suite, key, "unprotect-rtcp", ours), "libSRTP unprotects ours");

        List<String> theirs = libSrtp(suite, key, "protect-rtcp", plain);
        SrtcpContext receiver = SrtcpContext.receiver(key);
        for (int i = 0; i < theirs.size(); i++) {
            assertEquals(Hex.text(plain.get(i)).length() + 2 * suite.srtcpOverhead(), theirs.get(i).length(), "libSRTP's trailer");
            PacketBuffer buffer = PacketBuffer.of(Hex.bytes(theirs.get(i)));
            assertEquals(SrtpStatus.OK, receiver.unprotect(buffer), "packet " + i);
            assertEquals(Hex.text(plain.get(i)), Hex.text(buffer.toByteArray()));
        }
    }

    private static List<String> libSrtp(SrtpSuite suite, SrtpMasterKey key, String mode, List<byte[]> packets) throws Exception {
        Run filter = run(List.of(BINARY.toString(), suite.sdesName(), Hex.text(key.keyAndSalt()), mode),
                String.join("\n", hex(packets)) + "\n");
        assertEquals(0, filter.exit, "srtp-interop: " + filter.err);
        List<String> lines = filter.out.lines().toList();
        assertEquals(packets.size(), lines.size());
        return lines;
    }

    private static List<String> hex(List<byte[]> packets) {
        return packets.stream().map(Hex::text).toList();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(List<String> command, String input) throws IOException, InterruptedException {
        // Input and output through files: a pipe written in full before it is read would deadlock
        // once the filter's output fills the other pipe.
        Path in = Files.createTempFile("srtp-interop", ".in");
        Path out = Files.createTempFile("srtp-interop", ".out");
        Path err = Files.createTempFile("srtp-interop", ".err");
        try {
            Files.writeString(in, input, StandardCharsets.US_ASCII);
            Process process;
            try {
                process = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).start();
            } catch (IOException e) {
                fail(command.get(0) + " is not installed (apt-get install gcc pkg-config libsrtp2-dev; run-tests does): "
                        + e.getMessage());
                throw e;
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command + " did not finish in 60 s");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.US_ASCII),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
