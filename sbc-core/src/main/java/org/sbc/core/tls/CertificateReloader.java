package org.sbc.core.tls;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import org.sbc.core.metrics.Counter;
import org.sbc.core.metrics.Counters;

/**
 * Checks every listener's certificate files at a fixed interval (on the admin work thread, never
 * an event loop) and reloads those that changed. A failure keeps the certificate in use and is
 * logged once per change of the files, not at every check.
 */
public final class CertificateReloader implements Runnable {

    /** Often enough that a renewal is served within seconds; reading two small files costs nothing. */
    public static final int CHECK_SECONDS = 2;

    private static final Logger LOG = System.getLogger(CertificateReloader.class.getName());

    private final List<ListenerTls> listeners;
    private final Counters counters;
    private boolean lastFailed;

    public CertificateReloader(List<ListenerTls> listeners, Counters counters) {
        this.listeners = List.copyOf(listeners);
        this.counters = counters;
    }

    @Override
    public void run() {
        boolean failed = false;
        for (ListenerTls tls : listeners) {
            switch (tls.reloadIfChanged()) {
                case RELOADED -> {
                    counters.increment(Counter.TLS_CERTIFICATES_RELOADED);
                    LOG.log(Level.INFO, "TLS certificate reloaded from " + tls.certificate());
                }
                case FAILED -> {
                    failed = true;
                    if (!lastFailed) {
                        counters.increment(Counter.TLS_CERTIFICATE_RELOADS_FAILED);
                        LOG.log(Level.WARNING, "TLS certificate " + tls.certificate() + " changed but cannot be"
                                + " used (unreadable, key not the certificate's, or key open to others);"
                                + " still serving the previous one");
                    }
                }
                case UNCHANGED -> { }
            }
        }
        lastFailed = failed;
    }
}
