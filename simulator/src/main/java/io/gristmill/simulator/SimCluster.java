package io.gristmill.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated machines of one run: W workers of S slots spread over N hosts (Hazelcast members in this JVM),
 * and the failures that can be done to them. Public for tests elsewhere that need a large cluster behind a real
 * coordinator (the console's browser test at scale).
 */
public final class SimCluster implements SimulatedHosts {
    private final List<SimHost> live = new ArrayList<>();
    private final List<SimWorker> silenced = new ArrayList<>();
    private final BusCounters bus;

    private SimCluster(BusCounters bus) {
        this.bus = bus;
    }

    /**
     * {@code workers} simulated workers of {@code slots} slots on {@code hosts} Hazelcast members that join the
     * cluster {@code clusterName} at {@code join} (host:port); every attempt takes no time.
     */
    public static SimCluster start(String clusterName, String join, int hosts, int workers, int slots)
            throws Exception {
        return start(clusterName, join, hosts, workers, slots, TaskTimeModel.ZERO, TaskTimeModel.ZERO,
                new BusCounters(), 1);
    }

    /** Every host of a run in this JVM: at most one host per worker. */
    static SimCluster start(String clusterName, String join, int hosts, int workers, int slots, TaskTimeModel mapTimes,
                            TaskTimeModel reduceTimes, BusCounters bus, long seed) throws Exception {
        return start(clusterName, join, 0, Math.max(1, Math.min(hosts, workers)), workers, slots, mapTimes, reduceTimes,
                bus, seed);
    }

    /**
     * Starts hosts {@code first} .. {@code first + hosts - 1} with their share of {@code workers}, one after another:
     * started all at once (20 at a load of 36), joining members took each other for masters and the cluster split
     * ("claims mastership but it is not a member").
     */
    static SimCluster start(String clusterName, String join, int first, int hosts, int workers, int slots,
                            TaskTimeModel mapTimes, TaskTimeModel reduceTimes, BusCounters bus, long seed)
            throws Exception {
        SimCluster cluster = new SimCluster(bus);
        long t0 = System.nanoTime();
        try {
            for (int h = first; h < first + hosts; h++) {
                int count = workers / hosts + (h - first < workers % hosts ? 1 : 0);
                long joined = System.nanoTime();
                cluster.live.add(SimHost.start(h, clusterName, join, count, slots, mapTimes, reduceTimes, bus, seed));
                System.err.printf("simulator: host %d up in %.1f s (%.1f s since the first began)%n", h,
                        (System.nanoTime() - joined) / 1e9, (System.nanoTime() - t0) / 1e9);
            }
        } catch (Exception e) {
            cluster.close(); // the hosts that did start
            throw e;
        }
        return cluster;
    }

    /** Crashes the last {@code count} live hosts; returns how many workers they had. */
    @Override
    public int crashHosts(int count) {
        int lost = 0;
        for (int i = 0; i < count && !live.isEmpty(); i++) {
            SimHost host = live.remove(live.size() - 1);
            lost += host.workers().size();
            host.crash();
        }
        return lost;
    }

    /** Silences {@code count} workers taken round-robin over the live hosts; returns how many went silent. */
    @Override
    public int silenceWorkers(int count) {
        int done = 0;
        for (int round = 0; done < count; round++) {
            boolean any = false;
            for (SimHost host : live) {
                if (done < count && round < host.workers().size()) {
                    SimWorker worker = host.workers().get(host.workers().size() - 1 - round);
                    if (!silenced.contains(worker)) {
                        worker.silence();
                        silenced.add(worker);
                        done++;
                    }
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return done;
    }

    /** Live hosts. */
    int hosts() {
        return live.size();
    }

    @Override
    public java.util.Map<String, BusCounters.Tally> traffic() {
        return bus.snapshot();
    }

    @Override
    public void resetTraffic() {
        bus.reset();
    }

    @Override
    public double cpuSeconds() {
        return ProcessCpu.ofThisJvm();
    }

    /** Every host leaves in an orderly way, one after another (end of a run). */
    @Override
    public void close() {
        live.forEach(SimHost::close);
        live.clear();
    }
}
