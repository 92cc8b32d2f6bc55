package eg.gov.bawaba.hub.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.definition.CatalogueFeed;
import eg.gov.bawaba.connectors.definition.DefinitionSecrets;
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
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * Runs an entity definition once without writing anything: reads a sample file, or fetches live through a
 * temporary instance of the connector's route template, then maps and validates every record. The operator's own
 * run ({@code bin/dry-run}) reads the entity's secrets like the hub; a run over the API reads none and calls only the
 * allowed hosts ({@link #runIsolated}).
 */
@Service
public class DryRunService {

    /** Fields a run over the API drops from the connector: everything that names a secret or key of the hub. */
    private static final Pattern SECRET_REFERENCE = Pattern.compile(".*(Env|File)|keyStore|trustStore|tls");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final Environment environment;
    private final List<CatalogueConnector> connectors;
    private final List<ApplicationConnector> deliveries;
    private final DefinitionSecrets secrets;
    private final Set<String> allowedHosts;
    private final Clock clock;
    private final DryRunCredentials credentials = new DryRunCredentials();
    private final AtomicInteger runs = new AtomicInteger();

    /** A run over the API: its report and the hosts it called (none when it worked on a sample or was refused). */
    public record Isolated(DryRunReport report, List<String> hostsContacted) {}

    public DryRunService(CamelContext camel, ProducerTemplate producer, Environment environment,
                         List<CatalogueConnector> connectors, List<ApplicationConnector> deliveries,
                         DefinitionSecrets secrets,
                         @Value("${bawaba.dry-run.allowed-hosts:}") List<String> allowedHosts, Clock clock) {
        this.camel = camel;
        this.producer = producer;
        this.environment = environment;
        this.connectors = connectors;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
        camel.getPropertiesComponent().addPropertiesSource(credentials);
    }

    /**
     * The operator's dry run: secrets are read where the definition names them (within the same rules as the hub) and
     * any host is called.
     *
     * @param definitionFile a definition; its mapping and code-list paths resolve from its own folder
     * @param sample         a sample file in the connector's format, or null to fetch live
     * @param overrides      connector parameters replacing the definition's, e.g. another {@code baseUrl} or {@code wsdl}
     */
    public DryRunReport run(Path definitionFile, Path sample, Map<String, String> overrides) {
        EntityDefinition definition;
        try {
            definition = new EntityDefinitionLoader(definitionFile.toAbsolutePath().getParent(),
                    environment::resolvePlaceholders, connectors, deliveries, secrets)
                    .load(definitionFile.toAbsolutePath());
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
        return mapRecords(definition, feed, connector, sample, definition.id() + "-dry-run-" + runs.incrementAndGet());
    }

    /**
     * A dry run asked for over the API, by someone who may hold no secret of the hub: placeholders take their
     * defaults (no variable is read), every secret reference and the {@code tls} section are dropped, the staging
     * {@code credentials} sent with the request (fields {@code username}, {@code secret}) stand in for them, and a
     * live fetch runs only when every host it would call is in {@code bawaba.dry-run.allowed-hosts}.
     */
    public Isolated runIsolated(Path definitionFile, Path sample, Map<String, String> overrides,
                                Map<String, String> inlineCredentials) {
        EntityDefinition definition;
        try {
            // written into the definition before it is loaded, so the loader checks the overrides like the rest
            applyOverrides(definitionFile, overrides);
            definition = new EntityDefinitionLoader(definitionFile.toAbsolutePath().getParent(),
                    DefinitionSecrets::defaultsOnly, connectors, deliveries, secrets)
                    .load(definitionFile.toAbsolutePath());
        } catch (InvalidEntityDefinitionException e) {
            return new Isolated(DryRunReport.failed(null, null, describe(sample), e.problems()), List.of());
        }
        CatalogueFeed feed = definition.catalogue();
        if (feed == null) {
            return new Isolated(DryRunReport.failed(definition.id(), null, describe(sample),
                    List.of(definitionFile.getFileName() + ": catalogue: the definition has no catalogue section to try")),
                    List.of());
        }
        ObjectNode connectorNode = (ObjectNode) feed.connector();
        dropSecretReferences(connectorNode);
        String runId = definition.id() + "-dry-run-" + runs.incrementAndGet();
        if (!inlineCredentials.isEmpty()) {
            ObjectNode auth = connectorNode.get("auth") instanceof ObjectNode existing ? existing
                    : connectorNode.putObject("auth");
            inlineCredentials.keySet().forEach(field -> auth.put(field + "Env", DryRunCredentials.name(runId, field)));
        }
        CatalogueConnector connector = connectors.stream().filter(c -> c.kind().equals(feed.connectorKind()))
                .findFirst().orElseThrow();
        if (sample != null) {
            return new Isolated(mapRecords(definition, feed, connector, sample, null), List.of());
        }
        String authType = connectorNode.at("/auth/type").asText("none");
        List<String> needed = switch (authType) {
            case "api-key" -> List.of("secret");
            case "basic", "ws-security" -> List.of("username", "secret");
            default -> List.of();
        };
        List<String> missing = needed.stream().filter(f -> !inlineCredentials.containsKey(f)).toList();
        if (!missing.isEmpty()) {
            return new Isolated(DryRunReport.failed(definition.id(), feed.connectorKind(), describe(null), List.of(
                    "fetching refused: a dry run over the API reads no secret of the hub; send the staging system's "
                            + "credentials for auth type " + authType + " as "
                            + missing.stream().map(f -> "credentials." + f).collect(Collectors.joining(" and "))
                            + ", or a sample")), List.of());
        }
        List<String> hosts;
        try {
            hosts = hostsOf(feed.connectorKind(), connectorNode);
        } catch (IllegalArgumentException e) {
            return new Isolated(DryRunReport.failed(definition.id(), feed.connectorKind(), describe(null),
                    List.of("fetching refused: " + e.getMessage())), List.of());
        }
        List<String> refused = hosts.stream().filter(h -> !allowed(h)).toList();
        if (!refused.isEmpty()) {
            return new Isolated(DryRunReport.failed(definition.id(), feed.connectorKind(), describe(null), List.of(
                    "fetching refused: a dry run over the API calls only hosts in bawaba.dry-run.allowed-hosts ("
                            + (allowedHosts.isEmpty() ? "none are" : String.join(", ", new TreeSet<>(allowedHosts)))
                            + "), and " + String.join(", ", refused) + (refused.size() == 1 ? " is" : " are")
                            + " not; send a sample instead")), List.of());
        }
        credentials.put(runId, inlineCredentials);
        try {
            return new Isolated(mapRecords(definition, feed, connector, null, runId), hosts);
        } finally {
            credentials.forget(runId);
        }
    }

    private static void applyOverrides(Path definitionFile, Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return;
        }
        try {
            JsonNode tree = YAML.readTree(Files.readString(definitionFile, StandardCharsets.UTF_8));
            if (tree != null && tree.at("/catalogue/connector") instanceof ObjectNode connector) {
                overrides.forEach(connector::put);
                Files.writeString(definitionFile, YAML.writeValueAsString(tree), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            // not YAML: the loader says so, naming the file
        }
    }

    private DryRunReport mapRecords(EntityDefinition definition, CatalogueFeed feed, CatalogueConnector connector,
                                    Path sample, String runId) {
        List<JsonNode> records;
        List<String> connectorWarnings = new ArrayList<>();
        List<String> locations = new ArrayList<>();
        try {
            records = sample != null ? readSample(sample, feed.connector(), connectorWarnings, locations)
                    : fetch(runId, connector, feed, connectorWarnings, locations);
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

    /** Removes every field naming a secret, a key or a store of the hub, at any depth of the connector. */
    private static void dropSecretReferences(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(field -> SECRET_REFERENCE.matcher(field.getKey()).matches()
                    && !field.getKey().equals("knownHostsFile"));
            object.forEach(DryRunService::dropSecretReferences);
        } else if (node.isArray()) {
            node.forEach(DryRunService::dropSecretReferences);
        }
    }

    /**
     * The hosts ({@code host:port}) a live fetch of this connector calls: a REST entity's {@code baseUrl}; a SOAP
     * entity's {@code wsdl} and {@code address}, which a run over the API must name (else the WSDL would choose).
     */
    static List<String> hostsOf(String kind, JsonNode connector) {
        List<String> urls = new ArrayList<>();
        switch (kind) {
            // as the connector joins them: a path cannot move the call to another host unseen
            case "rest" -> urls.add(connector.path("baseUrl").asText("") + connector.path("path").asText(""));
            case "soap" -> {
                urls.add(connector.path("wsdl").asText(""));
                if (connector.path("address").asText("").isBlank()) {
                    throw new IllegalArgumentException("a SOAP dry run over the API needs connector.address, the "
                            + "service's address, so it calls no host the WSDL names");
                }
                urls.add(connector.path("address").asText(""));
            }
            default -> throw new IllegalArgumentException("kind '" + kind + "' receives files: give a sample file");
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (String url : urls) {
            URI uri;
            try {
                uri = new URI(url.strip());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + url + "' is not an address");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + url + "' is not an http or https address");
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            hosts.add(uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
        }
        return List.copyOf(hosts);
    }

    private boolean allowed(String hostAndPort) {
        return allowedHosts.contains(hostAndPort)
                || allowedHosts.contains(hostAndPort.substring(0, hostAndPort.lastIndexOf(':')));
    }

    @SuppressWarnings("unchecked")
    private List<JsonNode> fetch(String runId, CatalogueConnector connector, CatalogueFeed feed,
                                 List<String> warnings, List<String> locations) throws Exception {
        if (!connector.scheduled()) {
            throw new IllegalArgumentException("kind '" + connector.kind() + "' receives files: give a sample file");
        }
        String routeId = CatalogueConnector.fetchRouteId(runId);
        // a name of its own, so a dry run never shares endpoints or a circuit breaker with the running entity
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
