package eg.gov.bawaba.hub.applications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import eg.gov.bawaba.hub.api.ApiProblem;
import eg.gov.bawaba.hub.audit.HashChain;
import eg.gov.bawaba.hub.catalogue.CatalogueIndex;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.entities.RunningEntity;
import eg.gov.bawaba.hub.entities.UnknownEntityException;
import eg.gov.bawaba.hub.security.Owner;
import eg.gov.bawaba.hub.security.Owners;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.JsonSchemaCheck;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.EntryStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Accepts an application once: validates it against the catalogue entry it is for, stores it with its personal data
 * encrypted, and enqueues it for delivery to the entity. A retry with the same idempotency key and body gets the
 * first answer; the same key with another body is refused. Keys are each client's own: another client's key is
 * another application.
 */
@Service
public class ApplicationIntake {

    private static final JsonSchemaCheck REQUEST_SCHEMA = JsonSchemaCheck.fromClasspath("/schema/application-request.schema.json");
    private static final com.fasterxml.jackson.databind.ObjectMapper SORTED = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    /**
     * Form field keyword: the field holds the applicant's own value of the named applicant field, so the two must be
     * equal ({@code "x-applicant": "nationalId"}; docs/onboarding.md, "Fields that are the applicant's own").
     */
    public static final String APPLICANT_KEYWORD = "x-applicant";
    // forms carry bilingual labels in "x-title" and the applicant's own fields in "x-applicant", which JSON Schema
    // itself does not know
    private static final JsonSchemaFactory FORMS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .keyword(new AnnotationKeyword("x-title")).keyword(new AnnotationKeyword(APPLICANT_KEYWORD))
                    .build()));
    private static final int MAX_PREPARED = 1000;

    private final ApplicationStore store;
    private final ApplicationOutbox outbox;
    private final CatalogueIndex catalogue;
    private final EntityRegistry entities;
    private final PersonalDataCipher cipher;
    private final Clock clock;
    private final Owners owners;
    private final GroupCommit commits;

    // per entry id: its catalogue document as last read, parsed, with its compiled form
    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

    public ApplicationIntake(ApplicationStore store, ApplicationOutbox outbox, CatalogueIndex catalogue,
                             EntityRegistry entities, PersonalDataCipher cipher, Clock clock, Owners owners,
                             GroupCommit commits) {
        this.store = store;
        this.outbox = outbox;
        this.catalogue = catalogue;
        this.entities = entities;
        this.cipher = cipher;
        this.clock = clock;
        this.owners = owners;
        this.commits = commits;
    }

    /** Receipt of a submission: the application and whether this call created it (false for an idempotent replay). */
    public record Receipt(StoredApplication application, boolean created) {}

    /**
     * Submits for the caller: the application belongs to its client and to the applicant's national id (kept as a
     * keyed hash); a caller acting for a citizen may apply only as that citizen. The idempotency key is the client's.
     */
    public Receipt submit(Owner caller, String idempotencyKey, JsonNode request, String correlationId) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw ApiProblem.badRequest("Idempotency-Key: a header of 1 to 200 characters is required");
        }
        JsonNode nationalId = request.at("/applicant/nationalId");
        if (caller.citizenHash() != null && nationalId.isTextual()
                && !caller.citizenHash().equals(owners.citizenHash(nationalId.asText()))) {
            throw ApplicationRejected.otherCitizen();
        }
        String hash = hash(request);
        CatalogueEntry entry;
        try {
            entry = acceptable(request);
        } catch (ApiProblem refused) {
            // a repeat of a request accepted before gets the first answer, even if the entry has changed since
            Optional<Receipt> replay = replay(caller, idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            throw refused;
        }
        // as the database keeps it, so that this answer and a replay's (read back) are the same
        Instant now = HashChain.stored(clock.instant());
        ObjectNode personal = CanonicalJson.mapper().createObjectNode();
        personal.set("applicant", request.get("applicant"));
        personal.set("fields", request.has("fields") ? request.get("fields") : CanonicalJson.mapper().createObjectNode());
        String id = UUID.randomUUID().toString();
        StoredApplication application = new StoredApplication(id, caller.clientId(),
                owners.citizenHash(nationalId.asText()), idempotencyKey, hash, entry.id(), entry.entityId(),
                ApplicationStatus.QUEUED, null, correlationId,
                cipher.encrypt(personal.toString(), ApplicationState.binding(id)), now, now);
        try {
            // one commit: the application, its history RECEIVED and QUEUED, and its outbox row (shared with the
            // requests arriving meanwhile; this returns once it is done)
            commits.run(() -> {
                store.insertQueued(application);
                return application;
            });
        } catch (DuplicateKeyException repeated) {
            // the key was used before (a retry, or the same request twice at once): the unique key found it, so a
            // first submission costs no lookup
            return replay(caller, idempotencyKey, hash).orElseThrow(() -> repeated);
        }
        // accepted once committed: an unconfirmed send leaves the outbox row, which the requeue sweep sends
        outbox.send(application);
        return new Receipt(application, true);
    }

    /** The entry the request applies for, once the request is found acceptable for it; refused otherwise. */
    private CatalogueEntry acceptable(JsonNode request) {
        List<String> problems = REQUEST_SCHEMA.validate(request);
        if (!problems.isEmpty()) {
            throw ApplicationRejected.unprocessable(String.join("; ", problems));
        }
        Prepared target = applicableEntry(request);
        CatalogueEntry entry = target.entry();
        checkEligibility(entry, request);
        checkForm(target.formOrCompile(), request.path("fields"));
        checkApplicantsOwnFields(entry.applicationForm(), request);
        return entry;
    }

    private Optional<Receipt> replay(Owner caller, String idempotencyKey, String hash) {
        return store.findByIdempotencyKey(caller.clientId(), idempotencyKey).map(existing -> {
            // the same body names the same applicant; a purged application no longer matches either
            if (!existing.requestHash().equals(hash)
                    || !caller.mayAccess(existing.ownerClientId(), existing.ownerCitizenHash())) {
                throw ApplicationRejected.keyReused();
            }
            return new Receipt(existing, false);
        });
    }

    /**
     * A catalogue entry parsed and its form compiled, as of a catalogue generation: valid for as long as the
     * catalogue's generation is that one, or its document is unchanged.
     */
    private record Prepared(long generation, String document, CatalogueEntry entry, JsonSchema form) {

        /** The compiled form; one compiled on the spot, as before the cache, for an entry that has none. */
        JsonSchema formOrCompile() {
            return form != null ? form : FORMS.getSchema(entry.applicationForm());
        }
    }

    /** The entry with its compiled form; parsed and compiled again only when the catalogue changed the entry. */
    private Optional<Prepared> prepared(String entryId) {
        // read before the document: a change in between makes the next request look again, never serves a stale form
        long generation = catalogue.generation();
        Prepared known = prepared.get(entryId);
        if (known != null && known.generation() == generation) {
            return Optional.of(known);
        }
        Optional<String> document = catalogue.document(entryId);
        if (document.isEmpty()) {
            prepared.remove(entryId);
            return Optional.empty();
        }
        Prepared now;
        if (known != null && known.document().equals(document.get())) {
            now = new Prepared(generation, known.document(), known.entry(), known.form());
        } else {
            CatalogueEntry entry = CanonicalJson.entryFromJson(document.get());
            // informational entries have no form (and are refused before it would be used)
            JsonSchema form = entry.applicationForm() == null ? null : FORMS.getSchema(entry.applicationForm());
            if (form != null) {
                // compiled now, once, rather than lazily by concurrent first validations
                form.initializeValidators();
            }
            now = new Prepared(generation, document.get(), entry, form);
        }
        if (prepared.size() >= MAX_PREPARED && !prepared.containsKey(entryId)) {
            // a bound, not a policy: the entries applied for are few, and a cleared cache only costs compilations
            prepared.clear();
        }
        prepared.put(entryId, now);
        return Optional.of(now);
    }

    private Prepared applicableEntry(JsonNode request) {
        String entryId = request.get("entryId").asText();
        Prepared target = prepared(entryId).orElseThrow(
                () -> ApplicationRejected.unprocessable("entryId: no catalogue entry has id '" + entryId + "'"));
        CatalogueEntry entry = target.entry();
        if (entry.provenance().status() == EntryStatus.WITHDRAWN) {
            throw ApplicationRejected.unprocessable("entryId: '" + entryId + "' has been withdrawn by its entity");
        }
        if (entry.informational()) {
            throw ApplicationRejected.unprocessable("entryId: '" + entryId + "' is informational and cannot be applied for");
        }
        try {
            RunningEntity entity = entities.running(entry.entityId());
            if (entity.definition().applications() == null) {
                throw ApplicationRejected.unprocessable("entryId: entity '" + entry.entityId()
                        + "' does not take applications through Bawaba; apply through its own channels");
            }
        } catch (UnknownEntityException e) {
            throw ApplicationRejected.unprocessable("entryId: entity '" + entry.entityId() + "' is not available");
        }
        return target;
    }

    private static void checkEligibility(CatalogueEntry entry, JsonNode request) {
        String country = request.at("/applicant/countryOfResidence").asText();
        if (!entry.eligibility().admits(country)) {
            throw ApplicationRejected.unprocessable("applicant.countryOfResidence: residents of " + country
                    + " are not eligible for '" + entry.id() + "' (eligible: "
                    + String.join(", ", entry.eligibility().countries()) + ")");
        }
    }

    private static void checkForm(JsonSchema form, JsonNode fields) {
        JsonNode given = fields.isMissingNode() ? CanonicalJson.mapper().createObjectNode() : fields;
        List<String> problems = form.validate(given).stream().map(ValidationMessage::getMessage)
                .map(m -> "fields" + m.substring(1)).sorted().toList();
        if (!problems.isEmpty()) {
            throw ApplicationRejected.unprocessable(String.join("; ", problems));
        }
    }

    /**
     * A form field the form declares the applicant's own ({@link #APPLICANT_KEYWORD}) must hold exactly what the
     * applicant block holds: an application must not name one person as applicant and carry another's national id to
     * the entity. The problem names the fields, never their values.
     */
    private static void checkApplicantsOwnFields(JsonNode form, JsonNode request) {
        JsonNode fields = request.path("fields");
        List<String> problems = new ArrayList<>();
        form.path("properties").fields().forEachRemaining(field -> {
            JsonNode declared = field.getValue().path(APPLICANT_KEYWORD);
            JsonNode given = fields.path(field.getKey());
            if (declared.isTextual() && !given.isMissingNode()
                    && !given.equals(request.path("applicant").path(declared.asText()))) {
                problems.add("fields." + field.getKey() + ": must equal applicant." + declared.asText()
                        + " (the form declares it is the applicant's own)");
            }
        });
        if (!problems.isEmpty()) {
            throw ApplicationRejected.unprocessable(String.join("; ", problems));
        }
    }

    private static String hash(JsonNode request) {
        try {
            // keys sorted, so the same body sent with its fields in another order is the same request
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(SORTED.writeValueAsString(
                    SORTED.convertValue(request, Object.class)).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
