package eg.gov.bawaba.hub.limits;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Puts the request body checks in front of every HTTP API of the hub, the rate limit per client in front of the app
 * API, and the rate limit per address in front of the entities' callbacks.
 */
@Configuration(proxyBeanMethods = false)
public class HttpLimits {

    /** First of all: a callback flood is refused before its body is read or its signature checked. */
    static final int CALLBACK_RATE_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;
    /** Before authentication: an oversized, cut short or non-UTF-8 body is refused, whoever sends it. */
    static final int BODY_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    /** After Spring Security's filters (order -100), so the authenticated client is known. */
    static final int RATE_LIMIT_ORDER = 0;

    @Bean
    FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(
            @Value("${bawaba.http.max-body-size:256KB}") DataSize maxBodySize,
            @Value("${bawaba.http.max-dry-run-body-size:4MB}") DataSize maxDryRunBodySize) {
        FilterRegistrationBean<RequestBodyFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyFilter(maxBodySize, maxDryRunBodySize));
        registration.addUrlPatterns("/api/*", "/ops/*", "/callbacks/*");
        registration.setOrder(BODY_ORDER);
        return registration;
    }

    /** The app API's limits, per client. */
    @Bean
    RateLimits apiRateLimits(@Value("${bawaba.rate-limit.enabled:true}") boolean enabled,
                             @Value("${bawaba.rate-limit.requests-per-second:100}") double requestsPerSecond,
                             @Value("${bawaba.rate-limit.burst:200}") int burst) {
        return new RateLimits(enabled, requestsPerSecond, burst);
    }

    /** The callbacks' limits, per remote address: an entity's callback carries no token, only a signature. */
    @Bean
    RateLimits callbackRateLimits(@Value("${bawaba.callbacks.rate-limit.enabled:true}") boolean enabled,
                                  @Value("${bawaba.callbacks.rate-limit.requests-per-second:20}") double requestsPerSecond,
                                  @Value("${bawaba.callbacks.rate-limit.burst:100}") int burst) {
        return RateLimits.perAddress(enabled, requestsPerSecond, burst);
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(@Qualifier("apiRateLimits") RateLimits limits) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(new RateLimitFilter(limits));
        // two filters of one class: each needs a name of its own, or the servlet container keeps only the first
        registration.setName("apiRateLimitFilter");
        registration.addUrlPatterns("/api/v1/*");
        registration.setOrder(RATE_LIMIT_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> callbackRateLimitFilter(
            @Qualifier("callbackRateLimits") RateLimits limits) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(new RateLimitFilter(limits));
        registration.setName("callbackRateLimitFilter");
        registration.addUrlPatterns("/callbacks/*");
        registration.setOrder(CALLBACK_RATE_LIMIT_ORDER);
        return registration;
    }
}
