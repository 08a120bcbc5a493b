package org.sbc.core.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SniKeyManagerTest {

    @Test
    void wildcardCoversExactlyOneMoreLabel() {
        assertTrue(SniKeyManager.covers("*.example.com", "sip.example.com"));
        assertFalse(SniKeyManager.covers("*.example.com", "example.com"));
        assertFalse(SniKeyManager.covers("*.example.com", "a.sip.example.com"));
        assertFalse(SniKeyManager.covers("*.example.com", ".example.com"));
    }

    @Test
    void plainNameCoversItselfOnly() {
        assertTrue(SniKeyManager.covers("sip.example.com", "sip.example.com"));
        assertFalse(SniKeyManager.covers("sip.example.com", "sip.example.com.evil.test"));
    }
}
