package org.sbc.feeds.feed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Reads a local feed file when its size or modification time changed since the copy in force:
 * a refresh every second costs one {@code stat}. Bigger than the limit is refused before
 * reading, and reading stops at the limit too in case the file grows while it is read.
 */
public final class FileFetcher implements FeedFetcher {

    private final Path path;
    private final long maxBytes;

    public FileFetcher(Path path, long maxBytes) {
        this.path = requireNonNull(path, "path");
        this.maxBytes = maxBytes;
    }

    @Override
    public Result fetch(Validators previous) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return new Result.Failed("not a regular file");
            }
            Validators now = new Validators(
                    "size=" + attributes.size(), attributes.lastModifiedTime().toInstant().toString());
            if (Objects.equals(previous, now)) {
                return new Result.NotModified();
            }
            if (attributes.size() > maxBytes) {
                return new Result.Failed("file of " + attributes.size() + " bytes over max_bytes " + maxBytes);
            }
            try (InputStream in = Files.newInputStream(path)) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    return new Result.Failed("file grew over max_bytes " + maxBytes + " while read");
                }
                return new Result.Body(bytes, now);
            }
        } catch (NoSuchFileException e) {
            return new Result.Failed("no such file");
        } catch (IOException e) {
            return new Result.Failed("read failed: " + e.getClass().getSimpleName());
        }
    }
}
