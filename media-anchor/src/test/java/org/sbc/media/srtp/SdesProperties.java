package org.sbc.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/** {@link SdesCrypto#parse(String)} is total and inverts {@link SdesCrypto#format()}. */
class SdesProperties {

    @Property(tries = 1_000)
    void parseOfFormatIsTheSameAttribute(
            @ForAll SrtpSuite suite,
            @ForAll @IntRange(min = 0, max = SdesCrypto.MAX_TAG) int tag,
            @ForAll long seed,
            @ForAll @LongRange(min = 0, max = 1L << 48) long lifetime,
            @ForAll("sessionParameters") List<String> sessionParameters) {
        byte[] keyAndSalt = new byte[suite.keyAndSaltLength()];
        new Random(seed).nextBytes(keyAndSalt);
        SrtpMasterKey key = SrtpMasterKey.of(suite, keyAndSalt);
        SdesCrypto crypto = new SdesCrypto(tag, lifetime == 0 ? key : key.withLifetime(lifetime), sessionParameters);
        assertEquals(crypto, SdesCrypto.parse(crypto.format()).crypto().orElseThrow());
    }

    @Provide
    Arbitrary<List<String>> sessionParameters() {
        Arbitrary<String> one = Arbitraries.oneOf(
                Arbitraries.integers().between(64, 100_000).map(n -> "WSH=" + n),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(10).map(s -> "-" + s),
                Arbitraries.just("FEC_ORDER=FEC_SRTP"));
        return one.list().ofMaxSize(3);
    }

    @Property(tries = 2_000)
    void anyTextParsesToAStatusWithoutThrowing(@ForAll @StringLength(max = 200) String text) {
        assertNotNull(SdesCrypto.parse(text).status());
    }

    @Property(tries = 2_000)
    void nearMissesOfAValidAttributeParseToAStatusWithoutThrowing(
            @ForAll @IntRange(min = 0, max = 80) int at, @ForAll char replacement) {
        String valid = "1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj|2^20 WSH=64";
        int index = at % valid.length();
        String mutated = valid.substring(0, index) + replacement + valid.substring(index + 1);
        assertNotNull(SdesCrypto.parse(mutated).status());
    }
}
