package org.sbc.core.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;

/** External tools the end-to-end tests drive. Missing means failed, loudly: never skipped. */
final class Tools {

    private Tools() {}

    static void require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) {
                return;
            }
        }
        fail(tool + " is not installed: ./run-tests installs it (apt-get install " + debianPackage + ")");
    }
}
