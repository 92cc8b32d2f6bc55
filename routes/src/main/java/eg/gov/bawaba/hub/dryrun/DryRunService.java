package eg.gov.bawaba.hub.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.definition.CatalogueFeed;
import eg.gov.bawaba.connectors.definition.EntityDefinition;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.definition.InvalidEntityDefinitionException;
import eg.gov.bawaba.hub.catalogue.CatalogueSyncService;
import eg.gov.bawaba.hub.catalogue.UnchangedRecords;
import eg.gov.bawaba.mappings.LocatedRecords;
import eg.gov.bawaba.mappings.CatalogueMapping;
import eg.gov.bawaba.mappings.MappedRecord;
import eg.gov.bawaba.mappings.NativeRecords;
import eg.gov.bawaba.mappings.QuarantinedRecord;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * Runs an entity definition once without writing anything: reads a sample file, or fetches live through a
 * temporary instance of the connector's route template, then maps and validates every record.
 */
@Service
public class DryRunService {

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final Environment environment;
    private final List<CatalogueConnector> connectors;
    private final List<ApplicationConnector> deliveries;
    private final Clock clock;
    private final AtomicInteger runs = new AtomicInteger();

    public DryRunService(CamelContext camel, ProducerTemplate producer, Environment environment,
                         List<CatalogueConnector> connectors, List<ApplicationConnector> deliveries, Clock clock) {
        this.camel = camel;
        this.producer = producer;
        this.environment = environment;
        this.connectors = connectors;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /**
     * @param definitionFile a definition; its mapping and code-list paths resolve from its own folder
     * @param sample         a sample file in the connector's format, or null to fetch live
     * @param overrides      connector parameters replacing the definition's, e.g. another {@code baseUrl} or {@code wsdl}
     */
    public DryRunReport run(Path definitionFile, Path sample, Map<String, String> overrides) {
        EntityDefinition definition;
        try {
            definition = new EntityDefinitionLoader(definitionFile.toAbsolutePath().getParent(),
                    environment::resolvePlaceholders, connectors, deliveries).load(definitionFile.toAbsolutePath());
        } catch (InvalidEntityDefinitionException e) {
            return DryRunReport.failed(null, null, describe(sample), e.problems());
        }
        CatalogueFeed feed = definition.catalogue();
        if (feed == null) {
            return DryRunReport.failed(definition.id(), null, describe(sample),
                    List.of(definitionFile + ": catalogue: the definition has no catalogue section to try"));
        }
        overrides.forEach(((ObjectNode) feed.connector())::put);
        CatalogueConnector connector = connectors.stream().filter(c -> c.kind().equals(feed.connectorKind()))
                .findFirst().orElseThrow();
        List<JsonNode> records;
        List<String> connectorWarnings = new ArrayList<>();
        List<String> locations = new ArrayList<>();
        try {
            records = sample != null ? readSample(sample, feed.connector(), connectorWarnings, locations)
                    : fetch(definition.id(), connector, feed, connectorWarnings, locations);
        } catch (Exception e) {
            return DryRunReport.failed(definition.id(), feed.connectorKind(), describe(sample),
                    List.of((sample != null ? "reading the sample failed: " : "fetching failed: ") + rootMessage(e)));
        }
        // record by record, so each quarantine reason says where its record was, as in a sync
        List<MappedRecord> mapped = feed.mapping().mapEach(records, connector.sourceProtocol(), clock.instant());
        List<CatalogueEntry> entries = new ArrayList<>();
        List<QuarantinedRecord> quarantined = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (int i = 0; i < mapped.size(); i++) {
            if (mapped.get(i).excluded()) {
                leftOut.add(UnchangedRecords.location(locations.size() == records.size() ? locations : null, i) + ": "
                        + mapped.get(i).excludedReason());
            } else if (mapped.get(i).entry() != null) {
                entries.add(mapped.get(i).entry());
            } else {
                quarantined.add(mapped.get(i).quarantined().at(UnchangedRecords.location(
                        locations.size() == records.size() ? locations : null, i)));
            }
        }
        List<String> warnings = new ArrayList<>(CatalogueSyncService.feedWarnings(feed, records, connectorWarnings));
        if (!leftOut.isEmpty()) {
            warnings.add(leftOut.size() + " record" + (leftOut.size() == 1 ? " was" : "s were")
                    + " left out by the mapping on purpose (" + CatalogueMapping.EXCLUDE + "): "
                    + String.join("; ", leftOut.stream().limit(20).toList())
                    + (leftOut.size() > 20 ? " and " + (leftOut.size() - 20) + " more" : ""));
        }
        return new DryRunReport(definition.id(), feed.connectorKind(), describe(sample), records.size(),
                entries, quarantined, List.of(), warnings);
    }

    @SuppressWarnings("unchecked")
    private List<JsonNode> fetch(String entityId, CatalogueConnector connector, CatalogueFeed feed,
                                 List<String> warnings, List<String> locations) throws Exception {
        if (!connector.scheduled()) {
            throw new IllegalArgumentException("kind '" + connector.kind() + "' receives files: give a sample file");
        }
        // a name of its own, so a dry run never shares endpoints or a circuit breaker with the running entity
        String runId = entityId + "-dry-run-" + runs.incrementAndGet();
        String routeId = CatalogueConnector.fetchRouteId(runId);
        TemplatedRouteBuilder.builder(camel, connector.templateId())
                .routeId(routeId)
                .parameters(connector.templateParameters(runId, feed.connector()))
                .add();
        try {
            Exchange done = producer.send(CatalogueConnector.fetchEndpoint(runId), e -> { });
            if (done.getException() != null) {
                throw done.getException();
            }
            List<String> named = done.getProperty(CatalogueConnector.WARNINGS, List.class);
            warnings.addAll(named == null ? List.of() : named);
            List<String> located = done.getProperty(CatalogueConnector.RECORD_LOCATIONS, List.class);
            locations.addAll(located == null ? List.of() : located);
            return done.getMessage().getMandatoryBody(List.class);
        } finally {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
    }

    /**
     * Reads a sample by its extension: CSV, XML ({@code recordElement}) or JSON ({@code recordsPointer}), adding what
     * the reader warns about and where each record was (CSV rows).
     */
    static List<JsonNode> readSample(Path sample, JsonNode connector, List<String> warnings, List<String> locations)
            throws IOException {
        String name = sample.getFileName().toString().toLowerCase(Locale.ROOT);
        byte[] content = Files.readAllBytes(sample);
        if (name.endsWith(".csv")) {
            LocatedRecords rows = NativeRecords.fromCsvLocated(content);
            locations.addAll(rows.locations());
            return rows.records();
        }
        String text = new String(content, StandardCharsets.UTF_8);
        if (name.endsWith(".xml")) {
            String element = connector.path("recordElement").asText();
            List<JsonNode> records = NativeRecords.fromXml(text, element);
            NativeRecords.unmatchedRecordElement(text, element, records.size()).ifPresent(warnings::add);
            return records;
        }
        return NativeRecords.fromJson(text, connector.path("recordsPointer").asText(""));
    }

    private static String describe(Path sample) {
        return sample == null ? "live fetch" : "sample " + sample.getFileName();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root.getClass().getSimpleName() + ": "
                + root.getMessage() + ")";
    }
}
