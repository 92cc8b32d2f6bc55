package eg.gov.bawaba.hub.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eg.gov.bawaba.connectors.SafeNames;
import eg.gov.bawaba.hub.api.ApiProblem;
import eg.gov.bawaba.hub.api.JsonBodies;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * POST /ops/v1/dry-run: the dry run for a definition sent inline with its mapping files and an optional sample, laid
 * out in a scratch folder that is deleted afterwards. Body:
 * {@code {"definition": "<yaml>", "files": {"nosi/catalogue.jsonata": "…"}, "sample": {"name": "x.csv",
 * "content": "…"}, "connector": {"baseUrl": "…"}}}.
 */
@Component
public class DryRunApi {

    private static final Pattern SAFE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");
    private static final Pattern SAFE_SAMPLE = Pattern.compile("[\\w.-]{1,100}\\.(csv|xml|json)");
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

    public void run(Exchange exchange) throws IOException {
        JsonNode request = body(exchange.getIn());
        String yaml = request.path("definition").asText("");
        if (yaml.isBlank()) {
            throw ApiProblem.badRequest("definition: the entity definition YAML is required");
        }
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
            Map<String, String> overrides = new LinkedHashMap<>();
            request.path("connector").properties().forEach(e -> overrides.put(e.getKey(), e.getValue().asText()));
            DryRunReport report = dryRun.run(definition, sample, overrides);
            Message out = exchange.getMessage();
            out.removeHeaders("*", "Camel*");
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            out.setHeader(Exchange.CONTENT_TYPE, "application/json");
            out.setBody(CanonicalJson.toJson(report));
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
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
