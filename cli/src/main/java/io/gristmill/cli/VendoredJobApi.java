package io.gristmill.cli;

import io.gristmill.api.JobDefinition;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Writes this Gristmill's job-api jar into a folder laid out as a Maven repository, for a project to depend on
 * without job-api being in any repository (and without installing it into the user's shared {@code ~/.m2}).
 */
final class VendoredJobApi {
    static final String GROUP = "io.gristmill";
    static final String ARTIFACT = "gristmill-job-api";

    private VendoredJobApi() {
    }

    /** Writes {@code io/gristmill/gristmill-job-api/VERSION/} (jar and a pom without dependencies) under {@code repo}. */
    static void write(Path repo, String version) throws IOException {
        Path folder = repo.resolve(GROUP.replace('.', '/')).resolve(ARTIFACT).resolve(version);
        Files.createDirectories(folder);
        String base = ARTIFACT + "-" + version;
        Path source = location();
        if (Files.isDirectory(source)) { // run from a build tree: job-api's classes folder, not yet a jar
            jarFolder(source, folder.resolve(base + ".jar"));
        } else {
            Files.copy(source, folder.resolve(base + ".jar"));
        }
        Files.writeString(folder.resolve(base + ".pom"), pom(version), StandardCharsets.UTF_8);
    }

    private static String pom(String version) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <packaging>jar</packaging>
                  <description>What a Gristmill job jar compiles against, with its test kit. No dependencies.</description>
                </project>
                """.formatted(GROUP, ARTIFACT, version);
    }

    /** Where the job API classes this process runs with come from: a jar, or a classes folder. */
    private static Path location() {
        try {
            return Path.of(JobDefinition.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the job-api jar", e);
        }
    }

    private static void jarFolder(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            for (Path file : files) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                zip.putNextEntry(new JarEntry(name));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }
}
