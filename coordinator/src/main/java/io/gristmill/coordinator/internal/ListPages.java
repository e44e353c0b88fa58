package io.gristmill.coordinator.internal;

import io.gristmill.cluster.TaskType;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.JobStatus.TaskStatus;
import io.gristmill.coordinator.Page;
import io.gristmill.coordinator.TaskSelection;
import io.gristmill.coordinator.TaskState;
import io.gristmill.coordinator.WorkerStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Pages of the job, worker and task lists, for the REST API and the console's event stream, which ask twice a second:
 * only the rows of the page are turned into statuses (a job's status sums its counters and names its excluded
 * workers; a worker's lists its attempts; a task's lists its attempts with their counters), so a page of 100 costs the
 * same with 2,000 workers, 200 jobs or 200,000 tasks as with 10. Finding the page reads one field per row, and
 * nothing when the list is not filtered. Called on the coordinator context.
 */
public final class ListPages {
    private static final Comparator<JobRef> NEWEST_FIRST =
            Comparator.comparingLong(JobRef::submittedAt).thenComparing(JobRef::id).reversed();

    private final JobTracker tracker;

    public ListPages(JobTracker tracker) {
        this.tracker = tracker;
    }

    /** A job of this run ({@code live}) or of an earlier one ({@code historic}), as much as ordering needs. */
    private record JobRef(String id, long submittedAt, JobState state, JobExecution live, JobStatus historic) {
    }

    /** Jobs newest first, only those in {@code state} unless it is null, from {@code offset}, at most {@code limit}. */
    public Page<JobStatus> jobs(JobState state, int offset, int limit) {
        List<JobRef> refs = new ArrayList<>();
        for (JobStatus status : tracker.historicStatuses()) {
            if (state == null || status.state() == state) {
                refs.add(new JobRef(status.id(), status.submittedAt(), status.state(), null, status));
            }
        }
        for (JobExecution job : tracker.jobMap().values()) {
            if (state == null || job.state() == state) {
                refs.add(new JobRef(job.id(), job.submittedMillis(), job.state(), job, null));
            }
        }
        refs.sort(NEWEST_FIRST);
        List<JobStatus> page = new ArrayList<>();
        for (int i = offset; i < refs.size() && i - offset < limit; i++) {
            JobRef ref = refs.get(i);
            page.add(ref.live() == null ? ref.historic() : Views.job(ref.live(), tracker.exclusions(ref.live())));
        }
        return new Page<>(page, refs.size());
    }

    /** Workers in the order they registered, only live (or only dead) ones unless {@code alive} is null. */
    public Page<WorkerStatus> workers(Boolean alive, int offset, int limit) {
        return page(tracker.workerMap().values(), alive == null ? null : worker -> worker.alive() == alive, offset,
                limit, worker -> Views.worker(worker, tracker.exclusion(worker.id())));
    }

    /**
     * The tasks of {@code job}, maps then reduces, each kind in index order; only those of {@code type} and in
     * {@code state} unless null.
     */
    public static Page<TaskStatus> tasks(JobExecution job, TaskType type, TaskState state, int offset, int limit) {
        TaskSelection selection = taskSelection(job, type, state, offset, limit);
        return new Page<>(tasksAt(job, type, selection.positions(), 0, selection.positions().length),
                selection.total());
    }

    /**
     * Where the tasks of that page are in {@code job.tasks(type)}, without turning any into its status: a caller
     * answering thousands of tasks turns them into statuses a slice at a time ({@link #tasksAt}).
     */
    public static TaskSelection taskSelection(JobExecution job, TaskType type, TaskState state, int offset,
                                              int limit) {
        List<TaskRecord> tasks = job.tasks(type);
        if (state == null) {
            int from = Math.min(offset, tasks.size());
            int to = (int) Math.min((long) from + limit, tasks.size());
            return new TaskSelection(IntStream.range(from, to).toArray(), tasks.size());
        }
        IntStream.Builder positions = IntStream.builder();
        int total = 0;
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).state() == state) {
                if (total >= offset && total - offset < limit) {
                    positions.add(i);
                }
                total++;
            }
        }
        return new TaskSelection(positions.build().toArray(), total);
    }

    /** The statuses of the tasks at {@code positions[from..to)} of {@code job.tasks(type)}. */
    public static List<TaskStatus> tasksAt(JobExecution job, TaskType type, int[] positions, int from, int to) {
        List<TaskRecord> tasks = job.tasks(type);
        List<TaskStatus> statuses = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            statuses.add(Views.task(tasks.get(positions[i])));
        }
        return statuses;
    }

    /**
     * The rows {@code keep} accepts (all if it is null), from the {@code offset}th, at most {@code limit}, each turned
     * into its status by {@code view}; the page's total is how many rows were accepted. Unfiltered, a list's page is
     * cut out of it without looking at the other rows.
     */
    private static <R, T> Page<T> page(Iterable<R> rows, Predicate<R> keep, int offset, int limit,
                                       Function<R, T> view) {
        if (keep == null && rows instanceof List<R> list) {
            int from = Math.min(offset, list.size());
            int to = (int) Math.min((long) from + limit, list.size());
            return new Page<>(list.subList(from, to).stream().map(view).toList(), list.size());
        }
        List<T> page = new ArrayList<>();
        int total = 0;
        for (R row : rows) {
            if (keep == null || keep.test(row)) {
                if (total >= offset && total - offset < limit) {
                    page.add(view.apply(row));
                }
                total++;
            }
        }
        return new Page<>(page, total);
    }
}
