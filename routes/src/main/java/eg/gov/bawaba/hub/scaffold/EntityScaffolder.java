package eg.gov.bawaba.hub.scaffold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Writes a starting definition, mapping and code lists for an entity from what it can hand over (a WSDL, an OpenAPI 3
 * document or a sample file), never over existing files unless forced ({@code bin/scaffold-entity}, docs/onboarding.md).
 */
public final class EntityScaffolder {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));
    private static final String CATEGORIES = "DOCUMENTS, CONSULAR, INSURANCE, PENSIONS, CUSTOMS, HOUSING, BANKING, "
            + "INVESTMENT, EDUCATION, EMPLOYMENT, TRAINING, HEALTH, OTHER";

    /**
     * What to scaffold from: exactly one of {@code wsdl}, {@code openapi}, or a {@code sample} alone; a sample beside a
     * spec gives the dry run its records and the code lists their codes.
     */
    public record Request(String entityId, String wsdl, String openapi, String sample, String operation,
                          String baseUrl, String auth, String nameAr, String nameEn, Path configDir, boolean force) {}

    /** What was written, what the engineer must still do, and how the dry run should read records. */
    public record Result(Path definition, List<Path> written, List<String> todos, List<String> notes,
                         Path drySample, boolean liveDryRun, CodeLists codeLists) {}

    /**
     * The code lists of a scaffold, which can learn the entity's codes from records fetched later: a spec seldom
     * lists them, the first live dry run shows them.
     */
    public static final class CodeLists {
        private final String entityId;
        private final ScaffoldSource source;
        private final List<SourceField> fields;
        private final String kind;
        private final Path file;

        private CodeLists(String entityId, ScaffoldSource source, List<SourceField> fields, String kind, Path file) {
            this.entityId = entityId;
            this.source = source;
            this.fields = fields;
            this.kind = kind;
            this.file = file;
        }

        /** Rewrites the code lists with the codes these records hold; false when that changes nothing. */
        public boolean learnFrom(List<JsonNode> records) {
            List<SourceField> seen = SampleReader.withValues(fields, SampleReader.fields(records, source.textual()));
            Map<String, FieldMatcher.Binding> bindings = FieldMatcher.match(seen);
            String text = codeLists(entityId, bindings, new MappingWriter(bindings, source, kind));
            try {
                if (text.equals(Files.readString(file, StandardCharsets.UTF_8))) {
                    return false;
                }
                Files.writeString(file, text, StandardCharsets.UTF_8);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    private EntityScaffolder() {
    }

    public static Result scaffold(Request request) {
        String id = request.entityId();
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]{1,39}")) {
            throw new ScaffoldException("the entity id '" + id + "' must be 2-40 lower-case letters, digits or '-'");
        }
        int given = (request.wsdl() != null ? 1 : 0) + (request.openapi() != null ? 1 : 0);
        if (given > 1 || given == 0 && request.sample() == null) {
            throw new ScaffoldException("give one of --wsdl WSDL, --openapi DOCUMENT or --sample FILE");
        }
        Path definition = request.configDir().resolve(id + ".yaml");
        Path folder = request.configDir().resolve(id);
        List<Path> targets = List.of(definition, folder.resolve("catalogue.jsonata"), folder.resolve("code-lists.yaml"));
        if (!request.force()) {
            List<Path> existing = targets.stream().filter(Files::exists).toList();
            if (!existing.isEmpty()) {
                throw new ScaffoldException("not overwriting " + String.join(", ", existing.stream()
                        .map(Path::toString).toList()) + ": move it away or add --force");
            }
        }
        String prefix = id.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
        SampleReader.Sample sample = request.sample() == null ? null : SampleReader.read(request.sample());
        ScaffoldSource source;
        String from;
        boolean live = false;
        if (request.wsdl() != null) {
            String location = SourceText.isUrl(request.wsdl()) ? request.wsdl()
                    : Path.of(request.wsdl()).toAbsolutePath().normalize().toString();
            source = new WsdlReader(SourceText.read(request.wsdl()), request.wsdl(), prefix)
                    .read(request.operation(), location);
            from = "the WSDL " + request.wsdl() + ", operation " + source.describedAs();
            live = SourceText.isUrl(request.wsdl());
        } else if (request.openapi() != null) {
            source = new OpenApiReader(SourceText.readText(request.openapi()), request.openapi(), prefix)
                    .read(request.operation(), request.baseUrl());
            from = "the OpenAPI document " + request.openapi() + ", " + source.describedAs();
            live = SourceText.isUrl(request.openapi()) || request.baseUrl() != null;
        } else {
            source = fileSource(id, sample);
            from = "the sample " + Path.of(request.sample()).getFileName() + " (" + source.describedAs() + ")";
        }
        if (request.auth() != null) {
            auth(source, request.auth(), prefix);
        }
        List<SourceField> fields = sample == null || request.wsdl() == null && request.openapi() == null
                ? source.fields()
                : SampleReader.withValues(source.fields(), SampleReader.fields(sample.records(), true));
        Map<String, FieldMatcher.Binding> bindings = FieldMatcher.match(fields);
        String kind = (source.describedAs() + " " + id).toLowerCase(Locale.ROOT).contains("privilege")
                ? "PRIVILEGE" : "SERVICE";
        MappingWriter mapping = new MappingWriter(bindings, source, kind);
        String jsonata = mapping.write(id, from, FieldMatcher.formCandidates(fields));
        String codeLists = codeLists(id, bindings, mapping);
        List<String> todos = new ArrayList<>(mapping.todos());
        String yaml = definition(request, source, from, todos);
        try {
            Files.createDirectories(folder);
            Files.writeString(definition, yaml, StandardCharsets.UTF_8);
            Files.writeString(targets.get(1), jsonata, StandardCharsets.UTF_8);
            Files.writeString(targets.get(2), codeLists, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scaffold of " + id + " into " + request.configDir(), e);
        }
        // a named authentication replaces the guess, and what was said about the guess
        List<String> notes = source.notes().stream().filter(n -> request.auth() == null || !n.startsWith("auth:"))
                .toList();
        return new Result(definition, targets, todos, notes,
                sample == null ? null : Path.of(request.sample()).toAbsolutePath(), sample == null && live,
                new CodeLists(id, source, fields, kind, targets.get(2)));
    }

    /**
     * The authentication the engineer names ({@code --auth}), which a spec often leaves out (a WSDL served by a
     * framework drops the comments that describe WS-Security), replacing the guess.
     */
    private static void auth(ScaffoldSource source, String given, String prefix) {
        String type = given.contains(":") ? given.substring(0, given.indexOf(':')) : given;
        Set<String> allowed = source.kind().equals("soap") ? Set.of("none", "basic", "ws-security")
                : source.kind().equals("rest") ? Set.of("none", "basic", "api-key") : Set.of();
        if (!allowed.contains(type)) {
            throw new ScaffoldException("--auth " + given + " does not suit a " + source.kind() + " connector"
                    + (allowed.isEmpty() ? " (files carry no authentication)" : "; use one of " + allowed));
        }
        source.connector().remove("auth");
        if (type.equals("none")) {
            return;
        }
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("type", type);
        if (type.equals("api-key")) {
            auth.put("header", given.contains(":") ? given.substring(given.indexOf(':') + 1) : "X-Api-Key");
            auth.put("secretEnv", prefix + "API_KEY");
        } else {
            auth.put("usernameEnv", prefix + "USER");
            auth.put("secretEnv", prefix + "PASSWORD");
        }
        // before timeout, where a definition written by hand has it
        Object timeout = source.connector().remove("timeout");
        source.connector().put("auth", auth);
        source.connector().put("timeout", timeout);
    }

    private static ScaffoldSource fileSource(String id, SampleReader.Sample sample) {
        Map<String, Object> connector = new LinkedHashMap<>();
        connector.put("kind", "file");
        connector.put("directory", "${BAWABA_DATA_DIR:./var}/drops/" + id);
        connector.put("format", sample.format());
        String described = sample.format().toUpperCase(Locale.ROOT) + ", " + sample.records().size() + " records";
        if (sample.recordElement() != null) {
            connector.put("recordElement", sample.recordElement());
            described += " in <" + sample.recordElement() + ">";
        }
        if (sample.recordsPointer() != null && !sample.recordsPointer().isEmpty()) {
            connector.put("recordsPointer", sample.recordsPointer());
            described += " at " + sample.recordsPointer();
        }
        connector.put("pollEvery", "10s");
        boolean textual = !sample.format().equals("json");
        List<String> notes = new ArrayList<>();
        notes.add("connector: a folder drop; for SFTP use kind sftp with the same format (docs/onboarding.md)");
        List<SourceField> fields = SampleReader.fields(sample.records(), textual);
        // a CSV file that separates list items by "|" in one column does so in every column
        String separator = sample.format().equals("csv") && fields.stream()
                .anyMatch(f -> f.values().stream().anyMatch(v -> v.contains("|"))) ? "|" : null;
        return new ScaffoldSource("file", connector, fields, textual, separator, described, null, notes);
    }

    private static String definition(Request request, ScaffoldSource source, String from, List<String> todos) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", request.entityId());
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("ar", request.nameAr() != null ? request.nameAr() : "اسم الجهة");
        names.put("en", request.nameEn() != null ? request.nameEn()
                : source.englishName() != null && !source.englishName().isBlank() ? source.englishName()
                : request.entityId());
        if (request.nameAr() == null || request.nameEn() == null) {
            todos.add(0, "names: the entity's official names (--name-ar, --name-en)");
        }
        tree.put("names", names);
        Map<String, Object> catalogue = new LinkedHashMap<>();
        catalogue.put("connector", source.connector());
        catalogue.put("schedule", Map.of("every", "15m"));
        catalogue.put("mode", "full");
        catalogue.put("mapping", request.entityId() + "/catalogue.jsonata");
        catalogue.put("codeLists", request.entityId() + "/code-lists.yaml");
        tree.put("catalogue", catalogue);
        StringBuilder out = new StringBuilder();
        out.append("# Scaffolded by bin/scaffold-entity from ").append(from).append(".\n")
                .append("# Secrets are read from the variables named here (").append(request.entityId()
                        .toUpperCase(Locale.ROOT).replace('-', '_')).append("_…), never written here.\n")
                .append("# Check with bin/dry-run, then delete these comments. To do:\n");
        todos.forEach(t -> out.append("#   TODO ").append(t).append('\n'));
        source.notes().stream().filter(n -> request.auth() == null || !n.startsWith("auth:"))
                .forEach(n -> out.append("#   note: ").append(n).append('\n'));
        try {
            out.append(YAML.writeValueAsString(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String codeLists(String id, Map<String, FieldMatcher.Binding> bindings, MappingWriter mapping) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(id).append("'s own codes translated into Bawaba's vocabularies ")
                .append("(docs/catalogue-model.md).\n# Scaffolded: every line is a guess marked TODO; check it, then ")
                .append("remove the mark. An unknown code quarantines\n# the record, naming the code, so this list ")
                .append("gets fixed instead of entries being filed wrongly.\n\n");
        FieldMatcher.Candidate category = bindings.get("category").bound();
        out.append("# ").append(category == null ? "(no category field found)" : category.label())
                .append(" -> canonical category: ").append(CATEGORIES).append('\n');
        out.append(section("category", mapping.codes("category"), EntityScaffolder::guessCategory));
        FieldMatcher.Candidate channels = bindings.get("channels").bound();
        out.append("\n# ").append(channels == null ? "(no channel field found)" : channels.label())
                .append(" -> canonical channel: MOBILE_APP, WEB, CONSULATE, ENTITY_OFFICE, POST\n");
        out.append(section("channel", mapping.codes("channels"), EntityScaffolder::guessChannel));
        return out.toString();
    }

    private static String section(String name, Set<String> codes, Function<String, String> guess) {
        if (codes.isEmpty()) {
            return name + ": {}   # TODO add each of the entity's codes: CODE: CANONICAL\n";
        }
        StringBuilder out = new StringBuilder(name).append(":\n");
        for (String code : codes) {
            String canonical = guess.apply(code);
            out.append("  ").append(quoted(code)).append(": ").append(canonical == null ? "TODO" : canonical)
                    .append(canonical == null ? "   # TODO: no guess, records with this code are quarantined\n"
                            : "   # TODO check\n");
        }
        return out.toString();
    }

    private static String quoted(String code) {
        return code.matches("[A-Za-z_][A-Za-z0-9_.-]*") && !Set.of("yes", "no", "true", "false", "on", "off", "null", "y", "n")
                .contains(code.toLowerCase(Locale.ROOT)) ? code : "\"" + code.replace("\"", "\\\"") + "\"";
    }

    /** A first guess from words in the code; OTHER when nothing fits, which the engineer is asked to check. */
    static String guessCategory(String code) {
        String c = code.toUpperCase(Locale.ROOT);
        String[][] rules = {
                {"PENSION|LIFE|LUMPSUM|SURVIVOR|RETIRE", "PENSIONS"},
                {"INSUR|^INS$|VOLUNTARY|CONTRIB|STATEMENT", "INSURANCE"},
                {"PASSPORT|PSP|NID|IDENT|CIVIL|CIV|BIRTH|CERT|DOC|CR_|REGISTRY", "DOCUMENTS"},
                {"CONSUL|NOTAR|NOT$|LEG|AST|ATTEST|POWER", "CONSULAR"},
                {"CAR|CUSTOM|DUTY|VEHICLE", "CUSTOMS"},
                {"HOUS|LAND|APART|PROPERTY", "HOUSING"},
                {"BANK|FX|SAVING|DEPOSIT|ACCOUNT|TRANSFER", "BANKING"},
                {"INVEST", "INVESTMENT"},
                {"EDU|UNIV|SCHOOL|STUD|SCHOLAR", "EDUCATION"},
                {"JOB|EMPLOY|WORK|LABOU?R", "EMPLOYMENT"},
                {"TRAIN|COURSE", "TRAINING"},
                {"HEALTH|MEDIC|HOSPITAL", "HEALTH"}};
        for (String[] rule : rules) {
            if (Pattern.compile(rule[0]).matcher(c).find()) {
                return rule[1];
            }
        }
        return "OTHER";
    }

    static String guessChannel(String code) {
        String c = code.toUpperCase(Locale.ROOT);
        if (c.contains("POST") || c.contains("MAIL")) {
            return "POST";
        }
        if (c.contains("APP") || c.contains("MOBILE")) {
            return "MOBILE_APP";
        }
        if (c.contains("CONSUL") || c.contains("EMBASS")) {
            return c.startsWith("E_") || c.startsWith("E-") ? "WEB" : "CONSULATE";
        }
        if (c.contains("WEB") || c.contains("PORTAL") || c.contains("ONLINE") || c.contains("INTERNET")) {
            return "WEB";
        }
        if (c.contains("OFFICE") || c.contains("HQ") || c.contains("BRANCH") || c.contains("COUNTER")) {
            return "ENTITY_OFFICE";
        }
        return null;
    }
}
