package fr.essor.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the shipped reference files from the classpath (src/main/resources/reference). */
final class Resources {
    private Resources() {}

    static String text(String name) {
        String path = "/reference/" + name;
        try (InputStream in = Resources.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing reference resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference resource " + path, e);
        }
    }
}
