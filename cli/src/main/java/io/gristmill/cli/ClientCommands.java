package io.gristmill.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code jobs}, {@code status ID} and {@code kill ID}: small REST clients. */
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

    static void print(JsonObject job) {
        System.out.printf("job      %s (%s)%nstate    %s%noutput   %s%nmaps     %s%nreduces  %s%n", job.getString("id"),
                job.getString("name"), job.getString("state"), job.getString("output"),
                phase(job.getJsonObject("maps")), phase(job.getJsonObject("reduces")));
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
