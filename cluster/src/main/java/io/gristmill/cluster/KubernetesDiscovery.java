package io.gristmill.cluster;

import java.util.Objects;

/**
 * Finding cluster members through the Kubernetes API instead of a member list: Hazelcast's built-in Kubernetes
 * discovery lists the pods behind a service (the pods' service account must be allowed to read endpoints).
 *
 * @param namespace   the pods' namespace
 * @param serviceName the headless service that selects the coordinator and worker pods
 */
public record KubernetesDiscovery(String namespace, String serviceName) {
    public KubernetesDiscovery {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(serviceName, "serviceName");
        if (namespace.isBlank() || serviceName.isBlank()) {
            throw new IllegalArgumentException("Kubernetes discovery needs a namespace and a service name");
        }
    }
}
