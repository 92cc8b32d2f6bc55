package eg.gov.bawaba.hub.scaffold;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.NativeFormatException;
import eg.gov.bawaba.mappings.NativeRecords;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a sample file (CSV, XML or JSON) the way the hub reads a drop, finds where its records are (the repeated XML
 * element, the array of objects in the JSON) and infers the fields of a record from every record in it.
 */
final class SampleReader {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([T ].*)?");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final int VALUES_KEPT = 40;

    /** A sample's records, where they were found ({@code recordElement} or {@code recordsPointer}) and its format. */
    record Sample(String format, String recordElement, String recordsPointer, List<JsonNode> records) {}

    private SampleReader() {
    }

    static Sample read(String location) {
        byte[] content = SourceText.read(location);
        String lower = location.toLowerCase(Locale.ROOT);
        try {
            if (lower.endsWith(".csv")) {
                return new Sample("csv", null, null, NativeRecords.fromCsv(content));
            }
            String text = new String(content, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
            if (lower.endsWith(".xml")) {
                String element = recordElement(text, location);
                return new Sample("xml", element, null, NativeRecords.fromXml(text, element));
            }
            if (lower.endsWith(".json")) {
                JsonNode tree = CanonicalJson.mapper().readTree(text);
                String pointer = recordsPointer(tree, "");
                if (pointer == null) {
                    throw new ScaffoldException(location + ": no array of records (objects) found in this JSON");
                }
                return new Sample("json", null, pointer, NativeRecords.fromJson(text, pointer));
            }
        } catch (NativeFormatException e) {
            throw new ScaffoldException(location + " cannot be read: " + e.getMessage(), e);
        } catch (ScaffoldException e) {
            throw e;
        } catch (Exception e) {
            throw new ScaffoldException(location + " cannot be read: " + e.getMessage(), e);
        }
        throw new ScaffoldException(location + ": a sample must be a .csv, .xml or .json file");
    }

    /** The pointer to the largest array of objects, the shallowest first; "" when the document is that array. */
    static String recordsPointer(JsonNode node, String at) {
        if (node.isArray()) {
            return node.size() > 0 && node.get(0).isObject() ? at : null;
        }
        if (!node.isObject() || at.chars().filter(c -> c == '/').count() >= 3) {
            return null;
        }
        String best = null;
        int bestSize = 0;
        List<String> deeper = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String pointer = at + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
            JsonNode value = field.getValue();
            if (value.isArray() && value.size() > 0 && value.get(0).isObject() && value.size() > bestSize) {
                best = pointer;
                bestSize = value.size();
            } else if (value.isObject()) {
                deeper.add(pointer);
            }
        }
        if (best != null) {
            return best;
        }
        for (String pointer : deeper) {
            String found = recordsPointer(node.at(pointer.substring(at.length())), pointer);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The element that repeats most often under one parent, the shallowest first: one record each. */
    static String recordElement(String xml, String location) {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new ScaffoldException(location + " is not well-formed XML: " + e.getMessage(), e);
        }
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> depths = new HashMap<>();
        collect(document.getDocumentElement(), 0, counts, depths);
        return counts.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(e -> -depths.get(e.getKey())))
                .map(Map.Entry::getKey)
                .orElseGet(() -> firstChild(document.getDocumentElement()));
    }

    private static void collect(Element parent, int depth, Map<String, Integer> counts, Map<String, Integer> depths) {
        Map<String, Integer> here = new LinkedHashMap<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                String name = element.getLocalName();
                boolean structured = element.hasAttributes() || hasElementChild(element);
                if (structured) {
                    here.merge(name, 1, Integer::sum);
                }
                collect(element, depth + 1, counts, depths);
            }
        }
        here.forEach((name, count) -> {
            if (count > 1 && count > counts.getOrDefault(name, 0)) {
                counts.put(name, count);
                depths.merge(name, depth, Math::min);
            }
        });
    }

    private static boolean hasElementChild(Element element) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element) {
                return true;
            }
        }
        return false;
    }

    private static String firstChild(Element root) {
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                return element.getLocalName();
            }
        }
        return root.getLocalName();
    }

    /** The fields of a record as every record together shows them: a field that is ever a list repeats. */
    static List<SourceField> fields(List<JsonNode> records, boolean textual) {
        Map<String, Accumulated> fields = new LinkedHashMap<>();
        for (JsonNode record : records) {
            if (record.isObject()) {
                record.fields().forEachRemaining(f -> fields.computeIfAbsent(f.getKey(), k -> new Accumulated())
                        .add(f.getValue()));
            }
        }
        List<SourceField> result = new ArrayList<>();
        fields.forEach((name, acc) -> result.add(acc.field(name, textual)));
        return result;
    }

    /** Copies the values a sample shows onto the fields a spec describes, by name, so code lists get their codes. */
    static List<SourceField> withValues(List<SourceField> described, List<SourceField> sampled) {
        List<SourceField> result = new ArrayList<>();
        for (SourceField field : described) {
            SourceField seen = sampled.stream().filter(s -> s.name().equals(field.name())).findFirst().orElse(null);
            if (seen == null) {
                result.add(field);
            } else if (field.scalar()) {
                Set<String> values = new LinkedHashSet<>(field.values());
                values.addAll(seen.values());
                result.add(SourceField.leaf(field.name(), field.type(), field.repeated(), List.copyOf(values)));
            } else {
                result.add(SourceField.object(field.name(), field.repeated(), withValues(field.children(),
                        seen.children())));
            }
        }
        return result;
    }

    private static final class Accumulated {
        boolean repeated;
        boolean object;
        final Set<SourceField.Type> types = new LinkedHashSet<>();
        final Set<String> values = new LinkedHashSet<>();
        final List<JsonNode> children = new ArrayList<>();

        void add(JsonNode value) {
            if (value.isArray()) {
                repeated = true;
                value.forEach(this::addOne);
            } else {
                addOne(value);
            }
        }

        private void addOne(JsonNode value) {
            if (value.isObject()) {
                object = true;
                children.add(value);
            } else if (value.isNumber()) {
                types.add(SourceField.Type.NUMBER);
                keep(value.asText());
            } else if (value.isBoolean()) {
                types.add(SourceField.Type.BOOLEAN);
            } else if (value.isTextual() && !value.asText().isEmpty()) {
                String text = value.asText();
                types.add(DATE.matcher(text).matches() ? SourceField.Type.DATE
                        : text.startsWith("http://") || text.startsWith("https://") ? SourceField.Type.URI
                        : NUMBER.matcher(text).matches() ? SourceField.Type.NUMBER : SourceField.Type.STRING);
                keep(text);
            }
        }

        private void keep(String value) {
            if (values.size() < VALUES_KEPT) {
                values.add(value);
            }
        }

        SourceField field(String name, boolean textual) {
            if (object) {
                return SourceField.object(name, repeated, fields(children, textual));
            }
            SourceField.Type type = types.size() == 1 ? types.iterator().next()
                    : types.isEmpty() ? SourceField.Type.STRING
                    : types.contains(SourceField.Type.STRING) ? SourceField.Type.STRING : types.iterator().next();
            return SourceField.leaf(name, type, repeated, List.copyOf(values));
        }
    }
}
