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

    @Option(names = "--output-compression", paramLabel = "none|gzip|zstd",
            description = "Compress the part files (they end in .gz or .zst; default none).")
    String outputCompression;

    @Option(names = "--shuffle-compression", paramLabel = "none|zstd",
            description = "Compress map outputs for the shuffle with zstd level 1 (default none: it pays only when the network is slower than the cores).")
    String shuffleCompression;

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
    io.gristmill.client.JobSpec toClientSpec(String jobClass) {
        return toClientSpec(jobClass, List.of());
    }

    /** {@link #toClientSpec(String)} shipping {@code files} (as checked by {@link #sideFiles()}). */
    io.gristmill.client.JobSpec toClientSpec(String jobClass, List<SideFileArgument> files) {
        io.gristmill.client.JobSpec.Builder spec = io.gristmill.client.JobSpec.builder();
        // sizes and durations go as typed: the coordinator checks them and names the field of a bad one
        setIfGiven(jobClass, spec::jobClass);
        setIfGiven(input, paths -> spec.input(paths.stream().map(JobOptions::absolute).toList()));
        setIfGiven(output, out -> spec.output(absolute(out)));
        setIfGiven(reducers, spec::reducers);
        setIfGiven(splitSize, spec::splitSize);
        setIfGiven(sortBuffer, spec::sortBuffer);
        setIfGiven(maxAttempts, spec::maxAttempts);
        setIfGiven(maxWorkerLosses, spec::maxWorkerLosses);
        setIfGiven(name, spec::name);
        setIfGiven(planTimeout, spec::planTimeout);
        setIfGiven(taskTimeout, spec::taskTimeout);
        setIfGiven(speculation, spec::speculation);
        setIfGiven(maxSkippedRecords, spec::maxSkippedRecords);
        setIfGiven(outputCompression, spec::outputCompression);
        setIfGiven(shuffleCompression, spec::shuffleCompression);
        files.forEach(file -> spec.sideFile(file.path(), file.name()));
        return spec.params(params).build();
    }

    /**
     * A path made absolute against this process's working folder; a URL ({@code s3://bucket/prefix}, or any other
     * scheme, which the coordinator refuses by name) as given.
     */
    static String absolute(String location) {
        return location.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*://.*") ? location
                : Path.of(location).toAbsolutePath().toString();
    }

    private static <T> void setIfGiven(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /** The spec of these flags for {@code local}, with {@code outputFolder} (default: --output) and {@code reducerCount}. */
    JobSpec toSpec(Path jar, String jobClass, List<String> defaultInput, String outputFolder, Integer reducerCount)
            throws SpecException {
        JobSpec.Builder spec = JobSpec.builder(jar).jobClass(jobClass)
                .input(input != null ? input : defaultInput)
                .output(output != null && !StdoutOutput.isAskedFor(output) ? output : outputFolder)
                .reducers(reducerCount).name(name).params(params)
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
        if (outputCompression != null) {
            spec.outputCompression(outputCompression);
        }
        if (shuffleCompression != null) {
            spec.shuffleCompression(shuffleCompression);
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
