package eg.gov.bawaba.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Serves an entity's own OpenAPI document, without credentials, as real APIs publish theirs; bin/scaffold-entity
 * reads it from here in the onboarding guide's worked example.
 */
final class OpenApiDocumentApi implements HttpHandler {

    static final String EMIGRATION_PATH = "/emigration/api/v1/openapi.yaml";

    private final String path;
    private final byte[] document;

    OpenApiDocumentApi(String path, String resource) {
        this.path = path;
        try (InputStream in = OpenApiDocumentApi.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("sandbox resource " + resource + " is missing from the classpath");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sandbox resource " + resource, e);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!path.equals(exchange.getRequestURI().getPath()) || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/yaml; charset=utf-8");
            exchange.sendResponseHeaders(200, document.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(document);
            }
        } finally {
            exchange.close();
        }
    }
}
