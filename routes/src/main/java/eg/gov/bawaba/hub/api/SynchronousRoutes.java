package eg.gov.bawaba.hub.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Runs the API's reading routes (GET) on the request's own servlet thread and answers when they end, without the
 * second dispatch that an asynchronous answer costs; writes stay on Spring's task pool (docs/decisions/0018).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SynchronousRoutes {

    @Bean
    static BeanPostProcessor platformHttpOnTheRequestThread() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof SpringBootPlatformHttpEngine engine) {
                    return new ReadsInline(engine,
                            new SpringBootPlatformHttpEngine(engine.getServerPort(), Runnable::run));
                }
                if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getReturnValueHandlers() != null) {
                    List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>(adapter.getReturnValueHandlers());
                    handlers.add(0, new CompletedRoute(adapter.getReturnValueHandlers()));
                    adapter.setReturnValueHandlers(handlers);
                }
                return bean;
            }
        };
    }

    /**
     * Consumers of GET routes run their route inline, so its future is complete when the handler method returns;
     * the others keep the pool (intake measured no better inline, benchmarks.md "The cost of every request").
     */
    private record ReadsInline(PlatformHttpEngine pooled, PlatformHttpEngine inline) implements PlatformHttpEngine {

        @Override
        public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            boolean read = "GET".equalsIgnoreCase(endpoint.getHttpMethodRestrict());
            return (read ? inline : pooled).createConsumer(endpoint, processor);
        }

        @Override
        public int getServerPort() {
            return pooled.getServerPort();
        }
    }

    /** A route that has already written its answer needs nothing more; any other future is handled as before. */
    private record CompletedRoute(HandlerMethodReturnValueHandlerComposite others)
            implements HandlerMethodReturnValueHandler {

        CompletedRoute(List<HandlerMethodReturnValueHandler> others) {
            this(new HandlerMethodReturnValueHandlerComposite().addHandlers(others));
        }

        @Override
        public boolean supportsReturnType(MethodParameter returnType) {
            return returnType.getMethod() != null
                    && returnType.getMethod().getDeclaringClass() == SpringBootPlatformHttpConsumer.class
                    && CompletableFuture.class.isAssignableFrom(returnType.getParameterType());
        }

        @Override
        public void handleReturnValue(Object returnValue, MethodParameter returnType, ModelAndViewContainer mav,
                                      NativeWebRequest request) throws Exception {
            if (returnValue instanceof CompletableFuture<?> future && future.isDone()
                    && !future.isCompletedExceptionally()) {
                mav.setRequestHandled(true);
                return;
            }
            others.handleReturnValue(returnValue, returnType, mav, request);
        }
    }
}
