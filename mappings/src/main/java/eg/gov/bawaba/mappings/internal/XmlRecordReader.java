package eg.gov.bawaba.mappings.internal;

import com.ctc.wstx.stax.WstxInputFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import eg.gov.bawaba.mappings.NativeFormatException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams an XML payload and turns every element with a given local name into a JSON record.
 *
 * <p>Entity payloads come from outside, so DTDs are refused outright: that rules out external entities (XXE) and
 * entity expansion bombs ("billion laughs") without relying on parser defaults.
 */
public final class XmlRecordReader {

    private static final XMLInputFactory INPUT_FACTORY = secureFactory();
    /** Field name for the text of an element that also has attributes, e.g. {@code <fee currency="USD">1000</fee>}. */
    public static final String TEXT_FIELD = "_text";

    // Jackson's default name for that text is "", which a JSONata path cannot address
    private static final XmlMapper XML_MAPPER = XmlMapper.builder().nameForTextElement(TEXT_FIELD).build();

    private XmlRecordReader() {}

    public static List<JsonNode> read(String body, String recordElement) {
        if (recordElement == null || recordElement.isBlank()) {
            throw new IllegalArgumentException("record element name is required, e.g. privilege");
        }
        if (body == null || body.isBlank()) {
            throw new NativeFormatException("XML payload is empty");
        }
        String localName = localName(recordElement.strip());
        List<JsonNode> records = new ArrayList<>();
        XMLStreamReader reader = null;
        try {
            reader = INPUT_FACTORY.createXMLStreamReader(new StringReader(body));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new NativeFormatException("XML payload declares a DTD (<!DOCTYPE>); DTDs are refused "
                            + "because they enable external entity and entity expansion attacks");
                }
                if (event == XMLStreamConstants.START_ELEMENT && localName.equals(reader.getLocalName())) {
                    // reads exactly this element and leaves the reader on its end tag
                    records.add(XML_MAPPER.readValue(reader, JsonNode.class));
                }
            }
            return records;
        } catch (XMLStreamException e) {
            throw new NativeFormatException("payload is not well-formed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            // Jackson wraps the parser's complaint about a broken record element
            throw new NativeFormatException("payload is not well-formed XML: " + e.getMessage(), e);
        } finally {
            close(reader);
        }
    }

    /**
     * The distinct local names of the payload's elements in document order, at most {@code max}, to say what a
     * record element that matched nothing could have been; empty when the payload cannot be read.
     */
    public static List<String> elementNames(String body, int max) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        XMLStreamReader reader = null;
        try {
            reader = INPUT_FACTORY.createXMLStreamReader(new StringReader(body == null ? "" : body));
            while (reader.hasNext() && names.size() < max) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    return List.of();
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    names.add(reader.getLocalName());
                }
            }
        } catch (XMLStreamException e) {
            // the reader reports a broken payload on its own; here only the names read so far matter
        } finally {
            close(reader);
        }
        return List.copyOf(names);
    }

    private static String localName(String name) {
        int colon = name.indexOf(':');
        return colon >= 0 ? name.substring(colon + 1) : name;
    }

    private static XMLInputFactory secureFactory() {
        // Woodstox explicitly, not whatever StAX implementation the classpath offers, so the settings below are known to apply
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not resolved: " + systemId);
        });
        return factory;
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing left to release for an in-memory string
            }
        }
    }
}
