package eg.gov.bawaba.hub.scaffold;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a WSDL 1.1 document with its embedded XML Schema (plain DOM, no code generated): finds the operation whose
 * answer repeats a structured element (one record each), the service's address and the fields of one record.
 */
final class WsdlReader {

    private static final String WSDL = "http://schemas.xmlsoap.org/wsdl/";
    private static final String XSD = "http://www.w3.org/2001/XMLSchema";
    private static final Set<String> NUMBERS = Set.of("decimal", "int", "integer", "long", "short", "byte", "double",
            "float", "nonNegativeInteger", "positiveInteger", "unsignedInt", "unsignedLong", "unsignedShort");

    private final Document document;
    private final String location;
    private final String prefix;
    private final boolean usernameToken;
    private final Map<String, Element> elements = new HashMap<>();
    private final Map<String, Element> complexTypes = new HashMap<>();
    private final Map<String, Element> simpleTypes = new HashMap<>();
    private final List<String> notes = new ArrayList<>();

    /** An operation whose answer holds records. */
    record ListOperation(String name, String inputElement, String inputNamespace, String recordElement, Element recordDeclaration) {
        String label() {
            return name + " (records: <" + recordElement + ">)";
        }
    }

    WsdlReader(byte[] content, String location, String entityPrefix) {
        this.location = location;
        this.prefix = entityPrefix;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            this.document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(content));
        } catch (Exception e) {
            throw new ScaffoldException(location + " is not a WSDL: it is not well-formed XML (" + e.getMessage() + ")", e);
        }
        Element root = document.getDocumentElement();
        if (!WSDL.equals(root.getNamespaceURI()) || !"definitions".equals(root.getLocalName())) {
            throw new ScaffoldException(location + " is not a WSDL 1.1 document: its root element is <"
                    + root.getTagName() + ">, not <wsdl:definitions>");
        }
        // WS-Security policies are often only described (comments, documentation): the mention is the evidence
        String text = new String(content, StandardCharsets.UTF_8);
        this.usernameToken = text.contains("UsernameToken") || text.contains("WS-Security");
        for (Element schema : descendants(root, XSD, "schema")) {
            for (Element child : children(schema, XSD, null)) {
                String name = child.getAttribute("name");
                switch (child.getLocalName()) {
                    case "element" -> elements.put(name, child);
                    case "complexType" -> complexTypes.put(name, child);
                    case "simpleType" -> simpleTypes.put(name, child);
                    case "import", "include" -> {
                        if (!child.getAttribute("schemaLocation").isEmpty()) {
                            notes.add("the schema " + child.getAttribute("schemaLocation") + " is imported and was "
                                    + "not read: fields defined there are missing");
                        }
                    }
                    default -> { }
                }
            }
        }
    }

    ScaffoldSource read(String chosen, String wsdlLocation) {
        List<ListOperation> operations = listOperations();
        if (operations.isEmpty()) {
            throw new ScaffoldException(location + " has no list operation: no operation answers a repeated "
                    + "structured element (maxOccurs > 1)");
        }
        ListOperation operation;
        if (chosen != null) {
            operation = operations.stream().filter(o -> o.name().equals(chosen)).findFirst()
                    .orElseThrow(() -> new ScaffoldException("no list operation '" + chosen + "' in " + location
                            + "; choose one of:\n" + choices(operations)));
        } else if (operations.size() > 1) {
            throw new ScaffoldException(location + " has " + operations.size() + " list operations; choose one with "
                    + "--operation NAME:\n" + choices(operations));
        } else {
            operation = operations.get(0);
        }
        Map<String, Object> connector = new LinkedHashMap<>();
        connector.put("kind", "soap");
        connector.put("wsdl", "${" + prefix + "WSDL:" + wsdlLocation + "}");
        connector.put("operation", operation.name());
        connector.put("request", "<e:" + operation.inputElement() + " xmlns:e=\"" + operation.inputNamespace() + "\"/>\n");
        connector.put("recordElement", operation.recordElement());
        if (usernameToken) {
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("type", "ws-security");
            auth.put("usernameEnv", prefix + "USER");
            auth.put("secretEnv", prefix + "PASSWORD");
            connector.put("auth", auth);
            notes.add("auth: the WSDL mentions WS-Security (UsernameToken): guessed type ws-security");
        } else {
            notes.add("auth: the WSDL says nothing of security; if the service wants a UsernameToken or basic auth, "
                    + "scaffold again with --auth ws-security or --auth basic");
        }
        connector.put("timeout", "10s");
        List<SourceField> fields = fieldsOf(operation.recordDeclaration(), 0);
        Element service = children(document.getDocumentElement(), WSDL, "service").stream().findFirst().orElse(null);
        return new ScaffoldSource("soap", connector, fields, true, null, operation.label(),
                service == null ? null : service.getAttribute("name"), notes);
    }

    private static String choices(List<ListOperation> operations) {
        return operations.stream().map(o -> "  " + o.label()).collect(Collectors.joining("\n"));
    }

    List<ListOperation> listOperations() {
        Map<String, String> messageElements = new HashMap<>();
        for (Element message : children(document.getDocumentElement(), WSDL, "message")) {
            children(message, WSDL, "part").stream().findFirst()
                    .ifPresent(part -> messageElements.put(message.getAttribute("name"), local(part.getAttribute("element"))));
        }
        List<ListOperation> found = new ArrayList<>();
        for (Element portType : children(document.getDocumentElement(), WSDL, "portType")) {
            for (Element operation : children(portType, WSDL, "operation")) {
                String input = children(operation, WSDL, "input").stream().findFirst()
                        .map(i -> messageElements.get(local(i.getAttribute("message")))).orElse(null);
                String output = children(operation, WSDL, "output").stream().findFirst()
                        .map(o -> messageElements.get(local(o.getAttribute("message")))).orElse(null);
                Element answer = output == null ? null : elements.get(output);
                Element record = answer == null ? null : repeatedRecord(typeOf(answer), 0);
                if (record != null && input != null && elements.containsKey(input)) {
                    found.add(new ListOperation(operation.getAttribute("name"), input,
                            ((Element) elements.get(input).getParentNode()).getAttribute("targetNamespace"),
                            record.getAttribute("name").isEmpty() ? local(record.getAttribute("ref"))
                                    : record.getAttribute("name"), record));
                }
            }
        }
        return found;
    }

    /** The first element declared with maxOccurs > 1 whose type has structure, looking three levels deep. */
    private Element repeatedRecord(Element type, int depth) {
        if (type == null || depth > 3) {
            return null;
        }
        for (Element particle : particles(type)) {
            Element declaration = declaration(particle);
            Element particleType = typeOf(declaration);
            String max = particle.getAttribute("maxOccurs");
            boolean repeated = max.equals("unbounded") || !max.isEmpty() && Integer.parseInt(max) > 1;
            if (repeated && particleType != null && "complexType".equals(particleType.getLocalName())) {
                return declaration;
            }
            Element deeper = repeatedRecord(particleType, depth + 1);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }

    private List<SourceField> fieldsOf(Element declaration, int depth) {
        Element type = typeOf(declaration);
        List<SourceField> fields = new ArrayList<>();
        if (type == null || !"complexType".equals(type.getLocalName()) || depth > 6) {
            return fields;
        }
        for (Element attribute : attributes(type)) {
            String name = attribute.getAttribute("name").isEmpty() ? local(attribute.getAttribute("ref"))
                    : attribute.getAttribute("name");
            fields.add(SourceField.leaf(name, scalarType(attribute), false, enumeration(attribute)));
        }
        String textBase = simpleContentBase(type);
        if (textBase != null) {
            fields.add(SourceField.leaf("_text", builtin(textBase), false, List.of()));
        }
        for (Element particle : particles(type)) {
            Element child = declaration(particle);
            String name = child.getAttribute("name");
            String max = particle.getAttribute("maxOccurs");
            boolean repeated = max.equals("unbounded") || !max.isEmpty() && Integer.parseInt(max) > 1;
            Element childType = typeOf(child);
            if (childType != null && "complexType".equals(childType.getLocalName())
                    && !(simpleContentBase(childType) != null && attributes(childType).isEmpty())) {
                fields.add(SourceField.object(name, repeated, fieldsOf(child, depth + 1)));
            } else {
                fields.add(SourceField.leaf(name, scalarType(child), repeated, enumeration(child)));
            }
        }
        return fields;
    }

    /** The element or attribute's type: inline, or the named type it refers to; null for a built-in type. */
    private Element typeOf(Element declaration) {
        if (declaration == null) {
            return null;
        }
        for (Element child : children(declaration, XSD, null)) {
            if (child.getLocalName().equals("complexType") || child.getLocalName().equals("simpleType")) {
                return child;
            }
        }
        String type = local(declaration.getAttribute("type"));
        if (type.isEmpty()) {
            return null;
        }
        Element named = complexTypes.get(type);
        return named != null ? named : simpleTypes.get(type);
    }

    private Element declaration(Element particle) {
        String ref = particle.getAttribute("ref");
        return ref.isEmpty() ? particle : elements.getOrDefault(local(ref), particle);
    }

    /** The element particles of a complex type, through sequence, all, choice and complexContent extension. */
    private List<Element> particles(Element type) {
        List<Element> found = new ArrayList<>();
        for (Element child : children(type, XSD, null)) {
            switch (child.getLocalName()) {
                case "element" -> found.add(child);
                case "sequence", "all", "choice" -> found.addAll(particles(child));
                case "complexContent" -> children(child, XSD, null).forEach(derivation -> {
                    Element base = complexTypes.get(local(derivation.getAttribute("base")));
                    if (base != null && base != type) {
                        found.addAll(particles(base));
                    }
                    found.addAll(particles(derivation));
                });
                default -> { }
            }
        }
        return found;
    }

    private List<Element> attributes(Element type) {
        List<Element> found = new ArrayList<>();
        for (Element child : children(type, XSD, null)) {
            switch (child.getLocalName()) {
                case "attribute" -> found.add(child);
                case "complexContent", "simpleContent" -> children(child, XSD, null).forEach(derivation -> {
                    Element base = complexTypes.get(local(derivation.getAttribute("base")));
                    if (base != null && base != type) {
                        found.addAll(attributes(base));
                    }
                    found.addAll(attributes(derivation));
                });
                default -> { }
            }
        }
        return found;
    }

    private String simpleContentBase(Element type) {
        for (Element content : children(type, XSD, "simpleContent")) {
            for (Element derivation : children(content, XSD, null)) {
                return local(derivation.getAttribute("base"));
            }
        }
        return null;
    }

    private SourceField.Type scalarType(Element declaration) {
        Element type = typeOf(declaration);
        if (type == null) {
            return builtin(local(declaration.getAttribute("type")));
        }
        if ("complexType".equals(type.getLocalName())) {
            String base = simpleContentBase(type);
            return base == null ? SourceField.Type.STRING : builtin(base);
        }
        for (Element restriction : children(type, XSD, "restriction")) {
            return builtin(local(restriction.getAttribute("base")));
        }
        return SourceField.Type.STRING;
    }

    private List<String> enumeration(Element declaration) {
        Element type = typeOf(declaration);
        List<String> values = new ArrayList<>();
        if (type != null && "simpleType".equals(type.getLocalName())) {
            for (Element restriction : children(type, XSD, "restriction")) {
                children(restriction, XSD, "enumeration").forEach(e -> values.add(e.getAttribute("value")));
            }
        }
        return values;
    }

    private static SourceField.Type builtin(String type) {
        if (NUMBERS.contains(type)) {
            return SourceField.Type.NUMBER;
        }
        return switch (type) {
            case "boolean" -> SourceField.Type.BOOLEAN;
            case "date", "dateTime" -> SourceField.Type.DATE;
            case "anyURI" -> SourceField.Type.URI;
            default -> SourceField.Type.STRING;
        };
    }

    private static String local(String qualified) {
        return qualified.substring(qualified.indexOf(':') + 1);
    }

    private static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && (localName == null || localName.equals(element.getLocalName()))) {
                found.add(element);
            }
        }
        return found;
    }

    private static List<Element> descendants(Element root, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        var list = root.getElementsByTagNameNS(namespace, localName);
        for (int i = 0; i < list.getLength(); i++) {
            found.add((Element) list.item(i));
        }
        return found;
    }
}
