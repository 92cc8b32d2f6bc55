package eg.gov.bawaba.mappings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.mappings.internal.CodeListView;
import eg.gov.bawaba.mappings.internal.EntryAssembler;
import eg.gov.bawaba.mappings.internal.JsonataEvaluator;
import eg.gov.bawaba.mappings.internal.JsonataNames;
import eg.gov.bawaba.mappings.internal.UnreadableRecords;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.EntryStatus;
import eg.gov.bawaba.mappings.model.Provenance;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One entity's compiled JSONata mapping from its native records to canonical {@link CatalogueEntry catalogue entries}.
 *
 * <p>The expression is evaluated once per native record, with the record as input and the entity's code lists bound
 * to {@code $codeLists}; it returns one object with the entry's fields and the entity's own {@code code} (see
 * docs/catalogue-model.md for the contract). The engine derives {@code id}, adds provenance and the content hash, and
 * validates the result against the {@link CanonicalSchema canonical schema}. A record that fails anywhere along the way
 * becomes a {@link QuarantinedRecord} whose reason names the failing fields; the rest of the feed still maps.
 *
 * <p>Each evaluation is bounded in time and recursion depth; after {@value #MAX_TIMEOUTS_PER_FEED} timeouts in one feed
 * the remaining records are quarantined unevaluated, since the mapping is then almost certainly non-terminating.
 * Instances are immutable and thread-safe.
 */
public final class CatalogueMapping {

    /** The values {@code provenance.sourceProtocol} may take; kept equal to the schema's enum by a test. */
    public static final Set<String> SOURCE_PROTOCOLS = Set.of("REST", "SOAP", "FILE", "SFTP");

    /** Per-record evaluation time budget: mapping one record normally takes well under a millisecond. */
    static final long DEFAULT_TIMEOUT_MILLIS = 2_000;
    /** Deep enough for any sensible mapping, shallow enough to stop runaway recursion before the Java stack does. */
    static final int DEFAULT_MAX_DEPTH = 300;
    static final int MAX_TIMEOUTS_PER_FEED = 3;
    /** Records one worker maps in order: small enough to share a large feed out, large enough to cost no overhead. */
    static final int SLICE = 500;

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueMapping.class);
    private static final Pattern ENTITY_ID = Pattern.compile("^[a-z0-9][a-z0-9-]*$");
    private static final ObjectMapper MAPPER = CanonicalJson.mapper();
    /** Stands in for the content hash during the schema check; never leaves this class. */
    private static final String HASH_PLACEHOLDER = "sha256:" + "0".repeat(64);

    /**
     * The key of the object a mapping returns to leave a record out on purpose, e.g.
     * {@code status = "CLOSED" ? {"$exclude": "programme closed", "code": code} : {...}}: its value is the reason (a
     * non-empty string), and {@code code}, optional, names the entry it would have been, so a delta feed can withdraw
     * it. A full feed withdraws a left-out entry anyway, because the feed no longer carries it.
     */
    public static final String EXCLUDE = "$exclude";

    /** How many unread field names a warning lists before it only counts the rest. */
    static final int UNREAD_FIELDS_LISTED = 15;

    private final String entityId;
    private final JsonataEvaluator evaluator;
    /** The names the expression may read, or empty when it reads fields it does not name (see {@link JsonataNames}). */
    private final Optional<Set<String>> namesRead;

    private CatalogueMapping(String entityId, JsonataEvaluator evaluator, Optional<Set<String>> namesRead) {
        this.entityId = entityId;
        this.evaluator = evaluator;
        this.namesRead = namesRead;
    }

    /**
     * Compiles an entity's mapping.
     *
     * @param entityId           the entity's id, lower-case letters, digits and hyphens (e.g. {@code emigration})
     * @param jsonataExpression  the JSONata expression mapping one native record to one entry object
     * @param codeLists          named code lists bound to {@code $codeLists}, e.g. {@code category -> {EMG-CUS -> CUSTOMS}};
     *                           copied, so later changes to the caller's maps do not affect the mapping; may be null
     * @throws MappingDefinitionException when the entity id is malformed or the expression is empty or not valid
     *                                    JSONata (the message gives the error and its position)
     */
    public static CatalogueMapping compile(String entityId, String jsonataExpression, Map<String, ?> codeLists) {
        if (entityId == null || !ENTITY_ID.matcher(entityId).matches()) {
            throw new MappingDefinitionException("entity id '" + entityId
                    + "' must be lower-case letters, digits and hyphens, starting with a letter or digit");
        }
        return new CatalogueMapping(entityId, JsonataEvaluator.compile(entityId, jsonataExpression, codeLists,
                DEFAULT_TIMEOUT_MILLIS, DEFAULT_MAX_DEPTH), JsonataNames.read(jsonataExpression).map(Set::copyOf));
    }

    /** The same mapping with other evaluation bounds; for tests that must not wait for the default timeout. */
    CatalogueMapping withLimits(long timeoutMillis, int maxDepth) {
        return new CatalogueMapping(entityId, evaluator.withLimits(timeoutMillis, maxDepth), namesRead);
    }

    /**
     * A warning naming the top-level fields the records carry that the mapping never names, sorted and capped at
     * {@value #UNREAD_FIELDS_LISTED}; empty when it names them all, when the records are unreadable markers only, or
     * when the mapping reads fields it does not name ({@code *}, {@code $keys} …). Usually a misspelt field in the
     * mapping, or data the canonical model could show but does not yet.
     */
    public Optional<String> unreadFieldsWarning(List<JsonNode> nativeRecords) {
        if (namesRead.isEmpty()) {
            return Optional.empty();
        }
        java.util.TreeSet<String> unread = new java.util.TreeSet<>();
        for (JsonNode record : nativeRecords) {
            if (record == null || !record.isObject() || UnreadableRecords.reason(record).isPresent()) {
                continue;
            }
            record.fieldNames().forEachRemaining(name -> {
                if (!namesRead.get().contains(name)) {
                    unread.add(name);
                }
            });
        }
        if (unread.isEmpty()) {
            return Optional.empty();
        }
        List<String> listed = unread.stream().limit(UNREAD_FIELDS_LISTED).toList();
        return Optional.of("the records carry " + unread.size() + " field" + (unread.size() == 1 ? "" : "s")
                + " the mapping never reads: " + String.join(", ", listed)
                + (unread.size() > listed.size() ? " and " + (unread.size() - listed.size()) + " more" : "")
                + " (a misspelt name in the mapping, or data left out on purpose?)");
    }

    /** The entity this mapping belongs to. */
    public String entityId() {
        return entityId;
    }

    /**
     * Maps one feed.
     *
     * <p>Entries come back in feed order with provenance {@code {sourceProtocol, syncedAt, contentHash, version 1,
     * ACTIVE}}; the catalogue store decides the real version and status by comparing content hashes. A record is
     * quarantined when it was unreadable (see {@link NativeRecords}), when evaluation fails or does not return an object,
     * when the result breaks the contract or the schema, or when its code already appeared earlier in the same feed
     * (the earlier record keeps the code, even if it was itself quarantined, so neither is published ambiguously).
     * A record the mapping leaves out on purpose ({@value #EXCLUDE}) is in neither list.
     *
     * @param nativeRecords  the feed's records, as returned by {@link NativeRecords}
     * @param sourceProtocol one of {@link #SOURCE_PROTOCOLS}
     * @param syncedAt       when the sync ran
     * @throws IllegalArgumentException for an unknown source protocol or missing arguments, which are caller bugs
     */
    public MappingResult map(List<JsonNode> nativeRecords, String sourceProtocol, Instant syncedAt) {
        List<CatalogueEntry> entries = new ArrayList<>();
        List<QuarantinedRecord> quarantined = new ArrayList<>();
        for (MappedRecord one : mapEach(nativeRecords, sourceProtocol, syncedAt)) {
            if (one.excluded()) {
                continue;
            }
            if (one.entry() != null) {
                entries.add(one.entry());
            } else {
                quarantined.add(one.quarantined());
            }
        }
        return new MappingResult(entries, quarantined);
    }

    /**
     * As {@link #map}, answering record by record in feed order, so a caller can tell which record produced which
     * entry; the feed's timeout budget and duplicate-code check span the whole call.
     */
    public List<MappedRecord> mapEach(List<JsonNode> nativeRecords, String sourceProtocol, Instant syncedAt) {
        return mapEach(nativeRecords, sourceProtocol, syncedAt, Runnable::run);
    }

    /**
     * As above, evaluating slices of {@value #SLICE} records on {@code workers} at once (a large feed's mapping is
     * most of its sync). A slice is mapped in order on one thread, so a feed of one slice maps exactly as on one
     * thread; the timeout budget is shared by the slices (once spent, records not yet evaluated are skipped), and
     * duplicate codes are decided afterwards, in feed order.
     */
    public List<MappedRecord> mapEach(List<JsonNode> nativeRecords, String sourceProtocol, Instant syncedAt,
                                      Executor workers) {
        Objects.requireNonNull(nativeRecords, "nativeRecords");
        if (sourceProtocol == null || !SOURCE_PROTOCOLS.contains(sourceProtocol)) {
            throw new IllegalArgumentException("source protocol must be one of " + SOURCE_PROTOCOLS + ", was "
                    + sourceProtocol);
        }
        if (syncedAt == null) {
            throw new IllegalArgumentException("syncedAt is required");
        }
        Draft[] drafts = new Draft[nativeRecords.size()];
        AtomicInteger timeouts = new AtomicInteger();
        Slices.forEach(drafts.length, SLICE, workers,
                i -> drafts[i] = draft(nativeRecords.get(i), sourceProtocol, syncedAt, timeouts));
        List<MappedRecord> results = new ArrayList<>(drafts.length);
        Set<String> seenCodes = new HashSet<>();
        for (int i = 0; i < drafts.length; i++) {
            Draft draft = drafts[i];
            Outcome outcome = draft.outcome();
            if (draft.code() != null && !seenCodes.add(draft.code())) {
                List<String> reasons = new ArrayList<>();
                reasons.add("duplicate code " + draft.code() + " in feed");
                reasons.addAll(draft.reasons());
                outcome = Outcome.rejected(withMisses(reasons, draft.misses()), false);
            }
            results.add(outcome.excludedReason() != null
                    ? MappedRecord.excluded(outcome.excludedReason(), outcome.excludedCode())
                    : outcome.entry() != null ? MappedRecord.mapped(outcome.entry())
                    : MappedRecord.quarantined(quarantine(sourceText(nativeRecords.get(i)), outcome.reasons())));
        }
        return results;
    }

    /**
     * One record mapped on its own: the outcome, and the code it claims with the reasons it has besides, for the
     * duplicate check that needs the whole feed.
     */
    private record Draft(Outcome outcome, String code, List<String> reasons, List<CodeListView.Miss> misses) {
        Draft(Outcome outcome) {
            this(outcome, null, List.of(), List.of());
        }
    }

    private Draft draft(JsonNode record, String sourceProtocol, Instant syncedAt, AtomicInteger timeouts) {
        if (timeouts.get() >= MAX_TIMEOUTS_PER_FEED) {
            return new Draft(Outcome.rejected(List.of("not mapped: the mapping timed out on " + MAX_TIMEOUTS_PER_FEED
                    + " records of this feed, so the rest was skipped"), false));
        }
        Draft draft = mapOne(record, sourceProtocol, syncedAt);
        if (draft.outcome().timedOut() && timeouts.incrementAndGet() == MAX_TIMEOUTS_PER_FEED) {
            LOG.warn("Mapping of entity {} timed out on {} records; quarantining the rest of the feed unmapped",
                    entityId, MAX_TIMEOUTS_PER_FEED);
        }
        return draft;
    }

    private record Outcome(CatalogueEntry entry, List<String> reasons, boolean timedOut, String excludedReason,
                           String excludedCode) {

        Outcome(CatalogueEntry entry, List<String> reasons, boolean timedOut) {
            this(entry, reasons, timedOut, null, null);
        }

        static Outcome rejected(List<String> reasons, boolean timedOut) {
            return new Outcome(null, reasons, timedOut);
        }
    }

    private Draft mapOne(JsonNode record, String sourceProtocol, Instant syncedAt) {
        var unreadable = UnreadableRecords.reason(record);
        if (unreadable.isPresent()) {
            return new Draft(Outcome.rejected(List.of(unreadable.get()), false));
        }
        if (record == null || !record.isObject()) {
            return new Draft(Outcome.rejected(List.of("record is not a JSON object"), false));
        }

        JsonataEvaluator.Evaluation evaluation = evaluator.evaluate(record);
        if (evaluation.failed()) {
            return new Draft(Outcome.rejected(withMisses(List.of(evaluation.failure()), evaluation.misses()),
                    evaluation.timedOut()));
        }
        JsonNode mapped;
        try {
            mapped = MAPPER.valueToTree(evaluation.result());
        } catch (IllegalArgumentException e) {
            return new Draft(Outcome.rejected(List.of("mapping returned a value that is not JSON: " + e.getMessage()),
                    false));
        }
        if (mapped == null || !mapped.isObject()) {
            String found = mapped == null || mapped.isNull() ? "nothing"
                    : "a " + mapped.getNodeType().name().toLowerCase(Locale.ROOT);
            String reason = "mapping returned " + found + ", expected one object per record";
            return new Draft(Outcome.rejected(withMisses(List.of(reason), evaluation.misses()), false));
        }

        if (mapped.has(EXCLUDE)) {
            return new Draft(excluded(mapped, evaluation.misses()));
        }

        EntryAssembler.Assembly assembly = EntryAssembler.assemble(entityId, mapped);
        List<String> reasons = new ArrayList<>(assembly.problems());
        ObjectNode document = assembly.document();
        // the real hash is computed once, from the entry read back below; the schema only checks its shape here
        document.set("provenance", provenance(sourceProtocol, syncedAt, HASH_PLACEHOLDER));
        for (String violation : CanonicalSchema.validate(document)) {
            // without a code there is no id; "code: is missing" already says so
            if (assembly.code() == null && violation.startsWith("id:")) {
                continue;
            }
            reasons.add(violation);
        }
        if (reasons.isEmpty()) {
            // a rule across two fields, which the schema cannot state: dates are known to be valid by now
            trainingDatesOutOfOrder(document).ifPresent(reasons::add);
        }
        if (!reasons.isEmpty()) {
            return new Draft(Outcome.rejected(withMisses(reasons, evaluation.misses()), false), assembly.code(),
                    reasons, evaluation.misses());
        }

        CatalogueEntry entry;
        try {
            entry = MAPPER.treeToValue(document, CatalogueEntry.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // the schema should have caught this; quarantine rather than publish something half-read
            return new Draft(Outcome.rejected(List.of("entry cannot be read: " + e.getMessage()), false),
                    assembly.code(), List.of("entry cannot be read: " + e.getMessage()), List.of());
        }
        // hash the entry as the rest of the hub will see it, so contentHash(entry) always equals its provenance hash
        return new Draft(new Outcome(entry.withProvenance(new Provenance(sourceProtocol, syncedAt,
                CanonicalJson.contentHash(entry), 1, EntryStatus.ACTIVE)), List.of(), false), assembly.code(),
                List.of(), evaluation.misses());
    }

    /**
     * A record the mapping left out: {@code {"$exclude": "reason"}} with at most a {@code code} besides; anything else
     * is quarantined, since a half-written exclusion must neither publish nor silently drop the record.
     */
    private static Outcome excluded(JsonNode mapped, List<CodeListView.Miss> misses) {
        JsonNode reason = mapped.get(EXCLUDE);
        JsonNode code = mapped.get("code");
        List<String> problems = new ArrayList<>();
        if (!reason.isTextual() || reason.asText().isBlank()) {
            problems.add(EXCLUDE + ": must be the reason the record is left out, a non-empty string");
        }
        if (code != null && !code.isNull() && (!code.isTextual() || code.asText().isBlank())) {
            problems.add("code: must be a non-empty string when given with " + EXCLUDE);
        }
        mapped.fieldNames().forEachRemaining(name -> {
            if (!name.equals(EXCLUDE) && !name.equals("code")) {
                problems.add(name + ": not allowed with " + EXCLUDE + " (only \"code\" may name the entry left out)");
            }
        });
        if (!problems.isEmpty()) {
            return Outcome.rejected(withMisses(problems, misses), false);
        }
        return new Outcome(null, List.of(), false, reason.asText().strip(),
                code == null || code.isNull() ? null : code.asText());
    }

    private static Optional<String> trainingDatesOutOfOrder(ObjectNode document) {
        JsonNode training = document.path("training");
        JsonNode endsOn = training.path("endsOn");
        if (!training.isObject() || !endsOn.isTextual()) {
            return Optional.empty();
        }
        String startsOn = training.path("startsOn").asText();
        if (LocalDate.parse(endsOn.asText()).isBefore(LocalDate.parse(startsOn))) {
            return Optional.of("training.endsOn: is before training.startsOn (found \"" + endsOn.asText()
                    + "\", starts \"" + startsOn + "\")");
        }
        return Optional.empty();
    }

    private static ObjectNode provenance(String sourceProtocol, Instant syncedAt, String contentHash) {
        ObjectNode provenance = MAPPER.createObjectNode();
        provenance.put("sourceProtocol", sourceProtocol);
        provenance.put("syncedAt", syncedAt.toString());
        provenance.put("contentHash", contentHash);
        provenance.put("version", 1);
        provenance.put("status", EntryStatus.ACTIVE.name());
        return provenance;
    }

    /**
     * Attaches each code list miss to the reason about the field of the same name ("category: is missing but required
     * (code list 'category' has no mapping for 'XYZ')"); misses no reason is about are added as reasons of their own.
     */
    private static List<String> withMisses(List<String> reasons, List<CodeListView.Miss> misses) {
        List<String> result = new ArrayList<>(reasons);
        for (CodeListView.Miss miss : misses) {
            boolean attached = false;
            for (int i = 0; i < result.size(); i++) {
                if (topLevelField(result.get(i)).equals(miss.codeList())) {
                    result.set(i, result.get(i) + " (" + miss + ")");
                    attached = true;
                }
            }
            if (!attached) {
                result.add(miss.toString());
            }
        }
        return result;
    }

    private static String topLevelField(String reason) {
        int colon = reason.indexOf(':');
        String path = colon < 0 ? "" : reason.substring(0, colon);
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return path.substring(0, end);
    }

    private QuarantinedRecord quarantine(String source, List<String> reasons) {
        return new QuarantinedRecord(entityId, source, String.join("; ", reasons));
    }

    private static String sourceText(JsonNode record) {
        return record == null ? "null" : UnreadableRecords.source(record).toString();
    }

    @Override
    public String toString() {
        return "CatalogueMapping[" + entityId + "]";
    }
}
