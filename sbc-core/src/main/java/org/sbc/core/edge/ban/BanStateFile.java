package org.sbc.core.edge.ban;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sbc.core.json.JsonException;
import org.sbc.core.json.JsonText;

/**
 * The active bans on disk, so that a restart keeps them. A save writes a temporary file in the
 * same directory, forces it to disk, renames it over the old one atomically and forces the
 * directory: a crash at any point leaves either the old file or the new one, never a mix.
 *
 * <p>A file that cannot be read as a ban list is never overwritten: {@link #load} moves it
 * aside (to {@code NAME.corrupt-TIME}) and the table starts empty; if it cannot be moved, the
 * SBC refuses to start, since the next save would destroy it. See docs/security.md.
 */
public final class BanStateFile {

    private static final System.Logger LOG = System.getLogger(BanStateFile.class.getName());
    static final int VERSION = 1;
    /** 100,000 bans at about 600 bytes each, with room. */
    static final long MAX_BYTES = 128L << 20;
    private static final DateTimeFormatter SUFFIX =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path file;

    public BanStateFile(Path file) {
        this.file = requireNonNull(file, "file").toAbsolutePath();
    }

    public Path path() {
        return file;
    }

    /** Thrown when a file exists but cannot be read as a ban list; says why, never echoes it. */
    public static final class CorruptStateException extends Exception {
        CorruptStateException(String message) {
            super(message, null, false, false);
        }
    }

    /** The saved bans; empty when there is no file yet. */
    public List<Ban> read() throws IOException, CorruptStateException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new CorruptStateException("larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptStateException("not UTF-8 text");
        }
        try {
            Map<?, ?> root = BanJson.object(JsonText.parse(text), "file");
            if (!(root.get("version") instanceof Long version) || version != VERSION) {
                throw new CorruptStateException("version " + root.get("version") + " (expected: " + VERSION + ")");
            }
            if (!(root.get("bans") instanceof List<?> entries)) {
                throw new CorruptStateException("bans: expected a list");
            }
            List<Ban> bans = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                try {
                    bans.add(BanJson.read(entries.get(i)));
                } catch (JsonException e) {
                    throw new CorruptStateException("bans[" + i + "]: " + e.getMessage());
                }
            }
            return bans;
        } catch (JsonException e) {
            throw new CorruptStateException(e.getMessage());
        }
    }

    /**
     * Restores the saved bans into {@code table}. A corrupt file is moved aside and the table
     * starts empty; returns how many bans were restored.
     *
     * @throws IOException when the file cannot be read, or is corrupt and cannot be moved aside
     */
    public int load(BanTable table, Instant now) throws IOException {
        try {
            return table.restore(read());
        } catch (CorruptStateException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + SUFFIX.format(now));
            try {
                Files.move(file, aside);
            } catch (IOException moveFailed) {
                throw new IOException("ban state file " + file + " is corrupt (" + e.getMessage()
                        + ") and cannot be moved aside (" + moveFailed.getMessage()
                        + "): refusing to start, since the next save would overwrite it");
            }
            LOG.log(System.Logger.Level.ERROR, "ban state file " + file + " is corrupt (" + e.getMessage()
                    + "): moved to " + aside + "; starting with an empty ban table");
            return 0;
        }
    }

    /** Writes {@code bans} atomically (see the class comment). */
    public void write(List<Ban> bans) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        String text = JsonText.write(json -> {
            json.writeStartObject();
            json.writeNumberField("version", VERSION);
            json.writeFieldName("bans");
            BanJson.writeList(json, bans);
            json.writeEndObject();
        }) + "\n";
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = StandardCharsets.UTF_8.encode(text);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        forceDirectory(dir);
    }

    /** Makes the rename itself durable; where a directory cannot be opened, the rename stands. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for reading; the data itself was forced.
        }
    }
}
