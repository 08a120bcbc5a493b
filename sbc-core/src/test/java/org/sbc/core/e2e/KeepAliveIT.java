package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sbc.core.SbcServer;
import org.sbc.core.config.B2buaConfig;
import org.sbc.core.config.PbxTarget;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.Side;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;

/** A phone registered over UDP gets OPTIONS keep-alives on the flow it registered from. */
class KeepAliveIT {

    private static final String OUTSIDE = "127.0.7.1";
    private static final String PBX = "127.0.7.20";
    private static final String PHONE = "127.0.7.30";

    @Test
    void pingsAPhoneRegisteredOverUdp() throws Exception {
        InetAddress out = InetAddress.getByName(OUTSIDE);
        SbcConfig config = TestServers.withTemporaryBanState(SbcConfig.defaults())
                .withSides(new Side(List.of(new ListenAddress(Transport.UDP, out, 5060))),
                        new Side(List.of(new ListenAddress(Transport.UDP, InetAddress.getByName("127.0.7.12"), 5070))))
                .withPbx(new PbxTarget("sip:" + PBX + ":5080", PBX, 5080, Transport.UDP))
                .withAdminListen(new InetSocketAddress(out, 18404))
                .withB2bua(B2buaConfig.DEFAULT.withKeepaliveSeconds(1));
        try (SbcServer sbc = SbcServer.start(config)) {
            SippRun pbx = SippRun.start("pbx_registrar.xml", PBX, 5080, "u1", "", List.of());
            try {
                pbx.awaitListening(Duration.ofSeconds(5));
                SippRun.start("phone_register.xml", PHONE, 5071, "u1", OUTSIDE + ":5060",
                        List.of("-set", "expires", "60")).assertSucceeds("phone REGISTER");
                pbx.assertSucceeds("PBX registrar");
                SippRun phone = SippRun.start("phone_keepalive.xml", PHONE, 5071, "u1", "", List.of());
                phone.assertSucceeds("phone answering the keep-alive");
            } finally {
                pbx.stop();
            }
            assertTrue(sbc.counters().get(Counter.KEEPALIVES_SENT) >= 1);
        }
    }
}
