package eg.gov.bawaba.hub.limits;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/** Puts the body size limit in front of every HTTP API of the hub, and the rate limit in front of the app API. */
@Configuration(proxyBeanMethods = false)
public class HttpLimits {

    /** Before authentication: an oversized body is refused without being read, whoever sends it. */
    static final int BODY_SIZE_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    /** After Spring Security's filters (order -100), so the authenticated client is known. */
    static final int RATE_LIMIT_ORDER = 0;

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
            @Value("${bawaba.http.max-body-size:256KB}") DataSize maxBodySize,
            @Value("${bawaba.http.max-dry-run-body-size:4MB}") DataSize maxDryRunBodySize) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(maxBodySize, maxDryRunBodySize));
        registration.addUrlPatterns("/api/*", "/ops/*", "/callbacks/*");
        registration.setOrder(BODY_SIZE_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimits limits) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(new RateLimitFilter(limits));
        registration.addUrlPatterns("/api/v1/*");
        registration.setOrder(RATE_LIMIT_ORDER);
        return registration;
    }
}
