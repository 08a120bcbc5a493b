package org.sbc.core.b2bua.transaction;

import org.sbc.core.codec.SipResponse;

/** Who a client transaction reports to: the B2BUA relay, or the SBC's own requests. */
public interface TransactionUser {

    /** Every response the transaction passes up: provisional, final, and 2xx retransmissions. */
    void onResponse(ClientTransaction transaction, SipResponse response);

    /**
     * No final response: the transaction timed out (timer B or F) or its request could not be
     * sent; {@code failure} is the answer to give in its place.
     */
    void onFailure(ClientTransaction transaction, Failure failure);

    /**
     * The transaction has ended (answered and lingered, failed, or terminated): no response
     * reaches the user through it any more, so what the user kept to answer its retransmissions
     * can go.
     */
    default void onEnded(ClientTransaction transaction) {}

    /** For requests whose outcome nobody waits for (ACK-less BYEs on cleanup, keep-alives). */
    TransactionUser IGNORE = new TransactionUser() {
        @Override
        public void onResponse(ClientTransaction transaction, SipResponse response) {}

        @Override
        public void onFailure(ClientTransaction transaction, Failure failure) {}
    };
}
