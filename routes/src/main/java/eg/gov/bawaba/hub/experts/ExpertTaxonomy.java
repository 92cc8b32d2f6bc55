package eg.gov.bawaba.hub.experts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import eg.gov.bawaba.mappings.model.Bilingual;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/** The documented code list of fields of expertise ({@code bawaba.experts.taxonomy}), each id with its labels. */
@Component
public class ExpertTaxonomy {

    private final Map<String, Bilingual> fields;

    public ExpertTaxonomy(@Value("${bawaba.experts.taxonomy}") Resource source) {
        Map<String, Bilingual> read = new LinkedHashMap<>();
        try (InputStream in = source.getInputStream()) {
            JsonNode root = new YAMLMapper().readTree(in);
            for (JsonNode field : root.path("fields")) {
                String id = field.path("id").asText("");
                if (id.isBlank() || field.path("ar").asText("").isBlank() || field.path("en").asText("").isBlank()) {
                    throw new IllegalStateException("every field of " + source + " needs an id, ar and en");
                }
                if (read.put(id, new Bilingual(field.get("ar").asText(), field.get("en").asText())) != null) {
                    throw new IllegalStateException("field '" + id + "' appears twice in " + source);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the experts taxonomy " + source, e);
        }
        if (read.isEmpty()) {
            throw new IllegalStateException("the experts taxonomy " + source + " lists no fields");
        }
        this.fields = Collections.unmodifiableMap(read);
    }

    public Optional<Bilingual> label(String id) {
        return Optional.ofNullable(fields.get(id));
    }

    public boolean knows(String id) {
        return fields.containsKey(id);
    }

    public Map<String, Bilingual> fields() {
        return fields;
    }
}
