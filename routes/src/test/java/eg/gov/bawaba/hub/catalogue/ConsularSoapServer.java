package eg.gov.bawaba.hub.catalogue;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
import org.apache.cxf.configuration.security.AuthorizationPolicy;
import org.apache.cxf.headers.Header;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.staxutils.StaxUtils;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A real CXF SOAP server on a free loopback port (CXF's servlet transport in an embedded Tomcat of its own) playing the
 * Ministry of Foreign Affairs' consular registry: one port secured by a WS-Security UsernameToken, one by HTTP basic
 * auth, answering with a fixture feed, a fault, not in time, or raw text of the test's, as a test asks.
 */
final class ConsularSoapServer implements AutoCloseable {

    static final String NS = "http://www.mfa.gov.eg/ws/consular/2019";
    static final String WS_SECURITY_PATH = "/mfa/consular-services";
    static final String BASIC_AUTH_PATH = "/mfa/basic/consular-services";
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    /** What the next calls are answered with. */
    enum Answer { FEED, SERVER_FAULT, CLIENT_FAULT, NOT_IN_TIME }

    private final Tomcat tomcat;
    private final Bus bus;
    private final AtomicReference<String> rawAnswer;
    final AtomicInteger calls;
    volatile Answer answer = Answer.FEED;
    volatile String feed = "soap/consular-services-v1.xml";
    volatile String expectedUser;
    volatile String expectedPassword;
    /** What the last call presented and asked, for the tests to check. */
    volatile String presentedUser;
    volatile String presentedPassword;
    volatile boolean presentedNonce;
    volatile String lastRequest;
    private volatile CountDownLatch release = new CountDownLatch(1);

    private ConsularSoapServer(Tomcat tomcat, Bus bus, AtomicReference<String> rawAnswer, AtomicInteger calls) {
        this.tomcat = tomcat;
        this.bus = bus;
        this.rawAnswer = rawAnswer;
        this.calls = calls;
    }

    static ConsularSoapServer start(String user, String password) {
        try {
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("consular-soap-server").toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", null);
            Bus bus = new CXFBusFactory().createBus();
            AtomicReference<String> rawAnswer = new AtomicReference<>();
            AtomicInteger calls = new AtomicInteger();
            CXFNonSpringServlet servlet = new CXFNonSpringServlet() {
                @Override
                protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException {
                    String raw = rawAnswer.get();
                    if (raw == null) {
                        super.doPost(request, response);
                        return;
                    }
                    // bytes CXF itself would never write, e.g. a DOCTYPE before the Envelope
                    calls.incrementAndGet();
                    try {
                        request.getInputStream().readAllBytes();
                        response.setStatus(200);
                        response.setContentType("text/xml;charset=UTF-8");
                        response.getOutputStream().write(raw.getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new ServletException(e);
                    }
                }
            };
            servlet.setBus(bus);
            Wrapper wrapper = Tomcat.addServlet(context, "cxf", servlet);
            wrapper.setLoadOnStartup(1);
            context.addServletMappingDecoded("/*", "cxf");
            tomcat.start();

            ConsularSoapServer server = new ConsularSoapServer(tomcat, bus, rawAnswer, calls);
            server.expectedUser = user;
            server.expectedPassword = password;
            EndpointImpl secured = new EndpointImpl(bus, server.new Registry());
            secured.getInInterceptors().add(server.new UsernameTokenCheck());
            secured.publish(WS_SECURITY_PATH);
            EndpointImpl basic = new EndpointImpl(bus, server.new Registry());
            basic.setWsdlLocation("classpath:soap/consular-services-two-ports.wsdl");
            basic.setEndpointName(new QName(NS, "ConsularServicesBasicAuthPort"));
            basic.getInInterceptors().add(server.new BasicAuthCheck());
            basic.publish(BASIC_AUTH_PATH);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("the test SOAP server did not start", e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path;
    }

    /** Answers every operation call with exactly this text (a whole SOAP envelope) until {@link #reset()}. */
    void answerRaw(String envelope) {
        rawAnswer.set(envelope);
    }

    /** Back to answering the v1 feed, forgetting what earlier calls presented; a stalled call is let go. */
    void reset() {
        rawAnswer.set(null);
        release.countDown();
        release = new CountDownLatch(1);
        answer = Answer.FEED;
        feed = "soap/consular-services-v1.xml";
        calls.set(0);
        presentedUser = null;
        presentedPassword = null;
        presentedNonce = false;
        lastRequest = null;
    }

    @Override
    public void close() throws LifecycleException {
        release.countDown();
        tomcat.stop();
        tomcat.destroy();
        bus.shutdown(true);
    }

    /** The registry's single operation, ListConsularServices, answered as the test asked. */
    @WebServiceProvider(serviceName = "ConsularServices", portName = "ConsularServicesSoapPort", targetNamespace = NS,
            wsdlLocation = "classpath:soap/consular-services.wsdl")
    @ServiceMode(Service.Mode.PAYLOAD)
    final class Registry implements Provider<Source> {

        @Override
        public Source invoke(Source request) {
            calls.incrementAndGet();
            try {
                lastRequest = StaxUtils.toString(StaxUtils.read(request));
                switch (answer) {
                    case SERVER_FAULT -> throw new SoapFault("Registry database unavailable",
                            Soap11.getInstance().getReceiver());
                    case CLIENT_FAULT -> throw new SoapFault("Unknown status 'SOMETIMES'",
                            Soap11.getInstance().getSender());
                    case NOT_IN_TIME -> {
                        // held until the test is over, far beyond any timeout the test entities allow
                        release.await(10, TimeUnit.SECONDS);
                    }
                    default -> { }
                }
                try (InputStream in = ConsularSoapServer.class.getClassLoader().getResourceAsStream(feed)) {
                    return new DOMSource(StaxUtils.read(in));
                }
            } catch (XMLStreamException | IOException e) {
                throw new IllegalStateException("the test SOAP server could not answer", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Checks the WS-Security UsernameToken as a WSS4J-secured service would, and notes what was presented. */
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
            if (header != null && header.getObject() instanceof Element element) {
                presentedUser = tokenField(element, "Username");
                presentedPassword = tokenField(element, "Password");
                presentedNonce = tokenField(element, "Nonce") != null && tokenField(element, "Created") != null;
            }
            if (!expectedUser.equals(presentedUser) || !expectedPassword.equals(presentedPassword)) {
                throw new SoapFault("The security token could not be authenticated or authorized",
                        new QName(WSSE, "FailedAuthentication", "wsse"));
            }
        }

        private static String tokenField(Element security, String name) {
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

    /** Checks HTTP basic auth, which CXF's HTTP transport hands over as the message's AuthorizationPolicy. */
    final class BasicAuthCheck extends AbstractSoapInterceptor {

        BasicAuthCheck() {
            super(Phase.PRE_PROTOCOL);
        }

        @Override
        public void handleMessage(SoapMessage message) {
            AuthorizationPolicy basic = message.get(AuthorizationPolicy.class);
            presentedUser = basic == null ? null : basic.getUserName();
            presentedPassword = basic == null ? null : basic.getPassword();
            if (!expectedUser.equals(presentedUser) || !expectedPassword.equals(presentedPassword)) {
                throw new SoapFault("Unauthorized", Soap11.getInstance().getSender());
            }
        }
    }
}
