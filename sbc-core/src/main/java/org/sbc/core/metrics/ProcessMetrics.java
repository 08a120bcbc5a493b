package org.sbc.core.metrics;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process and JVM figures every Prometheus client exports under the same names (CPU, memory,
 * file descriptors, heap, threads, GC), read from the JVM's MXBeans and, for the resident set,
 * from {@code /proc} where there is one.
 */
final class ProcessMetrics {

    private ProcessMetrics() {}

    static void writeTo(MetricsText text) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            text.family("process_cpu_seconds_total", "counter", "CPU time the process used, user and system");
            text.sample("process_cpu_seconds_total", sun.getProcessCpuTime() / 1e9);
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            text.family("process_open_fds", "gauge", "open file descriptors: sockets, files, epoll");
            text.sample("process_open_fds", unix.getOpenFileDescriptorCount());
            text.family("process_max_fds", "gauge", "the file descriptor limit");
            text.sample("process_max_fds", unix.getMaxFileDescriptorCount());
        }
        text.family("process_start_time_seconds", "gauge", "when the process started, seconds since the epoch");
        text.sample("process_start_time_seconds", ManagementFactory.getRuntimeMXBean().getStartTime() / 1e3);
        residentBytes().ifPresent(bytes -> {
            text.family("process_resident_memory_bytes", "gauge", "resident memory of the process");
            text.sample("process_resident_memory_bytes", bytes);
        });
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        text.family("jvm_memory_used_bytes", "gauge", "JVM memory in use by area");
        text.sample("jvm_memory_used_bytes", memory.getHeapMemoryUsage().getUsed(), "area", "heap");
        text.sample("jvm_memory_used_bytes", memory.getNonHeapMemoryUsage().getUsed(), "area", "nonheap");
        text.family("jvm_memory_max_bytes", "gauge", "the most JVM memory each area may use (-1: no limit)");
        text.sample("jvm_memory_max_bytes", memory.getHeapMemoryUsage().getMax(), "area", "heap");
        text.sample("jvm_memory_max_bytes", memory.getNonHeapMemoryUsage().getMax(), "area", "nonheap");
        text.family("jvm_threads_current", "gauge", "live JVM threads");
        text.sample("jvm_threads_current", ManagementFactory.getThreadMXBean().getThreadCount());
        text.family("jvm_gc_collection_seconds_total", "counter", "time spent in garbage collection, per collector");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            text.sample("jvm_gc_collection_seconds_total", Math.max(0, gc.getCollectionTime()) / 1e3, "gc", gc.getName());
        }
        text.family("jvm_gc_collections_total", "counter", "garbage collections, per collector");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            text.sample("jvm_gc_collections_total", Math.max(0, gc.getCollectionCount()), "gc", gc.getName());
        }
    }

    /** VmRSS from /proc/self/status, in bytes; empty where there is no /proc. */
    private static java.util.OptionalLong residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return java.util.OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or an unexpected format: the figure is simply absent.
        }
        return java.util.OptionalLong.empty();
    }
}
