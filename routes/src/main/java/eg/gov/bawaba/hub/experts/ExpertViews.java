package eg.gov.bawaba.hub.experts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.model.Bilingual;
import java.util.List;
import org.springframework.stereotype.Component;

/** A profile as its consent allows it to be shown, to the app backend and to the entities subscribed to profiles alike. */
@Component
public class ExpertViews {

    private final ExpertTaxonomy taxonomy;

    public ExpertViews(ExpertTaxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    /** The profile with its field labels; contact details only with scope "contact"; no link. */
    public ObjectNode consented(ExpertsIndex.Entry entry) {
        JsonNode p = entry.profile();
        ObjectNode view = CanonicalJson.mapper().createObjectNode();
        view.put("id", entry.id());
        view.set("name", p.get("name"));
        ArrayNode fields = view.putArray("fields");
        for (JsonNode field : p.path("fields")) {
            ObjectNode f = fields.addObject();
            f.put("id", field.asText());
            taxonomy.label(field.asText()).ifPresent(l -> f.set("label", bilingual(l)));
        }
        for (String part : List.of("keywords", "degrees", "institution", "countryOfResidence", "city", "languages",
                "contributions")) {
            if (p.has(part)) {
                view.set(part, p.get(part));
            }
        }
        if (entry.allows("contact") && p.has("contact")) {
            view.set("contact", p.get("contact"));
        }
        ObjectNode consent = view.putObject("consent");
        ArrayNode scope = consent.putArray("scope");
        entry.scope().forEach(scope::add);
        consent.put("givenAt", entry.consentGivenAt().toString());
        return view;
    }

    static ObjectNode bilingual(Bilingual text) {
        ObjectNode node = CanonicalJson.mapper().createObjectNode();
        node.put("ar", text.ar());
        node.put("en", text.en());
        return node;
    }
}
