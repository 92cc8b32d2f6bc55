package eg.gov.bawaba.hub.entities;

import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.definition.EntityDefinition;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.definition.InvalidEntityDefinitionException;
import eg.gov.bawaba.mappings.model.Bilingual;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Reads every entity definition at start and runs each valid one as routes instantiated from its connector kind's
 * template; a broken definition disables that entity alone, with problems that name the file and field.
 */
@Component
public class EntityRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(EntityRegistry.class);

    private final CamelContext camel;
    private final EntityDefinitionLoader loader;
    private final Map<String, CatalogueConnector> connectorsByKind;
    private final boolean scheduling;
    private final Map<String, RunningEntity> running = new ConcurrentHashMap<>();
    private final Map<String, EntityStatus> statuses = new ConcurrentHashMap<>();

    public EntityRegistry(CamelContext camel, Environment environment, List<CatalogueConnector> connectors,
                          @Value("${bawaba.entities.dir}") Path entitiesDir,
                          @Value("${bawaba.catalogue.scheduling:true}") boolean scheduling) {
        this.camel = camel;
        this.loader = new EntityDefinitionLoader(entitiesDir.toAbsolutePath().normalize(), environment::resolvePlaceholders,
                connectors);
        this.connectorsByKind = connectors.stream().collect(Collectors.toMap(CatalogueConnector::kind, Function.identity()));
        this.scheduling = scheduling;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void startAll() {
        List<Path> files;
        try {
            files = loader.definitionFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list entity definitions in " + loader.entitiesDir(), e);
        }
        LOG.info("Loading {} entity definitions from {}", files.size(), loader.entitiesDir());
        files.forEach(this::start);
    }

    /** Loads one definition file and starts its routes, or records why it cannot run. */
    public EntityStatus start(Path file) {
        String fallbackId = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        EntityDefinition definition;
        try {
            definition = loader.load(file);
        } catch (InvalidEntityDefinitionException e) {
            e.problems().forEach(p -> LOG.error("Entity definition rejected: {}", p));
            return disable(fallbackId, null, e.file(), e.problems());
        }
        try {
            return run(definition);
        } catch (Exception e) {
            String problem = definition.sourceFile() + ": catalogue.connector: routes could not start: " + e.getMessage();
            LOG.error("Entity {} disabled: {}", definition.id(), problem, e);
            stopRoutes(definition.id());
            return disable(definition.id(), definition.names(), definition.sourceFile(), List.of(problem));
        }
    }

    private EntityStatus run(EntityDefinition definition) throws Exception {
        String id = definition.id();
        List<String> kinds = List.of();
        CatalogueConnector connector = null;
        if (definition.catalogue() != null) {
            connector = connectorsByKind.get(definition.catalogue().connectorKind());
            if (connector == null) {
                throw new IllegalStateException("no connector kind '" + definition.catalogue().connectorKind() + "'");
            }
            TemplatedRouteBuilder.builder(camel, connector.templateId())
                    .routeId(CatalogueConnector.fetchRouteId(id))
                    .parameters(connector.templateParameters(id, definition.catalogue().connector()))
                    .add();
            if (scheduling && connector.scheduled()) {
                TemplatedRouteBuilder.builder(camel, CatalogueScheduleRoutes.TEMPLATE_ID)
                        .routeId(id + "-catalogue-schedule")
                        .parameter("entityId", id)
                        .parameter("periodMillis", definition.catalogue().every().toMillis())
                        .parameter("delayMillis", definition.catalogue().initialDelay().toMillis())
                        .add();
            }
            kinds = List.of(connector.sourceProtocol());
        }
        running.put(id, new RunningEntity(definition, connector));
        EntityStatus status = new EntityStatus(id, definition.names(), EntityStatus.State.RUNNING, kinds,
                definition.sourceFile(), List.of());
        statuses.put(id, status);
        LOG.info("Entity {} running ({})", id, kinds);
        return status;
    }

    private EntityStatus disable(String id, Bilingual names, String file, List<String> problems) {
        running.remove(id);
        EntityStatus status = new EntityStatus(id, names, EntityStatus.State.DISABLED, List.of(), file, problems);
        statuses.put(id, status);
        return status;
    }

    private void stopRoutes(String id) {
        for (String routeId : List.of(id + "-catalogue-schedule", CatalogueConnector.fetchRouteId(id))) {
            try {
                if (camel.getRoute(routeId) != null) {
                    camel.getRouteController().stopRoute(routeId);
                    camel.removeRoute(routeId);
                }
            } catch (Exception e) {
                LOG.warn("Could not remove route {}: {}", routeId, e.getMessage());
            }
        }
    }

    /** The running entity with this id, or an {@link UnknownEntityException}. */
    public RunningEntity running(String entityId) {
        RunningEntity entity = running.get(entityId);
        if (entity == null) {
            EntityStatus status = statuses.get(entityId);
            throw new UnknownEntityException(entityId, status == null ? "is not configured" : "is disabled: "
                    + String.join("; ", status.problems()));
        }
        return entity;
    }

    public boolean isKnown(String entityId) {
        return statuses.containsKey(entityId);
    }

    /** Every entity definition the hub has seen, running or disabled, in id order. */
    public List<EntityStatus> statuses() {
        return statuses.values().stream().sorted(Comparator.comparing(EntityStatus::id)).toList();
    }
}
