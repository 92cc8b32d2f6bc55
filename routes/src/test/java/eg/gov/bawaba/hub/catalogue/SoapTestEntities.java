package eg.gov.bawaba.hub.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Builds the entities folder of {@link SoapCatalogueSyncTest}: the real foreign affairs mapping and code lists from
 * config/entities, with SOAP definitions tuned for tests (WS-Security, basic auth with a WSDL file, an entity that is
 * down, a broken request).
 */
final class SoapTestEntities {

    private SoapTestEntities() {}

    static Path create() {
        try {
            Path dir = Files.createTempDirectory("bawaba-soap-entities");
            Path real = Path.of("..", "config", "entities");
            Files.createDirectories(dir.resolve("foreign-affairs"));
            for (String file : new String[] {"foreign-affairs/catalogue.jsonata", "foreign-affairs/code-lists.yaml"}) {
                Files.copy(real.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            try (InputStream wsdl = SoapTestEntities.class.getClassLoader()
                    .getResourceAsStream("soap/consular-services-two-ports.wsdl")) {
                Files.copy(wsdl, dir.resolve("foreign-affairs/consular-services-two-ports.wsdl"));
            }
            write(dir.resolve("foreign-affairs.yaml"), """
                    id: foreign-affairs
                    names: {ar: وزارة الخارجية, en: Ministry of Foreign Affairs}
                    catalogue:
                      connector:
                        kind: soap
                        wsdl: ${FOREIGN_AFFAIRS_WSDL}
                        operation: ListConsularServices
                        request: |
                          <cs:ListConsularServices xmlns:cs="http://www.mfa.gov.eg/ws/consular/2019">
                            <cs:status>ACTIVE</cs:status>
                          </cs:ListConsularServices>
                        recordElement: consularService
                        auth: {type: ws-security, usernameEnv: FOREIGN_AFFAIRS_SOAP_USER, secretEnv: FOREIGN_AFFAIRS_SOAP_PASSWORD}
                        # generous for a loaded CI machine: only the stalled server must exceed it
                        timeout: 3s
                        retries: 1
                        # tests fail this entity on purpose; an open breaker would leak into the next test
                        circuitBreaker: {minimumCalls: 1000}
                      schedule: {every: 1h, initialDelay: 1h}
                      mapping: foreign-affairs/catalogue.jsonata
                      codeLists: foreign-affairs/code-lists.yaml
                    """);
            // the same feed with its record element misspelt: the sync succeeds empty and says why
            write(dir.resolve("consular-typo.yaml"), """
                    id: consular-typo
                    names: {ar: القنصلية بخطأ إملائي, en: Consular registry with a misspelt record element}
                    catalogue:
                      connector:
                        kind: soap
                        wsdl: ${CONSULAR_TYPO_WSDL}
                        operation: ListConsularServices
                        recordElement: consularServise
                        auth: {type: ws-security, usernameEnv: CONSULAR_TYPO_SOAP_USER, secretEnv: CONSULAR_TYPO_SOAP_PASSWORD}
                        circuitBreaker: {minimumCalls: 1000}
                      schedule: {every: 1h, initialDelay: 1h}
                      mapping: foreign-affairs/catalogue.jsonata
                      codeLists: foreign-affairs/code-lists.yaml
                    """);
            // the WSDL read from a file names two ports at addresses where nothing listens
            write(dir.resolve("consular-basic.yaml"), """
                    id: consular-basic
                    names: {ar: القنصلية بكلمة مرور, en: Consular registry behind basic auth}
                    catalogue:
                      connector:
                        kind: soap
                        wsdl: %s
                        service: "{http://www.mfa.gov.eg/ws/consular/2019}ConsularServices"
                        port: "{http://www.mfa.gov.eg/ws/consular/2019}ConsularServicesBasicAuthPort"
                        address: ${CONSULAR_BASIC_ADDRESS}
                        operation: ListConsularServices
                        recordElement: consularService
                        auth: {type: basic, usernameEnv: CONSULAR_BASIC_SOAP_USER, secretEnv: CONSULAR_BASIC_SOAP_PASSWORD}
                        retries: 0
                      mapping: foreign-affairs/catalogue.jsonata
                      codeLists: foreign-affairs/code-lists.yaml
                    """.formatted(dir.resolve("foreign-affairs/consular-services-two-ports.wsdl").toAbsolutePath()));
            // nothing listens on the discard port: the Ministry is down when the hub starts
            write(dir.resolve("consular-offline.yaml"), """
                    id: consular-offline
                    names: {ar: القنصلية المتوقفة, en: Consular registry that is down}
                    catalogue:
                      connector:
                        kind: soap
                        wsdl: "http://127.0.0.1:9/mfa/consular-services?wsdl"
                        operation: ListConsularServices
                        recordElement: consularService
                        retries: 1
                      mapping: foreign-affairs/catalogue.jsonata
                      codeLists: foreign-affairs/code-lists.yaml
                    """);
            // the request element is never closed
            write(dir.resolve("consular-broken-request.yaml"), """
                    id: consular-broken-request
                    names: {ar: طلب معطوب, en: Consular registry with a broken request}
                    catalogue:
                      connector:
                        kind: soap
                        wsdl: ${CONSULAR_BROKEN_REQUEST_WSDL}
                        operation: ListConsularServices
                        request: <cs:ListConsularServices xmlns:cs="http://www.mfa.gov.eg/ws/consular/2019">
                        recordElement: consularService
                      mapping: foreign-affairs/catalogue.jsonata
                      codeLists: foreign-affairs/code-lists.yaml
                    """);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
