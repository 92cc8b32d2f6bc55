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
import eg.gov.bawaba.hub.catalogue.CatalogueIndex;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.entities.RunningEntity;
import eg.gov.bawaba.hub.entities.UnknownEntityException;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.JsonSchemaCheck;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.EntryStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Accepts an application once: validates it against the catalogue entry it is for, stores it with its personal data
 * encrypted, and enqueues it for delivery to the entity. A retry with the same idempotency key and body gets the
 * first answer; the same key with another body is refused.
 */
@Service
public class ApplicationIntake {

    private static final JsonSchemaCheck REQUEST_SCHEMA = JsonSchemaCheck.fromClasspath("/schema/application-request.schema.json");
    private static final com.fasterxml.jackson.databind.ObjectMapper SORTED = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    // forms carry bilingual labels in "x-title", which JSON Schema itself does not know
    private static final JsonSchemaFactory FORMS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .keyword(new AnnotationKeyword("x-title")).build()));

    private final ApplicationStore store;
    private final ApplicationQueues queues;
    private final CatalogueIndex catalogue;
    private final EntityRegistry entities;
    private final PersonalDataCipher cipher;
    private final Clock clock;

    public ApplicationIntake(ApplicationStore store, ApplicationQueues queues, CatalogueIndex catalogue,
                             EntityRegistry entities, PersonalDataCipher cipher, Clock clock) {
        this.store = store;
        this.queues = queues;
        this.catalogue = catalogue;
        this.entities = entities;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** Receipt of a submission: the application and whether this call created it (false for an idempotent replay). */
    public record Receipt(StoredApplication application, boolean created) {}

    public Receipt submit(String idempotencyKey, JsonNode request, String correlationId) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw ApiProblem.badRequest("Idempotency-Key: a header of 1 to 200 characters is required");
        }
        String hash = hash(request);
        Optional<Receipt> replay = replay(idempotencyKey, hash);
        if (replay.isPresent()) {
            return replay.get();
        }
        List<String> problems = REQUEST_SCHEMA.validate(request);
        if (!problems.isEmpty()) {
            throw ApplicationRejected.unprocessable(String.join("; ", problems));
        }
        CatalogueEntry entry = applicableEntry(request);
        checkEligibility(entry, request);
        checkForm(entry, request.path("fields"));
        Instant now = clock.instant();
        ObjectNode personal = CanonicalJson.mapper().createObjectNode();
        personal.set("applicant", request.get("applicant"));
        personal.set("fields", request.has("fields") ? request.get("fields") : CanonicalJson.mapper().createObjectNode());
        StoredApplication application = new StoredApplication(UUID.randomUUID().toString(), idempotencyKey, hash,
                entry.id(), entry.entityId(), ApplicationStatus.RECEIVED, null, correlationId,
                cipher.encrypt(personal.toString()), now, now);
        try {
            store.insert(application);
        } catch (DuplicateKeyException raced) {
            // the same key arrived twice at once; the other request stored it first
            return replay(idempotencyKey, hash).orElseThrow(() -> raced);
        }
        queues.enqueue(application);
        return new Receipt(store.find(application.id()).orElseThrow(), true);
    }

    private Optional<Receipt> replay(String idempotencyKey, String hash) {
        return store.findByIdempotencyKey(idempotencyKey).map(existing -> {
            if (!existing.requestHash().equals(hash)) {
                throw ApplicationRejected.keyReused();
            }
            return new Receipt(existing, false);
        });
    }

    private CatalogueEntry applicableEntry(JsonNode request) {
        String entryId = request.get("entryId").asText();
        CatalogueEntry entry = catalogue.document(entryId).map(CanonicalJson::entryFromJson)
                .orElseThrow(() -> ApplicationRejected.unprocessable("entryId: no catalogue entry has id '" + entryId + "'"));
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
        return entry;
    }

    private static void checkEligibility(CatalogueEntry entry, JsonNode request) {
        String country = request.at("/applicant/countryOfResidence").asText();
        if (!entry.eligibility().admits(country)) {
            throw ApplicationRejected.unprocessable("applicant.countryOfResidence: residents of " + country
                    + " are not eligible for '" + entry.id() + "' (eligible: "
                    + String.join(", ", entry.eligibility().countries()) + ")");
        }
    }

    private static void checkForm(CatalogueEntry entry, JsonNode fields) {
        JsonSchema form = FORMS.getSchema(entry.applicationForm());
        JsonNode given = fields.isMissingNode() ? CanonicalJson.mapper().createObjectNode() : fields;
        List<String> problems = form.validate(given).stream().map(ValidationMessage::getMessage)
                .map(m -> "fields" + m.substring(1)).sorted().toList();
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
