package io.gristmill.coordinator.internal;

import io.gristmill.cluster.Messages.HeldMapOutput;
import io.gristmill.cluster.Messages.JobEnded;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.WorkerAction;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.TaskState;
import io.gristmill.coordinator.internal.recovery.RecoveredJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resumes the jobs an earlier coordinator term left unfinished, from what its journal says ({@link RecoveredJob}):
 * a job still planning is planned again; a planned job gets its tasks back with their numbers, and every task whose
 * granted attempt's output is committed ({@code _temporary/committed/<task>}) succeeds at once with the counters
 * the journal kept; maps whose output a live worker still holds succeed when that worker registers again
 * ({@link #adoptHeldOutputs}); everything else runs again. A job that was being committed is committed again (the
 * job commit is idempotent); one that was being failed or killed finishes that. Part of the {@link JobTracker}'s
 * state, on the coordinator context.
 */
final class JobResumption {
    private static final Logger log = LoggerFactory.getLogger(JobResumption.class);
    private final JobTracker tracker;
    private final long term;
    /**
     * How long the maps of a resumed job wait at most for workers to register again with the outputs they hold (see
     * {@link io.gristmill.coordinator.CoordinatorConfig#heldOutputGrace}). The wait ends as soon as every worker member
     * of the cluster is back, so a takeover with all workers alive waits far less.
     */
    private final long heldOutputGraceMillis;
    // resumed jobs whose maps still wait for held outputs; the wait ends early once every worker is back
    private final List<JobExecution> waitingForHeldOutputs = new ArrayList<>();
    // resumed jobs whose every committing task was committed: their job commit waits for the held map outputs
    private final List<JobExecution> committingAfterHeldOutputs = new ArrayList<>();
    private java.util.function.Supplier<java.util.Set<String>> workerMembers;
    private final io.gristmill.coordinator.internal.time.Timer timer;

    JobResumption(JobTracker tracker, long term, java.time.Duration heldOutputGrace,
                  io.gristmill.coordinator.internal.time.Timer timer) {
        this.tracker = tracker;
        this.term = term;
        this.heldOutputGraceMillis = heldOutputGrace.toMillis();
        this.timer = timer;
    }

    void resume(RecoveredJob recovered) {
        JobExecution job = new JobExecution(recovered.id(), recovered.spec(), recovered.accepted().name(),
                recovered.accepted().jarHash(), recovered.accepted().sideFiles(), recovered.secret(),
                recovered.submittedMillis(), recovered.pipeline());
        job.resumedInTerm(term);
        tracker.adopt(job);
        if (recovered.ending() != null) {
            RecoveredJob.Ending ending = recovered.ending();
            log.info("{}: finishing what the previous coordinator began: {} ({})", job.id(), ending.state(), ending.error());
            tracker.endJob(job, ending.state(), ending.error(), ending.taskId(), ending.trace());
            return;
        }
        if (recovered.plan() == null) {
            log.info("{}: was planning when the previous coordinator stopped; planning it again", job.id());
            tracker.plan(job, recovered.accepted());
            return;
        }
        job.planned(recovered.plan().params(), job.newTasks(recovered.plan().splits(), recovered.plan().reducers()));
        job.moveTo(JobState.RUNNING, tracker.now());
        List<TaskRecord> committing = job.isMapOnly() ? job.maps() : job.reduces();
        Map<String, RecoveredJob.Grant> grants = recovered.grants();
        // nothing runs before we know which tasks are done: a committed task launched again would be redone
        job.allTasks().forEach(t -> t.notBefore(Long.MAX_VALUE));
        // which granted tasks reached committed/<task> (or, for a job commit already begun, all of them) is a
        // question for the file system: asked off the context
        tracker.vertx().executeBlocking(() -> {
            var output = job.jobOutput();
            List<TaskRecord> done = new ArrayList<>();
            for (TaskRecord task : committing) {
                if (grants.containsKey(task.taskId()) && (recovered.committing()
                        || output.isCommitted(task.taskId()))) {
                    done.add(task);
                }
            }
            return done;
        }, false).onComplete(checked -> {
            if (job.state() != JobState.RUNNING) {
                return;
            }
            if (checked.failed()) {
                tracker.endJob(job, JobState.FAILED, "cannot resume: " + checked.cause(), null, null);
                return;
            }
            for (TaskRecord task : checked.result()) {
                RecoveredJob.Grant grant = grants.get(task.taskId());
                task.recoverSuccess(grant.attemptId(), "(earlier coordinator)", tracker.now(), grant.counters(), null);
            }
            for (TaskRecord task : committing) {
                if (task.state() != TaskState.SUCCEEDED && grants.containsKey(task.taskId())) {
                    task.grantedByEarlierTerm(grants.get(task.taskId())); // its rename may still come
                }
            }
            log.info("{}: resumed under term {}: {} of {} committing tasks were committed already", job.id(), term,
                    checked.result().size(), committing.size());
            if (allSucceeded(committing) && !job.isMapOnly()) { // the maps never run again: nobody needs their output
                commitOnceHeldOutputsAreBack(job);
                return;
            }
            job.allTasks().forEach(t -> t.notBefore(0));
            if (!job.isMapOnly() && job.mapOutputsNeeded()) {
                long notBefore = tracker.now() + heldOutputGraceMillis;
                job.maps().stream().filter(t -> t.state() == TaskState.PENDING).forEach(t -> t.notBefore(notBefore));
                waitingForHeldOutputs.add(job);
                endWaitIfEveryWorkerIsBack();
            }
            if (allSucceeded(committing)) {
                tracker.commitJob(job);
            }
            tracker.schedule();
        });
    }

    /**
     * Every reducer of {@code job} was committed before this term: nothing runs again, but the job's counters are
     * also its maps', which only the workers holding the map outputs know. So the job commit waits until those
     * outputs are adopted as the maps' recovered attempts: until every worker member has registered again, at most
     * the grace. A map whose worker did not come back keeps no attempt (its counters are lost with it).
     */
    private void commitOnceHeldOutputsAreBack(JobExecution job) {
        committingAfterHeldOutputs.add(job);
        if (allSucceeded(job.maps())) { // adopted while the committed outputs were being looked for
            commitAfterWaiting(job);
            return;
        }
        timer.schedule(heldOutputGraceMillis, () -> commitAfterWaiting(job));
        endWaitIfEveryWorkerIsBack();
    }

    private void commitAfterWaiting(JobExecution job) {
        if (committingAfterHeldOutputs.remove(job) && job.state() == JobState.RUNNING && !job.isEnding()) {
            tracker.commitJob(job);
        }
    }

    /**
     * A granted attempt failed, of a task whose commit an earlier term had granted too. Most likely its commit
     * rename found {@code committed/<task>} taken: the earlier term's attempt renamed its output late, after this
     * term looked. That output is complete (the rename is atomic) and was granted, so it is the task's, with the
     * counters the journal kept; the task does not run again. Anything else is an ordinary failure.
     */
    void grantedAttemptFailed(AttemptRecord attempt, io.gristmill.cluster.Messages.AttemptUpdate update) {
        TaskRecord task = attempt.task();
        JobExecution job = task.job();
        RecoveredJob.Grant earlier = task.earlierGrant();
        // in S3 the late attempt's manifest PUT found committed/<task> taken (If-None-Match), or replaced it where
        // the server ignores that condition: either way a granted, complete part is recorded there
        tracker.vertx().executeBlocking(() -> job.jobOutput().isCommitted(task.taskId()), false).onComplete(exists -> {
            boolean takenByEarlier = exists.succeeded() && exists.result();
            if (!takenByEarlier || task.granted() != attempt || job.state() != JobState.RUNNING || job.isEnding()) {
                tracker.protocol().attemptFailed(attempt, update.error(), update.stackTrace(), update.badRecord());
                return;
            }
            attempt.fail(update.error(), update.stackTrace(), tracker.now());
            task.revokeGrant();
            task.grantedByEarlierTerm(null);
            tracker.protocol().taskLostAttempt(task);
            for (AttemptRecord other : task.activeAttempts()) {
                tracker.protocol().stop(other, "the earlier term's attempt " + earlier.attemptId() + " committed");
            }
            task.recoverSuccess(earlier.attemptId(), "(earlier coordinator)", tracker.now(), earlier.counters(), null);
            log.info("{}: {} was committed by {}, granted by an earlier coordinator term, after this term looked;"
                    + " {} is not needed", job.id(), task.taskId(), earlier.attemptId(), attempt.attemptId());
            if (job.allTasksSucceeded()) {
                tracker.commitJob(job);
            }
            tracker.schedule();
        });
    }

    private static boolean allSucceeded(List<TaskRecord> tasks) {
        return tasks.stream().allMatch(t -> t.state() == TaskState.SUCCEEDED);
    }

    /**
     * A worker registered again holding map outputs of an earlier term's attempts: each one a resumed job still
     * needs, for a map that has not run again yet, counts as that map's success. Outputs of jobs that ended are
     * released (the worker is told the job ended).
     */
    void adoptHeldOutputs(WorkerRecord worker, List<HeldMapOutput> held) {
        List<String> unknownJobs = new ArrayList<>();
        for (HeldMapOutput output : held) {
            JobExecution job = tracker.job(output.jobId());
            if (job == null || job.state().isTerminal() || job.isEnding()) {
                if (!unknownJobs.contains(output.jobId())) {
                    unknownJobs.add(output.jobId());
                }
                continue;
            }
            TaskRecord task = mapTask(job, output.mapTaskId());
            boolean forCounters = committingAfterHeldOutputs.contains(job);
            if (task == null || task.state() != TaskState.PENDING || !(job.mapOutputsNeeded() || forCounters)) {
                continue;
            }
            MapOutputLocation location = new MapOutputLocation(task.taskId(), output.attemptId(), worker.id(),
                    worker.shuffleHost(), worker.shufflePort(), output.dataPath(), output.indexPath());
            task.recoverSuccess(output.attemptId(), worker.id(), tracker.now(), output.counters(), location);
            if (forCounters) {
                // its output is no reducer's input any more; the worker learns it is released when the job ends
                if (allSucceeded(job.maps())) {
                    commitAfterWaiting(job);
                }
            } else {
                tracker.protocol().announceMapOutput(task, location);
            }
        }
        if (!held.isEmpty()) {
            log.info("worker {} registered again holding {} map outputs", worker.id(), held.size());
        }
        for (String jobId : unknownJobs) {
            tracker.messenger().send(worker.id(), WorkerAction.JOB_ENDED, new JobEnded(jobId));
        }
        endWaitIfEveryWorkerIsBack();
    }

    /** The map task {@code taskId} of {@code job} (its index is in its id), or null. */
    private static TaskRecord mapTask(JobExecution job, String taskId) {
        try {
            int index = Integer.parseInt(taskId.substring(taskId.indexOf('-') + 1));
            TaskRecord task = index >= 0 && index < job.maps().size() ? job.maps().get(index) : null;
            return task != null && task.taskId().equals(taskId) ? task : null;
        } catch (NumberFormatException e) {
            return null; // not a map task id this coordinator makes
        }
    }

    /**
     * Says which cluster members are workers (members that are not coordinators), so that the wait for held map
     * outputs can end as soon as each of them has registered again, instead of after the full grace.
     */
    void workerMembers(java.util.function.Supplier<java.util.Set<String>> members) {
        this.workerMembers = members;
    }

    /** Ends the wait for held outputs once every worker member of the cluster has registered with this term. */
    private void endWaitIfEveryWorkerIsBack() {
        if ((waitingForHeldOutputs.isEmpty() && committingAfterHeldOutputs.isEmpty()) || workerMembers == null) {
            return;
        }
        // asking Hazelcast may block: off the context, then back to it
        tracker.vertx().executeBlocking(workerMembers::get, false).onSuccess(members -> {
            java.util.Set<String> registered = new java.util.HashSet<>();
            tracker.workers().stream().filter(WorkerRecord::alive).forEach(w -> registered.add(w.nodeId()));
            if (members.isEmpty() || !registered.containsAll(members)) {
                return;
            }
            new ArrayList<>(committingAfterHeldOutputs).forEach(this::commitAfterWaiting);
            if (waitingForHeldOutputs.isEmpty()) {
                return;
            }
            long now = tracker.now();
            for (JobExecution job : waitingForHeldOutputs) {
                job.maps().stream().filter(t -> t.state() == TaskState.PENDING && t.notBeforeMillis() > now)
                        .forEach(t -> t.notBefore(now));
            }
            log.info("every worker registered again: the maps of {} resumed job(s) stop waiting for held outputs",
                    waitingForHeldOutputs.size());
            waitingForHeldOutputs.clear();
            tracker.schedule();
        });
    }
}
