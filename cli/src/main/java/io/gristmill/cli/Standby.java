package io.gristmill.cli;

import com.hazelcast.map.IMap;
import io.gristmill.cluster.ClusteredNode;
import io.gristmill.coordinator.rest.StandbyServer;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Who of the coordinators in a cluster is active: the one holding the cluster's coordinator slot (a Hazelcast map
 * entry with its node id). Another coordinator stands by: it serves {@link StandbyServer} on its REST port and takes
 * the slot when the holder's member leaves the cluster (crashed, frozen past Hazelcast's heartbeat timeout, or cut
 * off). The slot only picks who tries; the coordinator's term (claimed in the state dir when it becomes active) is
 * what makes sure two never act at once.
 */
final class Standby {
    private static final String LEADER_MAP = "gristmill.coordinator";
    private static final String COORDINATORS_MAP = "gristmill.coordinators";
    private static final String HOLDER = "coordinator";
    private static final String URL = "url";
    private static final String STATE_ID = "stateDirId";

    private final ClusteredNode node;
    private final String clusterName;
    private final Semaphore memberLeft = new Semaphore(0);
    private int boundPort = -1;
    private String stateId;

    Standby(ClusteredNode node, String clusterName) {
        this.node = node;
        this.clusterName = clusterName;
        node.onMemberLeft(id -> memberLeft.release());
        coordinators().put(node.nodeId(), "coordinator"); // so that the active one can tell workers from coordinators
    }

    /** The node ids of the cluster's members that are not coordinators. Blocking (asks Hazelcast). */
    java.util.Set<String> workerMembers() {
        java.util.Set<String> members = node.memberIds();
        members.removeAll(coordinators().keySet());
        return members;
    }

    private IMap<String, String> coordinators() {
        return node.hazelcast().getMap(COORDINATORS_MAP);
    }

    /**
     * Returns once this coordinator holds the slot, standing by (with the standby server on {@code host:port}) while
     * another holds it. False if the standby server cannot listen.
     */
    boolean awaitTurn(String host, int port, Path portFile, Path stateDir, boolean waitForAnActiveOne) throws Exception {
        stateId = StateDirId.of(stateDir);
        if (waitForAnActiveOne) {
            System.err.println("gristmill coordinator: --standby: waiting for an active coordinator in cluster '"
                    + clusterName + "'");
            while (leader().get(HOLDER) == null) {
                Thread.sleep(500); // nothing to be notified of: the first coordinator has not started yet
            }
        }
        if (takeSlot()) {
            return true;
        }
        String activeState = leader().get(STATE_ID);
        if (activeState != null && !activeState.equals(stateId)) {
            // it could not resume the active one's jobs, nor fence it: only a shared state dir makes a standby
            System.err.println("error: another coordinator is already active in cluster '" + clusterName + "' with"
                    + " another state dir; a standby must use the same --state-dir (on storage both see) as the active one");
            return false;
        }
        StandbyServer server = new StandbyServer(node.vertx(), this::activeUrl);
        try {
            boundPort = server.start(host, port).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("error: cannot listen: " + io.gristmill.cluster.Failures.describe(e.getCause())
                    + " (--http-host/--http-port)");
            return false;
        }
        PortFile.write(portFile, Map.of("http", boundPort, "cluster", node.clusterPort(), "bus", node.busPort(),
                "standby", 1));
        System.err.println("gristmill coordinator: standing by on " + JarUrlChoice.url(host, boundPort) + "; cluster '"
                + clusterName + "' has an active coordinator at " + activeUrl());
        while (!takeSlot()) {
            memberLeft.tryAcquire(1, TimeUnit.SECONDS); // a member leaving is the news; a periodic look is the fallback
            memberLeft.drainPermits();
        }
        System.err.println("gristmill coordinator: the active coordinator left the cluster; taking over");
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return true;
    }

    /** The REST port the standby server listened on (-1 if this coordinator never stood by). */
    int boundPort() {
        return boundPort;
    }

    /** Tells standbys (and their clients) where the active coordinator's REST API is. */
    void announceActive(String url) {
        leader().put(URL, url);
        leader().put(STATE_ID, stateId);
    }

    private String activeUrl() {
        return leader().get(URL);
    }

    /** Takes the slot if it is free or its holder has left the cluster. */
    private boolean takeSlot() {
        IMap<String, String> leader = leader();
        String holder = leader.putIfAbsent(HOLDER, node.nodeId());
        if (holder == null || holder.equals(node.nodeId())) {
            return true;
        }
        return !node.isMember(holder) && leader.replace(HOLDER, holder, node.nodeId());
    }

    private IMap<String, String> leader() {
        return node.hazelcast().getMap(LEADER_MAP);
    }
}
