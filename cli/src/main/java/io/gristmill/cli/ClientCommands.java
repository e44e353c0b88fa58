package io.gristmill.cli;

import io.gristmill.client.AttemptStatus;
import io.gristmill.client.GristmillClient;
import io.gristmill.client.GristmillException;
import io.gristmill.client.JobStatus;
import io.gristmill.client.TaskStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code jobs}, {@code status ID}, {@code kill ID} and {@code logs ID}: small commands over the Java client. */
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
                List<JobStatus> jobs = client.client().jobs(); // before the header: an error prints one line only
                String format = "%-26s %-10s %-14s %-14s %s%n";
                System.out.printf(format, "ID", "STATE", "MAPS", "REDUCES", "NAME");
                for (JobStatus job : jobs) {
                    System.out.printf(format, job.id(), job.state(), JobText.phase(job.maps()),
                            JobText.phase(job.reduces()), job.name());
                }
            });
        }
    }

    @Command(name = "pipelines", mixinStandardHelpOptions = true, description = "Lists pipelines, newest first.")
    static final class Pipelines implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Override
        public Integer call() throws Exception {
            return guarded(() -> {
                List<io.gristmill.client.PipelineStatus> pipelines = client.client().pipelines();
                String format = "%-31s %-10s %-7s %s%n";
                System.out.printf(format, "ID", "STATE", "STEPS", "NAME");
                for (io.gristmill.client.PipelineStatus pipeline : pipelines) {
                    long done = pipeline.steps().stream().filter(s -> "SUCCEEDED".equals(s.state())).count();
                    System.out.printf(format, pipeline.id(), pipeline.state(), done + "/" + pipeline.steps().size(),
                            pipeline.name());
                }
            });
        }
    }

    @Command(name = "terms", mixinStandardHelpOptions = true,
            description = "Lists the coordinator's terms: which coordinator process was active since when.")
    static final class Terms implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Override
        public Integer call() throws Exception {
            return guarded(() -> {
                io.gristmill.client.CoordinatorInfo info = client.client().coordinatorInfo();
                System.out.println("current term " + info.term());
                String format = "%-6s %-24s %-30s %s%n";
                System.out.printf(format, "TERM", "STARTED", "PROCESS", "URL");
                for (io.gristmill.client.CoordinatorInfo.Term term : info.terms()) {
                    System.out.printf(format, term.number(), java.time.Instant.ofEpochMilli(term.startedMillis()),
                            term.process(), term.url());
                }
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows one job or pipeline: state, progress (a pipeline's steps and their jobs), counters, error.")
    static final class Status implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() throws Exception {
            return guarded(() -> {
                if (GristmillClient.isPipelineId(id)) {
                    PipelineText.print(client.client().pipeline(id), System.out);
                } else {
                    JobText.print(client.client().job(id), System.out);
                }
            });
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "Kills a running job, or a pipeline (and its running step's job).")
    static final class Kill implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() throws Exception {
            return guarded(() -> {
                if (GristmillClient.isPipelineId(id)) {
                    client.client().killPipeline(id);
                } else {
                    client.client().kill(id);
                }
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
                GristmillClient gristmill = client.client();
                boolean found = false;
                int unavailable = 0;
                for (TaskStatus taskStatus : gristmill.tasks(id)) {
                    if (task != null && !task.equals(taskStatus.taskId())) {
                        continue;
                    }
                    found = true;
                    for (AttemptStatus attempt : taskStatus.attempts()) {
                        unavailable += printLog(gristmill, taskStatus.taskId(), attempt) ? 0 : 1;
                    }
                }
                if (task != null && !found) {
                    throw new GristmillException("job " + id + " has no task " + task);
                }
                if (unavailable > 0) {
                    System.err.println("warning: " + unavailable + " attempt log(s) could not be read");
                }
            });
        }

        /** Prints one attempt's log after its header line; false when the log could not be read. */
        private boolean printLog(GristmillClient gristmill, String taskId, AttemptStatus attempt) throws Exception {
            System.out.printf("==> %s %s attempt %s on %s (%s) <==%n", id, taskId, attempt.attemptId(),
                    attempt.workerId(), attempt.state());
            try {
                String text = gristmill.attemptLog(id, taskId, attempt.attemptId());
                System.out.print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
                return true;
            } catch (io.gristmill.client.ApiException e) {
                System.out.println("(log not available: " + e.getMessage() + ")");
                return false;
            }
        }
    }

    interface Action {
        void run() throws Exception;
    }

    /** Runs a client action; a refusal of the API or an unreachable coordinator prints one line and exits 1. */
    static int guarded(Action action) throws Exception {
        try {
            action.run();
            return 0;
        } catch (GristmillException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
