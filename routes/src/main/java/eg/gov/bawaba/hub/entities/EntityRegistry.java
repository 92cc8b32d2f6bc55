package eg.gov.bawaba.hub.entities;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.definition.EntityDefinition;
import eg.gov.bawaba.connectors.definition.DefinitionSecrets;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.definition.InvalidEntityDefinitionException;
import eg.gov.bawaba.connectors.file.FileApplicationStatus;
import eg.gov.bawaba.connectors.rest.RestApplicationStatusPoll;
import eg.gov.bawaba.hub.cluster.Singletons;
import eg.gov.bawaba.mappings.model.Bilingual;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Keeps the running entities in step with the definition files: each valid definition runs as routes instantiated
 * from its connector kind's template; an added, changed or removed file starts, restarts or stops that entity alone.
 * A broken new file disables that entity only; a broken change to a running entity is rejected and the previous
 * definition keeps running. Problems name the file and the field. A removed file withdraws the entity's catalogue
 * entries ({@link EntityRemovedEvent}).
 */
@Component
public class EntityRegistry {

    /** The hub steps of expert profile deliveries ({@code direct:expert-profile-prepare}, ...). */
    public static final String EXPERT_PROFILE_STEPS = "expert-profile";

    private static final Logger LOG = LoggerFactory.getLogger(EntityRegistry.class);

    private final CamelContext camel;
    private final EntityDefinitionLoader loader;
    private final Map<String, CatalogueConnector> connectorsByKind;
    private final Map<String, ApplicationConnector> deliveryKinds;
    private final DeliveryBreakers breakers;
    private final Suspensions suspensions;
    private final String queuePrefix;
    private final String expertsQueuePrefix;
    private final boolean scheduling;
    private final Singletons singletons;
    private final ApplicationEventPublisher events;
    private final Map<String, RunningEntity> running = new ConcurrentHashMap<>();
    private final Map<String, EntityStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> fingerprints = new HashMap<>();

    public EntityRegistry(CamelContext camel, Environment environment, List<CatalogueConnector> connectors,
                          List<ApplicationConnector> deliveries, DeliveryBreakers breakers, Suspensions suspensions,
                          ApplicationEventPublisher events,
                          @Value("${bawaba.entities.dir}") Path entitiesDir,
                          @Value("${bawaba.catalogue.scheduling:true}") boolean scheduling,
                          @Value("${bawaba.applications.queue-prefix:bawaba.applications.}") String queuePrefix,
                          @Value("${bawaba.experts.queue-prefix:bawaba.experts.}") String expertsQueuePrefix,
                          DefinitionSecrets secrets, Singletons singletons) {
        this.camel = camel;
        this.singletons = singletons;
        this.loader = new EntityDefinitionLoader(entitiesDir.toAbsolutePath().normalize(), environment::resolvePlaceholders,
                connectors, deliveries, secrets);
        this.connectorsByKind = connectors.stream().collect(Collectors.toMap(CatalogueConnector::kind, Function.identity()));
        this.deliveryKinds = deliveries.stream().collect(Collectors.toMap(ApplicationConnector::kind, Function.identity()));
        this.breakers = breakers;
        this.suspensions = suspensions;
        this.queuePrefix = queuePrefix;
        this.expertsQueuePrefix = expertsQueuePrefix;
        this.scheduling = scheduling;
        this.events = events;
    }

    private volatile boolean loaded;

    @EventListener(ApplicationReadyEvent.class)
    public void startAll() {
        LOG.info("Loading entity definitions from {}", loader.entitiesDir());
        reconcile();
        loaded = true;
        events.publishEvent(new EntityDefinitionsLoadedEvent());
    }

    /** Whether every definition has been read once: before, an entity unknown here may just not be loaded yet. */
    public boolean loaded() {
        return loaded;
    }

