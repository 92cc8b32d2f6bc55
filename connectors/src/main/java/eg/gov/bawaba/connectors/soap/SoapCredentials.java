package eg.gov.bawaba.connectors.soap;

import eg.gov.bawaba.connectors.SecretSource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.camel.Exchange;
import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.headers.Header;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Presents an entity's credentials on each attempt of a call: HTTP basic auth or a WS-Security UsernameToken, with the
 * secrets read from the environment, the configuration or a secret file at that moment and never written into a URI or
 * a log.
 */
final class SoapCredentials {

    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String PASSWORD_TEXT =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
    static final String BASE64 =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";
    static final QName SECURITY = new QName(WSSE, "Security", "wsse");

    private static final SecureRandom NONCES = new SecureRandom();

    private final String type;
    private final SecretSource username;
    private final SecretSource secret;

    SoapCredentials(String type, SecretSource username, SecretSource secret) {
        this.type = type;
        this.username = username;
        this.secret = secret;
    }

    /** Credentials whose user name and password are in environment variables (or hub properties). */
    SoapCredentials(String type, String usernameEnv, String secretEnv) {
        this(type, new SecretSource(usernameEnv, ""), new SecretSource(secretEnv, ""));
    }

    /** Adds the credentials to the request about to be sent: a header for basic, a SOAP header for ws-security. */
    void present(Exchange exchange, List<Header> soapHeaders) {
        switch (type) {
            case "basic" -> {
                String pair = username.require(exchange.getContext()) + ":" + secret.require(exchange.getContext());
                exchange.getIn().setHeader("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            case "ws-security" -> {
                // a retry must not resend the previous nonce, which an entity guarding against replays refuses
                soapHeaders.removeIf(h -> SECURITY.equals(h.getName()));
                soapHeaders.add(usernameToken(username.require(exchange.getContext()),
                        secret.require(exchange.getContext())));
            }
            default -> { }
        }
    }

    /** A WS-Security 1.0 UsernameToken with the password as text, nonce and creation time. */
    static SoapHeader usernameToken(String username, String password) {
        Document doc = newDocument();
        Element security = doc.createElementNS(WSSE, "wsse:Security");
        security.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:wsse", WSSE);
        security.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:wsu", WSU);
        doc.appendChild(security);
        Element token = child(security, WSSE, "wsse:UsernameToken", null);
        child(token, WSSE, "wsse:Username", username);
        child(token, WSSE, "wsse:Password", password).setAttribute("Type", PASSWORD_TEXT);
        byte[] nonce = new byte[16];
        NONCES.nextBytes(nonce);
        child(token, WSSE, "wsse:Nonce", Base64.getEncoder().encodeToString(nonce)).setAttribute("EncodingType", BASE64);
        child(token, WSU, "wsu:Created", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        SoapHeader header = new SoapHeader(SECURITY, security);
        // as WSS4J does: an entity that cannot check the token must refuse the call rather than ignore it
        header.setMustUnderstand(true);
        return header;
    }

    private static Element child(Element parent, String namespace, String name, String text) {
        Element element = parent.getOwnerDocument().createElementNS(namespace, name);
        if (text != null) {
            element.setTextContent(text);
        }
        parent.appendChild(element);
        return element;
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
        }
    }
}
