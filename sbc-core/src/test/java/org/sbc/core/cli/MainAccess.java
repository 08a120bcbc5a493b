package org.sbc.core.cli;

import java.io.PrintStream;

/** The command line in-process, for tests in other packages (the end-to-end tests). */
public final class MainAccess {

    private MainAccess() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Main.run(args, out, err);
    }
}
