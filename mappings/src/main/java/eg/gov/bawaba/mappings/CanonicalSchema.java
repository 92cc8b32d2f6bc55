package eg.gov.bawaba.mappings;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.io.InputStream;
import java.util.List;

/** The canonical catalogue entry JSON Schema ({@value #ID}): validation, and the raw document for the hub to serve. */
public final class CanonicalSchema {

    /** The schema's {@code $id}. */
    public static final String ID = "https://bawaba.gov.eg/schema/catalogue-entry.schema.json";

    /** Classpath location of the schema. */
    public static final String RESOURCE = "schema/catalogue-entry.schema.json";

    private CanonicalSchema() {}

    /** Violations of an entry document as dotted field paths with the problem ({@code category: does not have ...}); empty when valid. */
    public static List<String> validate(JsonNode entryDocument) {
        return Holder.CHECK.validate(entryDocument);
    }

    /** Violations of an entry, validated in the JSON form {@link CanonicalJson#mapper()} writes. */
    public static List<String> validate(CatalogueEntry entry) {
        return validate(CanonicalJson.mapper().<JsonNode>valueToTree(entry));
    }

    /** A fresh stream of the schema document (UTF-8 JSON); the caller closes it. */
    public static InputStream open() {
        InputStream in = CanonicalSchema.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            // only a broken build can get here: the schema ships in this module's jar
            throw new IllegalStateException("canonical schema missing from the classpath: " + RESOURCE);
        }
        return in;
    }

    // loaded on first use so merely referencing ID or RESOURCE does not parse the schema
    private static final class Holder {
        static final JsonSchemaCheck CHECK = JsonSchemaCheck.fromClasspath(RESOURCE);
    }
}
