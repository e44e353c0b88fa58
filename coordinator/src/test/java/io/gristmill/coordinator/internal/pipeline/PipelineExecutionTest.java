package io.gristmill.coordinator.internal.pipeline;

import io.gristmill.api.CounterCondition;
import io.gristmill.api.Pipeline;
import io.gristmill.api.Step;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.PipelineStatus;
import io.gristmill.coordinator.internal.recovery.JobJournal;
import io.gristmill.coordinator.internal.recovery.PipelineJournalEntries;
import io.gristmill.coordinator.internal.recovery.RecoveredPipeline;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline state machine against a fake engine: jobs are "run" by the test, file work runs at once. */
class PipelineExecutionTest {
    @TempDir
    Path dir;

    private final FakeEngine engine = new FakeEngine("job-");

    @Test
    void whenEveryStepSucceeds_thenStepsRunInOrder_readingEarlierOutputs_andTheLastOutputBecomesThePipelines() throws Exception {
        PipelineExecution pipeline = start(Pipeline.builder()
                .step(Step.builder("count", "a.Count").fromPipelineInput())
                .step(Step.builder("top", "a.Top").fromStep("count").reducers(1).param("k", "3"))
                .build());

        JobSpec count = engine.submitted.get(0);
        assertEquals(List.of(dir.resolve("in").toString()), count.input());
        assertEquals(dir.resolve("out/_steps/count").toString(), count.output());
        succeed(pipeline, 0, Map.of());
        JobSpec top = engine.submitted.get(1);
        assertEquals("a.Top", top.jobClass());
        assertEquals(List.of(dir.resolve("out/_steps/count").toString()), top.input());
        assertEquals(1, top.reducers());
        assertEquals("3", top.params().get("k"));
        assertEquals("1", top.params().get(Step.ROUND_PARAM));
        succeed(pipeline, 1, Map.of("g", Map.of("c", 7L)));

        assertEquals(JobState.SUCCEEDED, pipeline.state());
        Path out = dir.resolve("out");
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertTrue(Files.exists(out.resolve("part-r-00000")));
        assertFalse(Files.exists(out.resolve("_steps")), "intermediate outputs removed");
        assertEquals(7L, pipeline.view(engine::jobState).counters().get("g").get("c"));
    }

    @Test
    void anIteratedStepRunsUntilItsConditionHolds_eachRoundReadingThePreviousOne() throws Exception {
        PipelineExecution pipeline = start(Pipeline.builder()
                .step(Step.builder("rank", "a.Rank").fromPipelineInput()
                        .iterate(10, CounterCondition.atMost("pr", "changed", 0)))
                .build());

        succeed(pipeline, 0, Map.of("pr", Map.of("changed", 5L)));
        succeed(pipeline, 1, Map.of("pr", Map.of("changed", 1L)));
        assertEquals(List.of(dir.resolve("out/_steps/rank/round-2").toString()), engine.submitted.get(2).input());
        assertEquals("3", engine.submitted.get(2).params().get(Step.ROUND_PARAM));
        assertFalse(Files.exists(dir.resolve("out/_steps/rank/round-1")), "a round read by no one is removed");
        succeed(pipeline, 2, Map.of());

        assertEquals(3, engine.submitted.size());
        assertEquals(JobState.SUCCEEDED, pipeline.state());
        PipelineStatus.StepStatus step = pipeline.view(engine::jobState).steps().get(0);
        assertEquals(3, step.jobs().size());
        assertTrue(step.stopReason().contains("held after round 3"), step.stopReason());
    }

    @Test
    void anIteratedStepStopsAfterMaxRounds() throws Exception {
        PipelineExecution pipeline = start(Pipeline.builder()
                .step(Step.builder("rank", "a.Rank").fromPipelineInput()
                        .iterate(2, CounterCondition.atMost("pr", "changed", 0)))
                .build());
        succeed(pipeline, 0, Map.of("pr", Map.of("changed", 5L)));
        succeed(pipeline, 1, Map.of("pr", Map.of("changed", 5L)));

        assertEquals(JobState.SUCCEEDED, pipeline.state());
        assertEquals(2, engine.submitted.size());
    }

