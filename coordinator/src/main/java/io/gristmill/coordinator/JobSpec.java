package io.gristmill.coordinator;

import io.gristmill.cluster.SideFileNames;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job submission: the jar and the fields of DESIGN.md's "Specification of a job" table. Immutable; built with
 * {@link #builder(Path)}, which checks ranges. Whether inputs exist and the output is free is checked when the
 * coordinator accepts the job.
 *
 * @param reducers   null for the default, max(1, worker slots at submission)
 * @param sortBuffer null for the default, derived by each worker from its heap and slots
 * @param name        null for the job class's simple name
 * @param splitSize   the split size asked for; the job's input format may raise it to its
 *                    {@code minSplitSize()} (64 KiB unless the format says otherwise)
 * @param planTimeout how long planning (the job's constructor, {@code plan} and {@code define}, run in a planning
 *                    process) may take; zero for no limit
 * @param taskTimeout an attempt whose activity (records read or emitted) has not moved this long is killed as a
 *                    failure; zero for no limit
 * @param speculation whether stragglers get backup attempts
 * @param maxSkippedRecords how many records on which the mapper failed may be skipped in all before the job fails
 * @param sideFiles   read-only files shipped with the job ({@code --file}, multipart parts {@code file}); tasks open
 *                    them by name
 */
public record JobSpec(Path jar, String jobClass, List<String> input, String output, Integer reducers, long splitSize,
                      Long sortBuffer, int maxAttempts, int maxWorkerLosses, Map<String, String> params, String name,
                      Duration planTimeout, Duration taskTimeout, boolean speculation, int maxSkippedRecords,
                      List<SideFile> sideFiles) {

    public static final long DEFAULT_SPLIT_SIZE = 64L << 20;
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final int DEFAULT_MAX_WORKER_LOSSES = 3;
    public static final int MAX_REDUCERS = 100_000;
    public static final long MIN_SORT_BUFFER = 64L << 10;
    public static final long MAX_SORT_BUFFER = 1L << 30;
    public static final Duration DEFAULT_PLAN_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration MAX_PLAN_TIMEOUT = Duration.ofHours(24);
    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration MAX_TASK_TIMEOUT = Duration.ofDays(7);
    public static final int MAX_SKIPPED_RECORDS = 1_000_000;

    /** The error field of a bad side file: the multipart part (and CLI flag) that carries it. */
    public static final String SIDE_FILE_FIELD = "file";

    public JobSpec {
        input = List.copyOf(input);
        params = Map.copyOf(params);
        sideFiles = sideFiles == null ? List.of() : List.copyOf(sideFiles); // null: read from an older journal
    }

    /**
     * A side file: tasks open {@code file} as {@code name}.
     *
     * @param hash its SHA-256 when the submitter already took it (the REST API's store names files by it), else
     *             null: the coordinator takes it when it accepts the job. Hashing is not free on a coordinator
     *             (C1 only, see {@code bin/gristmill}): a 200 MiB file took seconds.
     */
    public record SideFile(String name, Path file, String hash) {
        public SideFile {
            Objects.requireNonNull(file, "file");
        }

        /** A side file whose hash is not known yet. */
        public SideFile(String name, Path file) {
            this(name, file, null);
        }
    }

    public static Builder builder(Path jar) {
        return new Builder(jar);
    }

    /** Collects spec fields; {@link #build()} checks them and names the first bad field. */
    public static final class Builder {
        private final Path jar;
        private String jobClass;
        private List<String> input = List.of();
        private String output;
        private Integer reducers;
        private long splitSize = DEFAULT_SPLIT_SIZE;
        private Long sortBuffer;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private int maxWorkerLosses = DEFAULT_MAX_WORKER_LOSSES;
        private Map<String, String> params = Map.of();
        private String name;
        private Duration planTimeout = DEFAULT_PLAN_TIMEOUT;
        private Duration taskTimeout = DEFAULT_TASK_TIMEOUT;
        private boolean speculation = true;
        private int maxSkippedRecords;
        private List<SideFile> sideFiles = List.of();

        private Builder(Path jar) {
            this.jar = Objects.requireNonNull(jar, "jar");
        }

        public Builder jobClass(String value) {
            this.jobClass = value;
            return this;
        }

        public Builder input(List<String> value) {
            this.input = value == null ? List.of() : value;
            return this;
        }

        public Builder output(String value) {
            this.output = value;
            return this;
        }

        public Builder reducers(Integer value) {
            this.reducers = value;
            return this;
        }

        public Builder splitSize(long value) {
            this.splitSize = value;
            return this;
        }

        public Builder sortBuffer(Long value) {
            this.sortBuffer = value;
            return this;
        }

        public Builder maxAttempts(int value) {
            this.maxAttempts = value;
            return this;
        }

        public Builder maxWorkerLosses(int value) {
            this.maxWorkerLosses = value;
            return this;
        }

        public Builder params(Map<String, String> value) {
            this.params = value == null ? Map.of() : value;
            return this;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder planTimeout(Duration value) {
            this.planTimeout = value == null ? DEFAULT_PLAN_TIMEOUT : value;
            return this;
        }

        public Builder taskTimeout(Duration value) {
            this.taskTimeout = value == null ? DEFAULT_TASK_TIMEOUT : value;
            return this;
        }

        public Builder speculation(boolean value) {
            this.speculation = value;
            return this;
        }

        public Builder maxSkippedRecords(int value) {
            this.maxSkippedRecords = value;
            return this;
        }

        public Builder sideFiles(List<SideFile> value) {
            this.sideFiles = value == null ? List.of() : value;
            return this;
        }

        public JobSpec build() throws SpecException {
            require(!input.isEmpty() && input.stream().noneMatch(s -> s == null || s.isBlank()), "input",
                    "input is required: give at least one file, folder or glob");
            require(output != null && !output.isBlank(), "output", "output is required: give a folder that does not exist yet");
            require(reducers == null || (reducers >= 0 && reducers <= MAX_REDUCERS), "reducers",
                    "reducers must be between 0 and " + MAX_REDUCERS + ", got " + reducers);
            require(splitSize >= 1, "splitSize", "splitSize must be at least 1 byte, got " + splitSize);
            require(sortBuffer == null || (sortBuffer >= MIN_SORT_BUFFER && sortBuffer <= MAX_SORT_BUFFER), "sortBuffer",
                    "sortBuffer must be between 64k and 1g, got " + sortBuffer);
            require(maxAttempts >= 1 && maxAttempts <= 100, "maxAttempts", "maxAttempts must be between 1 and 100, got " + maxAttempts);
            require(maxWorkerLosses >= 1 && maxWorkerLosses <= 1000, "maxWorkerLosses",
                    "maxWorkerLosses must be between 1 and 1000, got " + maxWorkerLosses);
            require(!planTimeout.isNegative() && planTimeout.compareTo(MAX_PLAN_TIMEOUT) <= 0, "planTimeout",
                    "planTimeout must be between 0 (no limit) and 24h, got " + planTimeout);
            require(!taskTimeout.isNegative() && taskTimeout.compareTo(MAX_TASK_TIMEOUT) <= 0, "taskTimeout",
                    "taskTimeout must be between 0 (no limit) and 7 days, got " + taskTimeout);
            require(maxSkippedRecords >= 0 && maxSkippedRecords <= MAX_SKIPPED_RECORDS, "maxSkippedRecords",
                    "maxSkippedRecords must be between 0 and " + MAX_SKIPPED_RECORDS + ", got " + maxSkippedRecords);
            String badName = SideFileNames.problem(sideFiles.stream().map(SideFile::name).toList());
            require(badName == null, SIDE_FILE_FIELD, badName);
            return new JobSpec(jar, jobClass, input, output, reducers, splitSize, sortBuffer, maxAttempts,
                    maxWorkerLosses, params, name, planTimeout, taskTimeout, speculation, maxSkippedRecords, sideFiles);
        }

        private static void require(boolean ok, String field, String message) throws SpecException {
            if (!ok) {
                throw new SpecException(field, message);
            }
        }
    }
}
