package eg.gov.bawaba.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.benchmarks.BenchHub.SyncRun;
import eg.gov.bawaba.benchmarks.ReadLoad.Stats;
import eg.gov.bawaba.benchmarks.RequestMix.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the run's measurements and renders them as Markdown tables, with the targets beside them. */
final class Report {

    private static final double TARGET_READS_PER_SECOND = 5_000;
    private static final double TARGET_READ_P99_MS = 20;
    static final double TARGET_SYNC_SECONDS = 20;
    static final double TARGET_RESYNC_SECONDS = 5;
    private static final String READ_TARGET = ">= 5000/s, p99 < 20 ms";

    private final BenchSettings settings;
    private final List<String[]> syncs = new ArrayList<>();
    private final List<ReadLoad.Result> reads = new ArrayList<>();
    private final List<WrkLoad.Result> wrkRuns = new ArrayList<>();
    private final List<WrkLoad.Result> emptyRuns = new ArrayList<>();
    private final List<DeepPages.Depth> deepPages = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Report(BenchSettings settings) {
        this.settings = settings;
    }

    void sync(String what, SyncRun run, Double targetSeconds) {
        JsonNode r = run.report();
        syncs.add(new String[] {what, String.valueOf(run.records()), format(run.seconds(), 2), journaled(r),
                format(run.records() / run.seconds(), 0),
                r.path("added").asText() + " / " + r.path("updated").asText() + " / " + r.path("unchanged").asText()
                        + " / " + r.path("withdrawn").asText() + " / " + r.path("quarantined").asText(),
                cpu(run.cpu()),
                targetSeconds == null ? "-" : verdict(run.seconds() < targetSeconds, "< " + format(targetSeconds, 0) + " s")});
    }

    /** The duration the hub journals (startedAt to finishedAt), which ends before the commit and the index refresh. */
    private static String journaled(JsonNode report) {
        try {
            return format(Duration.between(Instant.parse(report.path("startedAt").asText()),
                    Instant.parse(report.path("finishedAt").asText())).toMillis() / 1000.0, 2);
        } catch (RuntimeException e) {
            return "?";
        }
    }

    void read(ReadLoad.Result result) {
        reads.add(result);
    }

    void wrk(WrkLoad.Result result) {
        wrkRuns.add(result);
    }

    void emptyRequests(WrkLoad.Result result) {
        emptyRuns.add(result);
    }

    void deepPages(List<DeepPages.Depth> depths) {
        deepPages.addAll(depths);
    }

