package io.gristmill.coordinator.internal;

import io.gristmill.cluster.TaskType;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.TaskState;
import io.gristmill.coordinator.JobStatus.AttemptStatus;
import io.gristmill.coordinator.JobStatus.TaskCounts;
import io.gristmill.coordinator.JobStatus.TaskStatus;
import io.gristmill.coordinator.WorkerStatus;

import java.util.List;
import java.util.Map;

/** Snapshots of coordinator records for the API. Called on the coordinator context. */
public final class Views {
    private Views() {
    }

    /** @param excludedWorkers live workers excluded from the job, with the reason */
    public static JobStatus job(JobExecution job, Map<String, String> excludedWorkers) {
        return new JobStatus(job.id(), job.name(), job.state(), job.output().toString(), job.params(),
                job.submittedMillis(), job.startedMillis(), job.finishedMillis(), counts(job, TaskType.MAP),
                counts(job, TaskType.REDUCE), job.counters(), job.error(), job.errorTask(), job.errorStackTrace(),
                job.skippedRecords(), excludedWorkers, job.sideFiles().stream().map(ShippedFile::name).toList(),
                job.pipeline());
    }

    public static List<TaskStatus> tasks(JobExecution job) {
        return job.allTasks().stream().map(Views::task).toList();
    }

    /** @param exclusion why the worker gets no task at all now, or null */
    public static WorkerStatus worker(WorkerRecord w, String exclusion) {
        return new WorkerStatus(w.id(), w.shuffleHost() + ":" + w.shufflePort(), w.slots(), w.busySlots(),
                w.running().stream().map(a -> a.task().job().id() + "/" + a.attemptId()).toList(),
                w.lastHeartbeatMillis(), w.alive(), w.diedMillis(), w.deathReason(), w.stuckAttempts(),
                w.leftoverSlots(), exclusion);
    }

    static TaskStatus task(TaskRecord task) {
        String split = task.split() == null ? null
                : task.split().path() + ":" + task.split().start() + "+" + task.split().length();
        return new TaskStatus(task.taskId(), task.type().name(), task.state(), split,
                task.attempts().stream().map(Views::attempt).toList());
    }

    private static AttemptStatus attempt(AttemptRecord a) {
        return new AttemptStatus(a.attemptId(), a.workerId(), a.state(), a.startMillis(), a.endMillis(),
                a.progress(), a.counters(), a.error(), a.stackTrace(), a.isBackup(), a.isRecovered());
    }

    /** The counts and progress of one kind of task, from what the job keeps: nothing here goes over its tasks. */
    private static TaskCounts counts(JobExecution job, TaskType type) {
        return new TaskCounts(job.tasksIn(type, TaskState.PENDING) + job.tasksIn(type, TaskState.RUNNING)
                + job.tasksIn(type, TaskState.SUCCEEDED) + job.tasksIn(type, TaskState.FAILED)
                + job.tasksIn(type, TaskState.KILLED), job.tasksIn(type, TaskState.PENDING),
                job.tasksIn(type, TaskState.RUNNING), job.tasksIn(type, TaskState.SUCCEEDED),
                job.tasksIn(type, TaskState.FAILED), job.tasksIn(type, TaskState.KILLED), job.progress(type));
    }
}
