package eg.gov.bawaba.mappings.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One canonical service or privilege of one government entity, as the app backend sees it.
 *
 * <p>{@code id} is {@code <entityId>.<entity's own code>} and stays stable across syncs. {@code fee},
 * {@code applicationForm}, {@code validity} and {@code officialUrl} may be null; an entry without an
 * {@code applicationForm} is informational and cannot be applied for. {@code training} is set only on kind TRAINING
 * and {@code content} only on kind CONTENT; both are left out of the JSON otherwise, so the JSON (and the content
 * hash) of a service or privilege is the same as before these kinds existed.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CatalogueEntry(
        String id,
        String entityId,
        EntryKind kind,
        Bilingual title,
        Bilingual summary,
        Category category,
        Eligibility eligibility,
        Fee fee,
        List<Bilingual> requiredDocuments,
        List<String> channels,
        JsonNode applicationForm,
        Validity validity,
        String officialUrl,
        Provenance provenance,
        @JsonInclude(JsonInclude.Include.NON_NULL) Training training,
        @JsonInclude(JsonInclude.Include.NON_NULL) Content content) {

    public CatalogueEntry {
        requiredDocuments = requiredDocuments == null ? List.of() : List.copyOf(requiredDocuments);
        channels = channels == null ? List.of() : List.copyOf(channels);
        eligibility = eligibility == null ? new Eligibility(List.of(), List.of()) : eligibility;
        // Jackson reads a JSON null into a JsonNode field as NullNode; one representation keeps equals() and callers simple
        applicationForm = applicationForm == null || applicationForm.isNull() || applicationForm.isMissingNode()
                ? null : applicationForm;
    }

    /** A service or privilege, without training or content section. */
    public CatalogueEntry(String id, String entityId, EntryKind kind, Bilingual title, Bilingual summary,
                          Category category, Eligibility eligibility, Fee fee, List<Bilingual> requiredDocuments,
                          List<String> channels, JsonNode applicationForm, Validity validity, String officialUrl,
                          Provenance provenance) {
        this(id, entityId, kind, title, summary, category, eligibility, fee, requiredDocuments, channels,
                applicationForm, validity, officialUrl, provenance, null, null);
    }

    /** The same entry with other provenance, for the store to set version and status. */
    public CatalogueEntry withProvenance(Provenance newProvenance) {
        return new CatalogueEntry(id, entityId, kind, title, summary, category, eligibility, fee, requiredDocuments,
                channels, applicationForm, validity, officialUrl, newProvenance, training, content);
    }

    public boolean informational() {
        // content is never applied for, whatever a stored document says; the schema forbids it a form anyway
        return kind == EntryKind.CONTENT || applicationForm == null || applicationForm.isNull();
    }
}
