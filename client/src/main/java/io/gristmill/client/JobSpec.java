package io.gristmill.client;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: the REST spec of a submission (DESIGN.md, "Specification of a job"). The coordinator requires
 * {@code input} and {@code output} (and says so, naming the field); every field left unset takes its default. Paths are sent as given and
 * read by the coordinator and workers, so give absolute paths on the shared file system. Sizes and durations may be
 * given as text ({@code "64m"}, {@code "30s"}) and are checked by the coordinator, which names a bad one in an
 * {@link ApiException.BadRequest}.
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.builder().input("/shared/books").output("/shared/out").reducers(4)
 *         .param("pattern", "whale").build();
 * }</pre>
 */
public final class JobSpec {
    private final Map<String, Object> fields;
    private final Map<String, java.nio.file.Path> sideFiles;

    private JobSpec(Map<String, Object> fields, Map<String, java.nio.file.Path> sideFiles) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.sideFiles = Collections.unmodifiableMap(new LinkedHashMap<>(sideFiles));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The spec's JSON fields in the API's names, unset ones left out. */
    public Map<String, Object> fields() {
        return fields;
    }

    /**
     * The side files to ship, name → local file, in the order added: uploaded as multipart parts {@code file}, not
     * as spec fields.
     */
    public Map<String, java.nio.file.Path> sideFiles() {
        return sideFiles;
    }

    @Override
    public String toString() {
        return "JobSpec" + fields + (sideFiles.isEmpty() ? "" : " sideFiles=" + sideFiles.keySet());
    }

    /** Builds a {@link JobSpec}; each setter replaces what an earlier call set. */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private final Map<String, String> params = new LinkedHashMap<>();
        private final Map<String, java.nio.file.Path> sideFiles = new LinkedHashMap<>();

        private Builder() {
        }

        /** The {@code JobDefinition} class; default the jar manifest's {@code Gristmill-Job}. */
        public Builder jobClass(String className) {
            return set("jobClass", className);
        }

        /** Input files, folders or globs (required). */
        public Builder input(String... paths) {
            return input(List.of(paths));
        }

        public Builder input(List<String> paths) {
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("input: give at least one path");
            }
            return set("input", List.copyOf(paths));
        }

        /** The output folder, which must not exist yet (required). */
        public Builder output(String folder) {
            return set("output", folder);
        }

        /** Reduce tasks; 0 makes the job map-only. Default: the cluster's worker slots. */
        public Builder reducers(int count) {
            return set("reducers", count);
        }

        /** Bytes per map task, e.g. {@code "64m"}. */
        public Builder splitSize(String size) {
            return set("splitSize", size);
        }

        public Builder splitSize(long bytes) {
            return set("splitSize", bytes);
        }

        /** The map-side sort buffer, e.g. {@code "128m"}. */
        public Builder sortBuffer(String size) {
            return set("sortBuffer", size);
        }

        public Builder sortBuffer(long bytes) {
            return set("sortBuffer", bytes);
        }

        public Builder maxAttempts(int attempts) {
            return set("maxAttempts", attempts);
        }

        public Builder maxWorkerLosses(int losses) {
            return set("maxWorkerLosses", losses);
        }

        /** How long planning may take, e.g. {@code "5m"}; {@code "0"} means no limit. */
        public Builder planTimeout(String duration) {
            return set("planTimeout", duration);
        }

        public Builder planTimeout(Duration duration) {
            return set("planTimeout", duration.toMillis() + "ms");
        }

        /** How long an attempt may go without reading or writing a record, e.g. {@code "10m"}; {@code "0"}: no limit. */
        public Builder taskTimeout(String duration) {
            return set("taskTimeout", duration);
        }

        public Builder taskTimeout(Duration duration) {
            return set("taskTimeout", duration.toMillis() + "ms");
        }

        public Builder speculation(boolean enabled) {
            return set("speculation", enabled);
        }

        public Builder maxSkippedRecords(int records) {
            return set("maxSkippedRecords", records);
        }

        /** The job's name; default its class's simple name. */
        public Builder name(String name) {
            return set("name", name);
        }

        /** Adds a job parameter, read by the job through {@code TaskContext} and {@code define}. */
        public Builder param(String name, String value) {
            params.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder params(Map<String, String> values) {
            values.forEach(this::param);
            return this;
        }

        /**
         * Ships {@code file} (read-only) with the job; tasks open it as {@code TaskContext.sideFile(name)}. The
         * coordinator refuses a bad name (empty, {@code .}, {@code ..}, with {@code /}, {@code \\}, {@code "} or a
         * control character) with an {@link ApiException.BadRequest} naming field {@code file}.
         *
         * @throws IllegalArgumentException when {@code name} is already taken
         */
        public Builder sideFile(java.nio.file.Path file, String name) {
            Objects.requireNonNull(file, "file");
            if (sideFiles.putIfAbsent(Objects.requireNonNull(name, "name"), file) != null) {
                throw new IllegalArgumentException("file: two side files are named '" + name + "'");
            }
            return this;
        }

        /** Ships {@code file} under its own file name. */
        public Builder sideFile(java.nio.file.Path file) {
            return sideFile(file, String.valueOf(file.getFileName()));
        }

        public JobSpec build() {
            Map<String, Object> all = new LinkedHashMap<>(fields);
            if (!params.isEmpty()) {
                all.put("params", Collections.unmodifiableMap(new LinkedHashMap<>(params)));
            }
            return new JobSpec(all, sideFiles);
        }

        private Builder set(String field, Object value) {
            fields.put(field, Objects.requireNonNull(value, field));
            return this;
        }
    }
}
