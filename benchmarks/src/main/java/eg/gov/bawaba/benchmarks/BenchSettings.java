package eg.gov.bawaba.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * What one benchmark run does, from {@code -Dbench.*} system properties; the defaults are the sizes the issue asks for.
 *
 * @param readEntries     catalogue size the read load runs against
 * @param syncRecords     records in the feed whose sync (and no-change re-sync) is timed
 * @param pageSize        records per page the hub fetches from the feed
 * @param workers         concurrent closed-loop clients, one read measurement per value
 * @param warmupSeconds   load before each measured window, not recorded
 * @param measureSeconds  length of each measured window
 * @param wrk             also measure with wrk (if it is on the PATH) at the same concurrency levels
 * @param seed            seed of the generated feeds and request mix
 * @param keepData        keep the hub's database under target/bench-data after the run
 * @param hubArgs         extra Spring Boot arguments for the hub, e.g. {@code --camel.metrics.enable-route-policy=false}
 */
record BenchSettings(int readEntries, int syncRecords, int pageSize, List<Integer> workers, int warmupSeconds,
                     int measureSeconds, boolean wrk, long seed, boolean keepData, List<String> hubArgs) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Integer.getInteger("bench.readEntries", 50_000),
                Integer.getInteger("bench.syncRecords", 100_000),
                Integer.getInteger("bench.pageSize", 1_000),
                Arrays.stream(System.getProperty("bench.workers", "8,32").split(","))
                        .map(String::trim).map(Integer::valueOf).toList(),
                Integer.getInteger("bench.warmupSeconds", 30),
                Integer.getInteger("bench.measureSeconds", 30),
                Boolean.parseBoolean(System.getProperty("bench.wrk", "true")),
                Long.getLong("bench.seed", 20251128L),
                Boolean.getBoolean("bench.keepData"),
                Arrays.stream(System.getProperty("bench.hubArgs", "").trim().split("\\s+"))
                        .filter(a -> !a.isEmpty()).toList());
    }

    @Override
    public String toString() {
        return "readEntries=" + readEntries + ", syncRecords=" + syncRecords + ", pageSize=" + pageSize
                + ", workers=" + workers + ", warmup=" + warmupSeconds + "s, measure=" + measureSeconds + "s, wrk=" + wrk
                + ", seed=" + seed + (hubArgs.isEmpty() ? "" : ", hubArgs=" + hubArgs);
    }
}