    void note(String note) {
        notes.add(note);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Catalogue benchmark, ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append("\n\n").append(Machine.describe()).append("\n\nSettings: ").append(settings).append("\n\n");
        md.append("### Sync\n\n| sync | records | seconds | journaled s | records/s | added / updated / unchanged / withdrawn / "
                + "quarantined | CPU cores: this JVM / other processes | target |\n|---|---:|---:|---:|---:|---|---|---|\n");
        syncs.forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
        md.append("\n### Reads, ").append(settings.readEntries()).append(" entries, JDK HttpClient in the same JVM\n\n")
                .append("| workers | request | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | KiB/response |"
                        + " repeats | CPU cores: this JVM / others | target |\n"
                        + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (ReadLoad.Result r : reads) {
            for (Kind kind : Kind.values()) {
                md.append(row(r, kind.name(), r.byKind().get(kind), "", ""));
            }
            double rate = r.requestsPerSecond(r.overall());
            md.append(row(r, "**all**", r.overall(), cpu(r.cpu()) + perRequest(r.cpu(), rate),
                    verdict(rate >= TARGET_READS_PER_SECOND && p99(r.overall()) < TARGET_READ_P99_MS, READ_TARGET)));
        }
        if (!wrkRuns.isEmpty()) {
            md.append("\n### Reads, same mix driven by wrk (1 thread)\n\n| connections | requests/s | p50 ms | p90 ms |"
                    + " p99 ms | max ms | requests | errors | CPU cores: hub JVM / wrk / others | target |\n"
                    + "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
            wrkRuns.forEach(w -> md.append(wrkRow(w, true)));
        }
        if (!emptyRuns.isEmpty()) {
            md.append("\n### Empty requests: `GET /actuator/health/liveness` with the same token, wrk (1 thread)\n\n"
                    + "| connections | requests/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors |"
                    + " CPU cores: hub JVM / wrk / others | target |\n"
                    + "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
            emptyRuns.forEach(w -> md.append(wrkRow(w, false)));
        }
        if (!deepPages.isEmpty()) {
            md.append("\n### Deep pages, one request at a time, never repeated\n\n| page | entries before it | p50 ms |"
                    + " max ms | errors |\n|---:|---:|---:|---:|---:|\n");
            deepPages.forEach(d -> md.append("| ").append(d.page()).append(" | ").append(d.skipped()).append(" | ")
                    .append(format(d.latencies().getValueAtPercentile(50) / 1000.0, 1)).append(" | ")
                    .append(format(d.latencies().getMaxValue() / 1000.0, 1)).append(" | ").append(d.errors())
                    .append(" |\n"));
        }
        if (!notes.isEmpty()) {
            md.append("\n### Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
    }

    private static String row(ReadLoad.Result r, String label, Stats s, String cpu, String target) {
        long count = s.latencies().getTotalCount();
        return "| " + r.concurrency() + " | " + label + " | " + format(r.requestsPerSecond(s), 0) + " | "
                + ms(s, 50) + " | " + ms(s, 90) + " | " + ms(s, 99) + " | "
                + format(s.latencies().getMaxValue() / 1000.0, 1) + " | " + s.errors() + " | "
                + (count == 0 ? "-" : format(s.bytes() / 1024.0 / count, 1)) + " | "
                + (count == 0 ? "-" : format(100.0 * s.repeats() / count, 0) + " %") + " | " + cpu + " | " + target + " |\n";
    }

    private static String wrkRow(WrkLoad.Result w, boolean readTarget) {
        String cpu = w.cpu() == null ? "?" : format(w.cpu().thisJvmCores(), 2) + " / " + format(w.cpu().childCores(), 2)
                + " / " + format(w.cpu().otherCores(), 2) + perRequest(w.cpu(), w.requestsPerSecond());
        boolean met = w.requestsPerSecond() >= TARGET_READS_PER_SECOND && w.p99() < TARGET_READ_P99_MS;
        return "| " + w.connections() + " | " + format(w.requestsPerSecond(), 0) + " | " + format(w.p50(), 2) + " | "
                + format(w.p90(), 2) + " | " + format(w.p99(), 2) + " | " + format(w.max(), 1) + " | " + w.requests()
                + " | " + w.errors() + " | " + cpu + " | " + (readTarget ? verdict(met, READ_TARGET) : "-") + " |\n";
    }

    private static String cpu(CpuMeter.Usage usage) {
        return usage == null ? "?" : format(usage.thisJvmCores(), 2) + " / " + format(usage.otherCores(), 2);
    }

    /** CPU milliseconds this JVM spent per request: comparable between runs even when other work shared the machine. */
    private static String perRequest(CpuMeter.Usage usage, double requestsPerSecond) {
        return usage == null || requestsPerSecond <= 0 ? ""
                : " (" + format(usage.thisJvmCores() * 1000 / requestsPerSecond, 2) + " ms CPU/request)";
    }

    private static double p99(Stats s) {
        return s.latencies().getValueAtPercentile(99) / 1000.0;
    }

    private static String ms(Stats s, double percentile) {
        return format(s.latencies().getValueAtPercentile(percentile) / 1000.0, 2);
    }

    private static String verdict(boolean met, String target) {
        return (met ? "met (" : "missed (") + target + ")";
    }

    static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
