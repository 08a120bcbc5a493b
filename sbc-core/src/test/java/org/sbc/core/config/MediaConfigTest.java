package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sbc.core.config.ConfigTesting.FILE;
import static org.sbc.core.config.ConfigTesting.errorsOf;
import static org.sbc.core.config.ConfigTesting.yaml;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaConfigTest {

    @Test
    void anchorsOnPorts20000To39999WithLatchingByDefault() {
        assertEquals(new MediaConfig(true, 20_000, 39_999, MediaConfig.Latching.LATCH, MediaConfig.Relatch.SSRC, 60, 10_000, 100, 0,
                MediaConfig.MediaSide.of(MediaConfig.SrtpPolicy.OPTIONAL), MediaConfig.MediaSide.of(MediaConfig.SrtpPolicy.OFF)), SbcConfig.defaults().media());
    }

    @Test
    void readsEveryKey() throws Exception {
        MediaConfig media = ConfigLoader.parse(yaml("media:", "  anchor: false", "  ports: 30000-30099",
                "  latching: strict", "  relatch: never", "  timeout_seconds: 20", "  max_sessions: 50", "  max_sessions_per_source: 5",
                "  threads: 3", "  outside:", "    srtp: required", "    address: 10.0.0.10", "    advertise: 203.0.113.10",
                "  inside:", "    srtp: optional", "    address: 2001:db8::10"), FILE).media();

        assertEquals(new MediaConfig(false, 30_000, 30_099, MediaConfig.Latching.STRICT, MediaConfig.Relatch.NEVER, 20, 50, 5, 3,
                new MediaConfig.MediaSide(MediaConfig.SrtpPolicy.REQUIRED, Optional.of(InetAddress.getByName("10.0.0.10")),
                        Optional.of(InetAddress.getByName("203.0.113.10"))),
                new MediaConfig.MediaSide(MediaConfig.SrtpPolicy.OPTIONAL,
                        Optional.of(InetAddress.getByName("2001:db8::10")), Optional.empty())), media);
    }

    @Test
    void refusesEveryBadValueWithItsPosition() {
        assertEquals(List.of(
                "test.yaml:2:10: media.ports: '40000-30000' (expected: FIRST-LAST, e.g. 20000-39999, within "
                        + "1024..65535, room for two RTP/RTCP pairs)",
                "test.yaml:3:13: media.latching: 'sometimes' (expected: latch or strict)",
                "test.yaml:4:20: media.timeout_seconds: 0 out of range (expected: 1..86400)",
                "test.yaml:6:11: media.outside.srtp: 'sometimes' (expected: required, optional or off)",
                "test.yaml:8:5: media.inside.crypto: unknown key 'crypto' (expected: one of srtp, address, advertise)"),
                errorsOf(yaml("media:", "  ports: 40000-30000", "  latching: sometimes", "  timeout_seconds: 0",
                        "  outside:", "    srtp: sometimes", "  inside:", "    crypto: on")));
    }

    @Test
    void refusesAMediaAddressThatNoSdpCanNameAndAWildcardListenWithoutOne() throws Exception {
        assertEquals(List.of(
                "test.yaml:3:14: media.outside.address: 'pbx.example.com' (expected: an IPv4 or IPv6 address of this "
                        + "host, e.g. 192.0.2.10 or 2001:db8::10)",
                "test.yaml:5:16: media.inside.advertise: '0.0.0.0' (expected: an IPv4 or IPv6 address of this host, "
                        + "e.g. 192.0.2.10 or 2001:db8::10)"),
                errorsOf(yaml("media:", "  outside:", "    address: pbx.example.com", "  inside:",
                        "    advertise: 0.0.0.0")));
        assertEquals(List.of("test.yaml:2:12: outside.listen[0]: udp:0.0.0.0:5060 is a wildcard, which no SDP can "
                        + "name (expected: media.outside.address set to this host's address on the outside, or "
                        + "media.anchor: false)"),
                errorsOf(yaml("outside:", "  listen: [udp:0.0.0.0:5060]")));
        assertEquals(Optional.of(InetAddress.getByName("192.0.2.10")), ConfigLoader.parse(yaml("outside:",
                "  listen: [udp:0.0.0.0:5060]", "media:", "  outside:", "    address: 192.0.2.10"), FILE)
                .media().outside().address());
        assertEquals(false, ConfigLoader.parse(yaml("outside:", "  listen: [udp:0.0.0.0:5060]", "media:",
                "  anchor: false"), FILE).media().anchor());
    }
}
