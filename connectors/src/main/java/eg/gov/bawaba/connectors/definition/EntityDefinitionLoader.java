package eg.gov.bawaba.connectors.definition;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.SafeNames;
import eg.gov.bawaba.mappings.ApplicationMapping;
import eg.gov.bawaba.mappings.CatalogueMapping;
import eg.gov.bawaba.mappings.JsonSchemaCheck;
import eg.gov.bawaba.mappings.MappingDefinitionException;
import eg.gov.bawaba.mappings.model.Bilingual;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Reads, resolves and validates {@code config/entities/<id>.yaml} files, failing with messages that name file and field. */
public final class EntityDefinitionLoader {

    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(15);
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Field names that would hold a secret itself; the ...Env and ...File fields that name where it is kept differ. */
    private static final Pattern LITERAL_SECRET = Pattern.compile(
            "(?i)(?!.*(env|file)$)(.*(secret|password|passwd|passphrase|token|api[-_]?key|private[-_]?key)|key|credentials?)");
    private static final Pattern WHOLE_PLACEHOLDER = Pattern.compile("\\$\\{[^${}]*}");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,9}");
    private static final JsonSchemaCheck SCHEMA = JsonSchemaCheck.fromClasspath("/schema/entity-definition.schema.json");

    /** Fields naming a file that is no secret (a server's public host keys), read where the definition says. */
    private static final java.util.Set<String> PUBLIC_FILES = java.util.Set.of("knownHostsFile");

    private final Path entitiesDir;
    private final UnaryOperator<String> placeholders;
    private final DefinitionSecrets secrets;
    private final Map<String, JsonSchemaCheck> connectorSchemas = new TreeMap<>();
    private final Map<String, JsonSchemaCheck> deliverySchemas = new TreeMap<>();

    /**
     * @param entitiesDir  the folder holding the definitions and their mapping files
     * @param placeholders resolves {@code ${NAME:default}} in string values (the hub passes Spring's Environment)
     * @param kinds        the connector kinds a definition may name; each validates its own parameters
     */
    public EntityDefinitionLoader(Path entitiesDir, UnaryOperator<String> placeholders,
                                  Collection<? extends CatalogueConnector> kinds) {
        this(entitiesDir, placeholders, kinds, java.util.List.of());
    }

    /** As above, also accepting an {@code applications} section delivered by one of the given delivery kinds. */
    public EntityDefinitionLoader(Path entitiesDir, UnaryOperator<String> placeholders,
                                  Collection<? extends CatalogueConnector> kinds,
                                  Collection<? extends ApplicationConnector> deliveryKinds) {
        this(entitiesDir, placeholders, kinds, deliveryKinds,
                new DefinitionSecrets(Path.of("var", "secrets"), java.util.List.of(Path.of("var", "keys"))));
    }

    /**
     * As above, with the places the definitions may take secrets from (the hub passes {@code bawaba.secrets-dir} and
     * its key folder); the other constructors use {@code ./var/secrets} and {@code ./var/keys}.
     */
    public EntityDefinitionLoader(Path entitiesDir, UnaryOperator<String> placeholders,
                                  Collection<? extends CatalogueConnector> kinds,
                                  Collection<? extends ApplicationConnector> deliveryKinds, DefinitionSecrets secrets) {
        this.entitiesDir = entitiesDir;
        this.placeholders = placeholders;
        this.secrets = secrets;
        kinds.forEach(kind -> connectorSchemas.put(kind.kind(), JsonSchemaCheck.fromClasspath(kind.parameterSchema())));
        deliveryKinds.forEach(kind -> deliverySchemas.put(kind.kind(), JsonSchemaCheck.fromClasspath(kind.parameterSchema())));
    }

    public Path entitiesDir() {
        return entitiesDir;
    }

    /** The definition files in the folder, in name order; mapping and code-list files live in sub-folders. */
    public List<Path> definitionFiles() throws IOException {
        if (!Files.isDirectory(entitiesDir)) {
            return List.of();
        }
        try (var files = Files.list(entitiesDir)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().matches(".+\\.ya?ml"))
                    .sorted()
                    .toList();
        }
    }

    public EntityDefinition load(Path file) {
        String name = entitiesDir.getParent() == null ? file.toString() : describe(file);
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidEntityDefinitionException(name, List.of("(file): not readable YAML: " + firstLine(e.getMessage())));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidEntityDefinitionException(name, List.of("(file): must be a YAML mapping with id and names"));
        }
        String expectedId = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        List<String> otherIds = otherIds(expectedId);
        List<String> refused = new ArrayList<>();
        resolvePlaceholders(tree, "", expectedId, otherIds, refused);
        List<String> problems = new ArrayList<>(SCHEMA.validate(tree));
        if (tree.path("id").isTextual() && !tree.path("id").asText().equals(expectedId)) {
            problems.add("id: must equal the file name '" + expectedId + "'");
        }
        checkConnector(tree.at("/catalogue/connector"), "catalogue.connector", connectorSchemas, problems);
        checkConnector(tree.at("/applications/connector"), "applications.connector", deliverySchemas, problems);
        checkConnector(tree.at("/experts/connector"), "experts.connector", deliverySchemas, problems);
        refuseLiteralSecrets(tree.path("catalogue"), "catalogue", problems);
        refuseLiteralSecrets(tree.path("applications"), "applications", problems);
        refuseLiteralSecrets(tree.path("experts"), "experts", problems);
        problems.addAll(refused);
        for (String section : new String[] {"catalogue", "applications", "experts"}) {
            checkSecretReferences(tree.path(section), section, expectedId, otherIds, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidEntityDefinitionException(name, problems);
        }
        String id = tree.get("id").asText();
        Bilingual names = new Bilingual(tree.at("/names/ar").asText(), tree.at("/names/en").asText());
        CatalogueFeed catalogue = tree.has("catalogue") ? catalogueFeed(name, id, tree.get("catalogue")) : null;
        ApplicationsFeed applications = tree.has("applications")
                ? applicationsFeed(name, id, tree.get("applications")) : null;
        ExpertsFeed experts = tree.has("experts") ? expertsFeed(name, id, tree.get("experts")) : null;
        return new EntityDefinition(id, names, catalogue, applications, experts, name);
    }

    private static void checkConnector(JsonNode connector, String field, Map<String, JsonSchemaCheck> schemas,
                                       List<String> problems) {
        if (!connector.path("kind").isTextual()) {
            return;
        }
        JsonSchemaCheck kindSchema = schemas.get(connector.get("kind").asText());
        if (kindSchema == null) {
            problems.add(field + ".kind: unknown kind '" + connector.get("kind").asText() + "'; known kinds: "
                    + String.join(", ", schemas.keySet()));
        } else {
            kindSchema.validate(connector).forEach(p -> problems.add(field + "." + p));
        }
    }

    /**
     * Definitions are committed to version control, so a field that holds a secret itself ({@code password},
     * {@code apiKey}, {@code token}, ...) is refused with a pointer to the {@code ...Env}/{@code ...File} fields,
     * replacing the schema's "unknown field" for it.
     */
    static void refuseLiteralSecrets(JsonNode node, String path, List<String> problems) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String fieldPath = path + "." + field.getKey();
                if (LITERAL_SECRET.matcher(field.getKey()).matches() && !field.getValue().isContainerNode()) {
                    problems.removeIf(p -> p.startsWith(fieldPath + ": "));
                    problems.add(fieldPath + ": a secret must never be written in a definition file; keep it in an "
                            + "environment variable or a file and name that here (secretEnv or secretFile, "
                            + "usernameEnv or usernameFile, keyStorePasswordEnv or keyStorePasswordFile, ...)");
                } else {
                    refuseLiteralSecrets(field.getValue(), fieldPath, problems);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseLiteralSecrets(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private ApplicationsFeed applicationsFeed(String name, String id, JsonNode node) {
        String mappingFile = node.get("mapping").asText();
        ApplicationMapping mapping = outboundMapping(name, id, node, "applications");
        return new ApplicationsFeed(node.at("/connector/kind").asText(), node.get("connector"), mappingFile, mapping,
                node.path("maxAttempts").asInt(DEFAULT_MAX_ATTEMPTS), node.at("/status/mode").asText("callback"),
                node.path("status"), retryFor(node));
    }

    private ExpertsFeed expertsFeed(String name, String id, JsonNode node) {
        ApplicationMapping mapping = outboundMapping(name, id, node, "experts");
        List<String> fields = new ArrayList<>();
        node.at("/subscription/fields").forEach(f -> fields.add(f.asText()));
        List<String> countries = new ArrayList<>();
        node.at("/subscription/countries").forEach(c -> countries.add(c.asText()));
        return new ExpertsFeed(List.copyOf(fields), List.copyOf(countries), node.at("/connector/kind").asText(),
                node.get("connector"), node.get("mapping").asText(), mapping,
                node.path("maxAttempts").asInt(DEFAULT_MAX_ATTEMPTS), retryFor(node));
    }

    /** {@code retryFor}: a delivery's retry budget in time; zero when it is counted in attempts. */
    private static Duration retryFor(JsonNode section) {
        return section.hasNonNull("retryFor") ? DurationText.parse(section.get("retryFor").asText()) : Duration.ZERO;
    }

    /** Compiles the mapping of an outbound section (applications, experts) from the canonical message to the entity's. */
    private ApplicationMapping outboundMapping(String name, String id, JsonNode node, String section) {
        List<String> problems = new ArrayList<>();
        String mappingFile = node.get("mapping").asText();
        String expression = readBeside(mappingFile, section + ".mapping", problems);
        Map<String, Object> codeLists = node.has("codeLists")
                ? codeLists(node.get("codeLists").asText(), section + ".codeLists", problems) : Map.of();
        ApplicationMapping mapping = null;
        if (expression != null) {
            try {
                mapping = ApplicationMapping.compile(id, expression, codeLists);
            } catch (MappingDefinitionException e) {
                problems.add(section + ".mapping: " + mappingFile + " does not compile: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEntityDefinitionException(name, problems);
        }
        return mapping;
    }

    private CatalogueFeed catalogueFeed(String name, String id, JsonNode node) {
        List<String> problems = new ArrayList<>();
        String mappingFile = node.get("mapping").asText();
        String expression = readBeside(mappingFile, "catalogue.mapping", problems);
        Map<String, Object> codeLists = node.has("codeLists")
                ? codeLists(node.get("codeLists").asText(), "catalogue.codeLists", problems) : Map.of();
        CatalogueMapping mapping = null;
        if (expression != null) {
            try {
                mapping = CatalogueMapping.compile(id, expression, codeLists);
            } catch (MappingDefinitionException e) {
                problems.add("catalogue.mapping: " + mappingFile + " does not compile: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEntityDefinitionException(name, problems);
        }
        JsonNode schedule = node.path("schedule");
        Duration every = schedule.has("every") ? DurationText.parse(schedule.get("every").asText()) : DEFAULT_EVERY;
        Duration initialDelay = schedule.has("initialDelay")
                ? DurationText.parse(schedule.get("initialDelay").asText()) : DEFAULT_INITIAL_DELAY;
        boolean full = !"delta".equals(node.path("mode").asText("full"));
        JsonNode connector = node.get("connector");
        return new CatalogueFeed(connector.get("kind").asText(), connector, every, initialDelay, full, mappingFile, mapping);
    }

    private Map<String, Object> codeLists(String relative, String field, List<String> problems) {
        String text = readBeside(relative, field, problems);
        if (text == null) {
            return Map.of();
        }
        try {
            Map<String, Object> read = YAML.readValue(text, new TypeReference<Map<String, Object>>() {});
            return read == null ? Map.of() : read;
        } catch (IOException e) {
            problems.add(field + ": not a YAML mapping of code lists: " + firstLine(e.getMessage()));
            return Map.of();
        }
    }

    private String readBeside(String relative, String field, List<String> problems) {
        Path target;
        try {
            target = SafeNames.inside(entitiesDir, relative);
        } catch (SafeNames.UnsafeNameException e) {
            problems.add(field + ": '" + relative + "' must stay inside " + entitiesDir + " (" + e.getMessage() + ")");
            return null;
        }
        if (!Files.isRegularFile(target)) {
            problems.add(field + ": file '" + relative + "' not found in " + entitiesDir);
            return null;
        }
        try {
            return Files.readString(target, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(field + ": cannot read '" + relative + "': " + e.getMessage());
            return null;
        }
    }

    /**
     * Resolves the placeholders of every string value that may hold them ({@link DefinitionSecrets#refusePlaceholders}:
     * only the entity's own variables); a value that may not is left unresolved and its field named in {@code refused}.
     */
    private void resolvePlaceholders(JsonNode node, String path, String entityId, List<String> otherIds,
                                     List<String> refused) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isTextual()) {
                    String text = field.getValue().asText();
                    var problem = DefinitionSecrets.refusePlaceholders(entityId, otherIds, text);
                    if (problem.isPresent()) {
                        refused.add(fieldPath + ": " + problem.get());
                    } else {
                        field.setValue(resolved(text));
                    }
                } else {
                    resolvePlaceholders(field.getValue(), fieldPath, entityId, otherIds, refused);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isTextual()) {
                    var problem = DefinitionSecrets.refusePlaceholders(entityId, otherIds, item.asText());
                    if (problem.isPresent()) {
                        refused.add(path + "[" + i + "]: " + problem.get());
                    } else {
                        ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, resolved(item.asText()));
                    }
                } else {
                    resolvePlaceholders(item, path + "[" + i + "]", entityId, otherIds, refused);
                }
            }
        }
    }

    /**
     * The value with its placeholders resolved. A value that is one placeholder and nothing else, resolving to a whole
     * number or {@code true}/{@code false}, becomes that number or boolean, so numeric and boolean fields can differ
     * per environment too ({@code consumers: ${EMIGRATION_CONSUMERS:1}}); the schema then checks it as written.
     */
    private JsonNode resolved(String text) {
        String value = placeholders.apply(text);
        if (WHOLE_PLACEHOLDER.matcher(text.strip()).matches()) {
            if (WHOLE_NUMBER.matcher(value).matches()) {
                return IntNode.valueOf(Integer.parseInt(value));
            }
            if (value.equals("true") || value.equals("false")) {
                return BooleanNode.valueOf(value.equals("true"));
            }
        }
        return TextNode.valueOf(value);
    }

    /**
     * Every place a section names a secret: {@code ...Env} fields must name the entity's own variables, {@code ...File}
     * fields and the TLS stores files in its own secrets folder ({@link DefinitionSecrets}). A file reference is
     * replaced by the absolute path it resolved to, so every connector reads exactly the file checked here.
     */
    private void checkSecretReferences(JsonNode node, String path, String entityId, List<String> otherIds,
                                       List<String> problems) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                String fieldPath = path + "." + key;
                JsonNode value = field.getValue();
                if (!value.isTextual()) {
                    checkSecretReferences(value, fieldPath, entityId, otherIds, problems);
                } else if (key.equals("directory")) {
                    secrets.refuseFolder(value.asText().strip())
                            .ifPresent(reason -> problems.add(fieldPath + ": " + reason));
                } else if (key.endsWith("Env")) {
                    DefinitionSecrets.refuseVariable(entityId, otherIds, value.asText().strip())
                            .ifPresent(reason -> problems.add(fieldPath + ": " + reason));
                } else if ((key.endsWith("File") && !PUBLIC_FILES.contains(key))
                        || key.equals("keyStore") || key.equals("trustStore")) {
                    try {
                        field.setValue(TextNode.valueOf(secrets.file(entityId, value.asText().strip()).toString()));
                    } catch (IllegalArgumentException e) {
                        problems.add(fieldPath + ": " + e.getMessage());
                    }
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkSecretReferences(node.get(i), path + "[" + i + "]", entityId, otherIds, problems);
            }
        }
    }

    /** The ids of the other definitions in the folder, whose variables this entity may not read. */
    private List<String> otherIds(String entityId) {
        try {
            return definitionFiles().stream().map(f -> f.getFileName().toString().replaceFirst("\\.ya?ml$", ""))
                    .filter(id -> !id.equals(entityId)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private String describe(Path file) {
        Path base = entitiesDir.toAbsolutePath().getParent();
        Path absolute = file.toAbsolutePath();
        Path parentOfBase = base == null ? null : base.getParent();
        return parentOfBase != null && absolute.startsWith(parentOfBase)
                ? parentOfBase.relativize(absolute).toString() : file.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