    @Test
    void whenAStepFails_thePipelineFailsWithItsError_andRemovesItsOutput() throws Exception {
        PipelineExecution pipeline = start(twoSteps());
        succeed(pipeline, 0, Map.of());
        engine.end(pipeline, 1, JobState.FAILED, "task r-00000 failed: boom", Map.of());

        assertEquals(JobState.FAILED, pipeline.state());
        PipelineStatus status = pipeline.view(engine::jobState);
        assertEquals("step top failed: task r-00000 failed: boom", status.error());
        assertEquals("top", status.errorStep());
        assertEquals(engine.ids.get(1), status.errorJob());
        assertEquals("trace of " + engine.ids.get(1), status.errorStackTrace());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void killingThePipelineKillsItsRunningStepsJob_andEndsOnceThatJobEnded() throws Exception {
        PipelineExecution pipeline = start(twoSteps());
        pipeline.kill();

        assertEquals(JobState.KILLING, pipeline.state());
        assertEquals(List.of(engine.ids.get(0)), engine.killed);
        engine.end(pipeline, 0, JobState.KILLED, "killed by user", Map.of());
        assertEquals(JobState.KILLED, pipeline.state());
        assertEquals(1, engine.submitted.size(), "no later step starts");
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void aStepWhoseInputHasNoSuccessMarker_doesNotStart() throws Exception {
        PipelineExecution pipeline = start(twoSteps());
        engine.jobStates.put(engine.ids.get(0), JobState.SUCCEEDED);
        // the first step "succeeded" without writing _SUCCESS
        pipeline.jobEnded(status(engine.ids.get(0), JobState.SUCCEEDED, null, Map.of()));

        assertEquals(JobState.FAILED, pipeline.state());
        assertTrue(pipeline.view(engine::jobState).error().contains("has no _SUCCESS"),
                pipeline.view(engine::jobState).error());
        assertEquals(1, engine.submitted.size());
    }

    @Test
    void aDefinitionThatFailed_failsThePipelineBeforeAnyStep() throws Exception {
        PipelineExecution pipeline = new PipelineExecution("pipeline-1", "p", spec(), engine);
        pipeline.definitionFailed("define threw java.lang.IllegalArgumentException: bad k", "trace");

        assertEquals(JobState.FAILED, pipeline.state());
        assertEquals("pipeline definition failed: define threw java.lang.IllegalArgumentException: bad k",
                pipeline.view(engine::jobState).error());
        assertNull(pipeline.runningJob());
    }

    // ---------------------------------------------------------------- resumed by a later coordinator term

    @Test
    void aResumedPipeline_followsItsRunningRoundsJob_andRunsNoFinishedStepOrRoundAgain() throws Exception {
        PipelineExecution before = start(countThenRank());
        succeed(before, 0, Map.of());
        succeed(before, 1, Map.of("pr", Map.of("changed", 5L)));
        String round2 = engine.ids.get(2); // runs when the coordinator dies

        FakeEngine next = nextTerm();
        PipelineExecution after = PipelineExecution.resume(journaled(), next);

        assertEquals(JobState.RUNNING, after.state());
        assertEquals(round2, after.runningJob());
        assertTrue(next.submitted.isEmpty(), "nothing runs again: " + next.submitted);
        writeOutput(Path.of(engine.submitted.get(2).output()), 2);
        next.end(after, round2, JobState.SUCCEEDED, null, Map.of("pr", Map.of("changed", 0L)));
        assertEquals(JobState.SUCCEEDED, after.state());
        PipelineStatus status = after.view(next::jobState);
        assertEquals(List.of(engine.ids.get(0)), status.steps().get(0).jobs().stream().map(PipelineStatus.StepJob::jobId).toList());
        assertEquals(List.of(engine.ids.get(1), round2),
                status.steps().get(1).jobs().stream().map(PipelineStatus.StepJob::jobId).toList());
        assertTrue(status.steps().get(1).stopReason().contains("held after round 2"), status.steps().get(1).stopReason());
        assertEquals(0L, status.counters().get("pr").get("changed"));
        assertEquals("line 2\n", Files.readString(dir.resolve("out/part-r-00000")));
    }

    @Test
    void aRoundWhoseJobEndedWhileNoCoordinatorRan_isDecidedOnResume_andTheNextRoundReadsIt() throws Exception {
        PipelineExecution before = start(countThenRank());
        succeed(before, 0, Map.of());
        String round1 = engine.ids.get(1);
        writeOutput(Path.of(engine.submitted.get(1).output()), 1);
        engine.jobStates.put(round1, JobState.SUCCEEDED); // its end was never reported to the pipeline
        engine.endedJobs.put(round1, status(round1, JobState.SUCCEEDED, null, Map.of("pr", Map.of("changed", 5L))));

        FakeEngine next = nextTerm();
        PipelineExecution after = PipelineExecution.resume(journaled(), next);

        assertEquals(1, next.submitted.size(), "round 2 only");
        assertEquals(List.of(dir.resolve("out/_steps/rank/round-1").toString()), next.submitted.get(0).input());
        assertEquals("2", next.submitted.get(0).params().get(Step.ROUND_PARAM));
        assertEquals(next.ids.get(0), after.runningJob());
    }

    @Test
    void aRoundsJobAcceptedBeforeThePipelineJournaledIt_isFoundByItsLink_notSubmittedAgain() throws Exception {
        PipelineExecution before = start(twoSteps());
        succeed(before, 0, Map.of());
        engine.journal.removeIf(e -> "step-job".equals(e.getString("e")) && "top".equals(e.getString("step")));

        FakeEngine next = nextTerm();
        PipelineExecution after = PipelineExecution.resume(journaled(), next);

        assertTrue(next.submitted.isEmpty(), "found, not submitted: " + next.submitted);
        assertEquals(engine.ids.get(1), after.runningJob());
    }

    @Test
    void aRoundWithoutAJob_isSubmitted_afterItsOutputFolderNoJobOwnsIsRemoved() throws Exception {
        PipelineExecution before = start(twoSteps());
        succeed(before, 0, Map.of());
        engine.journal.removeIf(e -> "step-job".equals(e.getString("e")) && "top".equals(e.getString("step")));
        engine.links.remove(new JobStatus.PipelineLink("pipeline-1", "top", 1)); // its acceptance never reached disk
        Path reserved = Files.createDirectories(dir.resolve("out/_steps/top"));

        FakeEngine next = nextTerm();
        PipelineExecution after = PipelineExecution.resume(journaled(), next);

        assertEquals(1, next.submitted.size());
        assertEquals(reserved.toString(), next.submitted.get(0).output());
        assertFalse(Files.exists(reserved), "the new job reserves it again");
        assertEquals(next.ids.get(0), after.runningJob());
    }

    @Test
    void killingAResumedPipeline_killsItsRunningStepsJob() throws Exception {
        PipelineExecution before = start(twoSteps());
        succeed(before, 0, Map.of());
        FakeEngine next = nextTerm();
        PipelineExecution after = PipelineExecution.resume(journaled(), next);

        after.kill();

        assertEquals(List.of(engine.ids.get(1)), next.killed);
        next.end(after, engine.ids.get(1), JobState.KILLED, "killed by user", Map.of());
        assertEquals(JobState.KILLED, after.state());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void aPipelineWhoseCommitWasInterrupted_commitsAgain() throws Exception {
        PipelineExecution before = start(twoSteps());
        succeed(before, 0, Map.of());
        succeed(before, 1, Map.of());
        assertEquals(JobState.SUCCEEDED, before.state());
        Files.delete(dir.resolve("out/_SUCCESS")); // the files had moved; the coordinator died before the marker
        engine.journal.removeIf(e -> "ended".equals(e.getString("e")));

        PipelineExecution after = PipelineExecution.resume(journaled(), nextTerm());

        assertEquals(JobState.SUCCEEDED, after.state());
        assertTrue(Files.exists(dir.resolve("out/_SUCCESS")));
        assertEquals("line 1\n", Files.readString(dir.resolve("out/part-r-00000")));
    }

    @Test
    void aCoordinatorWhoseTermIsOver_actsOnNoDecision_andLeavesThePipelinesFilesToTheNewTerm() throws Exception {
        PipelineExecution pipeline = start(twoSteps());
        engine.journalRefusal = new JobJournal.SupersededException();

        succeed(pipeline, 0, Map.of());
        pipeline.kill();

        assertEquals(1, engine.submitted.size(), "the next step is the new term's to start");
        assertEquals(List.of(), engine.killed);
        assertTrue(Files.exists(dir.resolve("out/_steps/count/_SUCCESS")), "nothing removed");
    }

    /** What a coordinator of the next term reads back: the tracker's acceptance, then what the pipeline journaled. */
    private RecoveredPipeline journaled() throws Exception {
        List<JsonObject> entries = new ArrayList<>();
        entries.add(new JsonObject(PipelineJournalEntries.accepted("pipeline-1", "p", spec(), "a.Pipeline", 1).encode()));
        entries.addAll(engine.journal);
        return RecoveredPipeline.replay(entries);
    }

    /** The next term's engine: its jobs are the earlier term's, as the job journal resumed them. */
    private FakeEngine nextTerm() {
        FakeEngine next = new FakeEngine("job-t2-");
        next.jobStates.putAll(engine.jobStates);
        next.endedJobs.putAll(engine.endedJobs);
        next.links.putAll(engine.links);
        return next;
    }

    private static Pipeline countThenRank() {
        return Pipeline.builder()
                .step(Step.builder("count", "a.Count").fromPipelineInput())
                .step(Step.builder("rank", "a.Rank").fromStep("count")
                        .iterate(10, CounterCondition.atMost("pr", "changed", 0)))
                .build();
    }

    private Pipeline twoSteps() {
        return Pipeline.builder()
                .step(Step.builder("count", "a.Count").fromPipelineInput())
                .step(Step.builder("top", "a.Top").fromStep("count"))
                .build();
    }

    private PipelineExecution start(Pipeline definition) throws Exception {
        Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(dir.resolve("in"));
        PipelineExecution pipeline = new PipelineExecution("pipeline-1", "p", spec(), engine);
        pipeline.defined(definition);
        return pipeline;
    }

    private JobSpec spec() throws Exception {
        return JobSpec.builder(dir.resolve("job.jar")).input(List.of(dir.resolve("in").toString()))
                .output(dir.resolve("out").toString()).build();
    }

    /** The job's "worker" writes its output as a committed job would, then the job ends SUCCEEDED. */
    private void succeed(PipelineExecution pipeline, int index, Map<String, Map<String, Long>> counters) throws Exception {
        writeOutput(Path.of(engine.submitted.get(index).output()), index);
        engine.end(pipeline, index, JobState.SUCCEEDED, null, counters);
    }

    private static void writeOutput(Path output, int index) throws Exception {
        Files.createDirectories(output);
        Files.writeString(output.resolve("part-r-00000"), "line " + index + "\n");
        Files.createFile(output.resolve("_SUCCESS"));
    }

    private static JobStatus status(String id, JobState state, String error, Map<String, Map<String, Long>> counters) {
        return new JobStatus(id, "job", state, "out", Map.of(), 0, 0, 0, null, null, counters, error, null,
                error == null ? null : "trace of " + id, List.of(), Map.of());
    }

    private static final class FakeEngine implements PipelineExecution.Engine {
        final List<JobSpec> submitted = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        final List<String> killed = new ArrayList<>();
        final Map<String, JobState> jobStates = new HashMap<>();
        final Map<String, JobStatus> endedJobs = new HashMap<>();
        final Map<JobStatus.PipelineLink, String> links = new HashMap<>();
        final List<JsonObject> journal = new ArrayList<>();
        RuntimeException journalRefusal; // non-null: the journal refuses every entry with it
        private final String jobPrefix;

        FakeEngine(String jobPrefix) {
            this.jobPrefix = jobPrefix;
        }

        void end(PipelineExecution pipeline, int index, JobState state, String error,
                 Map<String, Map<String, Long>> counters) {
            end(pipeline, ids.get(index), state, error, counters);
        }

        void end(PipelineExecution pipeline, String jobId, JobState state, String error,
                 Map<String, Map<String, Long>> counters) {
            jobStates.put(jobId, state);
            endedJobs.put(jobId, status(jobId, state, error, counters));
            pipeline.jobEnded(endedJobs.get(jobId));
        }

        @Override
        public Future<String> submitJob(JobSpec spec, JobStatus.PipelineLink step) {
            submitted.add(spec);
            String id = jobPrefix + submitted.size();
            ids.add(id);
            links.put(step, id);
            jobStates.put(id, JobState.RUNNING);
            Promise<String> promise = Promise.promise();
            promise.complete(id);
            return promise.future();
        }

        @Override
        public String jobRunning(JobStatus.PipelineLink step) {
            return links.get(step);
        }

        @Override
        public JobStatus endedJob(String jobId) {
            return endedJobs.get(jobId);
        }

        @Override
        public Future<Void> journal(String pipelineId, JsonObject entry) {
            if (journalRefusal != null) {
                return Future.failedFuture(journalRefusal);
            }
            journal.add(new JsonObject(entry.encode())); // as a later term reads it back
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> killJob(String jobId) {
            killed.add(jobId);
            return Future.succeededFuture();
        }

        @Override
        public JobState jobState(String jobId) {
            return jobStates.get(jobId);
        }

        @Override
        public <T> Future<T> blocking(Callable<T> work) {
            try {
                return Future.succeededFuture(work.call());
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
        }

        @Override
        public void cancelDefinition(String pipelineId) {
        }

        @Override
        public void changed(PipelineExecution pipeline) {
        }

        @Override
        public long now() {
            return 1;
        }
    }
}
