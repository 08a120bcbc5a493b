package org.sbc.media.relay;

/**
 * What a new source needs, once a leg is latched, to take the latch over between offers and
 * answers (a phone whose NAT binding changed mid-call); see {@link SourceLatch}.
 *
 * <ul>
 *   <li>{@link #SSRC} (the default): it continues the latched stream, same SSRC and a sequence
 *       number just ahead of the highest seen, which a blind attacker cannot guess.
 *   <li>{@link #NEVER}: nothing; the latch moves only with a new offer/answer (re-INVITE or
 *       UPDATE), for operators who would rather lose a rebinding phone's audio than take any
 *       chance with an on-path attacker who sees the stream.
 * </ul>
 */
public enum Relatch {
    SSRC,
    NEVER
}
