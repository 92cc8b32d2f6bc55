package eg.gov.bawaba.commands;

import com.fasterxml.jackson.databind.SerializationFeature;
import eg.gov.bawaba.hub.api.AuditApi;
import eg.gov.bawaba.hub.applications.PersonalDataCipher;
import eg.gov.bawaba.hub.audit.AuditVerifier;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The verify command ({@code bin/verify-audit}): connects to the database the hub's configuration names (profile
 * {@code postgres} for PostgreSQL), checks every hash chain, prints the report as JSON and exits 0 when intact, 1 when
 * a chain is broken, 2 when it could not check; with the hub's personal data keys it also authenticates each bound
 * ciphertext against its row. It starts nothing of the hub and writes nothing; it lives outside the
 * hub's packages so the hub's component scan never picks up its configuration.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
@Import(AuditVerifier.class)
public class VerifyAuditCommand {

    /** Its own profile: logs to stderr, read-only connections (application-verify-audit.yaml, logback-spring.xml). */
    public static final String PROFILE = "verify-audit";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The hub's personal data keys, if it has any, to authenticate each bound ciphertext against its row; none is
     * generated here (the command writes nothing), and without them the report says the ciphertexts went unchecked.
     */
    @Bean
    PersonalDataCipher personalDataCipher(Environment environment) {
        return PersonalDataCipher.forReading(environment, Path.of(environment.getRequiredProperty("bawaba.data-dir")))
                .orElse(null);
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(VerifyAuditCommand.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setAdditionalProfiles(PROFILE);
        int code;
        try (ConfigurableApplicationContext context = application.run(args)) {
            AuditVerifier.Report report = context.getBean(AuditVerifier.class).verify();
            System.out.println(CanonicalJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(AuditApi.report(report)));
            System.err.printf("audit %s: %d ops audit records, %d applications with %d history records, %d problems%n",
                    report.intact() ? "intact" : "BROKEN", report.auditRecords(), report.applications(),
                    report.historyRecords(), report.problems().size());
            code = report.intact() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("could not verify the audit: " + e);
            code = 2;
        }
        System.exit(code);
    }
}
