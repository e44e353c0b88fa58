package io.gristmill.cli;

import io.gristmill.cluster.ClusterSettings;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/** Flags shared by {@code coordinator} and {@code worker} for joining the Hazelcast cluster. */
final class ClusterOptions {
    @Option(names = "--cluster-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Interface Hazelcast, the event bus and the shuffle bind and advertise (default: ${DEFAULT-VALUE}).")
    String clusterHost;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = ClusterSettings.DEFAULT_CLUSTER_NAME,
            description = "Only processes with the same cluster name work together (default: ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--bus-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the Vert.x event bus, which members connect to directly (default: any free port; fix it for firewalls).")
    int busPort;

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "A worker silent this long is dead, e.g. 10s, 500ms (default: ${DEFAULT-VALUE}).")
    String heartbeatTimeout;

    ClusterSettings settings(int port, List<String> members) {
        return new ClusterSettings(clusterName, clusterHost, port, busPort, members, timeout());
    }

    Duration timeout() {
        return io.gristmill.cluster.Durations.parse(heartbeatTimeout);
    }
}
