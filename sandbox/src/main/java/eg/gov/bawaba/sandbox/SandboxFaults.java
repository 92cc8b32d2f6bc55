package eg.gov.bawaba.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.cxf.staxutils.StaxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Faults switched on the simulated entities (down, error, slow) so operators can practise incidents on the demo. */
final class SandboxFaults implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxFaults.class);
    static final int DEFAULT_DELAY_SECONDS = 15;
    static final int MAX_DELAY_SECONDS = 600;
    // what a load balancer in front of a dead back end answers, so the hub sees what a real outage looks like
    private static final byte[] UNAVAILABLE = ("<html><body><h1>503 Service Unavailable</h1>\n"
            + "No server is available to handle this request.\n</body></html>\n").getBytes(StandardCharsets.UTF_8);

    /** What a faulted entity does with a request. */
    enum Mode {
        OK, DOWN, ERROR, SLOW;

        String text() {
            return name().toLowerCase();
        }
    }

    /** The part of an entity a fault applies to. */
    enum Scope {
        CATALOGUE, APPLICATIONS;

        String text() {
            return name().toLowerCase();
        }
    }

    /** One switched fault; {@code application} (an Idempotency-Key, i.e. Bawaba's application id) narrows it to one. */
    record Fault(Mode mode, int delaySeconds, String application) {

        boolean appliesTo(HttpExchange exchange) {
            return application == null
                    || application.equals(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        }

        ObjectNode view() {
            ObjectNode node = JsonExchange.MAPPER.createObjectNode();
            node.put("mode", mode.text());
            if (mode == Mode.SLOW) {
                node.put("delaySeconds", delaySeconds);
            }
            if (application != null) {
                node.put("application", application);
            }
            return node;
        }
    }

    private static final Fault OK = new Fault(Mode.OK, 0, null);

    /** How a faulted entity answers with an internal error, in its own protocol. */
    @FunctionalInterface
    private interface ErrorAnswer {
        void send(HttpExchange exchange) throws IOException;
    }

    // filled while the server is assembled, before it starts, and read-only afterwards
    private final Map<String, Set<Scope>> entities = new TreeMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final ScheduledExecutorService delays;

    SandboxFaults() {
        AtomicInteger threadNumber = new AtomicInteger();
        delays = Executors.newScheduledThreadPool(1, task -> {
            Thread thread = new Thread(task, "sandbox-faults-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A filter for one REST part of an entity; {@code component} names the "crashing" code in its 500 answers. */
    Filter rest(String entity, Scope scope, String component) {
        register(entity, scope);
        ErrorAnswer error = exchange -> JsonExchange.send(exchange, 500,
                Map.of("error", "internal", "message", "NullPointerException in " + component));
        return filter(entity, exchange -> scope, error);
    }

    /**
     * A filter for an entity's SOAP service, whose one address serves both parts: {@code applicationsOperation} is
     * the operation that takes applications, every other operation is the catalogue (as the service itself decides).
     */
    Filter soap(String entity, String applicationsOperation, String component) {
        register(entity, Scope.CATALOGUE);
        register(entity, Scope.APPLICATIONS);
        ErrorAnswer error = exchange -> send(exchange, 500, "text/xml; charset=utf-8", """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>\
                <faultcode>soap:Server</faultcode><faultstring>java.lang.NullPointerException in %s</faultstring>\
                </soap:Fault></soap:Body></soap:Envelope>""".formatted(component).getBytes(StandardCharsets.UTF_8));
        return filter(entity, exchange -> {
            if (!"POST".equals(exchange.getRequestMethod())) {
                // the WSDL and other metadata: no operation, so only a whole-service outage touches them
                return null;
            }
            // read here to learn the operation, then handed on untouched to the service
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            exchange.setStreams(new ByteArrayInputStream(body), null);
            return applicationsOperation.equals(operation(body)) ? Scope.APPLICATIONS : Scope.CATALOGUE;
        }, error);
    }

    /** The entities that can be faulted and the parts each has. */
    Map<String, Set<Scope>> entities() {
        return entities;
    }

    /** Switches the fault of the given parts of an entity; {@link Mode#OK} clears them. */
    void set(String entity, Set<Scope> scopes, Fault fault) {
        for (Scope scope : scopes) {
            if (fault.mode() == Mode.OK) {
                faults.remove(key(entity, scope));
            } else {
                faults.put(key(entity, scope), fault);
            }
        }
        LOG.warn("Sandbox fault switched: {} {} now {}{}{}", entity,
                scopes.stream().map(Scope::text).sorted().toList(), fault.mode().text(),
                fault.mode() == Mode.SLOW ? " (" + fault.delaySeconds() + " s)" : "",
                fault.application() == null ? "" : " for application " + fault.application());
    }

    /** Clears every fault. */
    void reset() {
        if (!faults.isEmpty()) {
            faults.clear();
            LOG.warn("Sandbox faults reset: every simulated entity answers normally");
        }
    }

    Fault fault(String entity, Scope scope) {
        return faults.getOrDefault(key(entity, scope), OK);
    }

    /** Every entity with the fault of each of its parts, {@code ok} when none is switched. */
    ObjectNode view() {
        ObjectNode all = JsonExchange.MAPPER.createObjectNode();
        entities.keySet().forEach(entity -> all.set(entity, view(entity)));
        return all;
    }

    ObjectNode view(String entity) {
        ObjectNode parts = JsonExchange.MAPPER.createObjectNode();
        entities.get(entity).forEach(scope -> parts.set(scope.text(), fault(entity, scope).view()));
        return parts;
    }

    @Override
    public void close() {
        delays.shutdownNow();
    }

    @FunctionalInterface
    private interface Classifier {
        /** The part a request is for, or null for a request that belongs to neither. */
        Scope scope(HttpExchange exchange) throws IOException;
    }

    private Filter filter(String entity, Classifier classifier, ErrorAnswer error) {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                if (!faulted(entity)) {
                    // the usual case: not a byte of the request is touched
                    chain.doFilter(exchange);
                    return;
                }
                Scope scope = classifier.scope(exchange);
                Fault fault = scope == null ? wholeServiceDown(entity) : fault(entity, scope);
                if (fault.mode() == Mode.OK || !fault.appliesTo(exchange)) {
                    chain.doFilter(exchange);
                    return;
                }
                switch (fault.mode()) {
                    case DOWN -> answer(exchange, ex -> send(ex, 503, "text/html; charset=utf-8", UNAVAILABLE));
                    case ERROR -> answer(exchange, error);
                    case SLOW -> later(exchange, chain, fault.delaySeconds());
                    default -> chain.doFilter(exchange);
                }
            }

            @Override
            public String description() {
                return "sandbox faults of " + entity;
            }
        };
    }

    private boolean faulted(String entity) {
        String prefix = entity + "/";
        return faults.keySet().stream().anyMatch(key -> key.startsWith(prefix));
    }

    private Fault wholeServiceDown(String entity) {
        for (Scope scope : entities.get(entity)) {
            Fault fault = fault(entity, scope);
            if (fault.mode() != Mode.DOWN || fault.application() != null) {
                return OK;
            }
        }
        return new Fault(Mode.DOWN, 0, null);
    }

    /**
     * Answers after the delay without holding one of the server's few threads meanwhile, so a slow entity cannot
     * starve the others or this switch; a caller that gave up in between just finds its connection answered late.
     */
    private void later(HttpExchange exchange, Filter.Chain chain, int delaySeconds) {
        try {
            delays.schedule(() -> {
                try {
                    chain.doFilter(exchange);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Late answer after a slow fault was not delivered: {}", e.getMessage());
                } finally {
                    exchange.close();
                }
            }, delaySeconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // the sandbox is closing
            exchange.close();
        }
    }

    private static void answer(HttpExchange exchange, ErrorAnswer answer) throws IOException {
        try {
            answer.send(exchange);
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The local name of the SOAP Body's first element, or null when the request is not a readable envelope. */
    private static String operation(byte[] envelope) {
        try {
            XMLStreamReader reader = StaxUtils.createXMLStreamReader(new ByteArrayInputStream(envelope));
            try {
                boolean inBody = false;
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamReader.START_ELEMENT) {
                        if (inBody) {
                            return reader.getLocalName();
                        }
                        inBody = "Body".equals(reader.getLocalName());
                    }
                }
                return null;
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            return null;
        }
    }

    private void register(String entity, Scope scope) {
        entities.computeIfAbsent(entity, e -> EnumSet.noneOf(Scope.class)).add(scope);
    }

    private static String key(String entity, Scope scope) {
        return entity + "/" + scope;
    }
}
