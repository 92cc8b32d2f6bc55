package eg.gov.bawaba.hub.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eg.gov.bawaba.connectors.SafeNames;
import eg.gov.bawaba.hub.api.ApiProblem;
import eg.gov.bawaba.hub.api.JsonBodies;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * POST /ops/v1/dry-run: the dry run for a definition sent inline with its mapping files and an optional sample, laid
 * out in a scratch folder that is deleted afterwards. Body:
 * {@code {"definition": "<yaml>", "files": {"nosi/catalogue.jsonata": "…"}, "sample": {"name": "x.csv",
 * "content": "…"}, "connector": {"baseUrl": "…"}, "credentials": {"username": "…", "secret": "…"}}}. It reads no
 * secret of the hub and calls only allowed hosts ({@link DryRunService#runIsolated}); the credentials, for a staging
 * system, are kept in memory for the run and masked wherever the report would show them.
 */
@Component
public class DryRunApi {

    private static final Pattern SAFE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");
    private static final Pattern SAFE_SAMPLE = Pattern.compile("[\\w.-]{1,100}\\.(csv|xml|json)");
    /** Connector fields a request may not replace: they name secrets, keys or stores, or hold credentials. */
    private static final Pattern PROTECTED_FIELD = Pattern.compile("(?i).*(env|file)|keystore|truststore|tls|auth");
    private static final Set<String> CREDENTIAL_FIELDS = Set.of("username", "secret");
    /** What stands in the report for a credential sent with the request. */
    static final String MASK = "••••••";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    // mapping files and a sample travel whole, as strings: the request limits, with room for them
    private static final ObjectMapper BODY = CanonicalJson.requestMapper(CanonicalJson.REQUEST_LIMITS.rebuild()
            .maxStringLength(4 * 1024 * 1024)
            .maxDocumentLength(8 * 1024 * 1024)
            .build());

    private final DryRunService dryRun;

    public DryRunApi(DryRunService dryRun) {
        this.dryRun = dryRun;
    }

    /** Answers the dry run; returns what the audit keeps of it: the definition's id and the hosts it called. */
    public String run(Exchange exchange) throws IOException {
        JsonNode request = body(exchange.getIn());
        String yaml = request.path("definition").asText("");
        if (yaml.isBlank()) {
            throw ApiProblem.badRequest("definition: the entity definition YAML is required");
        }
        Map<String, String> overrides = overrides(request.path("connector"));
        Map<String, String> credentials = credentials(request.path("credentials"));
        Path scratch = Files.createTempDirectory("bawaba-dry-run");
        try {
            Path definition = child(scratch, definitionName(yaml));
            Files.writeString(definition, yaml, StandardCharsets.UTF_8);
            for (Map.Entry<String, JsonNode> file : request.path("files").properties()) {
                Files.createDirectories(inside(scratch, file.getKey()).getParent());
                Files.writeString(inside(scratch, file.getKey()), file.getValue().asText(), StandardCharsets.UTF_8);
            }
            Path sample = null;
            if (request.hasNonNull("sample")) {
                String name = request.at("/sample/name").asText("");
                if (!SAFE_SAMPLE.matcher(name).matches()) {
                    throw ApiProblem.badRequest("sample.name: a plain file name ending in .csv, .xml or .json");
                }
                sample = child(Files.createDirectories(scratch.resolve(".sample")), name);
                Files.writeString(sample, request.at("/sample/content").asText(""), StandardCharsets.UTF_8);
            }
            DryRunService.Isolated run = dryRun.runIsolated(definition, sample, overrides, credentials);
            ObjectNode answer = CanonicalJson.mapper().valueToTree(run.report());
            answer.putPOJO("hostsContacted", run.hostsContacted());
            Message out = exchange.getMessage();
            out.removeHeaders("*", "Camel*");
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            out.setHeader(Exchange.CONTENT_TYPE, "application/json");
            out.setBody(masked(CanonicalJson.toJson(answer), credentials.values()));
            return "dry run of " + masked(String.valueOf(run.report().entityId()), credentials.values())
                    + (run.report().problems().isEmpty() ? "" : " with problems") + "; hosts contacted: "
                    + (run.hostsContacted().isEmpty() ? "none" : String.join(", ", run.hostsContacted()));
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Connector parameters the request replaces: plain values only, never a secret reference or a placeholder. */
    private static Map<String, String> overrides(JsonNode connector) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : connector.properties()) {
            String value = field.getValue().asText();
            if (PROTECTED_FIELD.matcher(field.getKey()).matches() || field.getValue().isContainerNode()) {
                throw ApiProblem.badRequest("connector." + field.getKey() + ": a dry run over the API reads no secret"
                        + " of the hub; send staging credentials as credentials.username and credentials.secret");
            }
            if (value.contains("{{") || value.contains("${")) {
                throw ApiProblem.badRequest("connector." + field.getKey() + ": placeholders are not allowed here");
            }
            overrides.put(field.getKey(), value);
        }
        return overrides;
    }

    /** The inline staging credentials: {@code username} and {@code secret}, strings. */
    private static Map<String, String> credentials(JsonNode credentials) {
        if (credentials.isMissingNode() || credentials.isNull()) {
            return Map.of();
        }
        if (!credentials.isObject()) {
            throw ApiProblem.badRequest("credentials: an object with username and secret");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : credentials.properties()) {
            if (!CREDENTIAL_FIELDS.contains(field.getKey()) || !field.getValue().isTextual()
                    || field.getValue().asText().isEmpty()) {
                // the value is never echoed
                throw ApiProblem.badRequest("credentials." + (CREDENTIAL_FIELDS.contains(field.getKey())
                        ? field.getKey() + ": a non-empty string" : "<field>: only username and secret are accepted"));
            }
            values.put(field.getKey(), field.getValue().asText());
        }
        return values;
    }

    /**
     * The text with every credential replaced by {@link #MASK}, as written and in the forms a server might echo: JSON
     * string escaping and the Basic authorization's base64.
     */
    static String masked(String text, Collection<String> credentials) {
        List<String> forms = new ArrayList<>();
        for (String credential : credentials) {
            forms.add(credential);
            String escaped = CanonicalJson.toJson(credential);
            forms.add(escaped.substring(1, escaped.length() - 1));
        }
        List<String> values = List.copyOf(credentials);
        for (int i = 0; i < values.size(); i++) {
            for (int j = 0; j < values.size(); j++) {
                if (i != j) {
                    forms.add(Base64.getEncoder().encodeToString((values.get(i) + ":" + values.get(j))
                            .getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        // the longest first, so no part of a longer form is left behind
        forms.sort(Comparator.comparingInt(String::length).reversed());
        String result = text;
        for (String form : forms) {
            if (!form.isEmpty()) {
                result = result.replace(form, MASK);
            }
        }
        return result;
    }

    private static JsonNode body(Message in) {
        return JsonBodies.object(in.getBody(String.class), BODY);
    }

    /** The file the loader expects, named after the definition's id (which must equal the file name). */
    private static String definitionName(String yaml) {
        try {
            String id = YAML.readTree(yaml).path("id").asText("");
            return SAFE_ID.matcher(id).matches() ? id + ".yaml" : "entity.yaml";
        } catch (IOException e) {
            return "entity.yaml";
        }
    }

    private static Path inside(Path scratch, String relative) {
        try {
            return SafeNames.inside(scratch, relative);
        } catch (SafeNames.UnsafeNameException e) {
            throw ApiProblem.badRequest("files: '" + relative + "' must be a relative path inside the entity folder");
        }
    }

    private static Path child(Path folder, String name) {
        try {
            return SafeNames.child(folder, name);
        } catch (SafeNames.UnsafeNameException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }
}
