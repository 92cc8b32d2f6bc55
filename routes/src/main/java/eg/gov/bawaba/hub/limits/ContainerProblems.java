package eg.gov.bawaba.hub.limits;

import java.util.regex.Pattern;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.util.unit.DataSize;

/**
 * Makes the refusals of the servlet container and of Spring Security's firewall RFC 9457 problems like every other
 * answer of the hub: Tomcat's error report is {@link ProblemReportValve}, and a request the firewall rejects (a
 * {@code ;} path parameter, {@code //}, an encoded dot) gets a 400 problem. Spring Boot's {@code /error} page is
 * switched off (application.yaml), so every error no route answered reaches the valve.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ContainerProblems {

    /** How Spring's firewall quotes a refused header's value in its message. */
    private static final Pattern HEADER_VALUE = Pattern.compile("has a value \".*\" that is not allowed",
            Pattern.DOTALL);

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve(
            @Value("${server.max-http-request-header-size:8KB}") DataSize maxHeaderSize) {
        return new ValveCustomizer(maxHeaderSize);
    }

    /** Spring Security's WebSecurity uses the context's handler for every request its firewall rejects. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, rejected) -> ServletProblems.refuse(request, response, 400, "malformed-request",
                "Malformed request", "the request was refused before any route: " + reason(rejected.getMessage()));
    }

    /** The firewall's reason without the value of a refused header, which may be a bearer token, for answer and log. */
    static String reason(String message) {
        return HEADER_VALUE.matcher(message.replaceFirst("^The request was rejected because ", ""))
                .replaceFirst("has a value that is not allowed");
    }

    /**
     * Spring Security's strict firewall, found by WebSecurity in the context, refusing exactly what its default
     * refuses, with the character checks of header names, header values and parameter names made without regular
     * expressions.
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderText::assignedAndNotControl);
        firewall.setAllowedHeaderValues(HeaderText::assignedAndNotControlExceptTab);
        firewall.setAllowedParameterNames(HeaderText::assignedAndNotControl);
        return firewall;
    }

    /** Replaces the host's error report valve(s) with {@link ProblemReportValve}. */
    private record ValveCustomizer(DataSize maxHeaderSize)
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Host host = (Host) context.getParent();
                // Spring Boot adds an ErrorReportValve of its own (server.error.include-stacktrace: never)
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ProblemReportValve(maxHeaderSize));
                // the host adds a valve of this class when it starts unless it has one: it finds ours
                if (host instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            // after Spring Boot's customizer, whose context customizer adds its valve before ours runs
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
