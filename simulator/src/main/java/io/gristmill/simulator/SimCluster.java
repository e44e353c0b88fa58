package io.gristmill.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated machines of one run: W workers of S slots spread over N hosts (Hazelcast members in this JVM),
 * and the failures that can be done to them. Public for tests elsewhere that need a large cluster behind a real
 * coordinator (the console's browser test at scale).
 */
public final class SimCluster implements AutoCloseable {
    private final List<SimHost> live = new ArrayList<>();
    private final List<SimWorker> silenced = new ArrayList<>();

    /** Starts the hosts one after another (each join changes the member list, which is cheapest done in turn). */
    static SimCluster start(String clusterName, String join, int hosts, int workers, int slots, TaskTimeModel mapTimes,
                            TaskTimeModel reduceTimes, BusCounters bus, long seed) throws Exception {
        return startHosts(clusterName, join, hosts, workers, slots, mapTimes, reduceTimes, bus, seed);
    }

    /**
     * {@code workers} simulated workers of {@code slots} slots on {@code hosts} Hazelcast members that join the
     * cluster {@code clusterName} at {@code join} (host:port); every attempt takes no time.
     */
    public static SimCluster start(String clusterName, String join, int hosts, int workers, int slots)
            throws Exception {
        return startHosts(clusterName, join, hosts, workers, slots, TaskTimeModel.ZERO, TaskTimeModel.ZERO,
                new BusCounters(), 1);
    }

    private static SimCluster startHosts(String clusterName, String join, int hosts, int workers, int slots,
                                         TaskTimeModel mapTimes, TaskTimeModel reduceTimes, BusCounters bus, long seed)
            throws Exception {
        SimCluster cluster = new SimCluster();
        int n = Math.max(1, Math.min(hosts, workers));
        for (int h = 0; h < n; h++) {
            int count = workers / n + (h < workers % n ? 1 : 0);
            cluster.live.add(SimHost.start(h, clusterName, join, count, slots, mapTimes, reduceTimes, bus, seed));
        }
        return cluster;
    }

    /** Crashes the last {@code count} live hosts; returns how many workers they had. */
    int crashHosts(int count) {
        int lost = 0;
        for (int i = 0; i < count && !live.isEmpty(); i++) {
            SimHost host = live.remove(live.size() - 1);
            lost += host.workers().size();
            host.crash();
        }
        return lost;
    }

    /** Silences {@code count} workers taken round-robin over the live hosts; returns how many went silent. */
    int silenceWorkers(int count) {
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

    @Override
    public void close() {
        live.forEach(SimHost::close);
        live.clear();
    }
}
