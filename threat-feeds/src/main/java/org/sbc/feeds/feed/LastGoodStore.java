package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * The last copy of each downloaded feed that was accepted, kept on disk so that the SBC starts
 * with its feeds when the network (or the provider) is down.
 *
 * <p>Two files per feed in one folder: {@code NAME.feed} (the body as downloaded) and
 * {@code NAME.meta} (validators, time, SHA-256 of the body). Each is written to a temporary file
 * in the same folder, forced to disk, then renamed over the old one: a crash leaves the old copy
 * or the new one, never half of either. The body goes first and the meta names its hash, so a
 * crash between the two renames is noticed at load: the body is still used (it is a complete
 * accepted copy), but without validators, so the next download is unconditional.
 */
public final class LastGoodStore {

    private final Path folder;

    public LastGoodStore(Path folder) {
        this.folder = requireNonNull(folder, "folder");
    }

    /** A copy read back: its body, the validators to send, and when its source last confirmed it. */
    public record Stored(byte[] body, FeedFetcher.Validators validators, Instant confirmedAt) {}

    public Path folder() {
        return folder;
    }

    public void save(String feed, byte[] body, FeedFetcher.Validators validators, Instant confirmedAt)
            throws IOException {
        Files.createDirectories(folder);
        writeAtomically(folder.resolve(feed + ".feed"), body);
        Properties meta = new Properties();
        meta.setProperty("sha256", sha256(body));
        meta.setProperty("confirmed_at", confirmedAt.toString());
        if (validators.etag() != null) {
            meta.setProperty("etag", validators.etag());
        }
        if (validators.lastModified() != null) {
            meta.setProperty("last_modified", validators.lastModified());
        }
        StringWriter text = new StringWriter();
        meta.store(text, "last good copy of feed " + feed);
        writeAtomically(folder.resolve(feed + ".meta"), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Empty when there is no copy; a body larger than {@code maxBytes} is not read. */
    public Optional<Stored> load(String feed, long maxBytes) throws IOException {
        Path bodyPath = folder.resolve(feed + ".feed");
        byte[] body;
        try (InputStream in = Files.newInputStream(bodyPath)) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (body.length > maxBytes) {
            throw new IOException(bodyPath + ": over max_bytes " + maxBytes);
        }
        Instant fileTime = Files.getLastModifiedTime(bodyPath).toInstant();
        Properties meta = new Properties();
        try {
            meta.load(new StringReader(Files.readString(folder.resolve(feed + ".meta"), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.of(new Stored(body, FeedFetcher.Validators.NONE, fileTime));
        }
        if (!sha256(body).equals(meta.getProperty("sha256"))) {
            // the meta belongs to another body: keep the body, drop what describes it
            return Optional.of(new Stored(body, FeedFetcher.Validators.NONE, fileTime));
        }
        Instant confirmedAt;
        try {
            confirmedAt = Instant.parse(meta.getProperty("confirmed_at", ""));
        } catch (RuntimeException e) {
            confirmedAt = fileTime;
        }
        return Optional.of(new Stored(body, new FeedFetcher.Validators(
                meta.getProperty("etag"), meta.getProperty("last_modified")), confirmedAt));
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                out.write(bytes);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // same folder, so this only happens on odd filesystems; a plain replace is the best left
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
