package org.sbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sbc.core.config.ConfigTesting.FILE;
import static org.sbc.core.config.ConfigTesting.errorsOf;
import static org.sbc.core.config.ConfigTesting.yaml;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediaConfigTest {

    @Test
    void anchorsOnPorts20000To39999WithLatchingByDefault() {
        assertEquals(new MediaConfig(true, 20_000, 39_999, MediaConfig.Latching.LATCH, 60, 10_000, 100, 0,
                MediaConfig.SrtpPolicy.OPTIONAL, MediaConfig.SrtpPolicy.OFF), SbcConfig.defaults().media());
    }

    @Test
    void readsEveryKey() throws Exception {
        MediaConfig media = ConfigLoader.parse(yaml("media:", "  anchor: false", "  ports: 30000-30099",
                "  latching: strict", "  timeout_seconds: 20", "  max_sessions: 50", "  max_sessions_per_source: 5",
                "  threads: 3", "  outside:", "    srtp: required", "  inside:", "    srtp: optional"), FILE).media();

        assertEquals(new MediaConfig(false, 30_000, 30_099, MediaConfig.Latching.STRICT, 20, 50, 5, 3,
                MediaConfig.SrtpPolicy.REQUIRED, MediaConfig.SrtpPolicy.OPTIONAL), media);
    }

    @Test
    void refusesEveryBadValueWithItsPosition() {
        assertEquals(List.of(
                "test.yaml:2:10: media.ports: '40000-30000' (expected: FIRST-LAST, e.g. 20000-39999, within "
                        + "1024..65535, room for two RTP/RTCP pairs)",
                "test.yaml:3:13: media.latching: 'sometimes' (expected: latch or strict)",
                "test.yaml:4:20: media.timeout_seconds: 0 out of range (expected: 1..86400)",
                "test.yaml:6:11: media.outside.srtp: 'sometimes' (expected: required, optional or off)",
                "test.yaml:8:5: media.inside.crypto: unknown key 'crypto' (expected: one of srtp)"),
                errorsOf(yaml("media:", "  ports: 40000-30000", "  latching: sometimes", "  timeout_seconds: 0",
                        "  outside:", "    srtp: sometimes", "  inside:", "    crypto: on")));
    }
}
