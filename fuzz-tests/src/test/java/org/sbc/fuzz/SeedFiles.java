package org.sbc.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The checked-in seed corpus of one fuzz target, where Jazzer reads it in regression mode:
 * {@code src/test/resources/<package>/<TestClass>Inputs/<method>/}, on the test class path.
 */
final class SeedFiles {

    private SeedFiles() {}

    /** File name to contents, sorted by name; fails when the directory is missing. */
    static Map<String, byte[]> of(Class<?> testClass, String method) {
        String resource = testClass.getSimpleName() + "Inputs/" + method;
        URL url = testClass.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("no seed corpus " + resource + " next to " + testClass.getName());
        }
        Map<String, byte[]> seeds = new TreeMap<>();
        try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                seeds.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return seeds;
    }
}
