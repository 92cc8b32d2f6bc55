package eg.gov.bawaba.mappings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import eg.gov.bawaba.mappings.internal.CanonicalForm;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one JSON configuration Bawaba uses for catalogue entries, and the content hash that tells whether an entry changed.
 *
 * <p>The shared {@link #mapper()} writes dates as ISO 8601 strings, reads JSON decimals as {@link java.math.BigDecimal}
 * so fees are never rounded, writes them without exponent, and keeps record/insertion order for readable output. It is
 * shared: do not reconfigure it; call {@code mapper().copy()} if you need a variant.
 */
public final class CanonicalJson {

    /**
     * Limits of JSON that comes from outside (request bodies): nesting depth, the length of one string, one number, one
     * field name, and of the whole document in characters. Beyond them parsing stops with a
     * {@link com.fasterxml.jackson.core.exc.StreamConstraintsException} naming the limit, before any tree is built.
     */
    public static final StreamReadConstraints REQUEST_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(32)
            .maxStringLength(65_536)
            .maxNumberLength(100)
            .maxNameLength(256)
            .maxDocumentLength(1_048_576)
            .build();

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder());
    private static final ObjectMapper REQUEST_MAPPER = requestMapper(REQUEST_LIMITS);

    private static final String HASH_PREFIX = "sha256:";

    private CanonicalJson() {}

    /** The shared, configured mapper; thread-safe for reading and writing. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The shared mapper's twin for JSON from outside, bounded by {@link #REQUEST_LIMITS}; use it (and not
     * {@link #mapper()}, which reads the hub's own stored documents) to parse every request body.
     */
    public static ObjectMapper requestMapper() {
        return REQUEST_MAPPER;
    }

    /** As {@link #requestMapper()}, with other limits (e.g. an operator's tool that sends whole sample files). */
    public static ObjectMapper requestMapper(StreamReadConstraints limits) {
        return configure(JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build()));
    }

    private static ObjectMapper configure(JsonMapper.Builder builder) {
        return builder
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                // a field added to the model later must not break readers of an older build
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
    }

    /**
     * {@code sha256:} plus the lower-case hex SHA-256 of the entry's canonical JSON without its provenance.
     *
     * <p>Canonical means keys sorted at every level and numbers written without trailing zeros, so {@code 1500},
     * {@code 1500.0} and {@code 1500.00} hash alike; leaving provenance out keeps a re-sync of unchanged content from
     * looking like a change.
     */
    public static String contentHash(CatalogueEntry entry) {
        if (entry == null) {
            throw new IllegalArgumentException("entry must not be null");
        }
        return contentHashOf(MAPPER.valueToTree(entry));
    }

    /** The same hash as {@link #contentHash(CatalogueEntry)}, computed on an entry document (its provenance is ignored). */
    static String contentHashOf(JsonNode entryDocument) {
        JsonNode withoutProvenance = entryDocument;
        if (entryDocument instanceof ObjectNode object && object.has("provenance")) {
            withoutProvenance = object.deepCopy();
            ((ObjectNode) withoutProvenance).remove("provenance");
        }
        String canonical = CanonicalForm.write(withoutProvenance);
        return HASH_PREFIX + HexFormat.of().formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** The value as JSON text, written with {@link #mapper()}. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Reads a catalogue entry written by {@link #toJson(Object)}; does not validate it against the schema. */
    public static CatalogueEntry entryFromJson(String json) {
        try {
            return MAPPER.readValue(json, CatalogueEntry.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a catalogue entry: " + e.getOriginalMessage(), e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            // every Java SE runtime must provide SHA-256
            throw new IllegalStateException(e);
        }
    }
}
