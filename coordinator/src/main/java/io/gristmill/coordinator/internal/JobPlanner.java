package io.gristmill.coordinator.internal;

import io.gristmill.api.InputSplit;
import io.gristmill.cluster.io.Compression;
import io.gristmill.cluster.io.JobOutput;
import io.gristmill.cluster.io.Storages;
import io.gristmill.cluster.io.s3.S3Location;
import io.gristmill.coordinator.internal.input.Schemes;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.SpecException;
import io.gristmill.coordinator.internal.input.AllowedRoots;
import io.gristmill.coordinator.internal.input.InputLister;
import io.gristmill.coordinator.internal.input.OutputPath;
import io.gristmill.coordinator.internal.jar.JarInspector;
import io.gristmill.coordinator.internal.input.Splitter;
import io.gristmill.coordinator.internal.planning.PlanRequest;
import io.gristmill.coordinator.internal.planning.PlanResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a submission and turns an accepted job's plan into splits, running no job code: what needs the job's code
 * ({@code plan}, {@code define}) runs in a planning process ({@code planning} package). Blocking: call it on a
 * worker thread, never the event loop.
 */
public final class JobPlanner {
    private final int maxTasks;
    private final AllowedRoots roots;

    /**
     * @param maxTasks the most tasks one job may have
     * @param roots    where job input and output may lie
     */
    public JobPlanner(int maxTasks, AllowedRoots roots) {
        this.maxTasks = maxTasks;
        this.roots = roots;
    }

    /**
     * A submission that passed every check; the output folder is reserved.
     *
     * @param inputSizes the sizes of input objects as their listing gave them, so that splitting sends no request
     *                   per object; empty for a job rebuilt from the journal, whose objects are asked again
     */
    public record Accepted(String jobClass, List<String> inputFiles, String jarHash, String name,
                           List<ShippedFile> sideFiles, Map<String, Long> inputSizes) {
        public Accepted {
            sideFiles = List.copyOf(sideFiles);
            inputSizes = Map.copyOf(inputSizes);
        }

        /** Without sizes known from listing. */
        public Accepted(String jobClass, List<String> inputFiles, String jarHash, String name,
                        List<ShippedFile> sideFiles) {
            this(jobClass, inputFiles, jarHash, name, sideFiles, Map.of());
        }

        /** A job that ships no side files. */
        public Accepted(String jobClass, List<String> inputFiles, String jarHash, String name) {
            this(jobClass, inputFiles, jarHash, name, List.of());
        }

        /** The size of each input: as listed where known, else asked of its storage (a file's, an object's HEAD). */
        public Splitter.Sizes sizes() {
            return listedOrAsked(inputSizes);
        }
    }

    /** The sizes {@code listed} gives, else asked of the input's storage. */
    private static Splitter.Sizes listedOrAsked(Map<String, Long> listed) {
        return location -> {
            Long size = listed.get(location);
            return size != null ? size : Storages.INSTANCE.size(location);
        };
    }

    /** What planning decided: the job's parameters, its splits and its reducer count. */
    public record Plan(Map<String, String> params, List<InputSplit> splits, int reducers) {
    }

    /**
     * Validates everything that can be seen without running the job's code and reserves the output folder (atomic
     * mkdir): the jar and entry class (read, not loaded), the input, the task count, the output.
     */
    public Accepted accept(JobSpec spec) throws SpecException {
        JarInspector.Entry entry = JarInspector.entry(spec.jar(), spec.jobClass());
        if (entry.pipeline()) { // pipelines are accepted by PipelineTracker; one here is a step naming a pipeline
            throw new SpecException("jobClass", "class " + entry.className() + " is a PipelineDefinition, not a job");
        }
        String jobClass = entry.className();
        JobOutput output = output(spec.output());
        InputLister.Listed listed = listInputs(spec);
        List<String> inputs = listed.locations();
        int reducers = spec.reducers() == null ? 0 : spec.reducers();
        try {
            checkTaskCount(Splitter.countLocations(inputs, spec.splitSize(), listedOrAsked(listed.sizes())) + reducers,
                    spec.splitSize(), inputs);
        } catch (IOException e) {
            throw new SpecException("input", "cannot read the size of an input file: " + e.getMessage(), e);
        }
        String hash = sha256(spec.jar());
        List<ShippedFile> sideFiles = sideFiles(spec);
        reserveOutput(output);
        String name = spec.name() == null || spec.name().isBlank() ? simpleName(jobClass) : spec.name();
        return new Accepted(jobClass, inputs, hash, name, sideFiles, listed.sizes());
    }

    /**
     * Validates a pipeline's submission as far as it can be seen without running its code, and reserves its output
     * folder: the input exists (its steps list their own inputs when they start), the side files are readable files,
     * the output is free and allowed. Returns the pipeline's name.
     */
    public String acceptPipeline(JobSpec spec, String pipelineClass) throws SpecException {
        JobOutput output = output(spec.output());
        listInputs(spec);
        sideFiles(spec);
        reserveOutput(output);
        return spec.name() == null || spec.name().isBlank() ? simpleName(pipelineClass) : spec.name();
    }

