package eg.gov.bawaba.hub.experts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.connectors.definition.ExpertsFeed;
import eg.gov.bawaba.hub.api.ApiProblem;
import eg.gov.bawaba.hub.applications.PersonalDataCipher;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Delivery;
import eg.gov.bawaba.hub.experts.ExpertStore.StoredCall;
import eg.gov.bawaba.hub.experts.ExpertStore.StoredExpert;
import eg.gov.bawaba.hub.security.Owner;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.JsonSchemaCheck;
import jakarta.annotation.PostConstruct;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The experts registry: registers and updates profiles given with consent (stored encrypted), hides a profile the
 * moment its consent is withdrawn, searches the consenting ones, matches them to the entities' calls for experts, and
 * has every change delivered to the entities subscribed to it ({@link ExpertDeliveries}).
 * Logs carry ids only, never what describes a person.
 */
@Service
public class ExpertsRegistry {

    static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private static final Logger LOG = LoggerFactory.getLogger(ExpertsRegistry.class);
    private static final JsonSchemaCheck PROFILE_SCHEMA = JsonSchemaCheck.fromClasspath("/schema/expert-profile.schema.json");
    private static final JsonSchemaCheck CALL_SCHEMA = JsonSchemaCheck.fromClasspath("/schema/expert-call.schema.json");
    private static final ObjectMapper SORTED = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    // a consent time a little ahead of the hub's clock is the app backend's clock drifting, not a consent to come
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** Receipt of a registration: the profile and whether this call created it (false for an idempotent replay). */
    public record Receipt(StoredExpert expert, boolean created) {}

    private static final Duration FOLLOW_OVERLAP = Duration.ofSeconds(30);

    /** One expert matched to a call: how well, and why. */
    public record Match(ExpertsIndex.Entry expert, int score, List<String> fields, String country,
                        List<String> contributions) {}

    private final ExpertStore store;
    private final ExpertsIndex index;
    private final ExpertTaxonomy taxonomy;
    private final PersonalDataCipher cipher;
    private final EntityRegistry entities;
    private final ExpertDeliveries deliveries;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    // where the next followChanges() reads from: the start of the rebuild, then of the last follow
    private Instant followedFrom;

