package io.gristmill.simulator;

import java.nio.file.Path;
import java.util.Map;

/**
 * The simulated machines of one run, wherever they live: in the harness's JVM ({@link SimCluster}) or spread over
 * child JVMs ({@link HostJvms}, {@code --host-jvms}). What the harness does to them and reads from them.
 */
interface SimulatedHosts extends AutoCloseable {
    /**
     * {@code workers} simulated workers on {@code options.hosts()} hosts (at most one per worker) that join the
     * cluster {@code clusterName} at {@code join}: in this JVM, counting their traffic in {@code bus}, or over
     * {@code options.hostJvms()} child JVMs logging to {@code logDir}.
     */
    static SimulatedHosts start(SimOptions options, String clusterName, String join, int workers, BusCounters bus,
                                Path logDir) throws Exception {
        int hosts = Math.max(1, Math.min(options.hosts(), workers));
        if (options.hostJvms() <= 1) {
            return SimCluster.start(clusterName, join, hosts, workers, options.slots(), options.mapTimes(),
                    options.reduceTimes(), bus, options.seed());
        }
        return HostJvms.start(options, clusterName, join, options.hostJvms(), hosts, workers, logDir);
    }

    /** Crashes {@code count} hosts (their members vanish without a goodbye); returns how many workers they had. */
    int crashHosts(int count);

    /** Silences {@code count} workers spread over the hosts (no heartbeat, reply or leave); returns how many. */
    int silenceWorkers(int count);

    /** The event-bus traffic between the simulated workers and the coordinator since the last reset, by kind. */
    Map<String, BusCounters.Tally> traffic();

    void resetTraffic();

    /** CPU seconds used so far by the processes that run the simulation (the harness's JVM included). */
    double cpuSeconds();

    @Override
    void close();
}
