package io.gristmill.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code jobs}, {@code status ID}, {@code kill ID} and {@code logs ID}: small REST clients. */
final class ClientCommands {
    private ClientCommands() {
    }

    @Command(name = "jobs", mixinStandardHelpOptions = true, description = "Lists jobs, newest first.")
    static final class Jobs implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Override
        public Integer call() throws Exception {
            return guarded(() -> {
                JsonArray jobs = client.client().jobs();
                System.out.printf("%-26s %-10s %-14s %-14s %s%n", "ID", "STATE", "MAPS", "REDUCES", "NAME");
                for (Object o : jobs) {
                    JsonObject job = (JsonObject) o;
                    System.out.printf("%-26s %-10s %-14s %-14s %s%n", job.getString("id"), job.getString("state"),
                            phase(job.getJsonObject("maps")), phase(job.getJsonObject("reduces")), job.getString("name"));
                }
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows one job: state, progress, counters, error.")
    static final class Status implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() throws Exception {
            return guarded(() -> print(client.client().job(id)));
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "Kills a running job.")
    static final class Kill implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() throws Exception {
            return guarded(() -> {
                client.client().kill(id);
                System.out.println("killing " + id);
            });
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = "Prints the logs of every attempt of a job (or of one task), each after a header line.")
    static final class Logs implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--task", paramLabel = "TASK", description = "Only this task's attempts (e.g. m-00000, r-00001).")
        String task;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() throws Exception {
            return guarded(() -> {
                RestClient rest = client.client();
                boolean found = false;
                int unavailable = 0;
                for (Object t : rest.tasks(id)) {
                    JsonObject taskStatus = (JsonObject) t;
                    String taskId = taskStatus.getString("taskId");
                    if (task != null && !task.equals(taskId)) {
                        continue;
                    }
                    found = true;
                    for (Object a : taskStatus.getJsonArray("attempts", new JsonArray())) {
                        JsonObject attempt = (JsonObject) a;
                        String attemptId = attempt.getString("attemptId");
                        System.out.printf("==> %s %s attempt %s on %s (%s) <==%n", id, taskId, attemptId,
                                attempt.getString("workerId"), attempt.getString("state"));
                        try {
                            String text = rest.attemptLog(id, taskId, attemptId);
                            System.out.print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
                        } catch (RestClient.ApiError e) {
                            unavailable++;
                            System.out.println("(log not available: " + e.getMessage() + ")");
                        }
                    }
                }
                if (task != null && !found) {
                    throw new RestClient.ApiError("job " + id + " has no task " + task);
                }
                if (unavailable > 0) {
                    System.err.println("warning: " + unavailable + " attempt log(s) could not be read");
                }
            });
        }
    }

    static void print(JsonObject job) {
        System.out.printf("job      %s (%s)%nstate    %s%noutput   %s%nmaps     %s%nreduces  %s%n", job.getString("id"),
                job.getString("name"), job.getString("state"), job.getString("output"),
                phase(job.getJsonObject("maps")), phase(job.getJsonObject("reduces")));
        io.vertx.core.json.JsonArray sideFiles = job.getJsonArray("sideFiles", new io.vertx.core.json.JsonArray());
        if (!sideFiles.isEmpty()) {
            System.out.println("files    " + String.join(", ", sideFiles.stream().map(String::valueOf).toList()));
        }
        JsonObject counters = job.getJsonObject("counters", new JsonObject());
        if (!counters.isEmpty()) {
            System.out.println("counters:");
            counters.forEach(group -> ((JsonObject) group.getValue()).forEach(c -> System.out.printf("  %-36s %,15d%n",
                    group.getKey().equals("gristmill") ? c.getKey() : group.getKey() + "." + c.getKey(), ((Number) c.getValue()).longValue())));
        }
        if (job.getString("error") != null) {
            System.out.println("error    " + job.getString("error"));
            if (job.getString("errorStackTrace") != null) {
                System.out.println(job.getString("errorStackTrace"));
            }
        }
    }

    static String phase(JsonObject counts) {
        if (counts == null) {
            return "-";
        }
        return String.format("%d/%d %3.0f%%", counts.getInteger("succeeded"), counts.getInteger("total"),
                counts.getDouble("progress", 0.0) * 100);
    }

    interface Action {
        void run() throws Exception;
    }

    /** Runs a client action; an API error prints one line and exits 1. */
    static int guarded(Action action) throws Exception {
        try {
            action.run();
            return 0;
        } catch (RestClient.ApiError e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
