package eg.gov.bawaba.hub.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the operations console (static files under static/ops/console) at /ops/console/, and the API reference page
 * (static/api/docs, Swagger UI from its WebJar) at /api/docs/.
 */
@Configuration(proxyBeanMethods = false)
public class OpsConsolePages implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        // the page loads console.js and calls ../v1 relative to itself, which needs the trailing slash
        registry.addRedirectViewController("/ops/console", "/ops/console/");
        registry.addViewController("/ops/console/").setViewName("forward:/ops/console/index.html");
        registry.addRedirectViewController("/api/docs", "/api/docs/");
        registry.addViewController("/api/docs/").setViewName("forward:/api/docs/index.html");
    }
}
