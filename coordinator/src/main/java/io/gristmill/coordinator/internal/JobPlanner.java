package io.gristmill.coordinator.internal;

import io.gristmill.api.InputSplit;
import io.gristmill.api.Job;
import io.gristmill.api.PlanContext;
import io.gristmill.cluster.jobs.JobLoadException;
import io.gristmill.cluster.jobs.JobLoader;
import io.gristmill.cluster.jobs.LoadedJob;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.SpecException;
import io.gristmill.coordinator.internal.input.InputLister;
import io.gristmill.coordinator.internal.input.Splitter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a submission and plans an accepted job: loads the job class, lists inputs, reserves the output folder,
 * runs the job's {@code plan} hook and cuts the input into splits. Blocking: run on a worker thread.
 */
public final class JobPlanner {
    private JobPlanner() {
    }

    /** A submission that passed every check; the output folder is reserved. */
    public record Accepted(LoadedJob job, List<Path> inputFiles, String jarHash, String name) {
    }

    /** What planning decided. */
    public record Plan(Map<String, String> params, List<InputSplit> splits, int reducers) {
    }

    /** Validates everything that can be seen before running and reserves the output folder (atomic mkdir). */
    public static Accepted accept(JobSpec spec) throws SpecException {
        LoadedJob job = load(spec);
        try {
            List<Path> inputs = listInputs(spec);
            String hash = sha256(spec.jar());
            reserveOutput(Path.of(spec.output()).toAbsolutePath().normalize());
            String name = spec.name() == null || spec.name().isBlank()
                    ? job.definition().getClass().getSimpleName() : spec.name();
            return new Accepted(job, inputs, hash, name);
        } catch (SpecException | RuntimeException e) {
            closeQuietly(job);
            throw e;
        }
    }

    /** Runs the plan hook, defines the job and splits the input; closes the job's class loader. */
    public static Plan plan(Accepted accepted, JobSpec spec, int defaultReducers) throws Exception {
        try (LoadedJob job = accepted.job()) {
            int reducers = spec.reducers() != null ? spec.reducers() : Math.max(1, defaultReducers);
            Map<String, String> params = new LinkedHashMap<>(spec.params());
            job.inJobLoader(() -> {
                job.definition().plan(planContext(accepted.inputFiles(), reducers, params));
                return null;
            });
            Job defined = job.define(Map.copyOf(params));
            int effectiveReducers = defined.isMapOnly() ? 0 : reducers;
            List<InputSplit> splits = Splitter.split(accepted.inputFiles(), spec.splitSize());
            return new Plan(params, splits, effectiveReducers);
        }
    }

    private static PlanContext planContext(List<Path> files, int reducers, Map<String, String> params) {
        return new PlanContext() {
            @Override
            public List<Path> inputFiles() {
                return files;
            }

            @Override
            public int numReducers() {
                return reducers;
            }

            @Override
            public Map<String, String> params() {
                return java.util.Collections.unmodifiableMap(params);
            }

            @Override
            public void setParam(String name, String value) {
                params.put(name, value);
            }
        };
    }

    private static LoadedJob load(JobSpec spec) throws SpecException {
        try {
            return JobLoader.load(spec.jar(), spec.jobClass());
        } catch (JobLoadException e) {
            throw new SpecException(e.field(), e.getMessage(), e);
        }
    }

    private static List<Path> listInputs(JobSpec spec) throws SpecException {
        try {
            return InputLister.list(spec.input());
        } catch (Exception e) {
            throw new SpecException("input", e.getMessage(), e);
        }
    }

    private static void reserveOutput(Path output) throws SpecException {
        try {
            Files.createDirectories(output.getParent());
            Files.createDirectory(output);
            JobCommitter.prepare(output);
        } catch (FileAlreadyExistsException e) {
            throw new SpecException("output", "output folder already exists: " + output);
        } catch (IOException e) {
            throw new SpecException("output", "cannot create output folder " + output + ": " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws SpecException {
        if (Files.isDirectory(file)) { // a classes folder (bundled jobs run from a build tree): name it by path
            return HexFormat.of().formatHex(file.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new SpecException("jar", "cannot read job jar " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(LoadedJob job) {
        try {
            job.close();
        } catch (IOException ignored) {
            // the loader held nothing we need
        }
    }
}
