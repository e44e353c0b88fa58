package io.gristmill.cli;

import io.gristmill.cluster.ClusterSettings;
import io.gristmill.cluster.KubernetesDiscovery;
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

    @Option(names = "--k8s-namespace", paramLabel = "NAMESPACE",
            description = "Find cluster members through Kubernetes in this namespace (with --k8s-service) instead of --join.")
    String k8sNamespace;

    @Option(names = "--k8s-service", paramLabel = "SERVICE",
            description = "The headless service selecting the coordinator and worker pods (with --k8s-namespace).")
    String k8sService;

    /** @throws IllegalArgumentException when only one of the two Kubernetes flags is given */
    ClusterSettings settings(int port, List<String> members) {
        if ((k8sNamespace == null) != (k8sService == null)) {
            throw new IllegalArgumentException("--k8s-namespace and --k8s-service go together");
        }
        KubernetesDiscovery kubernetes = k8sNamespace == null ? null : new KubernetesDiscovery(k8sNamespace, k8sService);
        return new ClusterSettings(clusterName, clusterHost, port, busPort, members, timeout(), kubernetes);
    }

    /** Whether members are found through Kubernetes rather than a --join list. */
    boolean discoversThroughKubernetes() {
        return k8sNamespace != null || k8sService != null;
    }

    Duration timeout() {
        return io.gristmill.cluster.Durations.parse(heartbeatTimeout);
    }
}
