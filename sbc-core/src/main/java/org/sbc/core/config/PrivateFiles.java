package org.sbc.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.tls.SecretFiles;

/**
 * Refuses secrets that other users of the machine may read (admin tokens, private keys), as ssh
 * refuses a private key with open permissions: a secret readable by everyone is no secret.
 */
final class PrivateFiles {

    private PrivateFiles() {}

    /** True, with the problem in {@code errors} (at 1:1 of the file), when group or others have any access. */
    static boolean readableByOthers(Path file, ConfigErrors errors) {
        Set<PosixFilePermission> permissions;
        try {
            if (SecretFiles.openToOthers(file).isEmpty()) {
                return false;
            }
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            return false; // reading it will report what is wrong
        }
        errors.add(1, 1, "", "permissions " + PosixFilePermissions.toString(permissions)
                + " let other users read a secret (expected: the owner's alone, as ssh wants of a key: chmod 600)");
        return true;
    }
}
