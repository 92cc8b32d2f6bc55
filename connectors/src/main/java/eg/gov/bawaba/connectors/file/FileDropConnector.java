package eg.gov.bawaba.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.definition.DurationText;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.IdempotentRepository;

/**
 * The route template the file-drop kinds share: consume each file of the entity's folder once, send its records to
 * {@link CatalogueConnector#INGEST}, then move it to the done folder, or to the error folder beside a {@code .reason}.
 *
 * <p>Processed files are remembered by name and SHA-256 in the repository the hub supplies ({@link ProcessedFileStores},
 * its database: docs/decisions/0005-file-drop-idempotency.md), so neither a restart nor a new leader of a cluster syncs
 * them again. A key is added only after the file was applied, and dropped again when the file fails, so a failed file
 * dropped again is retried.
 *
 * <p>Template parameters of every file-drop kind, besides each kind's own: {@code entityId}, {@code trigger},
 * {@code directory}, {@code format}, {@code include}, the optional ones of {@link #COMMON_DEFAULTS}, {@value #SINGLETON}
 * (default empty) and {@value #PROCESSED_FILE_STORES} (default {@value ProcessedFileStores#DEFAULT_BEAN}: the name of
 * the {@link ProcessedFileStores} bean in the Camel registry; a route does not start without it).
 */
abstract class FileDropConnector extends RouteBuilder implements CatalogueConnector {

    /** Template parameter: what goes before the folder's consumer URI (empty unless a cluster's hub sets it). */
    public static final String SINGLETON = "singleton";

    /** Template parameter: the name of the {@link ProcessedFileStores} bean that remembers the processed files. */
    public static final String PROCESSED_FILE_STORES = "processedFileStores";

    /** Template parameters every file-drop kind has, with their defaults; the kinds add their own. */
    static final Map<String, String> COMMON_DEFAULTS = Map.of(
            "recordElement", "",
            "recordsPointer", "",
            "pollMillis", "10000",
            "stableMillis", "1000",
            "doneFolder", "done",
            "errorFolder", "error");

    @Override
    public final boolean scheduled() {
        return false;
    }

    /** The consumer of the entity's folder, with the placeholders of the template parameters. */
    protected abstract String sourceUri();

    /** A producer writing into the entity's error folder, for the {@code .reason} files. */
    protected abstract String reasonUri();

    /** The kind's own parameters: the directory as the consumer wants it, connection and credentials. */
    protected abstract void putKindParameters(String entityId, JsonNode connector, Map<String, Object> parameters);

    /** The kind's own optional parameters and their defaults. */
    protected abstract Map<String, String> kindDefaults();

    /** The kind's own required parameters, always set by {@link #putKindParameters}. */
    protected String[] kindRequiredParameters() {
        return new String[0];
    }

    /** The kind's own parameters that may be absent, for options dropped from the URI when unset ({@code {{?name}}}). */
    protected String[] kindOptionalParameters() {
        return new String[0];
    }

    @Override
    public Map<String, Object> templateParameters(String entityId, JsonNode c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("entityId", entityId);
        p.put("trigger", sourceProtocol());
        String format = c.get("format").asText();
        p.put("format", format);
        p.put("include", c.path("include").asText(defaultInclude(format)));
        putText(p, "recordElement", c.path("recordElement"));
        putText(p, "recordsPointer", c.path("recordsPointer"));
        putMillis(p, "pollMillis", c.path("pollEvery"));
        putMillis(p, "stableMillis", c.path("stableFor"));
        putText(p, "doneFolder", c.path("doneFolder"));
        putText(p, "errorFolder", c.path("errorFolder"));
        putKindParameters(entityId, c, p);
        kindDefaults().forEach(p::putIfAbsent);
        COMMON_DEFAULTS.forEach(p::putIfAbsent);
        if (p.get("doneFolder").equals(p.get("errorFolder"))) {
            throw new IllegalArgumentException("doneFolder and errorFolder must differ, both are '" + p.get("doneFolder")
                    + "'");
        }
        // a file still being written is left alone until unchanged for stableFor; re-checked a few times meanwhile
        long stable = Long.parseLong(p.get("stableMillis").toString());
        long check = Math.max(100, Math.min(1000, stable / 2));
        p.put("lockCheckMillis", String.valueOf(check));
        p.put("lockTimeoutMillis", String.valueOf(stable * 3 + check * 2 + 2000));
        return p;
    }

