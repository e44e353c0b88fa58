package io.gristmill.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds real job jars from compiled test classes, so tests submit jobs exactly as users do. */
public final class TestJars {
    private TestJars() {
    }

    /** A jar holding every class of {@code jobClass}'s package, with {@code Gristmill-Job} naming it. */
    public static Path jarOf(Path dir, Class<?> jobClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Gristmill-Job", jobClass.getName());
        Path jar = dir.resolve(jobClass.getSimpleName() + ".jar");
        Path classDir = classesRoot(jobClass).resolve(jobClass.getPackageName().replace('.', '/'));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             DirectoryStream<Path> classes = Files.newDirectoryStream(classDir, "*.class")) {
            for (Path c : classes) {
                out.putNextEntry(new JarEntry(jobClass.getPackageName().replace('.', '/') + "/" + c.getFileName()));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Path classesRoot(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
