package eg.gov.bawaba.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Describes the machine and JVM a run happened on, since results mean nothing without them. */
final class Machine {

    private Machine() {}

    static String describe() {
        Runtime runtime = Runtime.getRuntime();
        return "Machine: " + cpuModel() + ", " + runtime.availableProcessors() + " cores, "
                + memoryGiB() + " GiB RAM; " + os() + "; JDK " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ", max heap "
                + runtime.maxMemory() / (1024 * 1024) + " MiB, GC " + gc() + ".";
    }

    private static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    }

    private static String memoryGiB() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> String.format(Locale.ROOT, "%.1f", Long.parseLong(v.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .orElse("?");
    }

    private static String os() {
        String pretty = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").map(v -> v.replace("\"", ""))
                .orElse(System.getProperty("os.name"));
        return pretty + ", kernel " + System.getProperty("os.version");
    }

    private static String gc() {
        return String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
    }

    private static Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(l.contains("=") && !l.contains(":") ? '=' : ':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
