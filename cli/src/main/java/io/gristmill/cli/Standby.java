package io.gristmill.cli;

import com.hazelcast.map.IMap;
import io.gristmill.cluster.ClusteredNode;
import io.gristmill.coordinator.rest.StandbyServer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Who of the coordinators in a cluster is active. A coordinator joins the cluster with the member attributes of
 * {@link #memberAttributes}, so every member can tell coordinators from workers. At start, one takes the cluster's
 * coordinator slot (a Hazelcast map entry with its node id); another stands by: it serves {@link StandbyServer} on
 * its REST port and, when the active one's member leaves the cluster (crashed, frozen past Hazelcast's heartbeat
 * timeout, or cut off), the oldest remaining coordinator member takes over.
 * <p>
 * The takeover is decided on the member list alone, which every member holds locally and sees in the same order, not
 * on the slot's map entry: right after a member left, an operation on a map partition that member owned waits about a
 * second for the partition to move, and it was the largest part of a takeover. The slot only picks who tries; the
 * coordinator's term (claimed in the state dir when it becomes active) is what makes sure two never act at once.
 */
final class Standby {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Standby.class);
    private static final String LEADER_MAP = "gristmill.coordinator";
    private static final String HOLDER = "coordinator";
    private static final String URL = "url";
    private static final String ROLE_ATTRIBUTE = "gristmill.role";
    private static final String COORDINATOR_ROLE = "coordinator";
    private static final String STATE_DIR_ATTRIBUTE = "gristmill.stateDirId";

    private final ClusteredNode node;
    private final String clusterName;
    private final String stateId;
    private final Semaphore memberLeft = new Semaphore(0);
    /** The active coordinator's node id as last read from the slot (refreshed without waiting while standing by). */
    private volatile String knownHolder;
    private int boundPort = -1;
    private StandbyServer server;

    /** @param stateId the id of this coordinator's state dir ({@link StateDirId}), as in {@link #memberAttributes} */
    Standby(ClusteredNode node, String clusterName, String stateId) {
        this.node = node;
        this.clusterName = clusterName;
        this.stateId = stateId;
        node.onMemberLeft(id -> memberLeft.release());
    }

    /** What a coordinator tells the other members about itself when it joins: its role and its state dir's id. */
    static Map<String, String> memberAttributes(String stateId) {
        return Map.of(ROLE_ATTRIBUTE, COORDINATOR_ROLE, STATE_DIR_ATTRIBUTE, stateId);
    }

    /** The node ids of the cluster's members that are not coordinators. */
    Set<String> workerMembers() {
        Set<String> members = node.memberIds();
        members.removeAll(coordinatorMembers());
        return members;
    }

    private List<String> coordinatorMembers() {
        return node.membersWithAttribute(ROLE_ATTRIBUTE, COORDINATOR_ROLE);
    }

    /**
     * Returns once this coordinator is the active one, standing by (with the standby server on {@code host:port})
     * while another is. False if this one must not start (another state dir) or the standby server cannot listen.
     */
    boolean awaitTurn(String host, int port, Path portFile, boolean waitForAnActiveOne) throws Exception {
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
        String activeState = node.attributeOf(knownHolder, STATE_DIR_ATTRIBUTE);
        if (activeState != null && !activeState.equals(stateId)) {
            // it could not resume the active one's jobs, nor fence it: only a shared state dir makes a standby
            System.err.println("error: another coordinator is already active in cluster '" + clusterName + "' with"
                    + " another state dir; a standby must use the same --state-dir (on storage both see) as the active one");
            return false;
        }
        server = new StandbyServer(node.vertx(), () -> leader().getAsync(URL));
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
                + clusterName + "' has an active coordinator at " + leader().get(URL));
        while (!mayTakeOver()) {
            refreshKnownHolder(); // another standby may have taken over meanwhile
            memberLeft.tryAcquire(1, TimeUnit.SECONDS); // a member leaving is the news; a periodic look the fallback
            memberLeft.drainPermits();
        }
        System.err.println("gristmill coordinator: the active coordinator left the cluster; taking over");
        log.info("the active coordinator {} left the cluster; this one is the oldest coordinator member: taking over",
                knownHolder);
        // in the background: the map may wait for the departed member's partitions, and the term decides anyway
        leader().putAsync(HOLDER, node.nodeId());
        return true;
    }

    /**
     * Serves {@code api} on the port this coordinator stood by on (see {@link StandbyServer#handOver}).
     *
     * @throws IllegalArgumentException when {@code host} is not loopback and the API has no bearer token
     */
    void serve(io.gristmill.coordinator.rest.RestApi api, String host) {
        server.handOver(api, host);
    }

    /** Stops the standby server (when this coordinator cannot become the active one after all). */
    void stopServing() {
        if (server == null) {
            return;
        }
        try {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("could not close the standby server: {}", e.toString());
        }
        server = null;
    }

    /** The REST port the standby server listened on (-1 if this coordinator never stood by). */
    int boundPort() {
        return boundPort;
    }

    /** Tells standbys (and their clients) where the active coordinator's REST API is; does not wait for the map. */
    void announceActive(String url) {
        leader().putAsync(URL, url);
    }

    /** At start: takes the slot if it is free or its holder has left the cluster; else remembers the holder. */
    private boolean takeSlot() {
        IMap<String, String> leader = leader();
        String holder = leader.putIfAbsent(HOLDER, node.nodeId());
        if (holder == null || holder.equals(node.nodeId())) {
            return true;
        }
        knownHolder = holder;
        return !node.isMember(holder) && leader.replace(HOLDER, holder, node.nodeId());
    }

    /** The active one has left and, of the coordinators still members, this one joined first. */
    private boolean mayTakeOver() {
        if (node.isMember(knownHolder)) {
            return false;
        }
        List<String> coordinators = coordinatorMembers();
        return !coordinators.isEmpty() && coordinators.get(0).equals(node.nodeId());
    }

    /** Without waiting: right after a member left, the map may take a second to answer. */
    private void refreshKnownHolder() {
        leader().getAsync(HOLDER).thenAccept(holder -> {
            if (holder != null) {
                knownHolder = holder;
            }
        });
    }

    private IMap<String, String> leader() {
        return node.hazelcast().getMap(LEADER_MAP);
    }
}
