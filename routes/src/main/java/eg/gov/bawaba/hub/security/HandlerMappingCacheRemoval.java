package eg.gov.bawaba.hub.security;

import java.util.List;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Takes Spring MVC's handler lookup cache out of the security filter chain: the hub's rules match paths themselves
 * ({@code PathPatternRequestMatcher}) and use no CORS configuration, so nothing reads the cache, while filling it
 * looked up every request's handler once more, 14 % of a catalogue read's request-thread CPU
 * (docs/decisions/0018-request-overhead.md).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class HandlerMappingCacheRemoval {

    static final String FILTER_CHAIN = "springSecurityFilterChain";

    /** Spring Security 6.5's wrapper of the filter chain, holding the cache filter and the chain, in that order. */
    static final String CACHING_WRAPPER = "org.springframework.security.config.annotation.web.configuration."
            + "WebMvcSecurityConfiguration$CompositeFilterChainProxy";

    /** Runs after every registry post-processor, Spring Security's wrapping among them. */
    @Bean
    static BeanFactoryPostProcessor securityFilterChainWithoutHandlerMappingCache() {
        return beanFactory -> {
            if (!(beanFactory instanceof BeanDefinitionRegistry registry)
                    || !registry.containsBeanDefinition(FILTER_CHAIN)) {
                return;
            }
            BeanDefinition wrapper = registry.getBeanDefinition(FILTER_CHAIN);
            if (!CACHING_WRAPPER.equals(wrapper.getBeanClassName())) {
                // another Spring Security: left as it is (ApiSecurityTest says when the wrapper is gone)
                return;
            }
            ValueHolder filters = wrapper.getConstructorArgumentValues().getIndexedArgumentValue(0, List.class);
            if (filters != null && filters.getValue() instanceof List<?> list && list.size() == 2
                    && list.get(1) instanceof BeanDefinition chain) {
                registry.removeBeanDefinition(FILTER_CHAIN);
                registry.registerBeanDefinition(FILTER_CHAIN, chain);
            }
        };
    }
}
