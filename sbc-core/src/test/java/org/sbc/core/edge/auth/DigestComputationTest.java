package org.sbc.core.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The worked examples of RFC 7616 §3.9.1, computed by our code. */
class DigestComputationTest {

    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private static String rfcResponse(DigestAlgorithm algorithm) {
        String ha1 = DigestComputation.ha1(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life");
        return DigestComputation.response(algorithm, ha1, NONCE, "00000001", CNONCE, "GET", "/dir/index.html");
    }

    @Test
    void computesRfc7616Md5Example() {
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", rfcResponse(DigestAlgorithm.MD5));
    }

    @Test
    void computesRfc7616Sha256Example() {
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                rfcResponse(DigestAlgorithm.SHA_256));
    }

    @Test
    void comparesResponsesCaseInsensitivelyAndExactlyOtherwise() {
        assertTrue(DigestComputation.matches("8ca523f5e9506fed4657c9700eebdbec", "8CA523F5E9506FED4657C9700EEBDBEC"));
        assertFalse(DigestComputation.matches("8ca523f5e9506fed4657c9700eebdbec", "8ca523f5e9506fed4657c9700eebdbed"));
        assertFalse(DigestComputation.matches("8ca523f5e9506fed4657c9700eebdbec", "8ca523f5e9506fed4657c9700eebdbe"));
    }
}
