package eg.gov.bawaba.connectors.soap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.DeliveryFailures;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.cxf.common.CxfPayload;
import org.apache.cxf.headers.Header;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * One SOAP entity's application delivery steps: turns the request the application mapping returned into the SOAP
 * body, and reads the entity's reference from its answer.
 *
 * <p>The mapping returns either
 * <ul>
 * <li>an <b>object</b> (recommended): the content of the operation's request element. The element itself, its
 * namespace and whether its children are namespace-qualified come from the WSDL ({@link SoapDeliveryBinding});
 * every field becomes a child element, an array repeated elements, a {@code "@name"} field an attribute, a
 * {@code "_text"} field the element's text, and a null field nothing. Values are escaped, so applicant data can hold
 * {@code <} or {@code &}.</li>
 * <li>a <b>string</b> holding the request element as XML, for a request the object form cannot express (mixed
 * namespaces, prefixed attributes). The mapping must escape the values itself.</li>
 * </ul>
 * A request that cannot be built (the mapping fails, malformed XML, a field name that is no XML name) can never be
 * delivered: it goes to the dead letter queue at once, without calling the entity.
 */
public class SoapApplicationCall {

    /** Namespace of the element that holds an object request until the WSDL names the operation's element. */
    static final String OPERATION_INPUT = "urn:eg.gov.bawaba:soap:operation-input";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String referenceElement;

    public SoapApplicationCall(String referenceElement) {
        this.referenceElement = referenceElement;
    }

    /**
     * In: the entity's request (the mapping's result) as text. Out: the SOAP payload, headers only
     * {@code Idempotency-Key} and {@code X-Correlation-Id} (sent as HTTP headers); property
     * {@link DeliveryFailures#OUTCOME} ACCEPTED (call the entity) or DEAD_LETTER with {@link DeliveryFailures#FAILURE}
     * when no request can be built.
     */
    public void prepareRequest(Exchange exchange) {
        Message in = exchange.getIn();
        String request = in.getBody(String.class);
        // JMS headers would otherwise travel to the entity as HTTP headers
        in.removeHeaders("*");
        in.setHeader("Idempotency-Key", exchange.getProperty(ApplicationConnector.APPLICATION_ID, String.class));
        String correlationId = exchange.getProperty(ApplicationConnector.CORRELATION_ID, String.class);
        if (correlationId != null) {
            in.setHeader(ApplicationConnector.CORRELATION_HEADER, correlationId);
        }
        Element body;
        try {
            body = requestElement(request);
        } catch (IllegalArgumentException e) {
            exchange.setProperty(DeliveryFailures.OUTCOME, "DEAD_LETTER");
            exchange.setProperty(DeliveryFailures.FAILURE, "the application mapping's request cannot be sent: "
                    + e.getMessage());
            in.setBody(null);
            return;
        }
        List<Source> sources = new ArrayList<>();
        sources.add(new DOMSource(body));
        in.setBody(new CxfPayload<Header>(new ArrayList<>(), sources, null));
        exchange.setProperty(DeliveryFailures.OUTCOME, "ACCEPTED");
    }

    /**
     * The application mapping failed (it is thrown by the hub's prepare step): sending would fail the same way, so the
     * application is dead-lettered at once; only a mapping that ran out of time is tried again.
     */
    public void unmappable(Exchange exchange) {
        DeliveryFailures.unmappable(exchange);
    }

    /** Sets {@link ApplicationConnector#ENTITY_REFERENCE} from the first element named {@code referenceElement}. */
    public void takeReference(Exchange exchange) {
        CxfPayload<?> payload = exchange.getIn().getBody(CxfPayload.class);
        if (payload == null) {
            return;
        }
        for (Element element : payload.getBody()) {
            String reference = find(element, referenceElement);
            if (reference != null && !reference.isBlank()) {
                exchange.setProperty(ApplicationConnector.ENTITY_REFERENCE, reference.strip());
                return;
            }
        }
        // an acceptance without a reference is still an acceptance; status callbacks then use Bawaba's id
    }

    /** The request element for the mapping's result: parsed XML, or an object built into a placeholder element. */
    static Element requestElement(String request) {
        String text = request == null ? "" : request.strip();
        if (text.startsWith("<")) {
            return parse(text).getDocumentElement();
        }
        if (text.startsWith("{")) {
            JsonNode object;
            try {
                object = JSON.readTree(text);
            } catch (IOException e) {
                throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
            }
            Document document = newDocument();
            Element root = document.createElementNS(OPERATION_INPUT, "bawaba:input");
            document.appendChild(root);
            fill(root, object);
            return root;
        }
        throw new IllegalArgumentException("the mapping must return an object (the operation's request fields) or a "
                + "string holding the request element as XML, not " + (text.isEmpty() ? "nothing"
                : "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'"));
    }

    private static void fill(Element element, JsonNode object) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull() || value.isMissingNode()) {
                continue;
            }
            if ("_text".equals(name)) {
                element.appendChild(element.getOwnerDocument().createTextNode(scalar(name, value)));
            } else if (name.startsWith("@")) {
                element.setAttributeNS(null, xmlName(name.substring(1)), scalar(name, value));
            } else if (value.isArray()) {
                for (JsonNode item : value) {
                    if (item.isArray()) {
                        throw new IllegalArgumentException("field '" + name + "' is an array of arrays, which has no XML form");
                    }
                    if (!item.isNull()) {
                        append(element, xmlName(name), item);
                    }
                }
            } else {
                append(element, xmlName(name), value);
            }
        }
    }

    private static void append(Element parent, String name, JsonNode value) {
        // in no namespace for now: SoapDeliveryBinding moves the children into the operation's namespace if qualified
        Element child = parent.getOwnerDocument().createElementNS(null, name);
        parent.appendChild(child);
        if (value.isObject()) {
            fill(child, value);
        } else {
            child.setTextContent(scalar(name, value));
        }
    }

    private static String scalar(String name, JsonNode value) {
        if (value.isContainerNode()) {
            throw new IllegalArgumentException("field '" + name + "' must be a text, number or boolean");
        }
        return value.asText();
    }

    private static String xmlName(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]*") || name.toLowerCase().startsWith("xml")) {
            throw new IllegalArgumentException("field '" + name + "' is not an XML element or attribute name");
        }
        return name;
    }

    private static String find(Element element, String localName) {
        if (localName.equals(element.getLocalName() == null ? element.getNodeName() : element.getLocalName())) {
            return element.getTextContent();
        }
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                String found = find(child, localName);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = factory();
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
        }
    }

    private static Document newDocument() {
        try {
            return factory().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // the request is built from citizens' data: no DTD, no external entities
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory;
    }
}
