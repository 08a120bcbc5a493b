package org.sbc.core.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sbc.core.config.MediaConfig.SrtpPolicy;
import org.sbc.media.sdp.MediaSection;
import org.sbc.media.sdp.Sdp;
import org.sbc.media.srtp.SdesCrypto;
import org.sbc.media.srtp.SdesParse;
import org.sbc.media.srtp.SrtpSuite;

/**
 * What an offer's streams get on each leg under the two legs' SRTP policies. The SBC terminates
 * SRTP on each leg with its own keys (SDES, RFC 4568), so the offerer's leg and the answerer's
 * leg are decided apart: a phone offering RTP/SAVP outside reaches a PBX offered RTP/AVP inside.
 *
 * <p>An offer from a leg is accepted as secure when its stream is RTP/SAVP(F) with a usable
 * {@code a=crypto}, or RTP/AVP(F) with one ("best effort" SRTP, as baresip's {@code srtp} and
 * several PBXs offer it) and the leg's policy is not {@code off}. What the other leg is offered
 * follows its own policy: SRTP when {@code required}, or when {@code optional} and the offerer
 * spoke SRTP or that leg talks SRTP already; plain RTP otherwise.
 */
final class SrtpTerms {

    /** The suite offered to a leg when the offerer's choice does not decide it: the one every SDES phone has. */
    static final SrtpSuite DEFAULT_SUITE = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
    /** The tag of the one {@code a=crypto} the SBC offers (RFC 4568 §9.1); the answer must name it. */
    static final int OFFER_TAG = 1;

    /**
     * One RTP stream of an offer.
     *
     * @param offerProto the proto the offerer wrote, which the answer to it must repeat
     * @param offererKey the offerer's key (what it protects with), or null: plain RTP on its leg
     * @param answererSecure whether the answerer's leg is offered SRTP
     * @param suite the suite of both legs' keys (the offerer's choice when it has one)
     */
    record Stream(String offerProto, SdesCrypto offererKey, boolean answererSecure, SrtpSuite suite) {

        boolean offererSecure() {
            return offererKey != null;
        }
    }

    /**
     * The terms of an offer: per m= line a {@link Stream}, empty for a declined stream or one
     * that is not RTP (the relay carries those as they are); or why it is refused.
     *
     * @param refusal the text of the 488's Warning; names nothing of either side
     */
    record Offer(List<Optional<Stream>> streams, String refusal) {

        boolean refused() {
            return refusal != null;
        }
    }

    static final String REQUIRED = "Secure media required: offer RTP/SAVP with an SDES a=crypto";
    static final String NOT_ACCEPTED = "Secure media not accepted here: offer RTP/AVP";
    static final String NO_USABLE_KEY = "No usable a=crypto: AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32 "
            + "or AEAD_AES_128_GCM with one inline key";
    static final String UNSUPPORTED_PROFILE = "Only RTP/SAVP with SDES keys is supported (no DTLS-SRTP)";

    private SrtpTerms() {}

    /**
     * @param answererSecured per stream, whether the answerer's leg talks SRTP now: under
     *     {@code optional} it is offered SRTP again whatever the offerer speaks, so a re-INVITE
     *     from a plain-RTP PBX does not take a phone's SRTP away
     */
    static Offer offer(Sdp sdp, SrtpPolicy offerer, SrtpPolicy answerer, boolean[] answererSecured) {
        List<Optional<Stream>> streams = new ArrayList<>();
        for (int index = 0; index < sdp.media().size(); index++) {
            MediaSection section = sdp.media().get(index);
            if (section.declined()) {
                streams.add(Optional.empty());
                continue;
            }
            if (!section.rtp()) {
                if (section.secure()) {
                    return new Offer(List.of(), UNSUPPORTED_PROFILE);
                }
                streams.add(Optional.empty());
                continue;
            }
            Optional<SdesCrypto> key = offerer == SrtpPolicy.OFF && !section.secure() ? Optional.empty()
                    : usableKey(section);
            if (section.secure() && offerer == SrtpPolicy.OFF) {
                return new Offer(List.of(), NOT_ACCEPTED);
            }
            if (section.secure() && key.isEmpty()) {
                return new Offer(List.of(), NO_USABLE_KEY);
            }
            if (key.isEmpty() && offerer == SrtpPolicy.REQUIRED) {
                return new Offer(List.of(), section.cryptoValues().isEmpty() ? REQUIRED : NO_USABLE_KEY);
            }
            boolean stillSecured = index < answererSecured.length && answererSecured[index];
            boolean answererSecure = answerer == SrtpPolicy.REQUIRED
                    || (answerer == SrtpPolicy.OPTIONAL && (key.isPresent() || stillSecured));
            streams.add(Optional.of(new Stream(section.proto(), key.orElse(null), answererSecure,
                    key.map(SdesCrypto::suite).orElse(DEFAULT_SUITE))));
        }
        return new Offer(streams, null);
    }

    /**
     * The answerer's key for a stream it was offered SRTP on: its {@code a=crypto} with our
     * tag and suite. Empty when there is none: the stream cannot be carried.
     */
    static Optional<SdesCrypto> answerKey(MediaSection answer, Stream terms) {
        for (String value : answer.cryptoValues()) {
            SdesParse parsed = SdesCrypto.parse(value);
            if (parsed.isAccepted() && parsed.crypto().get().tag() == OFFER_TAG
                    && parsed.crypto().get().suite() == terms.suite()) {
                return parsed.crypto();
            }
        }
        return Optional.empty();
    }

    /** The first {@code a=crypto} of {@code section} we can honour (RFC 4568 §5.1.2: invalid ones are skipped). */
    private static Optional<SdesCrypto> usableKey(MediaSection section) {
        for (String value : section.cryptoValues()) {
            SdesParse parsed = SdesCrypto.parse(value);
            if (parsed.isAccepted()) {
                return parsed.crypto();
            }
        }
        return Optional.empty();
    }
}
