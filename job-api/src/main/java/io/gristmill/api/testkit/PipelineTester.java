package io.gristmill.api.testkit;

import io.gristmill.api.JobDefinition;
import io.gristmill.api.Pipeline;
import io.gristmill.api.PipelineDefinition;
import io.gristmill.api.Step;
import io.gristmill.api.StepInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Runs a {@link PipelineDefinition} in memory from a unit test, step after step and round after round as the
 * coordinator would, each step's job through a {@link JobTester}: a step reading an earlier step reads its output
 * lines (one map task per output partition); an iterated step stops when its condition holds for a round's counters
 * or after its {@code maxRounds}. Every step's job sees the pipeline's parameters, its own, and
 * {@value Step#ROUND_PARAM}.
 */
public final class PipelineTester {
    private final PipelineDefinition definition;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final List<Path> inputFiles = new ArrayList<>();
    private final List<List<String>> inputLines = new ArrayList<>();
    private int reducers = 1;

    private PipelineTester(PipelineDefinition definition, Map<String, String> params) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.params.putAll(Objects.requireNonNull(params, "params"));
    }

    public static PipelineTester of(PipelineDefinition definition, Map<String, String> params) {
        return new PipelineTester(definition, params);
    }

    /** The reducer count of steps that do not set their own (default 1). */
    public PipelineTester reducers(int count) {
        this.reducers = count;
        return this;
    }

    /** Adds a file of the pipeline's input (a folder adds its files, except names starting with {@code _} or {@code .}). */
    public PipelineTester inputFile(Path file) {
        inputFiles.add(Objects.requireNonNull(file, "file"));
        return this;
    }

    /** Adds one map task's lines to the pipeline's input. */
    public PipelineTester inputLines(List<String> lines) {
        inputLines.add(List.copyOf(lines));
        return this;
    }

    /** Runs every step; throws the first exception of any user code. */
    public Result run() throws Exception {
        Pipeline pipeline = Objects.requireNonNull(definition.define(Map.copyOf(params)), "define returned null");
        Map<String, List<JobTester.Result>> rounds = new LinkedHashMap<>();
        JobTester.Result last = null;
        for (Step step : pipeline.steps()) {
            List<JobTester.Result> stepRounds = new ArrayList<>();
            JobTester.Result previous = null;
            for (int round = 1; round <= step.maxRounds(); round++) {
                JobTester tester = tester(step, round);
                if (previous == null) {
                    addInputs(tester, step, rounds);
                } else {
                    addOutput(tester, previous);
                }
                previous = tester.run();
                stepRounds.add(previous);
                if (step.until() != null
                        && step.until().holds(previous.counter(step.until().group(), step.until().name()))) {
                    break;
                }
            }
            rounds.put(step.name(), stepRounds);
            last = previous;
        }
        return new Result(rounds, last);
    }

    private JobTester tester(Step step, int round) throws ReflectiveOperationException {
        ClassLoader loader = definition.getClass().getClassLoader();
        JobDefinition job = (JobDefinition) Class.forName(step.jobClass(), true, loader).getConstructor().newInstance();
        Map<String, String> jobParams = new LinkedHashMap<>(params);
        jobParams.putAll(step.params());
        jobParams.put(Step.ROUND_PARAM, Integer.toString(round));
        int stepReducers = step.reducers() != null ? step.reducers() : reducers;
        JobTester tester = JobTester.of(job, jobParams);
        return stepReducers > 0 ? tester.reducers(stepReducers) : tester;
    }

    private void addInputs(JobTester tester, Step step, Map<String, List<JobTester.Result>> rounds) throws IOException {
        for (StepInput input : step.inputs()) {
            switch (input.kind()) {
                case PIPELINE_INPUT -> {
                    for (Path file : inputFiles) {
                        addFile(tester, file);
                    }
                    inputLines.forEach(tester::inputLines);
                }
                case STEP -> {
                    List<JobTester.Result> earlier = rounds.get(input.value());
                    addOutput(tester, earlier.get(earlier.size() - 1));
                }
                case PATH -> addFile(tester, Path.of(input.value()));
            }
        }
    }

    private static void addFile(JobTester tester, Path file) throws IOException {
        if (!Files.isDirectory(file)) {
            tester.inputFile(file);
            return;
        }
        try (Stream<Path> files = Files.list(file)) {
            for (Path inner : files.sorted().toList()) {
                String name = inner.getFileName().toString();
                if (!name.startsWith("_") && !name.startsWith(".")) {
                    addFile(tester, inner);
                }
            }
        }
    }

    private static void addOutput(JobTester tester, JobTester.Result output) {
        for (int i = 0; i < output.numPartitions(); i++) {
            tester.inputLines(output.partition(i));
        }
    }

    /** What every step's rounds produced. */
    public static final class Result {
        private final Map<String, List<JobTester.Result>> rounds;
        private final JobTester.Result last;

        Result(Map<String, List<JobTester.Result>> rounds, JobTester.Result last) {
            this.rounds = rounds;
            this.last = last;
        }

        /** The pipeline's output: the last step's last round's lines. */
        public List<String> lines() {
            return last.lines();
        }

        /** How many rounds {@code step} ran (1 for a step that does not iterate). */
        public int rounds(String step) {
            return step(step).size();
        }

        /** Each round's result of {@code step}, first round first. */
        public List<JobTester.Result> step(String step) {
            List<JobTester.Result> results = rounds.get(step);
            if (results == null) {
                throw new IllegalArgumentException("no step " + step + "; steps: " + rounds.keySet());
            }
            return results;
        }
    }
}
