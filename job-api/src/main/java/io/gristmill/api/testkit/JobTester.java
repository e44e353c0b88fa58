package io.gristmill.api.testkit;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.PlanContext;
import io.gristmill.api.Reducer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs a job in memory, on the calling thread, the way the engine would, so that a job author can unit-test a job
 * without a cluster.
 *
 * <p>Each {@code input...} call adds one map task. A map task creates a fresh mapper, calls {@code setup},
 * {@code map} for each record and {@code cleanup}. Text input arrives as the text input format delivers it: the key
 * is a reused {@link io.gristmill.api.MutableLong} byte offset (lines count as UTF-8 followed by {@code \n}), the
 * value a reused {@link io.gristmill.api.Text}. Emitted pairs are serialized with the job's serdes at once, so
 * keeping or mutating emitted objects has the same effect as on a cluster. Then, per map task: the merge combiner
 * aggregates pairs with equal key bytes, the job's partitioner picks a reducer, each partition is sorted by the
 * sort comparator and the sorted combiner (if any) runs once over groups of equal keys. Each reduce task gathers
 * its partition from every map task, sorts it, groups consecutive keys with the grouping comparator and calls
 * {@code reduce} per group with a single-use {@code Iterable} whose values (and a mutable key) are deserialized
 * into reused objects. Output is kept as the lines {@link io.gristmill.api.TextOutputFormat} would write
 * ({@code key<TAB>value}, or the key alone when the value is {@link io.gristmill.api.None}), whatever the job's
 * output format. A map-only job's output is its mapper output, one partition per map task.
 *
 * <p>With a {@link JobDefinition}, {@code run} first calls {@code plan} (its input files are those added with
 * {@link #inputFile}), then {@code define} with the resulting parameters. Every combiner runs exactly once per map
 * task; real runs may run it zero or more times, so a job must not depend on that. Nothing is retried: the first
 * exception thrown by user code propagates from {@link #run} unchanged.
 *
 * <pre>{@code
 * JobTester.Result result = JobTester.of(new WordCount(), Map.of())
 *         .reducers(2)
 *         .inputLines("the cat", "the dog")
 *         .run();
 * assertEquals(List.of("cat\t1", "dog\t1", "the\t2"), result.lines().stream().sorted().toList());
 * assertEquals(4, result.counter("wordcount", "words"));
 * }</pre>
 *
 * <p>A tester is not thread-safe; configure and run it on one thread. It may be run more than once.
 */
public final class JobTester {
    private final JobDefinition definition;
    private final Job job;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final List<TestInput> inputs = new ArrayList<>();
    private final Map<String, Path> sideFiles = new LinkedHashMap<>();
    private int reducers = 1;

    private JobTester(JobDefinition definition, Job job, Map<String, String> params) {
        this.definition = definition;
        this.job = job;
        this.params.putAll(params);
    }

    /** A tester for the job that {@code definition} plans and defines with {@code params}. */
    public static JobTester of(JobDefinition definition, Map<String, String> params) {
        return new JobTester(Objects.requireNonNull(definition, "definition"), null,
                Objects.requireNonNull(params, "params"));
    }

    /** A tester for an already built job. */
    public static JobTester of(Job job) {
        return new JobTester(null, Objects.requireNonNull(job, "job"), Map.of());
    }

    /** Adds or replaces a job parameter seen by {@code plan}, {@code define} and every task. */
    public JobTester param(String name, String value) {
        params.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Ships {@code file} as side file {@code name} to every task ({@code TaskContext.sideFile(name)}). */
    public JobTester sideFile(String name, Path file) {
        sideFiles.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(file, "file"));
        return this;
    }

    /** The number of reduce partitions (default 1); ignored by map-only jobs. */
    public JobTester reducers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("reducers must be >= 1, got " + count);
        }
        this.reducers = count;
        return this;
    }

    /** Adds a map task reading these lines as text input. */
    public JobTester inputLines(String... lines) {
        return inputLines(Arrays.asList(lines));
    }

    /** Adds a map task reading these lines as text input. */
    public JobTester inputLines(List<String> lines) {
        inputs.add(new TestInput.Lines(List.copyOf(lines)));
        return this;
    }

    /** Adds a map task whose mapper receives these keys and values as given, for jobs with other inputs. */
    public JobTester inputRecords(List<? extends Map.Entry<?, ?>> records) {
        inputs.add(new TestInput.Records(List.copyOf(records)));
        return this;
    }

    /** Adds a map task reading the whole file through the job's own input format, as one split. */
    public JobTester inputFile(Path file) {
        inputs.add(new TestInput.File(Objects.requireNonNull(file, "file")));
        return this;
    }

    /** Runs the job; throws the first exception of any user code (definition, mapper, combiner, reducer). */
    public Result run() throws Exception {
        Map<String, String> jobParams = new LinkedHashMap<>(params);
        Job runJob = definition == null ? job : define(jobParams);
        Map<String, String> taskParams = Collections.unmodifiableMap(jobParams);
        return new Run(runJob, jobName(), taskParams, runJob.isMapOnly() ? 0 : reducers).execute();
    }

    private Job define(Map<String, String> jobParams) throws Exception {
        definition.plan(new TesterPlanContext(jobParams));
        return Objects.requireNonNull(definition.define(Map.copyOf(jobParams)), "define returned null");
    }

    private String jobName() {
        return definition == null ? "test-job" : definition.getClass().getSimpleName();
    }

    /** The output and counters of one {@link #run}. Immutable. */
    public static final class Result {
        private final List<List<String>> partitions;
        private final Map<String, Long> counters;

        Result(List<List<String>> partitions, Map<String, Long> counters) {
            this.partitions = partitions.stream().map(List::copyOf).toList();
            this.counters = Collections.unmodifiableMap(new TreeMap<>(counters));
        }

        /** Every output line: partition 0 first, each in the order its task wrote it. */
        public List<String> lines() {
            return partitions.stream().flatMap(List::stream).toList();
        }

        /**
         * The lines of reduce partition {@code index} (file {@code part-r-<index>}), or of map task {@code index}
         * for a map-only job ({@code part-m-<index>}).
         */
        public List<String> partition(int index) {
            return partitions.get(index);
        }

        public int numPartitions() {
            return partitions.size();
        }

        /** Job counters summed over all tasks, keyed {@code group + "." + name}, sorted by key. */
        public Map<String, Long> counters() {
            return counters;
        }

        /** One job counter, 0 when never incremented. */
        public long counter(String group, String name) {
            return counters.getOrDefault(group + "." + name, 0L);
        }
    }

    /** One execution of the job over the configured inputs. */
    private final class Run {
        private final Job job;
        private final String name;
        private final Map<String, String> params;
        private final int numReducers;
        private final Map<String, Long> counters = new TreeMap<>();

        Run(Job job, String name, Map<String, String> params, int numReducers) {
            this.job = job;
            this.name = name;
            this.params = params;
            this.numReducers = numReducers;
        }

        Result execute() throws Exception {
            if (job.isMapOnly()) {
                List<List<String>> outputs = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    TextLines lines = new TextLines();
                    runMapper(i, lines).addCountersTo(counters);
                    outputs.add(lines.lines());
                }
                return new Result(outputs, counters);
            }
            List<List<List<Record>>> mapOutputs = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                mapOutputs.add(runMapTask(i));
            }
            List<List<String>> outputs = new ArrayList<>();
            for (int p = 0; p < numReducers; p++) {
                outputs.add(runReduceTask(p, mapOutputs));
            }
            return new Result(outputs, counters);
        }

        private List<List<Record>> runMapTask(int index) throws Exception {
            MapOutput output = new MapOutput(job, numReducers);
            TestTaskContext context = runMapper(index, output);
            List<List<Record>> partitions = output.finish(context);
            context.addCountersTo(counters);
            return partitions;
        }

        private TestTaskContext runMapper(int index, Emitter<Object, Object> out) throws Exception {
            TestInput input = inputs.get(index);
            TestTaskContext context = withSideFiles(
                    new TestTaskContext(name, true, index, numReducers, params, input.split(index)));
            Mapper<Object, Object, Object, Object> mapper = Unchecked.cast(job.mapper().get());
            mapper.setup(context);
            input.read(job, context, (k, v) -> mapper.map(k, v, out));
            mapper.cleanup(out);
            return context;
        }

        private TestTaskContext withSideFiles(TestTaskContext context) {
            sideFiles.forEach(context::withSideFile);
            return context;
        }

        private List<String> runReduceTask(int partition, List<List<List<Record>>> mapOutputs) throws Exception {
            List<Record> records = new ArrayList<>();
            mapOutputs.forEach(m -> records.addAll(m.get(partition)));
            Groups.sort(records, job.sortComparator());
            TestTaskContext context = withSideFiles(new TestTaskContext(name, false, partition, numReducers, params, null));
            Reducer<Object, Object, Object, Object> reducer = Unchecked.cast(job.reducer().get());
            TextLines out = new TextLines();
            reducer.setup(context);
            new Groups(job.keySerde(), job.valueSerde(), job.groupingComparator()).reduceAll(records, reducer, out);
            reducer.cleanup(out);
            context.addCountersTo(counters);
            return out.lines();
        }
    }

    /** What {@link JobDefinition#plan} sees in a test: the added files, the reducer count and the parameters. */
    private final class TesterPlanContext implements PlanContext {
        private final Map<String, String> jobParams;

        TesterPlanContext(Map<String, String> jobParams) {
            this.jobParams = jobParams;
        }

        @Override
        public List<Path> inputFiles() {
            return inputs.stream().map(TestInput::file).filter(Objects::nonNull).toList();
        }

        /** The configured reducer count: the job is not defined yet when it is planned. */
        @Override
        public int numReducers() {
            return reducers;
        }

        @Override
        public Map<String, String> params() {
            return Collections.unmodifiableMap(jobParams);
        }

        @Override
        public void setParam(String name, String value) {
            jobParams.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        }
    }
}
