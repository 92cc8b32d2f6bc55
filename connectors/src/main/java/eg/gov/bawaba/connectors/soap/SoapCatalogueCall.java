package eg.gov.bawaba.connectors.soap;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.ConnectorErrorHandling;
import eg.gov.bawaba.mappings.NativeFormatException;
import eg.gov.bawaba.mappings.NativeRecords;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.cxf.common.CxfPayload;
import org.apache.cxf.headers.Header;
import org.apache.cxf.staxutils.StaxUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** Puts one entity's configured request payload on the exchange and turns the response payload into native records. */
public class SoapCatalogueCall {

    private final SoapFetchSettings settings;

    public SoapCatalogueCall(SoapFetchSettings settings) {
        this.settings = settings;
    }

    /** Refuses a configured request that is not well-formed XML, naming the parameter. */
    static void checkRequest(String request) {
        if (!request.isBlank()) {
            try {
                parse(request);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("request is not well-formed XML: " + e.getMessage(), e);
            }
        }
    }

    public void start(Exchange exchange) {
        exchange.setProperty(ConnectorErrorHandling.RETRIES_PROPERTY, settings.retries());
    }

    public void prepareRequest(Exchange exchange) {
        Message in = exchange.getIn();
        // any header left by the caller would travel to the entity as an HTTP header
        in.removeHeaders("*");
        List<Source> body = new ArrayList<>();
        if (!settings.request().isEmpty()) {
            body.add(new DOMSource(parse(settings.request()).getDocumentElement()));
        }
        // an empty body is completed by SoapEntityBinding, which knows the operation's element from the WSDL;
        // the credentials are added there too, afresh on every attempt
        in.setBody(new CxfPayload<Header>(new ArrayList<>(), body, null));
    }

    public void collectRecords(Exchange exchange) {
        CxfPayload<?> payload = exchange.getIn().getBody(CxfPayload.class);
        List<Element> elements = payload == null ? List.of() : payload.getBody();
        if (elements.isEmpty()) {
            // nothing at all is not an empty catalogue: a full sync would withdraw every entry
            throw new NativeFormatException("the SOAP response body is empty");
        }
        // one document for the reader, however many parts the operation answers with
        StringBuilder xml = new StringBuilder("<soapBody>");
        for (Element element : elements) {
            // StaxUtils declares every namespace the element uses, even one declared on the Envelope
            xml.append(StaxUtils.toString(element));
        }
        xml.append("</soapBody>");
        List<JsonNode> records = NativeRecords.fromXml(xml.toString(), settings.recordElement());
        List<String> warnings = new ArrayList<>();
        NativeRecords.unmatchedRecordElement(xml.toString(), settings.recordElement(), records.size())
                .ifPresent(warnings::add);
        exchange.setProperty(CatalogueConnector.WARNINGS, warnings);
        exchange.removeProperty(CatalogueConnector.RECORD_LOCATIONS);
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setBody(records);
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // the request comes from configuration, but a DTD has no business in it either
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
        }
    }
}