    /** Starts, restarts or stops entities whose definition files (or their mapping files) were added, changed or removed. */
    public synchronized void reconcile() {
        List<Path> files;
        try {
            files = loader.definitionFiles();
        } catch (IOException e) {
            LOG.error("Cannot list entity definitions in {}: {}", loader.entitiesDir(), e.getMessage());
            return;
        }
        Set<String> present = new HashSet<>();
        for (Path file : files) {
            String id = idOf(file);
            present.add(id);
            String fingerprint = DefinitionFingerprints.of(file, loader.entitiesDir());
            if (!fingerprint.equals(fingerprints.get(id))) {
                boolean known = fingerprints.containsKey(id);
                fingerprints.put(id, fingerprint);
                apply(file, id, known);
            }
        }
        for (String id : new ArrayList<>(fingerprints.keySet())) {
            if (!present.contains(id)) {
                LOG.info("Entity {} removed: its definition file is gone", id);
                stopRoutes(id);
                running.remove(id);
                // before the status goes: once the entity is unknown, its entries are withdrawn
                events.publishEvent(new EntityRemovedEvent(id));
                statuses.remove(id);
                fingerprints.remove(id);
            }
        }
    }

    private void apply(Path file, String id, boolean known) {
        EntityDefinition definition;
        try {
            definition = loader.load(file);
        } catch (InvalidEntityDefinitionException e) {
            e.problems().forEach(p -> LOG.error("Entity definition rejected: {}", p));
            RunningEntity previous = running.get(id);
            if (previous != null) {
                List<String> problems = e.problems().stream()
                        .map(p -> "change rejected, the previous definition keeps running: " + p).toList();
                statuses.put(id, status(previous.definition(), previous.connector(), problems));
            } else {
                disable(id, null, e.file(), e.problems());
            }
            return;
        }
        stopRoutes(id);
        try {
            run(definition);
            LOG.info("Entity {} {}", id, known ? "restarted with its changed definition" : "running");
        } catch (Exception e) {
            String problem = definition.sourceFile() + ": catalogue.connector: routes could not start: " + e.getMessage();
            LOG.error("Entity {} disabled: {}", id, problem, e);
            stopRoutes(id);
            disable(id, definition.names(), definition.sourceFile(), List.of(problem));
        }
    }

    private void run(EntityDefinition definition) throws Exception {
        String id = definition.id();
        CatalogueConnector connector = null;
        if (definition.catalogue() != null) {
            connector = connectorsByKind.get(definition.catalogue().connectorKind());
            TemplatedRouteBuilder fetch = TemplatedRouteBuilder.builder(camel, connector.templateId())
                    .routeId(CatalogueConnector.fetchRouteId(id))
                    .parameters(connector.templateParameters(id, definition.catalogue().connector()));
            if (!connector.scheduled()) {
                // a file or SFTP drop: its consumer reads the folder, on one hub of a cluster only
                fetch.parameter(Singletons.TEMPLATE_PARAMETER, singletons.prefix(id + "-catalogue"));
            }
            fetch.add();
            if (scheduling && connector.scheduled()) {
                TemplatedRouteBuilder.builder(camel, CatalogueScheduleRoutes.TEMPLATE_ID)
                        .routeId(scheduleRouteId(id))
                        .parameter(Singletons.TEMPLATE_PARAMETER, singletons.prefix(id + "-catalogue"))
                        .parameter("entityId", id)
                        .parameter("periodMillis", definition.catalogue().every().toMillis())
                        .parameter("delayMillis", definition.catalogue().initialDelay().toMillis())
                        .add();
            }
        }
        if (definition.applications() != null) {
            String routeId = ApplicationConnector.deliveryRouteId(id);
            JsonNode settings = definition.applications().connector();
            addDelivery(id, routeId, definition.applications().connectorKind(), settings, queuePrefix + id,
                    breakers.bind(id, routeId, settings.path("circuitBreaker")), definition.applications().maxAttempts(),
                    definition.applications().retryFor(), ApplicationConnector.DEFAULT_HUB_STEPS);
            // --- status files (applications.status.mode: files): the entity's status folder, read by its own route ---
            if ("files".equals(definition.applications().statusMode())) {
                TemplatedRouteBuilder.builder(camel, FileApplicationStatus.TEMPLATE_ID)
                        .routeId(FileApplicationStatus.routeId(id))
                        .parameters(FileApplicationStatus.templateParameters(id, definition.applications().status()))
                        .parameter(Singletons.TEMPLATE_PARAMETER, singletons.prefix(id + "-status"))
                        .add();
            }
            // --- end of status files ---
            if ("poll".equals(definition.applications().statusMode())) {
                if (!"rest".equals(definition.applications().connectorKind())) {
                    throw new IllegalStateException("applications.status.mode poll needs delivery kind rest");
                }
                TemplatedRouteBuilder.builder(camel, RestApplicationStatusPoll.TEMPLATE_ID)
                        .routeId(RestApplicationStatusPoll.routeId(id))
                        .parameters(RestApplicationStatusPoll.templateParameters(id, settings,
                                definition.applications().status()))
                        .parameter(Singletons.TEMPLATE_PARAMETER, singletons.prefix(id + "-status"))
                        .add();
            }
        }
        if (definition.experts() != null) {
            String routeId = expertsDeliveryRouteId(id);
            JsonNode settings = definition.experts().connector();
            addDelivery(id, routeId, definition.experts().connectorKind(), settings, expertsQueuePrefix + id,
                    breakers.bindExperts(id, routeId, settings.path("circuitBreaker")), definition.experts().maxAttempts(),
                    definition.experts().retryFor(), EXPERT_PROFILE_STEPS);
        }
        running.put(id, new RunningEntity(definition, connector));
        statuses.put(id, status(definition, connector, List.of()));
        if (suspensions.isSuspended(id)) {
            // an operator's suspension outlives restarts and definition changes
            suspendRoutes(id);
            LOG.info("Entity {} stays suspended: {}", id, suspensions.of(id).orElseThrow());
        }
    }

