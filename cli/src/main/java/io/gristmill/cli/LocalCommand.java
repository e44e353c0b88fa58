package io.gristmill.cli;

import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.SpecException;
import io.gristmill.cluster.FileTrees;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code gristmill local}: runs one job on a coordinator and a worker inside this process. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs a job in this process (coordinator + worker slots).",
                "With no arguments: word count over the bundled Gutenberg texts.",
                "--output - prints the result to stdout (one reducer unless --reducers says otherwise), the report to stderr.",
                "The console (the coordinator's pages) is served on http://127.0.0.1:4040 while the job runs."})
final class LocalCommand implements Callable<Integer> {
    @Option(names = "--job", paramLabel = "NAME|CLASS",
            description = "wordcount, invertedindex, grep, sort, join, topk, pagerank (pipelines), or a JobDefinition or PipelineDefinition class (default: with --jar, the jar "
                    + "manifest's Gristmill-Job; else wordcount).")
    String job;

    @Option(names = "--jar", paramLabel = "JAR", description = "The job jar (default: the bundled sample jobs).")
    Path jar;

    @Option(names = "--workers", paramLabel = "N", description = "Worker slots: tasks run at once (default: cores).")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where map outputs live while the job runs (default: a temporary folder).")
    Path workDir;

    @Option(names = "--console-port", paramLabel = "PORT|any", defaultValue = "4040", converter = ConsolePort.Converter.class,
            description = "Serve the console on 127.0.0.1 at this port while the job runs; when it is taken, the next of "
                    + ConsolePort.TRIES + " ports (default: ${DEFAULT-VALUE}; 0 = no console; any = any free port)."
                    + " Its URL is printed on stderr.")
    ConsolePort consolePort;

    @Option(names = "--keep-console", description = "Keep serving the console after the job ends, until Ctrl-C.")
    boolean keepConsole;

    @Mixin
    JobOptions options;

    @Mixin
    S3Options s3;

    /** Set while --keep-console holds the console after the job: released once this command has cleaned up. */
    private UntilInterrupted interrupted;

    @Override
    public Integer call() throws Exception {
        try {
            s3.apply();
            if (!StdoutOutput.isAskedFor(options.output)) {
                return run(System.out, null);
            }
            try (StdoutOutput stdout = new StdoutOutput(System.out)) {
                // stdout carries the result alone, for pipes: the report goes to stderr
                return run(System.err, stdout);
            }
        } finally {
            if (interrupted != null) {
                interrupted.release(); // after every folder is deleted: the JVM exits once this is called
            }
        }
    }

    /** Runs the job and prints its report to {@code out}; with {@code stdout}, its output files go there. */
    private int run(PrintStream out, StdoutOutput stdout) throws Exception {
        PrintStream err = System.err;
        JobSpec spec;
        try {
            spec = spec(stdout);
        } catch (SpecException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (workers < 1) {
            err.println("error: --workers must be at least 1");
            return 2;
        }
        Path work = workDir != null ? workDir : Files.createTempDirectory("gristmill-local-");
        try (LocalCluster cluster = LocalCluster.start(workers, work);
             LocalConsole console = LocalConsole.start(cluster, consolePort, work.resolve("console"), err)) {
            JobWatcher watcher = new JobWatcher(cluster.coordinator(), err);
            String id;
            try {
                id = cluster.coordinator().submit(spec).toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof SpecException s) {
                    err.println("error: " + s.getMessage());
                    return 2;
                }
                throw e;
            }
            if (io.gristmill.coordinator.CoordinatorVerticle.isPipelineId(id)) {
                return endPipeline(cluster, id, out, err, stdout, console);
            }
            JobStatus status = watcher.awaitEnd(id);
            boolean wordCount = jobName() != null && BundledJobs.className(jobName()).endsWith(".WordCount");
            int code = new JobReport(out, err).print(status, stdout == null && wordCount);
            if (code == 0 && stdout != null) {
                stdout.print(Path.of(status.output()));
            }
            if (keepConsole) {
                holdConsole(console, err);
            }
            return code;
        } finally {
            if (workDir == null) {
                FileTrees.deleteRecursively(work);
            }
        }
    }

    /** Follows a pipeline to its end and reports it (its output to stdout with {@code --output -}). */
    private int endPipeline(LocalCluster cluster, String id, PrintStream out, PrintStream err, StdoutOutput stdout,
                            LocalConsole console) throws Exception {
        io.gristmill.coordinator.PipelineStatus status = new PipelineWatcher(cluster.coordinator(), err).awaitEnd(id);
        int code = new PipelineReport(out, err).print(status);
        if (code == 0 && stdout != null) {
            stdout.print(Path.of(status.output()));
        }
        if (keepConsole) {
            holdConsole(console, err);
        }
        return code;
    }

    /** Keeps the console up, whatever the job's end (a failed job is worth a look), until Ctrl-C. */
    private void holdConsole(LocalConsole console, PrintStream err) throws InterruptedException {
        if (!console.isServing()) {
            err.println("gristmill local: no console to keep (--keep-console)");
            return;
        }
        interrupted = UntilInterrupted.register();
        err.println("gristmill local: console still on " + console.url() + "; Ctrl-C to stop");
        interrupted.await();
    }

    /** The job asked for: {@code --job}; else, with a jar, none (its manifest names it); else word count. */
    private String jobName() {
        return job != null ? job : jar == null ? "wordcount" : null;
    }

    private JobSpec spec(StdoutOutput stdout) throws SpecException {
        String job = jobName();
        String jobClass = job == null ? null : BundledJobs.className(job);
        Path jobJar = jar;
        if (jobJar == null) {
            if (!BundledJobs.isBundled(job)) {
                throw new SpecException("jar", "job class " + job + " is not bundled: give its jar with --jar");
            }
            jobJar = BundledJobs.jar();
        }
        List<String> defaultInput = job != null && BundledJobs.isBundled(job) && options.input == null
                ? List.of(BundledJobs.sampleInput(job).toString()) : null;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String named = job != null ? job.replaceAll(".*\\.", "") : jar.getFileName().toString().replaceAll("\\.jar$", "");
        String defaultOutput = Path.of("gristmill-output", named.toLowerCase() + "-" + stamp)
                .toAbsolutePath().toString();
        if (stdout != null) {
            return options.toSpec(jobJar, jobClass, defaultInput, stdout.jobOutput().toString(),
                    options.reducers != null ? options.reducers : 1);
        }
        return options.toSpec(jobJar, jobClass, defaultInput, defaultOutput, options.reducers);
    }


}
