package org.sbc.media.sdp;

import java.util.random.RandomGenerator;

/**
 * The {@code o=} line the SBC writes on one leg (RFC 8866 §5.2): a neutral username, a session
 * id fixed for the leg's life, and a version that RFC 3264 §8 has go up by one whenever the
 * description sent on the leg changes, and stay when it is sent again unchanged. Used on its
 * leg's thread only.
 */
public final class SdpOrigin {

    private final long sessionId;
    private long version;
    private String lastBody;

    private SdpOrigin(long sessionId) {
        this.sessionId = sessionId;
    }

    /** A fresh origin: a random positive session id (never the peer's: it would identify it). */
    public static SdpOrigin of(RandomGenerator random) {
        return new SdpOrigin(random.nextLong(1, Long.MAX_VALUE));
    }

    /** The o= line for a description whose other lines are {@code body}. */
    String line(String addrtype, String address, String body) {
        if (lastBody != null && !lastBody.equals(body)) {
            version++;
        }
        lastBody = body;
        return "o=- " + sessionId + " " + version + " IN " + addrtype + " " + address;
    }
}
