package io.gristmill.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HazelcastConfigTest {
    @Test
    void members_are_found_through_the_member_list_by_default_and_never_by_multicast() {
        Config config = Bootstrap.hazelcastConfig(new ClusterSettings("c", "10.0.0.2", 0, 0,
                List.of("10.0.0.1:5701"), Duration.ofSeconds(10)));
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertEquals(List.of("10.0.0.1:5701"), join.getTcpIpConfig().getMembers());
        assertFalse(join.getKubernetesConfig().isEnabled());
        assertFalse(join.getMulticastConfig().isEnabled());
        assertFalse(join.getAutoDetectionConfig().isEnabled());
    }

    @Test
    void kubernetes_discovery_replaces_the_member_list_when_asked() {
        Config config = Bootstrap.hazelcastConfig(new ClusterSettings("c", "10.0.0.2", 5701, 0, List.of(),
                Duration.ofSeconds(10), new KubernetesDiscovery("batch", "gristmill")));
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertFalse(join.getTcpIpConfig().isEnabled());
        assertTrue(join.getKubernetesConfig().isEnabled());
        assertEquals("batch", join.getKubernetesConfig().getProperty("namespace"));
        assertEquals("gristmill", join.getKubernetesConfig().getProperty("service-name"));
        assertFalse(join.getMulticastConfig().isEnabled());
    }

    @Test
    void kubernetes_discovery_needs_a_namespace_and_a_service() {
        assertThrows(IllegalArgumentException.class, () -> new KubernetesDiscovery(" ", "gristmill"));
    }
}
