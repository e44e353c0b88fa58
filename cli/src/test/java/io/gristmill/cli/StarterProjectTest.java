package io.gristmill.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gristmill new-job} writes a project that {@code mvn package} builds, from a fresh folder, into a jar that
 * {@code local --jar} and {@code submit} run. Maven runs hermetically: a temporary local repository, fed from the
 * machine's {@code ~/.m2/repository} as a file mirror (no network; nothing written to the shared {@code ~/.m2}), and
 * the project's own {@code repo/}, where new-job put job-api.
 */
class StarterProjectTest {
    private static final String EXPECTED = "age\t2\nbest\t1\nfoolishness\t1\nit\t4\nof\t4\nthe\t4\ntimes\t2\nwas\t4\nwisdom\t1\nworst\t1\n";

    @TempDir
    Path dir;

    @Test
    void newJob_writesAProjectWhoseJarRunsLocallyAndOnACluster() throws Exception {
        Path project = dir.resolve("Word Stats");
        assertEquals(0, Gristmill.execute("new-job", project.toString(), "--package", "com.example.stats"));
        assertTrue(Files.exists(project.resolve("src/test/java/com/example/stats/WordCountTest.java")));
        assertTrue(Files.exists(project.resolve("repo/io/gristmill/gristmill-job-api/" + Version.gristmill()
                + "/gristmill-job-api-" + Version.gristmill() + ".jar")));

        mavenPackage(project);

        Path jar = project.resolve("target/word-stats.jar");
        try (JarFile built = new JarFile(jar.toFile())) {
            assertEquals("com.example.stats.WordCount", built.getManifest().getMainAttributes().getValue("Gristmill-Job"));
            assertTrue(built.stream().noneMatch(e -> e.getName().startsWith("io/gristmill/api/")), "job-api is provided, not bundled");
        }
        String input = project.resolve("data").toString();
        assertEquals(EXPECTED, stdoutOf("local", "--jar", jar.toString(), "--input", input, "--output", "-", "--workers", "2"));

        try (ProcessCluster cluster = ProcessCluster.start(Files.createDirectories(dir.resolve("cluster")), 1, 2)) {
            Path out = dir.resolve("submitted");
            assertEquals(0, Gristmill.execute("submit", jar.toString(), "--input", input, "--output", out.toString(),
                    "--wait", "--coordinator", cluster.baseUrl()));
            assertEquals(EXPECTED.lines().toList(), Outputs.lines(out).stream().sorted().toList());
        }
    }

    @Test
    void newJob_refusesAFolderInUseAndNamesThatAreNotJava() throws Exception {
        Files.writeString(dir.resolve("taken"), "x");
        assertEquals(2, Gristmill.execute("new-job", dir.resolve("taken").toString(), "--package", "com.example"));
        assertEquals(2, Gristmill.execute("new-job", dir.resolve("a").toString(), "--package", "com.1example"));
        assertEquals(2, Gristmill.execute("new-job", dir.resolve("b").toString(), "--package", "com.example", "--class", "class"));
        assertTrue(Files.notExists(dir.resolve("a")) && Files.notExists(dir.resolve("b")));
    }

    private void mavenPackage(Path project) throws Exception {
        Path settings = Files.writeString(dir.resolve("settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror><id>machine-m2</id><mirrorOf>*,!gristmill-job-api</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(System.getProperty("user.home"), ".m2", "repository").toUri()));
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-s", settings.toString(),
                "-Dmaven.repo.local=" + dir.resolve("m2"), "package"));
        Path log = dir.resolve("mvn.log");
        Process mvn = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(mvn.waitFor(5, TimeUnit.MINUTES), "mvn package took over 5 minutes");
        assertEquals(0, mvn.exitValue(), "mvn package failed:\n" + Files.readString(log));
    }

    private static String stdoutOf(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Gristmill.execute(args), String.join(" ", args));
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
