package io.gristmill.cli;

import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.SpecException;
import io.gristmill.cluster.SizeParser;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The job specification flags shared by {@code local} and {@code submit}: DESIGN.md's spec table. */
final class JobOptions {
    @Option(names = "--input", arity = "1..*", paramLabel = "PATH", description = "Input files, folders or globs.")
    List<String> input;

    @Option(names = "--output", paramLabel = "DIR", description = "Output folder; must not exist.")
    String output;

    @Option(names = "--reducers", paramLabel = "N", description = "Reduce tasks (default: worker slots; 0 = map only).")
    Integer reducers;

    @Option(names = "--split-size", paramLabel = "SIZE",
            description = "Bytes per map task, e.g. 64m, 512k (default 64m; at least the input format's minimum, 64k unless it says less).")
    String splitSize;

    @Option(names = "--sort-buffer", paramLabel = "SIZE", description = "Map-side sort buffer (default: from heap and slots).")
    String sortBuffer;

    @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts per task before the job fails (default 4).")
    Integer maxAttempts;

    @Option(names = "--max-worker-losses", paramLabel = "N", description = "Worker losses a task may cause before the job fails (default 3).")
    Integer maxWorkerLosses;

    @Option(names = "--plan-timeout", paramLabel = "DURATION",
            description = "How long planning (the job's constructor, plan() and define()) may take, e.g. 30s, 5m (default 5m; 0 = no limit).")
    String planTimeout;

    @Option(names = "--task-timeout", paramLabel = "DURATION",
            description = "Kill an attempt (as a failure) that read and wrote nothing this long, e.g. 90s, 10m (default 10m; 0 = no limit).")
    String taskTimeout;

    @Option(names = "--speculation", paramLabel = "true|false", arity = "1",
            description = "Give stragglers backup attempts (default true).")
    Boolean speculation;

    @Option(names = "--max-skipped-records", paramLabel = "N",
            description = "Records the mapper failed on that may be skipped before the job fails (default 0: none).")
    Integer maxSkippedRecords;

    @Option(names = "--name", paramLabel = "TEXT", description = "Job name (default: the job class's simple name).")
    String name;

    @Option(names = "--param", paramLabel = "K=V", description = "A job parameter (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--file", paramLabel = "PATH[#NAME]",
            description = "A read-only file shipped with the job; tasks open it as TaskContext.sideFile(NAME) (default NAME: the file's name; repeatable).")
    List<String> files = new java.util.ArrayList<>();

    /** The {@code --file} arguments, checked (readable files, usable and distinct names). */
    List<SideFileArgument> sideFiles() throws SpecException {
        return SideFileArgument.parseAll(files);
    }

    /** The REST spec of these flags; paths are made absolute against this process's working folder. */
    io.vertx.core.json.JsonObject toJson(String jobClass) {
        io.vertx.core.json.JsonObject spec = new io.vertx.core.json.JsonObject();
        putIfSet(spec, "jobClass", jobClass);
        if (input != null) {
            spec.put("input", new io.vertx.core.json.JsonArray(input.stream()
                    .map(p -> Path.of(p).toAbsolutePath().toString()).toList()));
        }
        putIfSet(spec, "output", output == null ? null : Path.of(output).toAbsolutePath().toString());
        putIfSet(spec, "reducers", reducers);
        putIfSet(spec, "splitSize", splitSize);
        putIfSet(spec, "sortBuffer", sortBuffer);
        putIfSet(spec, "maxAttempts", maxAttempts);
        putIfSet(spec, "maxWorkerLosses", maxWorkerLosses);
        putIfSet(spec, "name", name);
        putIfSet(spec, "planTimeout", planTimeout);
        putIfSet(spec, "taskTimeout", taskTimeout);
        putIfSet(spec, "speculation", speculation);
        putIfSet(spec, "maxSkippedRecords", maxSkippedRecords);
        if (!params.isEmpty()) {
            spec.put("params", new io.vertx.core.json.JsonObject(new LinkedHashMap<String, Object>(params)));
        }
        return spec;
    }

    private static void putIfSet(io.vertx.core.json.JsonObject spec, String field, Object value) {
        if (value != null) {
            spec.put(field, value);
        }
    }

    JobSpec toSpec(Path jar, String jobClass, List<String> defaultInput, String defaultOutput) throws SpecException {
        JobSpec.Builder spec = JobSpec.builder(jar).jobClass(jobClass)
                .input(input != null ? input : defaultInput)
                .output(output != null ? output : defaultOutput)
                .reducers(reducers).name(name).params(params)
                .sideFiles(sideFiles().stream().map(SideFileArgument::toSpec).toList());
        if (splitSize != null) {
            spec.splitSize(size("splitSize", splitSize));
        }
        if (sortBuffer != null) {
            spec.sortBuffer(size("sortBuffer", sortBuffer));
        }
        if (maxAttempts != null) {
            spec.maxAttempts(maxAttempts);
        }
        if (maxWorkerLosses != null) {
            spec.maxWorkerLosses(maxWorkerLosses);
        }
        if (planTimeout != null) {
            spec.planTimeout(duration("planTimeout", planTimeout));
        }
        if (taskTimeout != null) {
            spec.taskTimeout(duration("taskTimeout", taskTimeout));
        }
        if (speculation != null) {
            spec.speculation(speculation);
        }
        if (maxSkippedRecords != null) {
            spec.maxSkippedRecords(maxSkippedRecords);
        }
        return spec.build();
    }

    private static java.time.Duration duration(String field, String text) throws SpecException {
        try {
            return io.gristmill.cluster.Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SpecException(field, field + ": " + e.getMessage());
        }
    }

    private static long size(String field, String text) throws SpecException {
        try {
            return SizeParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SpecException(field, e.getMessage());
        }
    }
}
