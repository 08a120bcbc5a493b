package org.sbc.core.events.syslog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends octet-counted frames over one connection (TCP, or TLS through its {@link Connector}),
 * on a thread of its own: a collector that is down or slow fills this sender's bounded buffer,
 * and never the dispatcher or another sink.
 *
 * <p>When the connection fails, the message being written is lost (counted): TCP cannot say
 * how much of it arrived, and a resend could duplicate it. Reconnects back off exponentially
 * from {@code initialBackoff} to {@code maxBackoff}; meanwhile up to {@code bufferMessages}
 * wait, and beyond that new messages are refused (counted by the caller).
 */
final class StreamSender implements MessageSender {

    private static final Logger LOG = System.getLogger(StreamSender.class.getName());
    private static final long POLL_MILLIS = 200;
    private static final long LOG_INTERVAL_MILLIS = 60_000;

    private final String name;
    private final Connector connector;
    private final BlockingQueue<byte[]> buffer;
    private final Runnable onLost;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final Thread thread;
    private volatile boolean closing;
    private volatile Socket socket;
    private long lastLogMillis = Long.MIN_VALUE;

    /** @param onLost called once per message lost after it was accepted (write error, close) */
    StreamSender(String name, Connector connector, int bufferMessages, Duration initialBackoff, Duration maxBackoff,
            Runnable onLost) {
        this.name = requireNonNull(name, "name");
        this.connector = requireNonNull(connector, "connector");
        this.buffer = new ArrayBlockingQueue<>(bufferMessages);
        this.onLost = requireNonNull(onLost, "onLost");
        this.initialBackoffMillis = initialBackoff.toMillis();
        this.maxBackoffMillis = maxBackoff.toMillis();
        this.thread = new Thread(this::run, "sbc-syslog-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public boolean send(byte[] message) {
        return !closing && buffer.offer(OctetCounting.frame(message));
    }

    private void run() {
        long backoff = initialBackoffMillis;
        long nextAttempt = 0;
        byte[] held = null;
        try {
            while (true) {
                if (held == null) {
                    held = buffer.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (held == null) {
                        if (closing) {
                            break;
                        }
                        continue;
                    }
                }
                if (socket == null) {
                    if (closing) {
                        break; // no connection to drain into; what is left is lost
                    }
                    long wait = nextAttempt - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(Math.min(wait, POLL_MILLIS));
                        continue;
                    }
                    try {
                        socket = connector.connect();
                    } catch (IOException e) {
                        log("cannot connect, retrying in " + backoff + " ms: " + e);
                        nextAttempt = System.currentTimeMillis() + backoff;
                        backoff = Math.min(backoff * 2, maxBackoffMillis);
                        continue;
                    }
                }
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(held);
                    out.flush();
                    backoff = initialBackoffMillis;
                } catch (IOException e) {
                    log("connection lost: " + e);
                    closeSocket();
                    onLost.run();
                }
                held = null;
            }
        } catch (InterruptedException e) {
            // close() stopped waiting
        }
        if (held != null) {
            onLost.run();
        }
        for (int lost = buffer.size(); lost > 0; lost--) {
            onLost.run();
        }
        buffer.clear();
        closeSocket();
    }

    /** Sends what is buffered while connected, for at most {@code timeout}, then disconnects. */
    void close(Duration timeout) {
        closing = true;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                closeSocket(); // unblocks a write stuck on a collector that stopped reading
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    private void closeSocket() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** At most once a minute: a collector that is down for a day would otherwise fill the log. */
    private void log(String message) {
        long now = System.currentTimeMillis();
        if (lastLogMillis == Long.MIN_VALUE || now - lastLogMillis >= LOG_INTERVAL_MILLIS) {
            lastLogMillis = now;
            LOG.log(Level.WARNING, "syslog " + name + ": " + message);
        }
    }
}
