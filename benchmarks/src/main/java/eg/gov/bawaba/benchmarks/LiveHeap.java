package eg.gov.bawaba.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The heap still in use after full collections: what the JVM's live objects take. */
final class LiveHeap {

    private LiveHeap() {}

    /** Heap used after three full collections (G1 runs {@code System.gc()} as a full, stop-the-world one). */
    static long afterFullGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            memory.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    static long mib(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0));
    }
}
