package org.sbc.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdesCryptoTest {

    // RFC 4568 §4.5 and §6.1 use this key||salt.
    private static final String RFC_KEY = "d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj";
    private static final String GCM_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="; // 28 zero octets

    private final SecureRandom random = new SecureRandom();

    @Test
    void parsesTheRfc4568ExampleWithoutItsMki() {
        SdesParse parse = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20");
        assertEquals(SdesStatus.OK, parse.status());
        SdesCrypto crypto = parse.crypto().orElseThrow();
        assertEquals(1, crypto.tag());
        assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_80, crypto.suite());
        assertEquals(OptionalLong.of(1 << 20), crypto.masterKey().lifetime());
        assertArrayEquals(Base64.getDecoder().decode(RFC_KEY), crypto.masterKey().keyAndSalt());
        assertEquals("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20", crypto.format());
    }

    @Test
    void refusesTheRfc4568ExamplesBecauseOfTheirMki() {
        assertEquals(SdesStatus.MKI_UNSUPPORTED, SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:32").status());
        assertEquals(SdesStatus.MKI_UNSUPPORTED,
                SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:32").status());
        assertEquals(SdesStatus.MKI_UNSUPPORTED,
                SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:YUJDZGVmZ2hpSktMbW9QUXJzVHVWd3l6MTIzNDU2|1066:4").status());
    }

    @Test
    void formatThenParseGivesTheSameAttributeForEverySuite() {
        for (SrtpSuite suite : SrtpSuite.values()) {
            List<SdesCrypto> attributes = List.of(
                    SdesCrypto.generate(1, suite, random),
                    new SdesCrypto(999_999_999, SrtpMasterKey.generate(suite, random).withLifetime(1L << 31), List.of()),
                    new SdesCrypto(7, SrtpMasterKey.generate(suite, random).withLifetime(1000),
                            List.of("WSH=128", "-FOO=bar", "FEC_ORDER=FEC_SRTP")));
            for (SdesCrypto crypto : attributes) {
                assertEquals(crypto, SdesCrypto.parse(crypto.format()).crypto().orElseThrow(), crypto.format());
            }
        }
    }

    @Test
    void generatesFreshKeysOfTheSuitesLength() {
        SdesCrypto a = SdesCrypto.generate(1, SrtpSuite.AEAD_AES_128_GCM, random);
        SdesCrypto b = SdesCrypto.generate(1, SrtpSuite.AEAD_AES_128_GCM, random);
        assertNotEquals(a, b);
        assertEquals(28, a.masterKey().keyAndSalt().length);
        assertTrue(a.format().startsWith("1 AEAD_AES_128_GCM inline:"));
    }

    @Test
    void acceptsTabsAndRunsOfSpacesBetweenFields() {
        assertEquals(SdesStatus.OK, SdesCrypto.parse("2\tAES_CM_128_HMAC_SHA1_32  inline:" + RFC_KEY + " \tWSH=64").status());
    }

    @Test
    void acceptsGcmKeysWithOrWithoutPadding() {
        String unpadded = GCM_KEY.replace("=", "");
        assertEquals(SdesStatus.OK, SdesCrypto.parse("1 AEAD_AES_128_GCM inline:" + GCM_KEY).status());
        assertEquals(SdesStatus.OK, SdesCrypto.parse("1 AEAD_AES_128_GCM inline:" + unpadded).status());
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '#', value = {
        // syntax
        "''#MALFORMED",
        "1 AES_CM_128_HMAC_SHA1_80#MALFORMED",
        "' 1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "'#MALFORMED",
        "'1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + " '#MALFORMED",
        "x AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "#MALFORMED",
        "1234567890 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "#MALFORMED",
        "1 AES-CM AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "#MALFORMED",
        "1 AES_CM_128_HMAC_SHA1_80 " + RFC_KEY + "#MALFORMED",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|2^20#MALFORMED",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "\u00e9#MALFORMED",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + " WSH=32#MALFORMED",
        // suites we do not implement
        "1 F8_128_HMAC_SHA1_80 inline:" + RFC_KEY + "#UNKNOWN_SUITE",
        "1 AES_256_CM_HMAC_SHA1_80 inline:" + RFC_KEY + "#UNKNOWN_SUITE",
        "1 aes_cm_128_hmac_sha1_80 inline:" + RFC_KEY + "#UNKNOWN_SUITE",
        // key parameter
        "1 AES_CM_128_HMAC_SHA1_80 url:" + RFC_KEY + "#UNSUPPORTED_KEY_METHOD",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:4;inline:" + RFC_KEY + "|2^20|2:4#MULTIPLE_KEYS",
        "1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSo!#BAD_BASE64",
        "1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSp#BAD_BASE64",
        "1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSo#WRONG_KEY_LENGTH",
        "1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj=#BAD_BASE64",
        "1 AES_CM_128_HMAC_SHA1_80 inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB==#BAD_BASE64",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + GCM_KEY + "#WRONG_KEY_LENGTH",
        "1 AEAD_AES_128_GCM inline:" + RFC_KEY + "#WRONG_KEY_LENGTH",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|0#BAD_LIFETIME",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|020#BAD_LIFETIME",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^49#BAD_LIFETIME",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^#BAD_LIFETIME",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|99999999999999999999#BAD_LIFETIME",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|1:4#MKI_UNSUPPORTED",
        // session parameters that would change what we do
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + " KDR=20#UNSUPPORTED_SESSION_PARAMETER",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + " UNENCRYPTED_SRTP#UNSUPPORTED_SESSION_PARAMETER",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + " UNENCRYPTED_SRTCP#UNSUPPORTED_SESSION_PARAMETER",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + " UNAUTHENTICATED_SRTP#UNSUPPORTED_SESSION_PARAMETER",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + " FEC_ORDER=SRTP_FEC#UNSUPPORTED_SESSION_PARAMETER",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + " FEC_KEY=inline:" + RFC_KEY + "#UNSUPPORTED_SESSION_PARAMETER",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + " SOMETHING_NEW#UNSUPPORTED_SESSION_PARAMETER",
    })
    void refuses(String value, SdesStatus expected) {
        SdesParse parse = SdesCrypto.parse(value);
        assertEquals(expected, parse.status());
        assertTrue(parse.crypto().isEmpty());
    }

    @Test
    void refusesValuesLongerThanTheCap() {
        String value = "1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + " -" + "x".repeat(SdesCrypto.MAX_LENGTH);
        assertEquals(SdesStatus.MALFORMED, SdesCrypto.parse(value).status());
    }

    @Test
    void toStringShowsNoKey() {
        SdesCrypto crypto = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY).crypto().orElseThrow();
        assertFalse(crypto.toString().contains(RFC_KEY), crypto.toString());
        assertFalse(crypto.toString().contains(RFC_KEY.substring(0, 8)), crypto.toString());
    }

    @Test
    void refusesToBuildWhatCouldNotBeParsedBack() {
        SrtpMasterKey key = SrtpMasterKey.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80, random);
        assertThrows(IllegalArgumentException.class, () -> new SdesCrypto(-1, key, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SdesCrypto(1, key, List.of("UNENCRYPTED_SRTP")));
        assertThrows(IllegalArgumentException.class, () -> new SdesCrypto(1, key, List.of("two words")));
    }
}
