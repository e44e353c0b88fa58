package io.gristmill.coordinator.internal;

import io.gristmill.api.InputSplit;
import io.gristmill.cluster.TaskType;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.JobStatus.SkippedRecord;
import io.gristmill.coordinator.TaskState;

import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The coordinator's mutable record of one job: its state, tasks and attempts. Mutated only on the coordinator
 * context; {@link #moveTo} is the one place a job changes state.
 */
public final class JobExecution {
    private final String id;
    private final JobSpec spec;
    private final String name;
    private final String jarHash;
    private final List<ShippedFile> sideFiles;
    private final String secret;
    private final long submittedMillis;
    private final JobStatus.PipelineLink pipeline;
    private final List<TaskRecord> maps = new ArrayList<>();
    private final List<TaskRecord> reduces = new ArrayList<>();
    // How many tasks of each kind are in each state, kept by taskMoved: the scheduler asks on every pick, and
    // counting over thousands of tasks each time made scheduling quadratic.
    private final int[] mapsIn = new int[TaskState.values().length];
    private final int[] reducesIn = new int[TaskState.values().length];
    // No map (reduce) below this index is PENDING; lowered when a task goes back to PENDING.
    private int pendingMapsFrom;
    private int pendingReducesFrom;
    private final Map<String, AttemptRecord> attempts = new HashMap<>();
    private final List<SkippedRecord> skippedRecords = new ArrayList<>();
    private final CounterTotals counterTotals = new CounterTotals();
    // Kept as attempts start and end, so that the job's progress is summed over its live attempts (a few per slot),
    // not over its tasks: the status is read 20 times a second, and going over 100,000 tasks at each read took half
    // of gristmill local's samples (JFR)
    private final Set<AttemptRecord> liveAttempts = new HashSet<>();
    private final int[] successfulTasks = new int[TaskType.values().length];
    private JobState state = JobState.PLANNING;
    private Map<String, String> params;
    private int numReducers;
    private long startedMillis;
    private long finishedMillis;
    private String error;
    private String errorTask;
    private String errorStackTrace;
    // How long one map task of this job takes as the coordinator sees it (from launch to report, shared out over its
    // bundle), a moving average; NaN until a map has succeeded. It decides how many maps one RUN message carries.
    private double mapMillis = Double.NaN;
    // "" for a job accepted in this coordinator term; ".t<term>" for one resumed from an earlier term, so that its
    // new attempts never share an id (and so a work file or a shuffle key) with attempts of that term
    private int liveReduceAttempts;
    private String attemptIdSuffix = "";

    public JobExecution(String id, JobSpec spec, String name, String jarHash, List<ShippedFile> sideFiles,
                        String secret, long nowMillis) {
        this(id, spec, name, jarHash, sideFiles, secret, nowMillis, null);
    }

    /** @param pipeline the pipeline step this job runs, or null for a job submitted on its own */
    public JobExecution(String id, JobSpec spec, String name, String jarHash, List<ShippedFile> sideFiles,
                        String secret, long nowMillis, JobStatus.PipelineLink pipeline) {
        this.id = id;
        this.pipeline = pipeline;
        this.spec = spec;
        this.name = name;
        this.jarHash = jarHash;
        this.sideFiles = List.copyOf(sideFiles);
        this.secret = secret;
        this.submittedMillis = nowMillis;
        this.params = spec.params();
    }

    /** The pipeline step this job runs, or null. */
    public JobStatus.PipelineLink pipeline() {
        return pipeline;
    }

    /** This job was accepted under an earlier coordinator term and is resumed under {@code term}. */
    public void resumedInTerm(long term) {
        this.attemptIdSuffix = ".t" + term;
    }

    /** Whether this job was resumed from an earlier coordinator term. */
    public boolean isResumed() {
        return !attemptIdSuffix.isEmpty();
    }

    String attemptIdSuffix() {
        return attemptIdSuffix;
    }

    /** Moves to {@code next}, refusing transitions {@link JobState} does not allow. */
    public void moveTo(JobState next, long nowMillis) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("job " + id + ": illegal transition " + state + " -> " + next);
        }
        state = next;
        if (next == JobState.RUNNING) {
            startedMillis = nowMillis;
        }
        if (next.isTerminal()) {
            finishedMillis = nowMillis;
        }
    }

    /** A planned job's tasks, made off the coordinator's context (a million of them take a while). */
    public record Tasks(List<TaskRecord> maps, List<TaskRecord> reduces) {
    }

    /** Makes the task records of a plan without touching this job's state: safe on any thread. */
    public Tasks newTasks(List<InputSplit> splits, int reducers) {
        List<TaskRecord> newMaps = new ArrayList<>(splits.size());
        for (int i = 0; i < splits.size(); i++) {
            newMaps.add(new TaskRecord(this, TaskType.MAP, i, splits.get(i)));
        }
        List<TaskRecord> newReduces = new ArrayList<>(reducers);
        for (int r = 0; r < reducers; r++) {
            newReduces.add(new TaskRecord(this, TaskType.REDUCE, r, null));
        }
        return new Tasks(newMaps, newReduces);
    }

    /** Installs the tasks once planning is done. */
    public void planned(Map<String, String> plannedParams, Tasks tasks) {
        this.params = Map.copyOf(plannedParams);
        this.numReducers = tasks.reduces().size();
        maps.addAll(tasks.maps());
        reduces.addAll(tasks.reduces());
        mapsIn[TaskState.PENDING.ordinal()] = maps.size();
        reducesIn[TaskState.PENDING.ordinal()] = reduces.size();
    }

    /** Called by {@link TaskRecord#moveTo} on every transition of one of this job's tasks. */
    void taskMoved(TaskRecord task, TaskState from, TaskState to) {
        int[] counts = task.isMap() ? mapsIn : reducesIn;
        counts[from.ordinal()]--;
        counts[to.ordinal()]++;
        if (to == TaskState.PENDING) {
            if (task.isMap()) {
                pendingMapsFrom = Math.min(pendingMapsFrom, task.index());
            } else {
                pendingReducesFrom = Math.min(pendingReducesFrom, task.index());
            }
        }
    }

    /** The index from which a PENDING map (reduce) may be found: every task before it is past PENDING. */
    int firstPossiblyPending(boolean map) {
        List<TaskRecord> tasks = map ? maps : reduces;
        int from = map ? pendingMapsFrom : pendingReducesFrom;
        while (from < tasks.size() && tasks.get(from).state() != TaskState.PENDING) {
            from++;
        }
        if (map) {
            pendingMapsFrom = from;
        } else {
            pendingReducesFrom = from;
        }
        return from;
    }

    public boolean hasPendingMaps() {
        return mapsIn[TaskState.PENDING.ordinal()] > 0;
    }

    public int pendingReduces() {
        return reducesIn[TaskState.PENDING.ordinal()];
    }

    public int pendingMaps() {
        return mapsIn[TaskState.PENDING.ordinal()];
    }

    /** A map task of this job ran for {@code perTask} milliseconds (see {@link AttemptProtocol}). */
    void mapTook(double perTask) {
        mapMillis = Double.isNaN(mapMillis) ? perTask : 0.7 * mapMillis + 0.3 * perTask;
    }

    /** Milliseconds per map task of this job so far (see {@link #mapTook}); NaN before the first one succeeded. */
    double mapMillis() {
        return mapMillis;
    }

    public void failed(String message, String taskId, String stackTrace) {
        if (error == null) {
            this.error = message;
            this.errorTask = taskId;
            this.errorStackTrace = stackTrace;
        }
    }

    /** Whether the job is being stopped (FAILING or KILLING) and only awaits cleanup before its final state. */
    public boolean isEnding() {
        return state.isEnding();
    }

    /** A record the mapper failed on, which later attempts of {@code taskId} skip. */
    public void recordSkipped(String taskId, io.gristmill.cluster.Messages.BadRecord record) {
        skippedRecords.add(new SkippedRecord(taskId, record.file(), record.offset(), record.index(), record.error()));
    }

    /** Every record skipped so far, in the order they were found. */
    public List<SkippedRecord> skippedRecords() {
        return Collections.unmodifiableList(skippedRecords);
    }

    public void register(AttemptRecord attempt) {
        attempts.put(attempt.attemptId(), attempt);
    }

    public AttemptRecord attempt(String attemptId) {
        return attempts.get(attemptId);
    }

    public List<TaskRecord> allTasks() {
        List<TaskRecord> all = new ArrayList<>(maps);
        all.addAll(reduces);
        return all;
    }

    /**
     * This job's tasks of {@code type}, or all of them (maps first) when it is null, as a read-only view: nothing is
     * copied, since the console pages through them twice a second and a job may have 200,000.
     */
    public List<TaskRecord> tasks(TaskType type) {
        if (type != null) {
            return Collections.unmodifiableList(type == TaskType.MAP ? maps : reduces);
        }
        return new AbstractList<>() {
            @Override
            public TaskRecord get(int index) {
                return index < maps.size() ? maps.get(index) : reduces.get(index - maps.size());
            }

            @Override
            public int size() {
                return maps.size() + reduces.size();
            }
        };
    }

    public boolean allMapsSucceeded() {
        return mapsIn[TaskState.SUCCEEDED.ordinal()] == maps.size();
    }

    public boolean allTasksSucceeded() {
        return allMapsSucceeded() && reducesIn[TaskState.SUCCEEDED.ordinal()] == reduces.size();
    }

    /** Whether any reduce task is not yet committed, so finished map outputs are still needed. */
    public boolean mapOutputsNeeded() {
        return !isMapOnly() && reducesIn[TaskState.SUCCEEDED.ordinal()] < reduces.size();
    }

    public boolean isMapOnly() {
        return numReducers == 0;
    }

    /** Tasks of this job with an attempt in flight: its current share of the slots. */
    public int activeAttempts() {
        return mapsIn[TaskState.RUNNING.ordinal()] + reducesIn[TaskState.RUNNING.ordinal()];
    }

    /** Job counters: for each task, the counters of its current successful attempt, summed. */
    public Map<String, Map<String, Long>> counters() {
        return counterTotals.snapshot();
    }

    /** The successful attempt of one of this job's tasks changed from {@code before} to {@code after} (or null). */
    void successChanged(AttemptRecord before, AttemptRecord after) {
        if (before == null && after == null) {
            return;
        }
        TaskType type = (before != null ? before : after).task().type();
        successfulTasks[type.ordinal()] += (after != null ? 1 : 0) - (before != null ? 1 : 0);
        if (before != null) {
            counterTotals.remove(before.counters());
        }
        if (after != null) {
            counterTotals.add(after.counters());
        }
    }

    /** An attempt of this job became live (active) or stopped being live. */
    void attemptLive(AttemptRecord attempt, boolean live) {
        boolean changed = live ? liveAttempts.add(attempt) : liveAttempts.remove(attempt);
        if (changed && !attempt.task().isMap()) {
            liveReduceAttempts += live ? 1 : -1;
        }
    }

    /** This job's live (active) attempts, a few per slot: read-only, on the coordinator context. */
    java.util.Collection<AttemptRecord> liveAttempts() {
        return java.util.Collections.unmodifiableSet(liveAttempts);
    }

    /** How many reduce attempts of this job are live (active): the scheduler looks for one to preempt only then. */
    int liveReduceAttempts() {
        return liveReduceAttempts;
    }

    /** How many tasks of {@code type} are in {@code state}. */
    public int tasksIn(TaskType type, TaskState state) {
        return (type == TaskType.MAP ? mapsIn : reducesIn)[state.ordinal()];
    }

    /**
     * The progress of the tasks of {@code type}, 0..1 (1 when there are none): a task with a successful attempt counts
     * 1, any other the highest progress of its live attempts.
     */
    public double progress(TaskType type) {
        int tasks = (type == TaskType.MAP ? maps : reduces).size();
        if (tasks == 0) {
            return 1.0;
        }
        // read every 100 ms by a client following the job, with up to 64 live attempts per slot in the map phase:
        // one pass, no map of boxed progress per read
        double sum = successfulTasks[type.ordinal()];
        for (AttemptRecord attempt : liveAttempts) {
            TaskRecord task = attempt.task();
            if (task.type() == type && task.successful() == null && isBestLive(attempt)) {
                sum += attempt.progress();
            }
        }
        return sum / tasks;
    }

    /** Whether no other live attempt of the attempt's task is further along (ties: the lowest number counts). */
    private boolean isBestLive(AttemptRecord attempt) {
        for (AttemptRecord other : attempt.task().attempts()) {
            if (other != attempt && liveAttempts.contains(other) && (other.progress() > attempt.progress()
                    || other.progress() == attempt.progress() && other.number() < attempt.number())) {
                return false;
            }
        }
        return true;
    }

    /** The counters of a task's current successful attempt changed from {@code before} to {@code after}. */
    void successCountersChanged(Map<String, Map<String, Long>> before, Map<String, Map<String, Long>> after) {
        counterTotals.remove(before);
        counterTotals.add(after);
    }

    public String id() {
        return id;
    }

    public JobSpec spec() {
        return spec;
    }

    public String name() {
        return name;
    }

    public String jarHash() {
        return jarHash;
    }

    /** The job's side files, with their content hashes. */
    public List<ShippedFile> sideFiles() {
        return sideFiles;
    }

    public String secret() {
        return secret;
    }

    /** The output: an absolute, normalized folder, or {@code s3://bucket/prefix}. */
    public String output() {
        return JobOutputs.normalize(spec.output());
    }

    /** How this job's output is reserved, committed and removed. Its methods block: worker threads only. */
    public io.gristmill.cluster.io.JobOutput jobOutput() {
        return JobOutputs.of(output());
    }

    public JobState state() {
        return state;
    }

    public Map<String, String> params() {
        return params;
    }

    public int numReducers() {
        return numReducers;
    }

    public List<TaskRecord> maps() {
        return Collections.unmodifiableList(maps);
    }

    public List<TaskRecord> reduces() {
        return Collections.unmodifiableList(reduces);
    }

    public long submittedMillis() {
        return submittedMillis;
    }

    public long startedMillis() {
        return startedMillis;
    }

    public long finishedMillis() {
        return finishedMillis;
    }

    public String error() {
        return error;
    }

    public String errorTask() {
        return errorTask;
    }

    public String errorStackTrace() {
        return errorStackTrace;
    }
}
