package io.gristmill.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretsTest {
    @Test
    void onlyTheSameSecretMatches_andAMissingOneNeverDoes() {
        assertTrue(Secrets.matches("a1b2c3", "a1b2c3"));
        assertFalse(Secrets.matches("a1b2c3", "a1b2c4"));
        assertFalse(Secrets.matches("a1b2c3", "a1b2c3d"));
        assertFalse(Secrets.matches("a1b2c3", null));
        assertFalse(Secrets.matches(null, "a1b2c3"));
        assertFalse(Secrets.matches(null, null));
    }
}
