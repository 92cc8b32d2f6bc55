package eg.gov.bawaba.sandbox;

import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.xml.stream.XMLStreamException;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.bus.CXFBusFactory;
import org.apache.cxf.helpers.DOMUtils;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.staxutils.StaxUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Simulates the Ministry of Foreign Affairs' consular services registry: a real CXF SOAP endpoint (hand-written WSDL,
 * document/literal) answering {@code ListConsularServices} in the Ministry's own XML shape, behind a WS-Security
 * UsernameToken.
 */
@WebServiceProvider(serviceName = "ConsularServices", portName = "ConsularServicesSoapPort",
        targetNamespace = ForeignAffairsConsularServices.NS,
        wsdlLocation = "classpath:" + ForeignAffairsConsularServices.WSDL)
@ServiceMode(Service.Mode.PAYLOAD)
public final class ForeignAffairsConsularServices implements Provider<Source> {

    static final String PATH = "/foreign-affairs/consular-services";
    static final String NS = "http://www.mfa.gov.eg/ws/consular/2019";
    static final String WSDL = "foreign-affairs/consular-services.wsdl";
    static final String DATA = "foreign-affairs/consular-services.xml";
    public static final String USER = "FOREIGN_AFFAIRS_USER";
    public static final String PASSWORD = "FOREIGN_AFFAIRS_PASSWORD";
    private static final Set<String> STATUSES = Set.of("ACTIVE", "SUSPENDED", "ALL");

    private final Document services;

    private ForeignAffairsConsularServices(Document services) {
        this.services = services;
    }

    /** The Ministry's credentials as the sandbox settings hold them at this moment. */
    static Optional<UsernameTokenCheck.Credentials> credentialsFromSettings() {
        Optional<String> user = SandboxSettings.lookup(USER);
        Optional<String> password = SandboxSettings.lookup(PASSWORD);
        return user.isPresent() && password.isPresent()
                ? Optional.of(new UsernameTokenCheck.Credentials(user.get(), password.get())) : Optional.empty();
    }

    /** Publishes the service on a context of the sandbox's HTTP server; closing the result stops it. */
    static AutoCloseable publish(com.sun.net.httpserver.HttpServer server,
                                 Supplier<Optional<UsernameTokenCheck.Credentials>> credentials) {
        // a bus of its own: the hub in the same JVM keeps its CXF clients on theirs
        Bus bus = new CXFBusFactory().createBus();
        EndpointImpl endpoint = new EndpointImpl(bus, new ForeignAffairsConsularServices(load()));
        endpoint.getInInterceptors().add(new UsernameTokenCheck(credentials));
        endpoint.publish(new JdkHttpSpiContext(server.createContext(PATH)));
        return () -> {
            endpoint.stop();
            bus.shutdown(true);
        };
    }

    @Override
    public Source invoke(Source request) {
        Element list = document(request).getDocumentElement();
        String status = "ALL";
        List<String> categories = new ArrayList<>();
        for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "status".equals(e.getLocalName())) {
                status = e.getTextContent().strip();
            } else if (n instanceof Element e && "categoryCode".equals(e.getLocalName())) {
                categories.add(e.getTextContent().strip());
            }
        }
        if (!STATUSES.contains(status)) {
            throw new SoapFault("Unknown status '" + status + "'; expected ACTIVE, SUSPENDED or ALL",
                    Soap11.getInstance().getSender());
        }
        return new DOMSource(response(status, categories));
    }

    private Document response(String status, List<String> categories) {
        Document out = DOMUtils.createDocument();
        Element response = out.createElementNS(NS, "cs:ListConsularServicesResponse");
        out.appendChild(response);
        int count = 0;
        for (Node n = services.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element service && "consularService".equals(service.getLocalName())
                    && ("ALL".equals(status) || status.equals(service.getAttribute("status")))
                    && (categories.isEmpty() || categories.contains(service.getAttribute("categoryCode")))) {
                response.appendChild(out.importNode(service, true));
                count++;
            }
        }
        response.setAttribute("count", String.valueOf(count));
        response.setAttribute("generatedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return out;
    }

    private static Document document(Source source) {
        try {
            return StaxUtils.read(source);
        } catch (XMLStreamException e) {
            throw new SoapFault("The request is not well-formed XML", Soap11.getInstance().getSender());
        }
    }

    private static Document load() {
        try (InputStream in = ForeignAffairsConsularServices.class.getClassLoader().getResourceAsStream(DATA)) {
            if (in == null) {
                throw new IllegalStateException("sandbox resource " + DATA + " is missing from the classpath");
            }
            return StaxUtils.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sandbox resource " + DATA, e);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("sandbox resource " + DATA + " is not well-formed XML", e);
        }
    }
}
