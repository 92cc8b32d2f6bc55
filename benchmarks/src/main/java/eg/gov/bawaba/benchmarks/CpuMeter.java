package eg.gov.bawaba.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Splits the machine's CPU time over a measured window into this JVM's share and everybody else's, from
 * /proc/stat and /proc/self/stat, so a run disturbed by other work on the machine shows it.
 */
final class CpuMeter {

    /**
     * CPU used during the window, in cores (2.0 = both cores of this machine fully busy); children are processes this
     * JVM started and waited for within the window (wrk).
     */
    record Usage(double thisJvmCores, double childCores, double otherCores, double idleCores) {}

    // Linux reports both files in clock ticks, USER_HZ, which is 100 on every mainstream kernel build
    private static final double TICKS_PER_SECOND = 100;

    private final long startNanos;
    private final long[] startMachine;
    private final long[] startSelf;

    private CpuMeter(long startNanos, long[] startMachine, long[] startSelf) {
        this.startNanos = startNanos;
        this.startMachine = startMachine;
        this.startSelf = startSelf;
    }

    /** Starts measuring now; null where /proc is not available. */
    static CpuMeter start() {
        try {
            return new CpuMeter(System.nanoTime(), machineTicks(), selfTicks());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    Usage stop() {
        try {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long[] machine = machineTicks();
            double busy = (machine[0] - startMachine[0]) / TICKS_PER_SECOND / seconds;
            double idle = (machine[1] - startMachine[1]) / TICKS_PER_SECOND / seconds;
            long[] own = selfTicks();
            double self = (own[0] - startSelf[0]) / TICKS_PER_SECOND / seconds;
            double children = (own[1] - startSelf[1]) / TICKS_PER_SECOND / seconds;
            return new Usage(self, children, Math.max(0, busy - self - children), idle);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Busy and idle ticks of all CPUs together. */
    private static long[] machineTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal ...
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        long busy = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            busy += Long.parseLong(f[i]);
        }
        return new long[] {busy - idle, idle};
    }

    /** This JVM's own ticks, and those of its children it has waited for. */
    private static long[] selfTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // fields after the parenthesised command name; utime, stime, cutime, cstime are fields 14 to 17
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }
}
