package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server of the test's own, on a fixed loopback address and port so that it can be
 * stopped and started again where the SBCs expect it. No persistence: a restart comes back
 * empty, the worst case for the nodes. A missing redis-server fails the test (run-tests
 * installs it).
 */
final class RedisServer implements AutoCloseable {

    private final String ip;
    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(String ip, int port) throws IOException {
        this.ip = ip;
        this.port = port;
        this.log = Files.createTempFile("redis-server-", ".log");
    }

    static RedisServer start(String ip, int port) throws Exception {
        RedisServer server = new RedisServer(ip, port);
        server.start();
        return server;
    }

    String uri() {
        return "redis://" + ip + ":" + port;
    }

    /** Starts (again) and waits, at most 10 s, until it answers PING. */
    void start() throws Exception {
        Tools.require("redis-server", "redis-server");
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", ip,
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("redis-server on " + ip + ":" + port + " not answering within 10 s: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits until it has exited. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        Files.deleteIfExists(log);
    }
}