    /** A delivery route from its kind's template, consuming {@code queue} and calling the hub steps {@code hubSteps}. */
    private void addDelivery(String id, String routeId, String kind, JsonNode settings, String queue, String breaker,
                             int maxAttempts, Duration retryFor, String hubSteps) throws Exception {
        ApplicationConnector delivery = deliveryKinds.get(kind);
        TemplatedRouteBuilder.builder(camel, delivery.templateId())
                .routeId(routeId)
                .parameters(delivery.templateParameters(id, settings))
                .parameter("entityId", id)
                .parameter("queue", queue)
                .parameter("breaker", breaker)
                .parameter("maxAttempts", maxAttempts)
                .parameter("retryFor", retryFor.toMillis())
                .parameter(ApplicationConnector.HUB_STEPS, hubSteps)
                .add();
    }

    /**
     * Stops the entity's routes (catalogue schedule, delivery, status reading) until {@link #resume}; its
     * applications keep being accepted and wait in its queue. False when it was already suspended.
     */
    public synchronized boolean suspend(String entityId, String by, String reason, Instant at) {
        running(entityId);
        if (suspensions.isSuspended(entityId)) {
            return false;
        }
        suspensions.suspend(entityId, new Suspensions.Suspension(by, at, reason));
        suspendRoutes(entityId);
        LOG.warn("Entity {} suspended by {}: {}", entityId, by, reason);
        return true;
    }

    /** Starts the entity's routes again; delivery stays held while its circuit breaker is open. False when not suspended. */
    public synchronized boolean resume(String entityId, String by) {
        running(entityId);
        if (!suspensions.isSuspended(entityId)) {
            return false;
        }
        suspensions.resume(entityId);
        resumeRoutes(entityId);
        LOG.warn("Entity {} resumed by {}", entityId, by);
        return true;
    }

