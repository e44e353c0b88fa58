package io.gristmill.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * How the process tests start {@code gristmill} JVMs: the test's class path with its folders packed into one jar, and
 * class data sharing archives (one for coordinators and clients, one for workers), so that each of the suite's
 * couple of hundred process starts maps the classes it needs instead of loading and verifying them again. On 2 cores
 * a coordinator's start took 4.6–5.9 CPU seconds without an archive and 2.0–2.6 s with one.
 *
 * <p>The JVM archives classes from jars only (a non-empty folder on the class path refuses the dump) and uses an
 * archive only with the class path it was made with. Both are made once per build, keyed by the class path's
 * contents, under {@code cli/target/process-test-cds/}: by the first test JVM that needs them, while the others (the
 * suite runs in several forks) wait on a file lock. Making the archives starts a coordinator and a worker once and
 * stops them with SIGTERM, which is when the JVM writes an archive. If that fails, the processes still start, only
 * without archives.
 */
final class ChildJvms {
    /** The flags every process test JVM starts with, before its own. */
    static final List<String> BASE_FLAGS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final Duration DUMP_TIMEOUT = Duration.ofMinutes(3);
    private static final String COORDINATOR_ARCHIVE = "coordinator.jsa";
    private static final String WORKER_ARCHIVE = "worker.jsa";

    private static Setup setup;

    private ChildJvms() {
    }

    /** The class path for a {@code gristmill} JVM (jars only). */
    static String classpath() {
        return setup().classpath;
    }

    /** The class data sharing flags for a {@code gristmill COMMAND} JVM; none if the archives could not be made. */
    static List<String> sharingFlags(String command) {
        Path archive = setup().archives.resolve(command.equals("worker") ? WORKER_ARCHIVE : COORDINATOR_ARCHIVE);
        if (!Files.exists(archive)) {
            return List.of();
        }
        // -Xshare:auto (the default): a JVM that cannot map the archive starts without it rather than failing
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    private record Setup(String classpath, Path archives) {
    }

    private static synchronized Setup setup() {
        if (setup == null) {
            try {
                setup = prepare();
            } catch (IOException e) {
                throw new UncheckedIOException("preparing the process tests' class path", e);
            }
        }
        return setup;
    }

    private static Setup prepare() throws IOException {
        List<Path> entries = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList();
        Path base = Path.of(System.getProperty("gristmill.home", ".."), "cli", "target", "process-test-cds");
        Files.createDirectories(base);
        try (FileChannel lockFile = FileChannel.open(base.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            Path dir = base.resolve(key(entries));
            Path ready = dir.resolve("ready");
            String classpath;
            if (Files.exists(ready)) {
                classpath = Files.readString(ready, StandardCharsets.UTF_8);
            } else {
                clearOthers(base, dir);
                Files.createDirectories(dir);
                classpath = jarsOnly(entries, dir.resolve("folders.jar"));
                dumpArchives(classpath, dir);
                Files.writeString(ready, classpath, StandardCharsets.UTF_8);
            }
            return new Setup(classpath, dir);
        }
    }

    /** The test's class path with its folders (classes, test classes and resources) packed into one jar, put first. */
    private static String jarsOnly(List<Path> entries, Path foldersJar) throws IOException {
        List<Path> folders = entries.stream().filter(Files::isDirectory).toList();
        Set<String> written = new HashSet<>();
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(foldersJar))) {
            for (Path folder : folders) { // in class path order: an earlier folder's copy of a name wins, as it would
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        String name = folder.relativize(file).toString().replace(File.separatorChar, '/');
                        if (written.add(name)) {
                            jar.putNextEntry(new JarEntry(name));
                            Files.copy(file, jar);
                            jar.closeEntry();
                        }
                    }
                }
            }
        }
        List<String> classpath = new ArrayList<>(List.of(foldersJar.toString()));
        entries.stream().filter(e -> !Files.isDirectory(e)).map(Path::toString).forEach(classpath::add);
        return String.join(File.pathSeparator, classpath);
    }

    /**
     * Starts a coordinator and a worker that joins it, each writing an archive of the classes it loaded when it exits,
     * and stops them once both are up. A failure leaves no archive (the tests then start without one).
     */
    private static void dumpArchives(String classpath, Path dir) throws IOException {
        Path ports = dir.resolve("dump-coordinator.ports");
        String cluster = "cds-dump-" + ProcessHandle.current().pid();
        Process coordinator = start(classpath, dir, COORDINATOR_ARCHIVE, "coordinator", List.of("--http-port", "0",
                "--cluster-port", "0", "--cluster-name", cluster, "--state-dir", dir.resolve("dump-state").toString(),
                "--port-file", ports.toString()));
        Process worker = null;
        try {
            String clusterPort = awaitPort(ports, coordinator, "cluster");
            Path workerPorts = dir.resolve("dump-worker.ports");
            worker = start(classpath, dir, WORKER_ARCHIVE, "worker", List.of("--join", "127.0.0.1:" + clusterPort,
                    "--cluster-name", cluster, "--slots", "1", "--work-dir", dir.resolve("dump-work").toString(),
                    "--port-file", workerPorts.toString()));
            awaitPort(workerPorts, worker, "worker");
        } catch (Exception e) {
            System.err.println("process tests: no class data sharing archives (" + e + "); see " + dir);
        } finally {
            for (Process process : worker == null ? List.of(coordinator) : List.of(worker, coordinator)) {
                stop(process); // SIGTERM: the JVM writes its archive as it exits
            }
        }
    }

    private static Process start(String classpath, Path dir, String archive, String command, List<String> options)
            throws IOException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        line.addAll(BASE_FLAGS);
        line.addAll(List.of("-XX:ArchiveClassesAtExit=" + dir.resolve(archive), "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Dgristmill.home=" + System.getProperty("gristmill.home", ".."),
                "-Dvertx.cacheDirBase=" + dir.resolve("vertx-cache-" + command), "-cp", classpath,
                "io.gristmill.cli.Gristmill", command));
        line.addAll(options);
        return new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(dir.resolve("dump-" + command + ".log").toFile())
                .start();
    }

    private static String awaitPort(Path ports, Process process, String name) throws Exception {
        boolean written = ProcessCluster.poll(DUMP_TIMEOUT, () -> Files.exists(ports), exists -> exists || !process.isAlive());
        if (!written) {
            throw new IOException("the " + name + " process did not start (no " + ports + ")");
        }
        java.util.Properties bound = new java.util.Properties();
        try (var reader = Files.newBufferedReader(ports, StandardCharsets.UTF_8)) {
            bound.load(reader);
        }
        return bound.getProperty(name);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(DUMP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A digest of the class path: every entry's name, and its files' names, sizes and modification times. */
    private static String key(List<Path> entries) throws IOException {
        MessageDigest digest = sha256();
        try (OutputStream out = new java.security.DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            for (Path entry : entries) {
                List<Path> files;
                try (Stream<Path> walk = Files.exists(entry) ? Files.walk(entry) : Stream.empty()) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path file : files) {
                    out.write((file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis() + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes the archives of earlier builds (about 100 MB each). */
    private static void clearOthers(Path base, Path keep) throws IOException {
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path other : dirs.filter(Files::isDirectory).filter(d -> !d.equals(keep)).toList()) {
                io.gristmill.cluster.FileTrees.deleteRecursively(other);
            }
        }
    }
}
