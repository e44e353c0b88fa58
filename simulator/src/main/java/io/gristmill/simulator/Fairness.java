package io.gristmill.simulator;

import io.gristmill.client.JobStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How fairly jobs shared the slots, from listings taken while they ran. At each listing, the jobs that wanted more
 * than they had (running, with pending tasks) are the contenders; when there are at least two, Jain's index of their
 * running task counts, (Σx)² / (n·Σx²), is 1 when they hold equal shares and 1/n when one holds everything. Kept: the
 * mean and the lowest index over those listings, and at the listing with the most contenders their counts.
 */
final class Fairness {
    private double sum;
    private double lowest = 1;
    private int samples;
    private int widest;
    private List<Integer> widestCounts = List.of();
    private int peakRunningJobs;

    void sample(Collection<JobStatus> jobs, int slotsPerWorker) {
        List<Integer> running = new ArrayList<>();
        int runningJobs = 0;
        for (JobStatus job : jobs) {
            if (job.state().isTerminal() || job.maps() == null) {
                continue;
            }
            int tasks = job.maps().running() + job.reduces().running();
            if (tasks > 0) {
                runningJobs++;
            }
            if (tasks > 0 && job.maps().pending() + job.reduces().pending() > 0) {
                running.add(tasks);
            }
        }
        peakRunningJobs = Math.max(peakRunningJobs, runningJobs);
        if (running.size() < 2) {
            return;
        }
        double total = 0;
        double squares = 0;
        for (int x : running) {
            total += x;
            squares += (double) x * x;
        }
        double index = total * total / (running.size() * squares);
        sum += index;
        lowest = Math.min(lowest, index);
        samples++;
        if (running.size() > widest) {
            widest = running.size();
            widestCounts = running.stream().sorted().toList();
        }
    }

    /** e.g. "Jain 0.97 mean, 0.80 lowest over 12 listings; 30 contenders: 3/4/5 running (min/median/max)". */
    String summary() {
        if (samples == 0) {
            return "no listing saw two jobs short of slots at once (peak " + peakRunningJobs + " jobs running)";
        }
        return String.format("Jain %.2f mean, %.2f lowest over %d listings; at most %d jobs short of slots at once, "
                        + "running %d/%d/%d tasks (min/median/max); peak %d jobs running", sum / samples, lowest, samples,
                widest, widestCounts.get(0), widestCounts.get(widestCounts.size() / 2),
                widestCounts.get(widestCounts.size() - 1), peakRunningJobs);
    }
}
