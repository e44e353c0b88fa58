package io.gristmill.cli;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

// Addresses are literals (192.0.2.0/24 is for documentation): nothing is looked up or bound.
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JarUrlChoiceTest {
    @Test
    void rest_on_loopback_with_a_cluster_host_elsewhere_serves_jars_on_the_cluster_host() {
        JarUrlChoice choice = new JarUrlChoice(null, "127.0.0.1", "192.0.2.1");
        assertTrue(choice.needsJarServer());
        assertEquals("http://192.0.2.1:40123", choice.baseUrl(8080, 40123));
    }

    @Test
    void rest_on_a_wildcard_address_is_reached_at_the_cluster_host() {
        assertEquals("http://192.0.2.1:8080", new JarUrlChoice(null, "0.0.0.0", "192.0.2.1").baseUrl(8080, -1));
        assertEquals("http://[fd00::2]:8080", new JarUrlChoice(null, "::", "fd00::2").baseUrl(8080, -1));
        assertFalse(new JarUrlChoice(null, "0.0.0.0", "192.0.2.1").needsJarServer());
    }

    @Test
    void rest_on_one_address_is_reached_there() {
        assertEquals("http://192.0.2.7:8080", new JarUrlChoice(null, "192.0.2.7", "192.0.2.1").baseUrl(8080, -1));
    }

    @Test
    void everything_on_loopback_stays_on_loopback() {
        JarUrlChoice choice = new JarUrlChoice(null, "127.0.0.1", "127.0.0.1");
        assertFalse(choice.needsJarServer());
        assertEquals("http://127.0.0.1:8080", choice.baseUrl(8080, -1));
    }

    @Test
    void an_advertised_url_wins_without_its_trailing_slash() {
        JarUrlChoice choice = new JarUrlChoice("https://mill.example.org/gristmill/", "127.0.0.1", "192.0.2.1");
        assertFalse(choice.needsJarServer());
        assertEquals("https://mill.example.org/gristmill", choice.baseUrl(8080, -1));
    }

    @Test
    void an_advertised_url_that_is_no_http_url_is_refused_naming_the_flag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JarUrlChoice("mill.example.org:8080", "127.0.0.1", "192.0.2.1"));
        assertTrue(e.getMessage().contains("--advertise-url"), e.getMessage());
    }
}
