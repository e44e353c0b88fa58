package io.gristmill.coordinator.rest;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The names under which other hosts may reach a server bound to a wildcard address: every address of every local
 * interface, the machine's host name and its canonical (DNS) name. A server bound to one address is reached only
 * under that address, so these are added only for a wildcard bind.
 */
public final class MachineNames {
    private MachineNames() {
    }

    /** Whether {@code host} is the any-address of IPv4 or IPv6, on which a server listens on every interface. */
    public static boolean isWildcard(String host) {
        String name = RestConfig.hostName(host);
        if (!name.contains(":")) {
            return name.equals("0.0.0.0"); // never resolve a DNS name here: only literals can be wildcards
        }
        try {
            return InetAddress.getByName("[" + name + "]").isAnyLocalAddress(); // brackets: a literal, never DNS
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** This machine's addresses and names, as found now (an interface added later is not seen). */
    public static Set<String> ofThisMachine() {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    names.add(withoutScope(address.getHostAddress()));
                }
            }
        } catch (SocketException e) {
            // no interface list: the host names below and --allowed-host remain
        }
        try {
            InetAddress self = InetAddress.getLocalHost();
            names.add(self.getHostName());
            names.add(self.getCanonicalHostName());
        } catch (UnknownHostException e) {
            // a host name that does not resolve: the addresses above and --allowed-host remain
        }
        return names;
    }

    /** {@code fe80::1%eth0} → {@code fe80::1}: a Host header carries no zone. */
    private static String withoutScope(String address) {
        int percent = address.indexOf('%');
        return percent < 0 ? address : address.substring(0, percent);
    }
}
