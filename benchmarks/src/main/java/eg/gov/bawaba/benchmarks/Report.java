package eg.gov.bawaba.benchmarks;

import eg.gov.bawaba.benchmarks.BenchHub.SyncRun;
import eg.gov.bawaba.benchmarks.ReadLoad.Stats;
import eg.gov.bawaba.benchmarks.RequestMix.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final double TARGET_SYNC_SECONDS = 20;
    private static final double TARGET_RESYNC_SECONDS = 5;

    private final BenchSettings settings;
    private final List<String[]> syncs = new ArrayList<>();
    private final List<ReadLoad.Result> reads = new ArrayList<>();
    private final List<WrkLoad.Result> wrkRuns = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Report(BenchSettings settings) {
        this.settings = settings;
    }

    void sync(String what, SyncRun run, Double targetSeconds) {
        var r = run.report();
        syncs.add(new String[] {what, String.valueOf(run.records()), format(run.seconds(), 2),
                format(run.records() / run.seconds(), 0),
                r.path("added").asText() + " / " + r.path("updated").asText() + " / " + r.path("unchanged").asText()
                        + " / " + r.path("withdrawn").asText() + " / " + r.path("quarantined").asText(),
                targetSeconds == null ? "-" : verdict(run.seconds() < targetSeconds, "< " + format(targetSeconds, 0) + " s")});
    }

    void read(ReadLoad.Result result) {
        reads.add(result);
    }

    void wrk(WrkLoad.Result result) {
        wrkRuns.add(result);
    }

    void note(String note) {
        notes.add(note);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Catalogue benchmark, ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append("\n\n").append(Machine.describe()).append("\n\nSettings: ").append(settings).append("\n\n");
        md.append("### Sync\n\n| sync | records | seconds | records/s | added / updated / unchanged / withdrawn / "
                + "quarantined | target |\n|---|---:|---:|---:|---|---|\n");
        syncs.forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
        md.append("\n### Reads, ").append(settings.readEntries()).append(" entries, JDK HttpClient in the same JVM\n\n")
                .append("| workers | request | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | KiB/response |"
                        + " target |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (ReadLoad.Result r : reads) {
            for (Kind kind : Kind.values()) {
                md.append(row(r, kind.name(), r.byKind().get(kind), ""));
            }
            md.append(row(r, "**all**", r.overall(), verdict(r.requestsPerSecond(r.overall()) >= TARGET_READS_PER_SECOND
                    && p99(r.overall()) < TARGET_READ_P99_MS, ">= 5000/s, p99 < 20 ms")));
        }
        if (!wrkRuns.isEmpty()) {
            md.append("\n### Reads, same mix driven by wrk (1 thread)\n\n| connections | requests/s | p50 ms | p90 ms |"
                    + " p99 ms | max ms | requests | errors | target |\n|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (WrkLoad.Result w : wrkRuns) {
                md.append("| ").append(w.connections()).append(" | ").append(format(w.requestsPerSecond(), 0))
                        .append(" | ").append(format(w.p50(), 2)).append(" | ").append(format(w.p90(), 2))
                        .append(" | ").append(format(w.p99(), 2)).append(" | ").append(format(w.max(), 1))
                        .append(" | ").append(w.requests()).append(" | ").append(w.errors()).append(" | ")
                        .append(verdict(w.requestsPerSecond() >= TARGET_READS_PER_SECOND && w.p99() < TARGET_READ_P99_MS,
                                ">= 5000/s, p99 < 20 ms"))
                        .append(" |\n");
            }
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

    static double targetSync() {
        return TARGET_SYNC_SECONDS;
    }

    static double targetResync() {
        return TARGET_RESYNC_SECONDS;
    }

    private static String row(ReadLoad.Result r, String label, Stats s, String target) {
        long count = s.latencies().getTotalCount();
        return "| " + r.concurrency() + " | " + label + " | " + format(r.requestsPerSecond(s), 0) + " | "
                + ms(s, 50) + " | " + ms(s, 90) + " | " + ms(s, 99) + " | "
                + format(s.latencies().getMaxValue() / 1000.0, 1) + " | " + s.errors() + " | "
                + (count == 0 ? "-" : format(s.bytes() / 1024.0 / count, 1)) + " | " + target + " |\n";
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
