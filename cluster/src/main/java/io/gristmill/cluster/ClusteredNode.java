package io.gristmill.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.function.Consumer;

/**
 * A clustered Vert.x and the Hazelcast member under it. Members are known by their Vert.x node id everywhere
 * ({@link #nodeId}, {@link #isMember}, {@link #onMemberLeft}): in Vert.x 5 it is not the Hazelcast member UUID but
 * a member attribute, and comparing one kind of id with the other never matches.
 */
public final class ClusteredNode {
    /** The member attribute in which vertx-hazelcast keeps a member's Vert.x node id. */
    private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    private final Vertx vertx;
    private final HazelcastClusterManager clusterManager;

    ClusteredNode(Vertx vertx, HazelcastClusterManager clusterManager) {
        this.vertx = vertx;
        this.clusterManager = clusterManager;
    }

    public Vertx vertx() {
        return vertx;
    }

    public HazelcastInstance hazelcast() {
        return clusterManager.getHazelcastInstance();
    }

    /** This member's Vert.x node id, the id {@link #onMemberLeft} reports when it leaves. */
    public String nodeId() {
        return clusterManager.getNodeId();
    }

    /** The Hazelcast port this member bound (useful with port 0). */
    public int clusterPort() {
        return hazelcast().getCluster().getLocalMember().getAddress().getPort();
    }

    /** The port of this member's event-bus server (useful with port 0), as it advertises it to the others. */
    public int busPort() {
        return clusterManager.getNodeInfo().port();
    }

    /** The node ids of every member of the cluster, this one included. */
    public java.util.Set<String> memberIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        hazelcast().getCluster().getMembers().forEach(m -> ids.add(nodeIdOf(m)));
        return ids;
    }

    /**
     * The node ids of the members whose attribute {@code name} has {@code value}, oldest member first. Every member
     * sees the same order (Hazelcast's member list), so members can agree on "the oldest one" without asking each
     * other; the list is local, so this does not wait on the cluster even while it is reorganising after a member left.
     */
    public java.util.List<String> membersWithAttribute(String name, String value) {
        return hazelcast().getCluster().getMembers().stream().filter(m -> value.equals(m.getAttribute(name)))
                .map(ClusteredNode::nodeIdOf).toList();
    }

    /** The value of a member's attribute {@code name}; null if it has none or is not a member. */
    public String attributeOf(String nodeId, String name) {
        return hazelcast().getCluster().getMembers().stream().filter(m -> nodeIdOf(m).equals(nodeId)).findFirst()
                .map(m -> m.getAttribute(name)).orElse(null);
    }

    public boolean isMember(String nodeId) {
        return hazelcast().getCluster().getMembers().stream().anyMatch(m -> nodeIdOf(m).equals(nodeId));
    }

    /** A member's Vert.x node id (its Hazelcast UUID only for a member that is not a Vert.x node). */
    private static String nodeIdOf(Member member) {
        String nodeId = member.getAttribute(NODE_ID_ATTRIBUTE);
        return nodeId != null ? nodeId : member.getUuid().toString();
    }

    /**
     * Leaves the Hazelcast cluster at once, without the graceful hand-over: the other members see this one leave
     * within a second. For exit paths only; Vert.x cannot use the cluster afterwards.
     */
    public void leaveClusterNow() {
        hazelcast().getLifecycleService().terminate();
    }

    /** Calls {@code onLeft} with the node id of every member that leaves (crash included), on a Hazelcast thread. */
    public void onMemberLeft(Consumer<String> onLeft) {
        hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                onLeft.accept(nodeIdOf(event.getMember()));
            }
        });
    }

    public Future<Void> close() {
        return vertx.close();
    }
}