    /**
     * Takes the suspensions and resumes other hubs of a cluster recorded into this hub: stops or starts again the
     * routes of the entities concerned, so an operator's action holds cluster-wide whichever hub received it.
     */
    public synchronized void followSuspensions() {
        Map<String, Suspensions.Suspension> stored = suspensions.stored();
        stored.forEach((entityId, suspension) -> {
            if (!suspensions.isSuspended(entityId)) {
                suspensions.suspendedElsewhere(entityId, suspension);
                if (running.containsKey(entityId)) {
                    suspendRoutes(entityId);
                }
                LOG.warn("Entity {} suspended by {} on another hub: {}", entityId, suspension.by(),
                        suspension.reason());
            }
        });
        for (String entityId : suspensions.suspended()) {
            if (!stored.containsKey(entityId)) {
                suspensions.resumedElsewhere(entityId);
                if (running.containsKey(entityId)) {
                    resumeRoutes(entityId);
                }
                LOG.warn("Entity {} resumed on another hub", entityId);
            }
        }
    }

    private void resumeRoutes(String entityId) {
        for (String routeId : routeIds(entityId)) {
            boolean breakerHolds = (routeId.equals(ApplicationConnector.deliveryRouteId(entityId))
                    && breakers.state(entityId) == CircuitBreaker.State.OPEN)
                    || (routeId.equals(expertsDeliveryRouteId(entityId))
                    && breakers.expertsState(entityId) == CircuitBreaker.State.OPEN);
            try {
                if (!breakerHolds) {
                    camel.getRouteController().resumeRoute(routeId);
                }
            } catch (Exception e) {
                LOG.error("Could not resume route {}: {}", routeId, e.getMessage());
            }
        }
    }

    public Optional<Suspensions.Suspension> suspension(String entityId) {
        return suspensions.of(entityId);
    }

    /** The ids of the routes this entity runs now. */
    public List<String> routeIds(String entityId) {
        return allRouteIds(entityId).stream().filter(r -> camel.getRoute(r) != null).toList();
    }

    private void suspendRoutes(String id) {
        for (String routeId : routeIds(id)) {
            try {
                camel.getRouteController().suspendRoute(routeId);
            } catch (Exception e) {
                LOG.error("Could not suspend route {}: {}", routeId, e.getMessage());
            }
        }
    }

    private static EntityStatus status(EntityDefinition definition, CatalogueConnector connector, List<String> problems) {
        List<String> kinds = connector == null ? List.of() : List.of(connector.sourceProtocol());
        return new EntityStatus(definition.id(), definition.names(), EntityStatus.State.RUNNING, kinds,
                definition.sourceFile(), problems);
    }

    private void disable(String id, Bilingual names, String file, List<String> problems) {
        running.remove(id);
        statuses.put(id, new EntityStatus(id, names, EntityStatus.State.DISABLED, List.of(), file, problems));
    }

    private static List<String> allRouteIds(String id) {
        return List.of(scheduleRouteId(id), CatalogueConnector.fetchRouteId(id), ApplicationConnector.deliveryRouteId(id),
                FileApplicationStatus.routeId(id) /* status files */, RestApplicationStatusPoll.routeId(id),
                expertsDeliveryRouteId(id));
    }

    /** The route delivering expert profiles to an entity subscribed to them. */
    public static String expertsDeliveryRouteId(String id) {
        return id + "-experts-deliver";
    }

    /** The running entities whose definition subscribes them to expert profiles, in id order. */
    public List<EntityDefinition> subscribedToExperts() {
        return running.values().stream().map(RunningEntity::definition).filter(d -> d.experts() != null)
                .sorted(Comparator.comparing(EntityDefinition::id)).toList();
    }

    private void stopRoutes(String id) {
        for (String routeId : allRouteIds(id)) {
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

    private static String scheduleRouteId(String id) {
        return id + "-catalogue-schedule";
    }

    private static String idOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
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

    /** What the hub knows of this entity's definition, running or disabled; empty when no definition has this id. */
    public Optional<EntityStatus> status(String entityId) {
        return Optional.ofNullable(statuses.get(entityId));
    }

    /** Every entity definition the hub has seen, running or disabled, in id order. */
    public List<EntityStatus> statuses() {
        return statuses.values().stream().sorted(Comparator.comparing(EntityStatus::id)).toList();
    }
}
