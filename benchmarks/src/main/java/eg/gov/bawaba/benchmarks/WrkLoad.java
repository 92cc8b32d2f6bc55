package eg.gov.bawaba.benchmarks;

import eg.gov.bawaba.benchmarks.RequestMix.Request;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same request mix driven by wrk, a C load generator that needs far less CPU per request than the JDK client, so
 * the hub keeps more of the two cores; wrk reports latency percentiles over all kinds together.
 */
final class WrkLoad {

    /** wrk's figures for one run; latencies in milliseconds. */
    record Result(int connections, double requestsPerSecond, double p50, double p90, double p99, double max,
                  long requests, long errors, CpuMeter.Usage cpu) {}

    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|90|99)%\\s+([\\d.]+)(us|ms|s)\\s*$");
    private static final Pattern LATENCY = Pattern.compile("^\\s*Latency\\s+\\S+\\s+\\S+\\s+([\\d.]+)(us|ms|s)");
    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([\\d.]+)");
    private static final Pattern TOTAL = Pattern.compile("^\\s*(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private WrkLoad() {}

    /** Whether a wrk executable is on the PATH. */
    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    static Result run(String name, URI base, String authorization, List<Request> requests, int connections,
                      int seconds, Path workDir) throws IOException, InterruptedException {
        Path requestsFile = workDir.resolve(name + ".tsv");
        StringBuilder lines = new StringBuilder();
        requests.forEach(r -> lines.append(r.acceptLanguage()).append('\t').append(r.pathAndQuery()).append('\n'));
        Files.writeString(requestsFile, lines, StandardCharsets.UTF_8);
        Path script = workDir.resolve(name + ".lua");
        Files.writeString(script, script(requestsFile), StandardCharsets.UTF_8);
        Path output = workDir.resolve("wrk-" + name + "-" + connections + ".txt");
        CpuMeter cpu = CpuMeter.start();
        // one wrk thread: it is enough for this rate and leaves the second core to the hub
        Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency",
                "--timeout", "10s", "-H", "Authorization: " + authorization, "-s", script.toString(), base.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IllegalStateException("wrk did not finish; see " + output);
        }
        CpuMeter.Usage usage = cpu == null ? null : cpu.stop();
        return parse(connections, Files.readAllLines(output, StandardCharsets.UTF_8), usage);
    }

    /**
     * Cycles through the requests file, read at start since a Lua chunk holds at most 65,536 constants; each request
     * carries its own Accept-Language and the Authorization header given with {@code -H} (wrk.format with a headers
     * table of its own leaves out wrk.headers).
     */
    private static String script(Path requestsFile) {
        return """
                local requests = {}
                for line in io.lines("%s") do
                  local tab = line:find("\\t", 1, true)
                  requests[#requests + 1] = {line:sub(tab + 1), line:sub(1, tab - 1)}
                end
                local n = 0
                request = function()
                  n = n + 1
                  local r = requests[(n %% #requests) + 1]
                  return wrk.format("GET", r[1],
                                    {["Accept-Language"] = r[2], ["Authorization"] = wrk.headers["Authorization"]})
                end
                """.formatted(requestsFile.toAbsolutePath());
    }

    static Result parse(int connections, List<String> lines, CpuMeter.Usage cpu) {
        double p50 = Double.NaN;
        double p90 = Double.NaN;
        double p99 = Double.NaN;
        double max = Double.NaN;
        double rate = Double.NaN;
        long total = 0;
        long errors = 0;
        for (String line : lines) {
            Matcher m;
            if ((m = PERCENTILE.matcher(line)).find()) {
                double ms = millis(m.group(2), m.group(3));
                switch (m.group(1)) {
                    case "50" -> p50 = ms;
                    case "90" -> p90 = ms;
                    default -> p99 = ms;
                }
            } else if ((m = LATENCY.matcher(line)).find()) {
                max = millis(m.group(1), m.group(2));
            } else if ((m = RATE.matcher(line)).find()) {
                rate = Double.parseDouble(m.group(1));
            } else if ((m = TOTAL.matcher(line)).find()) {
                total = Long.parseLong(m.group(1));
            } else if ((m = NON_2XX.matcher(line)).find()) {
                errors += Long.parseLong(m.group(1));
            } else if ((m = SOCKET.matcher(line)).find()) {
                for (int g = 1; g <= 4; g++) {
                    errors += Long.parseLong(m.group(g));
                }
            }
        }
        return new Result(connections, rate, p50, p90, p99, max, total, errors, cpu);
    }

    private static double millis(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