    @Override
    public void configure() {
        var template = routeTemplate(templateId())
                .templateParameter("entityId")
                .templateParameter("trigger")
                .templateParameter("directory")
                .templateParameter("format")
                .templateParameter("include")
                .templateParameter("lockCheckMillis")
                .templateParameter("lockTimeoutMillis");
        COMMON_DEFAULTS.forEach(template::templateParameter);
        // a prefix of the consumer: a hub of a cluster sets it (master:...) so one hub only reads the folder
        template.templateParameter(SINGLETON, "");
        template.templateParameter(PROCESSED_FILE_STORES, ProcessedFileStores.DEFAULT_BEAN);
        kindDefaults().forEach(template::templateParameter);
        for (String required : kindRequiredParameters()) {
            template.templateParameter(required);
        }
        for (String optional : kindOptionalParameters()) {
            template.templateOptionalParameter(optional);
        }
        template.templateBean("drop", DroppedFiles.class,
                        rtc -> new DroppedFiles(FileDropSettings.from(rtc.getParameters())))
                .templateBean("processedFiles", IdempotentRepository.class, rtc -> processedFiles(
                        rtc.getCamelContext(), rtc.getParameters().get(PROCESSED_FILE_STORES).toString(),
                        rtc.getParameters().get("entityId").toString()))
                .from("{{" + SINGLETON + "}}" + sourceUri())
                // every failure is handled below: explained in a .reason file, then the file moves to the error folder
                .errorHandler(noErrorHandler())
                .bean("{{drop}}", "identify")
                .idempotentConsumer(exchangeProperty(DroppedFiles.FILE_KEY))
                    .idempotentRepository("{{processedFiles}}")
                    // remembered only once applied: a crash mid-file must not leave it marked as done
                    .eager(false)
                    // forgotten when it fails, so the same file dropped again after the fix is synced
                    .removeOnFailure(true)
                    .skipDuplicate(false)
                    .filter(exchangeProperty(Exchange.DUPLICATE_MESSAGE))
                        .bean("{{drop}}", "skipDuplicate")
                        .stop()
                    .end()
                    .doTry()
                        .bean("{{drop}}", "read")
                        .to(CatalogueConnector.INGEST)
                        .bean("{{drop}}", "synced")
                    .doCatch(Exception.class)
                        .bean("{{drop}}", "explainFailure")
                        .to(reasonUri())
                        .bean("{{drop}}", "rethrow")
                    .end()
                .end();
    }

    /**
     * The consumer options both kinds share: the include pattern, polling, a read lock that waits for a file to be
     * completely written, and the done and error folders, named by the file's last name segment only.
     */
    static String commonConsumerOptions() {
        return "include=RAW({{include}})"
                + "&recursive=false"
                + "&delay={{pollMillis}}"
                + "&readLock=changed"
                + "&readLockMinAge={{stableMillis}}"
                + "&readLockCheckInterval={{lockCheckMillis}}"
                + "&readLockTimeout={{lockTimeoutMillis}}"
                // an empty file must reach the reader (and the error folder), not wait forever for content
                + "&readLockMinLength=0"
                + "&move={{doneFolder}}/${file:onlyname}"
                + "&moveFailed={{errorFolder}}/${file:onlyname}";
    }

    /** The entity's repository from the hub's {@link ProcessedFileStores} bean of that name. */
    static IdempotentRepository processedFiles(CamelContext camel, String storesBean, String entityId) {
        ProcessedFileStores stores = camel.getRegistry().lookupByNameAndType(storesBean, ProcessedFileStores.class);
        if (stores == null) {
            throw new IllegalStateException("entity " + entityId + ": no bean '" + storesBean + "' of type "
                    + ProcessedFileStores.class.getName() + " remembers the processed files; the hub supplies it");
        }
        return stores.forEntity(entityId);
    }

    static String defaultInclude(String format) {
        return "(?i).*\\." + format;
    }

    static void putText(Map<String, Object> p, String key, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            p.put(key, value.asText());
        }
    }

    private static void putMillis(Map<String, Object> p, String key, JsonNode duration) {
        if (duration.isTextual()) {
            p.put(key, String.valueOf(DurationText.parse(duration.asText()).toMillis()));
        }
    }
}
