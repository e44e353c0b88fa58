package io.gristmill.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code gristmill submit JAR}: uploads a job jar with its spec; with {@code --wait}, follows it to the end. */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submits a job jar to a running coordinator.")
final class SubmitCommand implements Callable<Integer> {
    private static final long POLL_MILLIS = 300;

    @Parameters(paramLabel = "JAR", description = "The job jar.")
    Path jar;

    @Option(names = "--job", paramLabel = "CLASS", description = "The JobDefinition class (default: the jar manifest's Gristmill-Job).")
    String jobClass;

    @Option(names = "--wait", description = "Show progress until the job ends; exit 0 only if it succeeded.")
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
            RestClient rest = client.client();
            String id = rest.submit(jar, options.toJson(jobClass), files).getString("id");
            System.out.println(id);
            if (await) {
                int code = follow(rest, id);
                if (code != 0) {
                    throw new RestClient.ApiError("job " + id + " did not succeed");
                }
            }
        });
    }

    private static int follow(RestClient rest, String id) throws Exception {
        String last = "";
        while (true) {
            JsonObject job = rest.job(id);
            String line = String.format("%s %-10s map %s  reduce %s", id, job.getString("state"),
                    ClientCommands.phase(job.getJsonObject("maps")), ClientCommands.phase(job.getJsonObject("reduces")));
            if (!line.equals(last)) {
                System.err.println(line);
                last = line;
            }
            String state = job.getString("state");
            if (state.equals("SUCCEEDED")) {
                ClientCommands.print(job);
                return 0;
            }
            if (state.equals("FAILED") || state.equals("KILLED")) {
                System.err.println("error: job " + id + " " + state + ": " + job.getString("error"));
                return 1;
            }
            Thread.sleep(POLL_MILLIS); // progress display interval
        }
    }
}
