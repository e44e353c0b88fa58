package io.gristmill.simulator;

import java.util.Map;

/**
 * The figures of one simulated job.
 *
 * @param jobSeconds        submit (the REST POST) to the job's end, as the coordinator dates them
 * @param runSeconds        the job's start (planning done) to its end: the scheduling part
 * @param mapsSeconds       the job's start to the moment every map had succeeded (seen by polling every 100 ms), -1
 *                          if never seen
 * @param coordinatorCpu    the coordinator process's CPU seconds from just before the submit to the end (its
 *                          planning child process not included)
 * @param simulatorCpu      CPU seconds of the simulator's JVM (every simulated host) over the same time
 * @param heapMidJobMiB     heap used after a full GC once every map had succeeded (-1 if not taken); with a first
 *                          job, read in that one, so that the measured job runs without the pause
 * @param heapEndMiB        heap used after a full GC once the job had ended
 * @param peakAfterGcMiB    the highest occupancy after any GC pause during the run, from the GC log
 * @param bus               event-bus traffic between the simulated workers and the coordinator during the job
 * @param firstJobTasksPerSecond the rate of a job of the same size run first on the same coordinator and workers
 *                          (on code not yet compiled; the figures above are the second job's, and the peak after GC
 *                          covers both), -1 if none ran
 */
record RunResult(int maps, int reduces, int workers, int hosts, String state, double jobSeconds, double runSeconds,
                 double mapsSeconds, double coordinatorCpu, double simulatorCpu, double heapMidJobMiB, double heapEndMiB,
                 double peakAfterGcMiB,
                 Map<String, BusCounters.Tally> bus, String failures, String error, double firstJobTasksPerSecond) {

    double tasksPerSecond() {
        return runSeconds > 0 ? (maps + reduces) / runSeconds : 0;
    }

    boolean warm() {
        return firstJobTasksPerSecond >= 0;
    }
}
