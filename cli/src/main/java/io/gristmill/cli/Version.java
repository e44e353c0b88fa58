package io.gristmill.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Gristmill's version (and the versions new projects pin), as the build wrote them into {@code version.properties}. */
final class Version implements IVersionProvider {
    private static final Properties BUILD = read();
    private static final String VERSION = BUILD.getProperty("version");

    static String gristmill() {
        return VERSION;
    }

    /** A version the build recorded: {@code junit}, {@code compilerPlugin}, ... (see version.properties). */
    static String of(String key) {
        return java.util.Objects.requireNonNull(BUILD.getProperty(key), key);
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Gristmill " + VERSION,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }

    private static Properties read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the class path: rebuild the cli module");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