    /** Each side file with its content hash; fails naming the file when one is not a readable regular file. */
    private static List<ShippedFile> sideFiles(JobSpec spec) throws SpecException {
        List<ShippedFile> shipped = new java.util.ArrayList<>();
        for (JobSpec.SideFile side : spec.sideFiles()) {
            if (!Files.isRegularFile(side.file())) {
                throw new SpecException(JobSpec.SIDE_FILE_FIELD, "side file '" + side.name() + "' is not a file: " + side.file());
            }
            try {
                String hash = side.hash() != null ? side.hash() : io.gristmill.cluster.ContentHash.of(side.file());
                shipped.add(new ShippedFile(side.name(), hash, side.file()));
            } catch (IOException e) {
                throw new SpecException(JobSpec.SIDE_FILE_FIELD, "cannot read side file '" + side.name() + "' ("
                        + side.file() + "): " + e.getMessage(), e);
            }
        }
        return shipped;
    }

    /** What the planning process needs for an accepted job, with the reducer count it will see. */
    public static PlanRequest request(Accepted accepted, JobSpec spec, int defaultReducers) {
        int reducers = spec.reducers() != null ? spec.reducers() : Math.max(1, defaultReducers);
        return new PlanRequest(spec.jar(), accepted.jobClass(), spec.params(), reducers, accepted.inputFiles());
    }

    /**
     * Cuts the input into splits as the job's plan asks: the split size is raised to the input format's least split
     * size, and files the format cannot split, or compressed with a codec that cannot be split (gzip, zstd: their
     * streams decode only from the start), are one split each.
     */
    public Plan split(PlanRequest request, PlanResult result, long splitSize) throws SpecException, IOException {
        return split(request, result, splitSize, Storages.INSTANCE::size);
    }

    /** As {@link #split(PlanRequest, PlanResult, long)}, with the inputs' sizes from {@code sizes}. */
    public Plan split(PlanRequest request, PlanResult result, long splitSize, Splitter.Sizes sizes)
            throws SpecException, IOException {
        long effective = Math.max(splitSize, result.minSplitSize());
        Set<String> unsplittable = new HashSet<>();
        for (int index : result.unsplittable()) {
            unsplittable.add(request.inputFiles().get(index));
        }
        int reducers = result.mapOnly() ? 0 : request.reducers();
        checkTaskCount(Splitter.countLocations(request.inputFiles(), effective, sizes) + reducers,
                splitSize, request.inputFiles());
        List<InputSplit> splits = Splitter.splitLocations(request.inputFiles(), effective,
                path -> !unsplittable.contains(path) && Compression.ofPath(path).splittable(), sizes);
        return new Plan(result.params(), splits, reducers);
    }

    private void checkTaskCount(long tasks, long splitSize, List<String> inputs) throws SpecException {
        if (tasks > maxTasks) {
            throw new SpecException("splitSize", String.format(
                    "this job would have %,d tasks (%,d input files cut into splits of %,d bytes), more than the %,d "
                            + "this coordinator accepts (--max-tasks): give a larger splitSize", tasks, inputs.size(),
                    splitSize, maxTasks));
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }

    /**
     * The output the spec names: {@code s3://bucket/prefix} (its bucket is checked when it is reserved), or a folder
     * inside the allowed roots; any other scheme is refused.
     */
    private JobOutput output(String text) throws SpecException {
        if (text != null && S3Location.isS3(text)) {
            try {
                return JobOutputs.forSubmission(S3Location.parse(text).toString());
            } catch (IllegalArgumentException e) {
                throw new SpecException("output", "output " + e.getMessage());
            }
        }
        if (text != null) {
            var unknown = Schemes.unknown("output", text);
            if (unknown.isPresent()) {
                throw new SpecException("output", unknown.get());
            }
        }
        Path folder = OutputPath.parse(text);
        roots.checkOutput(folder);
        return JobOutputs.forSubmission(folder.toString());
    }

    private InputLister.Listed listInputs(JobSpec spec) throws SpecException {
        try {
            // more files than tasks allowed would fail the task count anyway: stop listing there
            return InputLister.listInputs(spec.input(), InputLister.Limits.of(InputLister.Limits.DEFAULT_TIME_LIMIT, maxTasks),
                    roots);
        } catch (Exception e) {
            throw new SpecException("input", e.getMessage(), e);
        }
    }

    private static void reserveOutput(JobOutput output) throws SpecException {
        try {
            output.reserve();
        } catch (IOException e) {
            throw new SpecException("output", e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws SpecException {
        if (Files.isDirectory(file)) { // a classes folder (bundled jobs run from a build tree): name it by path
            return java.util.HexFormat.of().formatHex(
                    file.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new SpecException("jar", "cannot read job jar " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
