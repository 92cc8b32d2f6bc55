package eg.gov.bawaba.sandbox;

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
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Simulates the Ministry of Foreign Affairs' consular services registry: a real CXF SOAP endpoint (hand-written WSDL,
 * document/literal) answering {@code ListConsularServices} in the Ministry's own XML shape, behind a WS-Security
 * UsernameToken. It also takes e-applications ({@code SubmitConsularApplication}): once per {@code requestId},
 * answering with its own reference ({@code MFA-<year>-<n>}) and a {@code soap:Client} fault for a malformed
 * application, then moves each application through IN_REVIEW and APPROVED by itself, reporting each status to the
 * hub's callback endpoint, signed with its callback secret, as a real back office would.
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
    private static final Pattern NATIONAL_ID = Pattern.compile("[23][0-9]{13}");
    private static final Logger LOG = LoggerFactory.getLogger(ForeignAffairsConsularServices.class);
    /** Delays after acceptance at which a demo application becomes IN_REVIEW, then APPROVED. */
    static final List<Duration> DEMO_PROGRESS = List.of(Duration.ofSeconds(15), Duration.ofSeconds(45));

    private final Document services;
    private final Supplier<String> hubUrl;
    private final Supplier<Optional<String>> callbackSecret;
    private final List<Duration> progress;
    private final Map<String, String> referencesByRequestId = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService backOffice = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-foreign-affairs-back-office");
        t.setDaemon(true);
        return t;
    });

    @Resource
    private WebServiceContext context;

    private ForeignAffairsConsularServices(Document services, Supplier<String> hubUrl,
                                           Supplier<Optional<String>> callbackSecret, List<Duration> progress) {
        this.services = services;
        this.hubUrl = hubUrl;
        this.callbackSecret = callbackSecret;
        this.progress = progress;
    }

    /** Where the hub takes status callbacks, as the sandbox settings say at this moment. */
    static String hubUrlFromSettings() {
        return SandboxSettings.lookup("BAWABA_HUB_URL").orElse("http://127.0.0.1:"
                + SandboxSettings.lookup("BAWABA_PORT").orElse("8080"));
    }

    /** The Ministry's credentials as the sandbox settings hold them at this moment. */
    static Optional<UsernameTokenCheck.Credentials> credentialsFromSettings() {
        Optional<String> user = SandboxSettings.lookup(USER);
        Optional<String> password = SandboxSettings.lookup(PASSWORD);
        return user.isPresent() && password.isPresent()
                ? Optional.of(new UsernameTokenCheck.Credentials(user.get(), password.get())) : Optional.empty();
    }

    /**
     * Publishes the service on a context of the sandbox's HTTP server, behind the given filters (which see each HTTP
     * request before CXF does); closing the result stops it.
     */
    static AutoCloseable publish(com.sun.net.httpserver.HttpServer server,
                                 Supplier<Optional<UsernameTokenCheck.Credentials>> credentials,
                                 List<com.sun.net.httpserver.Filter> filters) {
        return publish(server, credentials, ForeignAffairsConsularServices::hubUrlFromSettings,
                () -> SandboxSettings.lookup(SandboxSettings.FOREIGN_AFFAIRS_CALLBACK_SECRET), DEMO_PROGRESS, filters);
    }

    /**
     * As above without filters, reporting application statuses to {@code hubUrl}, signed with {@code callbackSecret},
     * after the {@code progress} delays.
     */
    static AutoCloseable publish(com.sun.net.httpserver.HttpServer server,
                                 Supplier<Optional<UsernameTokenCheck.Credentials>> credentials,
                                 Supplier<String> hubUrl, Supplier<Optional<String>> callbackSecret,
                                 List<Duration> progress) {
        return publish(server, credentials, hubUrl, callbackSecret, progress, List.of());
    }

    private static AutoCloseable publish(com.sun.net.httpserver.HttpServer server,
                                         Supplier<Optional<UsernameTokenCheck.Credentials>> credentials,
                                         Supplier<String> hubUrl, Supplier<Optional<String>> callbackSecret,
                                         List<Duration> progress, List<com.sun.net.httpserver.Filter> filters) {
        // a bus of its own: the hub in the same JVM keeps its CXF clients on theirs
        Bus bus = new CXFBusFactory().createBus();
        ForeignAffairsConsularServices ministry = new ForeignAffairsConsularServices(load(), hubUrl, callbackSecret,
                progress);
        EndpointImpl endpoint = new EndpointImpl(bus, ministry);
        endpoint.getInInterceptors().add(new UsernameTokenCheck(credentials));
        com.sun.net.httpserver.HttpContext context = server.createContext(PATH);
        context.getFilters().addAll(filters);
        endpoint.publish(new JdkHttpSpiContext(context));
        return () -> {
            endpoint.stop();
            bus.shutdown(true);
            ministry.backOffice.shutdownNow();
        };
    }

    @Override
    public Source invoke(Source request) {
        Element operation = document(request).getDocumentElement();
        if ("SubmitConsularApplication".equals(operation.getLocalName())) {
            return new DOMSource(submit(operation));
        }
        return new DOMSource(list(operation));
    }

    private Document list(Element list) {
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
        return response(status, categories);
    }

    /** Takes one e-application once per requestId; a malformed one is refused with a Client fault. */
    private Document submit(Element application) {
        String requestId = text(application, "requestId");
        String serviceCode = text(application, "serviceCode");
        Element applicant = child(application, "applicant");
        if (requestId == null || requestId.isEmpty()) {
            throw clientFault("requestId is required");
        }
        String key = idempotencyKey();
        if (key != null && !key.equals(requestId)) {
            throw clientFault("Idempotency-Key '" + key + "' does not match requestId '" + requestId + "'");
        }
        Element service = eApplicationService(serviceCode);
        if (applicant == null) {
            throw clientFault("applicant is required");
        }
        String nationalId = text(applicant, "nationalId");
        if (nationalId == null || !NATIONAL_ID.matcher(nationalId).matches()) {
            throw clientFault("applicant/nationalId must be a 14-digit Egyptian national ID, not '" + nationalId + "'");
        }
        if (child(applicant, "fullName") == null) {
            throw clientFault("applicant/fullName is required");
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (Node n = application.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "formField".equals(e.getLocalName())) {
                form.put(e.getAttribute("name"), e.getTextContent().strip());
            }
        }
        for (Element field : children(child(service, "eApplication"), "field")) {
            String name = field.getAttribute("name");
            if ("true".equals(field.getAttribute("required")) && form.getOrDefault(name, "").isEmpty()) {
                throw clientFault("formField '" + name + "' is required for service " + serviceCode);
            }
        }
        boolean[] fresh = new boolean[1];
        String reference = referencesByRequestId.computeIfAbsent(requestId, k -> {
            fresh[0] = true;
            return "MFA-%d-%06d".formatted(Instant.now().atZone(ZoneOffset.UTC).getYear(), sequence.incrementAndGet());
        });
        if (fresh[0]) {
            LOG.info("Consular application {} received for service {}", reference, serviceCode);
            schedule(reference, "IN_REVIEW", progress.get(0), "الطلب قيد المراجعة بالقنصلية / under consular review");
            schedule(reference, "APPROVED", progress.get(1), "تمت الموافقة / approved");
        }
        // a repeated requestId is the same application: same reference, processed once
        Document out = DOMUtils.createDocument();
        Element response = out.createElementNS(NS, "cs:SubmitConsularApplicationResponse");
        out.appendChild(response);
        response.appendChild(out.createElementNS(NS, "cs:reference")).setTextContent(reference);
        response.appendChild(out.createElementNS(NS, "cs:receivedAt"))
                .setTextContent(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return out;
    }

    /** How many distinct applications were taken, for tests. */
    int applicationsReceived() {
        return referencesByRequestId.size();
    }

    private Element eApplicationService(String serviceCode) {
        if (serviceCode == null || serviceCode.isEmpty()) {
            throw clientFault("serviceCode is required");
        }
        for (Element service : children(services.getDocumentElement(), "consularService")) {
            if (serviceCode.equals(service.getAttribute("code"))) {
                if (child(service, "eApplication") == null || !"ACTIVE".equals(service.getAttribute("status"))) {
                    throw clientFault("Consular service " + serviceCode + " does not take e-applications");
                }
                return service;
            }
        }
        throw clientFault("Unknown consular service '" + serviceCode + "'");
    }

    private String idempotencyKey() {
        if (context == null) {
            return null;
        }
        Object headers = context.getMessageContext().get(MessageContext.HTTP_REQUEST_HEADERS);
        if (headers instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> header : map.entrySet()) {
                if ("Idempotency-Key".equalsIgnoreCase(String.valueOf(header.getKey()))
                        && header.getValue() instanceof List<?> values && !values.isEmpty()) {
                    return String.valueOf(values.get(0)).strip();
                }
            }
        }
        return null;
    }

    private void schedule(String reference, String status, Duration after, String note) {
        backOffice.schedule(() -> report(reference, status, note, 1), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report(String reference, String status, String note, int attempt) {
        try {
            String body = JsonExchange.MAPPER.writeValueAsString(Map.of("status", status, "note", note));
            HttpResponse<String> answer = client.send(HubCallbacks.request(hubUrl.get(), "foreign-affairs", reference,
                    body, callbackSecret.get(), Instant.now()), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 500 && attempt < 5) {
                backOffice.schedule(() -> report(reference, status, note, attempt + 1), 2, TimeUnit.SECONDS);
            } else if (answer.statusCode() >= 400) {
                LOG.warn("The hub refused the {} report of {}: HTTP {} {}", status, reference, answer.statusCode(),
                        answer.body());
            }
        } catch (IOException e) {
            if (attempt < 5) {
                backOffice.schedule(() -> report(reference, status, note, attempt + 1), 2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SoapFault clientFault(String reason) {
        return new SoapFault(reason, Soap11.getInstance().getSender());
    }

    private static Element child(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element parent, String localName) {
        Element e = child(parent, localName);
        return e == null ? null : e.getTextContent().strip();
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
