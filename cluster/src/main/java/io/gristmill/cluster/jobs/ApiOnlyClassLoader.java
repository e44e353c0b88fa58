package io.gristmill.cluster.jobs;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The parent of every job class loader: the JDK (through the platform loader) plus only the job API and SLF4J from
 * the host — never Vert.x, Hazelcast, Jackson or Gristmill internals, so a job may bundle its own versions of them.
 */
final class ApiOnlyClassLoader extends ClassLoader {
    private static final String[] SHARED_PREFIXES = {"io.gristmill.api.", "org.slf4j."};

    private final ClassLoader host;

    ApiOnlyClassLoader(ClassLoader host) {
        super("gristmill-job-api", ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return isShared(name.replace('/', '.')) ? host.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return isShared(name.replace('/', '.')) ? host.getResources(name) : Collections.emptyEnumeration();
    }

    private static boolean isShared(String name) {
        for (String prefix : SHARED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
