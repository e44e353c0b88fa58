package io.gristmill.simulator;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap of another JVM on this machine, read over its local JMX agent: attached once (the Attach API starts the
 * agent in the target), then each reading is a full GC and the heap used after it, two calls over the open
 * connection.
 *
 * <p>Why not {@code jcmd}: each {@code jcmd} is a JVM of its own, about 0.3 CPU s to start. The reading at "maps
 * done" falls inside the measured job, and on 2 cores the two {@code jcmd} JVMs it took ran through the whole
 * reduce phase of the 2,000-task job (0.33 CPU s against a job of 0.35 s).
 */
final class HeapProbe implements AutoCloseable {
    private final JMXConnector connector;
    private final MemoryMXBean memory;

    private HeapProbe(JMXConnector connector, MemoryMXBean memory) {
        this.connector = connector;
        this.memory = memory;
    }

    /** Attaches to process {@code pid} and connects to its local JMX agent (started there if it is not yet). */
    static HeapProbe attach(long pid) throws IOException {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to process " + pid + ": " + e.getMessage(), e);
        }
        JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        try {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            return new HeapProbe(connector, ManagementFactory.newPlatformMXBeanProxy(server,
                    ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class));
        } catch (IOException | RuntimeException e) {
            connector.close();
            throw e;
        }
    }

    /** Runs a full GC in the process ({@code System.gc()}, as {@code jcmd GC.run} does) and returns the heap used after it, in MiB. */
    double usedAfterFullGcMiB() {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
