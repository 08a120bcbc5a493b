package org.sbc.policies;

/** The transport a request arrived on. */
public enum Transport {
    UDP,
    TCP,
    TLS,
    WS,
    WSS
}
