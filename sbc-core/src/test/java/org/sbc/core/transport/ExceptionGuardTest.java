package org.sbc.core.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sbc.core.testing.FakeAddressChannel;
import org.sbc.core.testing.TestPeers;

class ExceptionGuardTest {

    @Test
    void closesTcpConnectionAfterUnexpectedError() {
        FakeAddressChannel tcp = new FakeAddressChannel(
                TestPeers.address("198.51.100.1", 40000), TestPeers.SBC, new ExceptionGuard());

        tcp.pipeline().fireExceptionCaught(new IllegalStateException("a bug of ours"));

        assertFalse(tcp.isOpen());
    }

    @Test
    void keepsSharedListenerWithoutRemoteOpenAfterUnexpectedError() {
        FakeAddressChannel listener = new FakeAddressChannel(null, TestPeers.SBC, new ExceptionGuard());

        listener.pipeline().fireExceptionCaught(new IllegalStateException("a bug of ours"));

        assertTrue(listener.isOpen());
        listener.checkException();
    }
}
