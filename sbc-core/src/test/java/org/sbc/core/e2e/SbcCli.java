package org.sbc.core.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.sbc.core.cli.MainAccess;

/** The {@code sbc} launcher's commands run in-process, as an operator would type them, with their output. */
final class SbcCli {

    record Output(int exit, String text) {}

    private SbcCli() {}

    static Output run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = MainAccess.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        return new Output(exit, out.toString(StandardCharsets.UTF_8));
    }
}
