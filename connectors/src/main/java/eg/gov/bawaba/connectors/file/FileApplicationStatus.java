package eg.gov.bawaba.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.definition.DurationText;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Status files ({@code applications.status.mode: files}): the entity drops files of status lines (CSV or JSON lines:
 * reference or applicationId, status IN_REVIEW | APPROVED | REJECTED | COMPLETED, note) into a folder the hub reads.
 * Each line goes to {@link #REPORT}, where the hub applies it with the rules of the status callback; the file then
 * moves to {@code done/}, or to {@code error/} beside a {@code <name>.reason} that says which lines failed and why.
 *
 * <p>A file is read whole before any line is applied: a file with one unreadable line applies nothing. Applying a line
 * again is harmless (an application that already reached the status is left as it is), so a file processed twice —
 * dropped again, or re-read after a crash before it was moved — changes nothing the second time.
 *
 * <p>Template parameters (docs/_drafts/onboarding-file-applications.md has the definition fields they come from):
 * <table>
 * <tr><th>parameter</th><th>required</th><th>default</th><th>example</th></tr>
 * <tr><td>entityId</td><td>yes</td><td></td><td>nosi</td></tr>
 * <tr><td>directory</td><td>yes (absolute; relative paths resolve from the hub's working folder)</td><td></td>
 *     <td>/srv/bawaba/var/drops/nosi/status</td></tr>
 * <tr><td>format</td><td>yes</td><td></td><td>csv | jsonl</td></tr>
 * <tr><td>include</td><td>no</td><td>(?i).*\.csv or (?i).*\.jsonl (by format)</td><td>status-.*\.csv</td></tr>
 * <tr><td>pollMillis</td><td>no</td><td>10000</td><td>5000</td></tr>
 * <tr><td>stableMillis</td><td>no</td><td>1000</td><td>3000</td></tr>
 * <tr><td>doneFolder, errorFolder</td><td>no</td><td>done, error</td><td>archive, rejected</td></tr>
 * </table>
 */
@Component
public class FileApplicationStatus extends RouteBuilder {

    public static final String TEMPLATE_ID = "file-application-status";
    /** The hub endpoint applying one status line; body a {@link StatusLine}, settled by the hub. */
    public static final String REPORT = "direct:application-status-file-line";

    private static final Map<String, String> DEFAULTS = Map.of(
            "pollMillis", "10000",
            "stableMillis", "1000",
            "doneFolder", "done",
            "errorFolder", "error");

    /** The route id of the entity's status file consumer. */
    public static String routeId(String entityId) {
        return entityId + "-applications-status";
    }

    /** Template parameters for one entity, from {@code applications.status} of its definition. */
    public static Map<String, Object> templateParameters(String entityId, JsonNode status) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("entityId", entityId);
        p.put("directory", Path.of(status.get("directory").asText()).toAbsolutePath().normalize().toString());
        String format = status.get("format").asText();
        if (!format.equals("csv") && !format.equals("jsonl")) {
            throw new IllegalArgumentException("status format must be csv or jsonl, not '" + format + "'");
        }
        p.put("format", format);
        p.put("include", status.path("include").asText(FileDropConnector.defaultInclude(format)));
        if (status.path("pollEvery").isTextual()) {
            p.put("pollMillis", String.valueOf(DurationText.parse(status.get("pollEvery").asText()).toMillis()));
        }
        if (status.path("stableFor").isTextual()) {
            p.put("stableMillis", String.valueOf(DurationText.parse(status.get("stableFor").asText()).toMillis()));
        }
        FileDropConnector.putText(p, "doneFolder", status.path("doneFolder"));
        FileDropConnector.putText(p, "errorFolder", status.path("errorFolder"));
        DEFAULTS.forEach(p::putIfAbsent);
        if (p.get("doneFolder").equals(p.get("errorFolder"))) {
            throw new IllegalArgumentException("doneFolder and errorFolder must differ, both are '" + p.get("doneFolder")
                    + "'");
        }
        // as the catalogue drop: a file still being written is left alone until unchanged for stableFor
        long stable = Long.parseLong(p.get("stableMillis").toString());
        long check = Math.max(100, Math.min(1000, stable / 2));
        p.put("lockCheckMillis", String.valueOf(check));
        p.put("lockTimeoutMillis", String.valueOf(stable * 3 + check * 2 + 2000));
        return p;
    }

    @Override
    public void configure() {
        var template = routeTemplate(TEMPLATE_ID)
                .templateParameter("entityId")
                .templateParameter("directory")
                .templateParameter("format")
                .templateParameter("include")
                .templateParameter("lockCheckMillis")
                .templateParameter("lockTimeoutMillis");
        DEFAULTS.forEach(template::templateParameter);
        // a prefix of the consumer: a hub of a cluster sets it (master:...) so one hub only reads the folder
        template.templateParameter(FileDropConnector.SINGLETON, "");
        template.templateBean("statusFiles", StatusFiles.class, rtc -> new StatusFiles(rtc.getParameters()))
                .from("{{" + FileDropConnector.SINGLETON + "}}file:{{directory}}?"
                        + FileDropConnector.commonConsumerOptions())
                // every failure is handled below: explained in a .reason file, then the file moves to the error folder
                .errorHandler(noErrorHandler())
                .bean("{{statusFiles}}", "identify")
                .doTry()
                    .bean("{{statusFiles}}", "read")
                    .split(body()).stopOnException()
                        .to(REPORT)
                    .end()
                    .bean("{{statusFiles}}", "conclude")
                .endDoTry()
                .doCatch(Exception.class)
                    .bean("{{statusFiles}}", "explainFailure")
                    .to("file:{{directory}}/{{errorFolder}}?fileExist=Override")
                    .bean("{{statusFiles}}", "rethrow")
                .end();
    }
}
