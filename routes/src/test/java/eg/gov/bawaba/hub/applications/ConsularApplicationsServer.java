package eg.gov.bawaba.hub.applications;

import jakarta.annotation.Resource;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceContext;
import jakarta.xml.ws.WebServiceProvider;
import jakarta.xml.ws.handler.MessageContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.bus.CXFBusFactory;
import org.apache.cxf.headers.Header;
import org.apache.cxf.helpers.DOMUtils;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.staxutils.StaxUtils;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A real CXF SOAP server on a loopback port (CXF's servlet transport in an embedded Tomcat of its own) playing the
 * Ministry of Foreign Affairs: its consular registry ({@code ListConsularServices}, a fixture feed) and its
 * e-application intake ({@code SubmitConsularApplication}, once per requestId), behind a WS-Security UsernameToken.
 * It answers applications with a reference, a fault, or not at all while stopped, as a test asks, and keeps what it
 * received.
 */
final class ConsularApplicationsServer implements AutoCloseable {

    static final String NS = "http://www.mfa.gov.eg/ws/consular/2019";
    static final String PATH = "/mfa/consular-services";
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    /** How the next applications are answered. */
    enum Answer { ACCEPT, CLIENT_FAULT, SERVER_FAULT }

    /** One SubmitConsularApplication call as it arrived. */
    record Received(String idempotencyKey, String correlationId, String requestId, String xml) {}

    private final Tomcat tomcat;
    private final Bus bus;
    private final String user;
    private final String password;
    volatile Answer answer = Answer.ACCEPT;
    final List<Received> received = new CopyOnWriteArrayList<>();
    /** Applications answered with a reference, counted per requestId: a repeated requestId is answered again. */
    final Map<String, AtomicInteger> acceptedCalls = new ConcurrentHashMap<>();
    private final Map<String, String> references = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();

    private ConsularApplicationsServer(Tomcat tomcat, Bus bus, String user, String password) {
        this.tomcat = tomcat;
        this.bus = bus;
        this.user = user;
        this.password = password;
    }

    static ConsularApplicationsServer start(String user, String password) {
        try {
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("consular-applications-server").toString());
            Connector connector = new Connector();
            // a fixed port, bound on start and released on stop, so the Ministry can go down and come back
            connector.setPort(freePort());
            connector.setProperty("address", "127.0.0.1");
            connector.setProperty("bindOnInit", "false");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", null);
            Bus bus = new CXFBusFactory().createBus();
            CXFNonSpringServlet servlet = new CXFNonSpringServlet();
            servlet.setBus(bus);
            Wrapper wrapper = Tomcat.addServlet(context, "cxf", servlet);
            wrapper.setLoadOnStartup(1);
            context.addServletMappingDecoded("/*", "cxf");
            tomcat.start();

            ConsularApplicationsServer server = new ConsularApplicationsServer(tomcat, bus, user, password);
            EndpointImpl endpoint = new EndpointImpl(bus, server.new Ministry());
            endpoint.getInInterceptors().add(server.new UsernameTokenCheck());
            endpoint.publish(PATH);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("the test SOAP server did not start", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + tomcat.getConnector().getPort() + PATH;
    }

    /** The Ministry goes down: nothing listens on its port any more. */
    void stop() throws LifecycleException {
        tomcat.getConnector().stop();
    }

    /** The Ministry is back on the same port. */
    void restart() throws LifecycleException {
        if (!tomcat.getConnector().getState().isAvailable()) {
            tomcat.getConnector().start();
        }
    }

    /** Up, accepting, and with no memory of earlier tests. */
    void reset() throws LifecycleException {
        restart();
        answer = Answer.ACCEPT;
        received.clear();
        acceptedCalls.clear();
        references.clear();
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
        bus.shutdown(true);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Both operations of the Ministry's service. */
    @WebServiceProvider(serviceName = "ConsularServices", portName = "ConsularServicesSoapPort", targetNamespace = NS,
            wsdlLocation = "classpath:soap/consular-applications.wsdl")
    @ServiceMode(Service.Mode.PAYLOAD)
    final class Ministry implements Provider<Source> {

        @Resource
        private WebServiceContext context;

        @Override
        public Source invoke(Source request) {
            try {
                Document document = StaxUtils.read(request);
                Element operation = document.getDocumentElement();
                if (!"SubmitConsularApplication".equals(operation.getLocalName())) {
                    try (InputStream in = ConsularApplicationsServer.class.getClassLoader()
                            .getResourceAsStream("soap/consular-services-v1.xml")) {
                        return new DOMSource(StaxUtils.read(in));
                    }
                }
                String requestId = text(operation, "requestId");
                received.add(new Received(httpHeader("Idempotency-Key"), httpHeader("X-Correlation-Id"), requestId,
                        StaxUtils.toString(operation)));
                switch (answer) {
                    case CLIENT_FAULT -> throw new SoapFault("Passport A12345678 is reported lost; apply in person",
                            Soap11.getInstance().getSender());
                    case SERVER_FAULT -> throw new SoapFault("Consular database unavailable",
                            Soap11.getInstance().getReceiver());
                    default -> { }
                }
                if (requestId == null || requestId.isBlank()) {
                    throw new SoapFault("requestId is required", Soap11.getInstance().getSender());
                }
                String reference = references.computeIfAbsent(requestId,
                        id -> "MFA-2026-%06d".formatted(sequence.incrementAndGet()));
                acceptedCalls.computeIfAbsent(requestId, id -> new AtomicInteger()).incrementAndGet();
                Document out = DOMUtils.createDocument();
                Element response = out.createElementNS(NS, "cs:SubmitConsularApplicationResponse");
                out.appendChild(response);
                response.appendChild(out.createElementNS(NS, "cs:reference")).setTextContent(reference);
                response.appendChild(out.createElementNS(NS, "cs:receivedAt")).setTextContent("2026-01-05T09:30:00Z");
                return new DOMSource(out);
            } catch (XMLStreamException | IOException e) {
                throw new IllegalStateException("the test SOAP server could not answer", e);
            }
        }

        private String httpHeader(String name) {
            Object headers = context.getMessageContext().get(MessageContext.HTTP_REQUEST_HEADERS);
            if (headers instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> header : map.entrySet()) {
                    if (name.equalsIgnoreCase(String.valueOf(header.getKey()))
                            && header.getValue() instanceof List<?> values && !values.isEmpty()) {
                        return String.valueOf(values.get(0));
                    }
                }
            }
            return null;
        }

        private static String text(Element parent, String localName) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && localName.equals(e.getLocalName())) {
                    return e.getTextContent().strip();
                }
            }
            return null;
        }
    }

    /** Refuses a call without the expected WS-Security UsernameToken, as a WSS4J-secured service would. */
    final class UsernameTokenCheck extends AbstractSoapInterceptor {

        private final QName security = new QName(WSSE, "Security");

        UsernameTokenCheck() {
            super(Phase.PRE_PROTOCOL);
        }

        @Override
        public Set<QName> getUnderstoodHeaders() {
            return Set.of(security);
        }

        @Override
        public void handleMessage(SoapMessage message) {
            Header header = message.getHeader(security);
            Element token = header != null && header.getObject() instanceof Element e ? e : null;
            if (token == null || !user.equals(field(token, "Username")) || !password.equals(field(token, "Password"))) {
                throw new SoapFault("The security token could not be authenticated or authorized",
                        new QName(WSSE, "FailedAuthentication", "wsse"));
            }
        }

        private static String field(Element security, String name) {
            for (Node token = security.getFirstChild(); token != null; token = token.getNextSibling()) {
                for (Node field = token.getFirstChild(); field != null; field = field.getNextSibling()) {
                    if (field instanceof Element e && name.equals(e.getLocalName())) {
                        return e.getTextContent();
                    }
                }
            }
            return null;
        }
    }
}