    public ExpertsRegistry(ExpertStore store, ExpertsIndex index, ExpertTaxonomy taxonomy, PersonalDataCipher cipher,
                           EntityRegistry entities, ExpertDeliveries deliveries, TransactionTemplate tx,
                           ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.index = index;
        this.taxonomy = taxonomy;
        this.cipher = cipher;
        this.entities = entities;
        this.deliveries = deliveries;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    /** Rebuilds the search index from the database: every profile whose consent stands. */
    @PostConstruct
    public synchronized void rebuild() {
        followedFrom = clock.instant();
        index.clear();
        int[] count = {0};
        store.eachActive(e -> {
            index.put(entry(e));
            count[0]++;
        });
        LOG.info("Experts index rebuilt with {} consenting profiles", count[0]);
    }

    /**
     * In profile cluster, takes the profiles other hubs registered, changed or withdrew into this hub's index: those
     * written since the last call, looked at again for {@link #FOLLOW_OVERLAP} to allow for hubs' clocks and commits.
     */
    public synchronized void followChanges() {
        Instant now = clock.instant();
        store.eachChangedSince(followedFrom.minus(FOLLOW_OVERLAP), e -> {
            if (e.status() == ExpertStatus.ACTIVE) {
                index.put(entry(e));
            } else {
                index.remove(e.id());
            }
        });
        followedFrom = now;
    }

    /** Registers a profile owned by the caller (its client, and its citizen if it acts for one); keys are the client's. */
    public Receipt register(Owner caller, String idempotencyKey, JsonNode request) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw ApiProblem.badRequest("Idempotency-Key: a header of 1 to 200 characters is required");
        }
        String hash = hash(request);
        Optional<Receipt> replay = replay(caller, idempotencyKey, hash);
        if (replay.isPresent()) {
            return replay.get();
        }
        checkProfile(request);
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        StoredExpert expert = new StoredExpert(id, idempotencyKey, hash, ExpertStatus.ACTIVE, scope(request),
                givenAt(request), null, cipher.encrypt(profile(request).toString(), ExpertProfileKeys.profileBinding(id)),
                null, now, now, caller.clientId(), caller.citizenHash());
        List<Delivery> deliveries;
        try {
            // the deliveries to subscribed entities are written with the profile: none is lost to a crash
            deliveries = tx.execute(status -> {
                store.insert(expert);
                return planChange(expert.id(), request);
            });
        } catch (DuplicateKeyException raced) {
            // the same key arrived twice at once; the other request stored it first
            return replay(caller, idempotencyKey, hash).orElseThrow(() -> raced);
        }
        index.put(entry(expert));
        this.deliveries.enqueue(deliveries);
        LOG.info("Expert {} registered with consent {}", expert.id(), expert.consentScope());
        return new Receipt(expert, true);
    }

    /**
     * Replaces a consenting expert's profile and consent, for the caller that owns it only (anyone else: 404, nothing
     * changed). Synchronized with {@link #withdraw}: an update that passed the database before a withdrawal must not
     * put the profile back into the index after it.
     */
    public synchronized ExpertsIndex.Entry update(Owner caller, String id, JsonNode request) {
        // the owner is checked before the body: another client learns nothing about the profile, not even its shape
        ExpertsIndex.Entry current = find(caller, id);
        checkProfile(request);
        List<String> scope = scope(request);
        Instant givenAt = givenAt(request);
        List<Delivery> planned = tx.execute(status -> {
            if (!store.update(caller, id, scope, givenAt, cipher.encrypt(profile(request).toString(),
                    ExpertProfileKeys.profileBinding(id)), clock.instant())) {
                throw notFound(id);
            }
            return planChange(id, request);
        });
        ExpertsIndex.Entry entry = new ExpertsIndex.Entry(id, scope, givenAt, profile(request),
                current.ownerClientId(), current.ownerCitizenHash());
        index.put(entry);
        deliveries.enqueue(planned);
        LOG.info("Expert {} updated with consent {}", id, scope);
        return entry;
    }

    /**
     * Withdraws consent, for the caller that owns the profile only (anyone else: 404, nothing changed): the profile
     * leaves searches, lookups and matches before this returns.
     */
    public synchronized void withdraw(Owner caller, String id) {
        List<Delivery> planned = tx.execute(status -> {
            if (!store.withdraw(caller, id, clock.instant())) {
                throw notFound(id);
            }
            return deliveries.planWithdrawal(id);
        });
        index.remove(id);
        deliveries.enqueue(planned);
        LOG.info("Expert {} withdrew consent; hidden now, personal data purged after the retention period", id);
    }

    /** A consenting expert; a withdrawn or unknown one is not found. */
    public ExpertsIndex.Entry find(String id) {
        return index.find(id).orElseThrow(() -> notFound(id));
    }

    /** A consenting expert the caller owns; another client's (or citizen's) is not found, as if there were none. */
    public ExpertsIndex.Entry find(Owner caller, String id) {
        return index.find(id).filter(e -> caller.mayAccess(e.ownerClientId(), e.ownerCitizenHash()))
                .orElseThrow(() -> notFound(id));
    }

    public List<ExpertsIndex.Entry> search(String field, String q, String country, String contribution, int limit) {
        return index.search(field, q, country, contribution, limit);
    }

    /** Stores an entity's call for experts. */
    public StoredCall postCall(JsonNode request) {
        List<String> problems = CALL_SCHEMA.validate(request);
        if (!problems.isEmpty()) {
            throw unprocessable(String.join("; ", problems));
        }
        String entityId = request.get("entityId").asText();
        if (!entities.isKnown(entityId)) {
            throw unprocessable("entityId: no entity has id '" + entityId + "'");
        }
        checkFields(request.get("fields"), "fields");
        for (JsonNode country : request.path("countries")) {
            checkCountry(country.asText(), "countries");
        }
        Instant now = clock.instant();
        StoredCall call = new StoredCall(UUID.randomUUID().toString(), entityId, request.toString(),
                OffsetDateTime.parse(request.get("closesAt").asText()).toInstant(), now);
        store.insertCall(call);
        events.publishEvent(new ExpertCallPosted(call.id(), entityId));
        LOG.info("Call for experts {} posted by {}", call.id(), entityId);
        return call;
    }

    public StoredCall call(String id) {
        return store.findCall(id).orElseThrow(() -> ApiProblem.notFound("no call for experts has id '" + id + "'"));
    }

    /**
     * The consenting experts for a call: each has one of its fields, lives in one of its countries (when it names
     * any) and offers one of its contribution kinds (when it names any); more shared fields, then more shared kinds,
     * rank higher.
     */
    public List<Match> matches(StoredCall call, int limit) {
        JsonNode wanted = read(call.body());
        List<String> fields = texts(wanted.path("fields"));
        List<String> countries = texts(wanted.path("countries"));
        List<String> kinds = texts(wanted.path("contributions"));
        List<Match> matches = new ArrayList<>();
        for (ExpertsIndex.Entry expert : index.all()) {
            JsonNode p = expert.profile();
            // in the call's order, so reasons read alike across its matches
            List<String> sharedFields = fields.stream().filter(texts(p.path("fields"))::contains).toList();
            String country = p.path("countryOfResidence").asText();
            List<String> sharedKinds = kinds.stream().filter(texts(p.path("contributions"))::contains).toList();
            if (sharedFields.isEmpty() || (!countries.isEmpty() && !countries.contains(country))
                    || (!kinds.isEmpty() && sharedKinds.isEmpty())) {
                continue;
            }
            matches.add(new Match(expert, 10 * sharedFields.size() + sharedKinds.size(), sharedFields,
                    countries.isEmpty() ? null : country, sharedKinds));
        }
        return matches.stream().sorted(Comparator.comparingInt(Match::score).reversed()
                .thenComparing(m -> m.expert().id())).limit(limit).toList();
    }

    /**
     * Sends every consenting profile the entity's subscription wants to it again (e.g. an entity that subscribed after
     * the experts registered, or lost what it had received): the deliveries in one transaction, then queued; how many.
     */
    public int resendAll(String entityId) {
        ExpertsFeed feed = subscription(entityId);
        List<ExpertsIndex.Entry> wanted = index.all().stream().filter(expert -> feed.wants(
                texts(expert.profile().path("fields")), expert.profile().path("countryOfResidence").asText())).toList();
        List<Delivery> planned = tx.execute(status -> wanted.stream()
                .map(expert -> deliveries.planResend(expert.id(), entityId)).toList());
        deliveries.enqueue(planned);
        return planned.size();
    }

    private ExpertsFeed subscription(String entityId) {
        ExpertsFeed feed = entities.running(entityId).definition().experts();
        if (feed == null) {
            throw ApiProblem.notFound("entity '" + entityId + "' does not subscribe to expert profiles");
        }
        return feed;
    }

    private List<Delivery> planChange(String id, JsonNode request) {
        return deliveries.planChange(id, texts(request.get("fields")), request.get("countryOfResidence").asText());
    }

    private void checkProfile(JsonNode request) {
        List<String> problems = PROFILE_SCHEMA.validate(request);
        if (!problems.isEmpty()) {
            throw unprocessable(String.join("; ", problems));
        }
        checkFields(request.get("fields"), "fields");
        checkCountry(request.get("countryOfResidence").asText(), "countryOfResidence");
        if (givenAt(request).isAfter(clock.instant().plus(CLOCK_SKEW))) {
            throw unprocessable("consent.givenAt: lies in the future");
        }
    }

    private void checkFields(JsonNode fields, String where) {
        for (JsonNode field : fields) {
            if (!taxonomy.knows(field.asText())) {
                throw unprocessable(where + ": '" + field.asText() + "' is not a field of the taxonomy (GET "
                        + "/api/v1/experts/taxonomy lists them)");
            }
        }
    }

    private static void checkCountry(String country, String where) {
        if (!COUNTRIES.contains(country)) {
            throw unprocessable(where + ": '" + country + "' is not an ISO 3166-1 country code");
        }
    }

    private ExpertsIndex.Entry entry(StoredExpert e) {
        JsonNode profile = read(cipher.decrypt(e.encryptedProfile(), ExpertProfileKeys.profileBinding(e.id())));
        return new ExpertsIndex.Entry(e.id(), e.consentScope(), e.consentGivenAt(), profile, e.ownerClientId(),
                e.ownerCitizenHash());
    }

    private Optional<Receipt> replay(Owner caller, String idempotencyKey, String hash) {
        return store.findByIdempotencyKey(caller.clientId(), idempotencyKey).map(existing -> {
            // within one client, a key used for one citizen is not another citizen's to replay
            if (!existing.requestHash().equals(hash)
                    || !caller.mayAccess(existing.ownerClientId(), existing.ownerCitizenHash())) {
                throw new ApiProblem(409, "idempotency-key-reused", "Idempotency key reused",
                        "this Idempotency-Key was already used for a different registration");
            }
            return new Receipt(existing, false);
        });
    }

    private static ObjectNode profile(JsonNode request) {
        ObjectNode profile = request.deepCopy();
        profile.remove("consent");
        return profile;
    }

    private static List<String> scope(JsonNode request) {
        return texts(request.at("/consent/scope")).stream().sorted().toList();
    }

    private static Instant givenAt(JsonNode request) {
        return OffsetDateTime.parse(request.at("/consent/givenAt").asText()).toInstant();
    }

    private static JsonNode read(String json) {
        try {
            return CanonicalJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored expert profile or call is not JSON", e);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static ApiProblem unprocessable(String detail) {
        return new ApiProblem(422, "expert-not-accepted", "Not accepted", detail);
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound("no consenting expert has id '" + id + "'");
    }

    private static String hash(JsonNode request) {
        try {
            // keys sorted, so the same body sent with its fields in another order is the same request
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(SORTED.writeValueAsString(
                    SORTED.convertValue(request, Object.class)).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
