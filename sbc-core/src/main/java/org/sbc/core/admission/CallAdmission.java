package org.sbc.core.admission;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Whether a new call may start (call-admission and fraud limits), and its release when it ends.
 * The B2BUA calls {@link #admit} once where an INVITE opens a call and {@link #release} once where
 * any call ends, with plain values only, so the B2BUA needs to know nothing of policies.
 */
public interface CallAdmission {

    /** Admits every call: no policy, or a policy without {@code admission} and {@code fraud}. */
    CallAdmission NONE = new CallAdmission() {
        @Override
        public Optional<Refusal> admit(String callKey, boolean fromOutside, InetAddress source,
                Optional<String> certifiedTrunk, Optional<String> authenticatedUser, String fromUser, String dialled) {
            return Optional.empty();
        }

        @Override
        public void release(String callKey, long answeredMillis) {}
    };

    /** Why a call was refused: the answer to give and the limit that refused it. */
    record Refusal(int code, String reason, String limitId) {}

    /**
     * @param callKey identifies the call until its release (the caller's Call-ID and From tag)
     * @param fromOutside whether the INVITE came from the outside (only outside calls are limited)
     * @param source the address the INVITE came from
     * @param certifiedTrunk the trunk whose TLS client certificate the INVITE's connection presented
     * @param authenticatedUser the account that authenticates this INVITE, if any: the user whose
     *     digest credentials the SBC verified, else the username of the credentials the PBX judges
     * @param fromUser the From user part, or null: the caller's user only when no credentials name one
     * @param dialled the Request-URI's user part, or null
     * @return the refusal, or empty when the call is admitted (and then must be released)
     */
    Optional<Refusal> admit(String callKey, boolean fromOutside, InetAddress source, Optional<String> certifiedTrunk,
            Optional<String> authenticatedUser, String fromUser, String dialled);

    /**
     * The PBX answered the call's INVITE 401 or 407 (pass-through auth): the first half of a digest
     * exchange, not a call of anyone's, so its calls-per-minute and per-hour counts are undone (the
     * caller's retry with credentials is the call, counted as the account it names). Its release
     * still follows; a key never admitted is ignored.
     */
    default void challenged(String callKey) {}

    /**
     * Ends an admitted call; a key never admitted (or already released) is ignored.
     *
     * @param answeredMillis how long the call was up after its answer; -1 when never answered
     */
    void release(String callKey, long answeredMillis);
}
