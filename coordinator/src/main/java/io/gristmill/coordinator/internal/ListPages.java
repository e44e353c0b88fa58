package io.gristmill.coordinator.internal;

import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.Page;
import io.gristmill.coordinator.WorkerStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pages of the job and worker lists, for the REST API and the console's event stream, which ask twice a second: only
 * the rows of the page are turned into statuses (a job's status sums its counters and names its excluded workers;
 * a worker's lists its attempts), so a page of 100 costs the same with 2,000 workers or 200 jobs as with 10. Finding
 * the page reads one field per job or worker. Called on the coordinator context.
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
        List<WorkerStatus> page = new ArrayList<>();
        int total = 0;
        for (WorkerRecord worker : tracker.workerMap().values()) {
            if (alive != null && worker.alive() != alive) {
                continue;
            }
            if (total >= offset && total - offset < limit) {
                page.add(Views.worker(worker, tracker.exclusion(worker.id())));
            }
            total++;
        }
        return new Page<>(page, total);
    }
}
