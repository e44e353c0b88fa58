package io.gristmill.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a process joins the Hazelcast cluster.
 *
 * @param clusterName      only members with the same name form a cluster (default {@code gristmill})
 * @param host             the interface Hazelcast, the event bus and the shuffle bind and advertise
 * @param port             Hazelcast port; 0 for any free port
 * @param busPort          port of the Vert.x clustered event bus (its own TCP server, apart from Hazelcast's); 0 for
 *                         any free port
 * @param members          {@code host:port} addresses of members to join through (empty for the first member)
 * @param heartbeatTimeout a member silent this long is removed (also the coordinator's worker timeout)
 * @param kubernetes       find members through Kubernetes instead of {@code members}; null for the member list
 * @param memberAttributes what this member tells the others about itself (its role, say), fixed when it joins
 */
public record ClusterSettings(String clusterName, String host, int port, int busPort, List<String> members,
                              Duration heartbeatTimeout, KubernetesDiscovery kubernetes,
                              Map<String, String> memberAttributes) {
    public static final String DEFAULT_CLUSTER_NAME = "gristmill";

    public ClusterSettings {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(host, "host");
        checkPort("port", port);
        checkPort("busPort", busPort);
        members = List.copyOf(members);
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        memberAttributes = Map.copyOf(memberAttributes);
    }

    /** Settings without member attributes. */
    public ClusterSettings(String clusterName, String host, int port, int busPort, List<String> members,
                           Duration heartbeatTimeout, KubernetesDiscovery kubernetes) {
        this(clusterName, host, port, busPort, members, heartbeatTimeout, kubernetes, Map.of());
    }

    /** The same settings, with these member attributes instead. */
    public ClusterSettings withMemberAttributes(Map<String, String> attributes) {
        return new ClusterSettings(clusterName, host, port, busPort, members, heartbeatTimeout, kubernetes, attributes);
    }

    /** Settings that find members through the member list. */
    public ClusterSettings(String clusterName, String host, int port, int busPort, List<String> members,
                           Duration heartbeatTimeout) {
        this(clusterName, host, port, busPort, members, heartbeatTimeout, null);
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0 (any) or 1-65535, got " + port);
        }
    }
}
