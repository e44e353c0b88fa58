package io.gristmill.cli;

import io.gristmill.client.GristmillClient;
import io.gristmill.client.GristmillException;
import io.gristmill.client.JobState;
import io.gristmill.client.JobStatus;
import io.gristmill.client.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code gristmill submit JAR}: uploads a job jar with its spec; with {@code --wait}, follows it to the end. */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submits a job jar to a running coordinator.")
final class SubmitCommand implements Callable<Integer> {
    /** How often {@code --wait} reads the job's progress. */
    private static final Duration POLL = Duration.ofMillis(300);
    /** {@code --wait} has no time limit of its own: a job may run for days. */
    private static final Duration NO_LIMIT = Duration.ofDays(3650);

    @Parameters(paramLabel = "JAR", description = "The job jar.")
    Path jar;

    @Option(names = "--job", paramLabel = "CLASS", description = "The JobDefinition class (default: the jar manifest's Gristmill-Job).")
    String jobClass;

    @Option(names = "--wait", description = "Show progress until the job (or pipeline) ends (a job also across a coordinator takeover); exit 0 only if it succeeded.")
    boolean await;

    @Mixin
    JobOptions options;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(jar)) {
            System.err.println("error: job jar not found: " + jar);
            return 2;
        }
        java.util.List<SideFileArgument> files;
        try {
            files = options.sideFiles();
        } catch (io.gristmill.coordinator.SpecException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        return ClientCommands.guarded(() -> {
            GristmillClient gristmill = client.client(POLL);
            String id = submit(gristmill, files);
            System.out.println(id);
            if (await && GristmillClient.isPipelineId(id)) {
                awaitPipeline(gristmill, id);
            } else if (await) {
                JobStatus end = gristmill.awaitCompletion(id, NO_LIMIT, new ProgressLines());
                if (end.state() != JobState.SUCCEEDED) {
                    System.err.println("error: job " + id + " " + end.state() + ": " + end.error());
                    throw new GristmillException("job " + id + " did not succeed");
                }
                JobText.print(end, System.out);
            }
        });
    }

    /** Follows a pipeline to its end, a progress line on stderr whenever it changes; fails unless it succeeded. */
    private static void awaitPipeline(GristmillClient gristmill, String id) throws Exception {
        String[] last = {""};
        io.gristmill.client.PipelineStatus end = gristmill.awaitPipeline(id, NO_LIMIT, status -> {
            String line = PipelineText.progressLine(status);
            if (!line.equals(last[0])) {
                System.err.println(line);
                last[0] = line;
            }
        });
        if (end.state() != JobState.SUCCEEDED) {
            System.err.println("error: pipeline " + id + " " + end.state() + ": " + end.error());
            throw new GristmillException("pipeline " + id + " did not succeed");
        }
        PipelineText.print(end, System.out);
    }

    /** Submits; a 413 also names each part's size (refused by its declared length, the body had no part named). */
    private String submit(GristmillClient gristmill, java.util.List<SideFileArgument> files) throws Exception {
        try {
            return gristmill.submit(jar, options.toClientSpec(jobClass, files));
        } catch (io.gristmill.client.ApiException.PayloadTooLarge e) {
            throw new GristmillException(e.getMessage() + "; this upload: " + UploadSizes.describe(jar, files));
        }
    }

    /** Prints a progress line to stderr whenever it reads differently, and says when another coordinator took over. */
    private static final class ProgressLines implements ProgressListener {
        private String last = "";

        @Override
        public void onProgress(JobStatus status) {
            String line = JobText.progressLine(status);
            if (!line.equals(last)) {
                System.err.println(line);
                last = line;
            }
        }

        @Override
        public void onCoordinatorChanged(URI coordinator) {
            System.err.println("following the job through the coordinator at " + coordinator);
        }
    }
}
