package org.sbc.core.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a secret's file (a private key, the admin tokens) is open to other users of the
 * machine: as ssh refuses a private key others can read, the SBC refuses such files.
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {}

    /** What group and others may do with {@code file}; empty when nothing, or on a file system without POSIX permissions. */
    public static Set<PosixFilePermission> openToOthers(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return Set.of();
        }
        Set<PosixFilePermission> loose = EnumSet.copyOf(view.readAttributes().permissions());
        loose.retainAll(NOT_OWNER);
        return loose;
    }
}
