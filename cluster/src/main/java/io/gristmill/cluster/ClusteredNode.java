package io.gristmill.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.function.Consumer;

/** A clustered Vert.x and the Hazelcast member under it. */
public final class ClusteredNode {
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

    /** This member's id, the same as its Vert.x node id. */
    public String nodeId() {
        return clusterManager.getNodeId();
    }

    /** The Hazelcast port this member bound (useful with port 0). */
    public int clusterPort() {
        return hazelcast().getCluster().getLocalMember().getAddress().getPort();
    }

    public boolean isMember(String nodeId) {
        return hazelcast().getCluster().getMembers().stream().anyMatch(m -> m.getUuid().toString().equals(nodeId));
    }

    /** Calls {@code onLeft} with the node id of every member that leaves (crash included), on a Hazelcast thread. */
    public void onMemberLeft(Consumer<String> onLeft) {
        hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                onLeft.accept(event.getMember().getUuid().toString());
            }
        });
    }

    public Future<Void> close() {
        return vertx.close();
    }
}
