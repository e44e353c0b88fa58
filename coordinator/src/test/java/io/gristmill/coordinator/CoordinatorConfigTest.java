package io.gristmill.coordinator;

import io.gristmill.cluster.Addresses;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CoordinatorConfigTest {
    @Test
    void the_held_output_grace_covers_a_heartbeat_timeout_and_a_lost_registration_unless_it_is_set() {
        CoordinatorConfig defaults = CoordinatorConfig.defaults();
        assertEquals(Duration.ofSeconds(10).plus(Addresses.WORKER_REQUEST_TIMEOUT).plusSeconds(1),
                defaults.heldOutputGrace());
        assertEquals(Duration.ofSeconds(21), defaults.withHeartbeatTimeout(Duration.ofSeconds(5)).heldOutputGrace());
        assertEquals(Duration.ofSeconds(2), defaults.withHeldOutputGrace(Duration.ofSeconds(2))
                .withHeartbeatTimeout(Duration.ofSeconds(5)).heldOutputGrace());
    }
}
