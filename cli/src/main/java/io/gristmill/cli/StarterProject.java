package io.gristmill.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Maven project for a new job: a {@code JobDefinition}, its unit test on the job API's test kit, a pom that puts
 * the entry class in the jar's manifest, sample input, and a copy of job-api it can build against (see
 * {@link VendoredJobApi}). The files come from templates under {@code starter/} with {@code @NAME@} placeholders.
 */
final class StarterProject {
    private final Path dir;
    private final String javaPackage;
    private final String className;

    StarterProject(Path dir, String javaPackage, String className) {
        this.dir = dir;
        this.javaPackage = javaPackage;
        this.className = className;
    }

    /** The Maven artifact id: the folder's name, reduced to what Maven and file names take well. */
    String artifactId() {
        String name = dir.toAbsolutePath().normalize().getFileName().toString().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        return name.isEmpty() ? "my-job" : name;
    }

    /** Writes the project and returns the files written, relative to its folder. */
    List<String> write() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        String packagePath = javaPackage.replace('.', '/');
        files.put("pom.xml", "pom.xml.template");
        files.put("src/main/java/" + packagePath + "/" + className + ".java", "Job.java.template");
        files.put("src/test/java/" + packagePath + "/" + className + "Test.java", "JobTest.java.template");
        files.put("data/sample.txt", "sample.txt.template");
        files.put("README.md", "README.md.template");
        files.put(".gitignore", null);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            String text = file.getValue() == null ? "target/\n" : fill(template(file.getValue()), packagePath);
            Files.writeString(target, text, StandardCharsets.UTF_8);
        }
        VendoredJobApi.write(dir.resolve("repo"), Version.gristmill());
        files.put("repo/ (job-api " + Version.gristmill() + ")", null);
        return List.copyOf(files.keySet());
    }

    private String fill(String template, String packagePath) {
        return template.replace("@PACKAGE_PATH@", packagePath).replace("@PACKAGE@", javaPackage)
                .replace("@CLASS@", className).replace("@ARTIFACT@", artifactId())
                .replace("@GRISTMILL_VERSION@", Version.gristmill()).replace("@JUNIT_VERSION@", Version.of("junit"))
                .replace("@RESOURCES_PLUGIN@", Version.of("resourcesPlugin"))
                .replace("@COMPILER_PLUGIN@", Version.of("compilerPlugin"))
                .replace("@SUREFIRE_PLUGIN@", Version.of("surefirePlugin")).replace("@JAR_PLUGIN@", Version.of("jarPlugin"));
    }

    private static String template(String name) {
        try (InputStream in = StarterProject.class.getResourceAsStream("starter/" + name)) {
            if (in == null) {
                throw new IllegalStateException("template starter/" + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
