package eg.gov.bawaba.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.phase.Phase;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The server side of a WS-Security 1.0 UsernameToken (PasswordText): refuses a SOAP call whose token does not carry the
 * expected user name and password with a {@code wsse:FailedAuthentication} fault, as a WSS4J-secured service would.
 */
final class UsernameTokenCheck extends AbstractSoapInterceptor {

    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final QName SECURITY = new QName(WSSE, "Security");
    static final QName FAILED_AUTHENTICATION = new QName(WSSE, "FailedAuthentication", "wsse");

    /** A user name and password pair the service accepts. */
    record Credentials(String username, String password) {}

    // read per request so the demo (or a test) may set the credentials after the server started
    private final Supplier<Optional<Credentials>> expected;

    UsernameTokenCheck(Supplier<Optional<Credentials>> expected) {
        super(Phase.PRE_PROTOCOL);
        this.expected = expected;
    }

    @Override
    public Set<QName> getUnderstoodHeaders() {
        // clients mark the Security header mustUnderstand; this check is what understands it
        return Set.of(SECURITY);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        Optional<Credentials> accepted = expected.get();
        Header security = message.getHeader(SECURITY);
        if (accepted.isEmpty()) {
            throw refused("The service has no consular account configured");
        }
        if (security == null || !(security.getObject() instanceof Element element)) {
            throw refused("A WS-Security UsernameToken is required");
        }
        String username = text(element, "Username");
        String password = text(element, "Password");
        if (username == null || password == null || !same(accepted.get().username(), username)
                || !same(accepted.get().password(), password)) {
            throw refused("The security token could not be authenticated or authorized");
        }
    }

    private static SoapFault refused(String reason) {
        return new SoapFault(reason, FAILED_AUTHENTICATION);
    }

    private static String text(Element security, String localName) {
        for (Node token = security.getFirstChild(); token != null; token = token.getNextSibling()) {
            if (token instanceof Element t && "UsernameToken".equals(t.getLocalName())) {
                for (Node child = t.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child instanceof Element c && localName.equals(c.getLocalName())) {
                        return c.getTextContent().strip();
                    }
                }
            }
        }
        return null;
    }

    private static boolean same(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
