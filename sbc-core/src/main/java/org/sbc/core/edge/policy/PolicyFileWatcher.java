package org.sbc.core.edge.policy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reloads the policy when one of its files changes on disk. Editors save in bursts (truncate,
 * write, rename), so a change waits for {@link #QUIET_MILLIS} without further events before the
 * reload; a save that leaves a broken file is refused like any reload, and the policy in force
 * stays. One daemon thread; {@link #close()} stops it.
 */
public final class PolicyFileWatcher implements AutoCloseable {

    static final long QUIET_MILLIS = 300;
    private static final Logger LOGGER = System.getLogger(PolicyFileWatcher.class.getName());

    private final ActivePolicy policy;
    private final WatchService watcher;
    private final Set<Path> files = new HashSet<>();
    private final Thread thread;

    private PolicyFileWatcher(ActivePolicy policy, WatchService watcher) {
        this.policy = policy;
        this.watcher = watcher;
        this.thread = new Thread(this::run, "sbc-policy-watch");
        this.thread.setDaemon(true);
    }

    /** Watches the directories of the policy's files. */
    public static PolicyFileWatcher start(ActivePolicy policy) throws IOException {
        requireNonNull(policy, "policy");
        PolicyFileWatcher watcher = new PolicyFileWatcher(policy, FileSystems.getDefault().newWatchService());
        Set<Path> directories = new HashSet<>();
        for (Path file : policy.files()) {
            Path absolute = file.toAbsolutePath().normalize();
            watcher.files.add(absolute);
            directories.add(absolute.getParent());
        }
        try {
            for (Path directory : directories) {
                directory.register(watcher.watcher, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException e) {
            watcher.watcher.close();
            throw e;
        }
        watcher.thread.start();
        return watcher;
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean ours = drain(key);
                // Wait for the burst to end: every further event restarts the quiet period.
                WatchKey more;
                while ((more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    ours |= drain(more);
                }
                if (ours) {
                    ActivePolicy.Result result = policy.reload();
                    LOGGER.log(Level.INFO, "policy: a policy file changed on disk: "
                            + (result instanceof ActivePolicy.Result.Reloaded ? "reloaded" : "refused, the policy in force stays"));
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private boolean drain(WatchKey key) {
        boolean ours = false;
        Path directory = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path name && files.contains(directory.resolve(name))) {
                ours = true;
            }
        }
        key.reset();
        return ours;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
