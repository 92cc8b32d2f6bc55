package eg.gov.bawaba.connectors.soap;

import eg.gov.bawaba.connectors.EntityTls;
import javax.net.ssl.SSLContext;
import javax.xml.namespace.QName;
import org.apache.camel.CamelContext;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

/** Builds the Camel-CXF client endpoint of one SOAP entity from its settings, so no address ever sits in a route URI. */
final class SoapEndpoints {

    // the circuit breaker's time limiter is the timeout that counts; the socket's only ends the abandoned call
    private static final int SOCKET_GRACE_MILLIS = 1000;

    private SoapEndpoints() {}

    static CxfEndpoint create(String entityId, SoapFetchSettings settings, CamelContext camel) {
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setWsdlURL(settings.wsdl());
        if (!settings.address().isEmpty()) {
            endpoint.setAddress(settings.address());
        }
        if (!settings.service().isEmpty()) {
            endpoint.setServiceNameAsQName(QName.valueOf(settings.service()));
        }
        if (!settings.port().isEmpty()) {
            endpoint.setPortNameAsQName(QName.valueOf(settings.port()));
        }
        // PAYLOAD: the body is the operation's XML as the WSDL describes it, so no classes are generated per entity
        endpoint.setDataFormat(DataFormat.PAYLOAD);
        endpoint.setDefaultOperationName(settings.operationName());
        if (!settings.operationNamespace().isEmpty()) {
            endpoint.setDefaultOperationNamespace(settings.operationNamespace());
        }
        endpoint.setCxfBinding(new SoapEntityBinding(settings.credentials()));
        endpoint.setCxfConfigurer(new ClientSettings(settings.timeoutMillis() + SOCKET_GRACE_MILLIS,
                tlsContext(entityId, settings.tls(), camel)));
        // answers and faults alike: a fault is parsed too
        endpoint.getInInterceptors().add(new DtdRefusal());
        endpoint.getInFaultInterceptors().add(new DtdRefusal());
        return endpoint;
    }

    /** The entity's own TLS context, or null for CXF's default (the JVM's trust, no client certificate). */
    private static SSLContext tlsContext(String entityId, String tls, CamelContext camel) {
        if (tls == null || tls.isBlank() || tls.equals("{}")) {
            return null;
        }
        try {
            return EntityTls.parameters(entityId, tls, camel).createSSLContext(camel);
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("tls: " + e.getMessage(), e);
        }
    }

    private record ClientSettings(long millis, SSLContext tls) implements CxfConfigurer {

        @Override
        public void configure(AbstractWSDLBasedEndpointFactory factoryBean) {
            // nothing to configure before the client exists
        }

        @Override
        public void configureClient(Client client) {
            HTTPConduit conduit = (HTTPConduit) client.getConduit();
            HTTPClientPolicy policy = conduit.getClient();
            policy.setConnectionTimeout(millis);
            policy.setReceiveTimeout(millis);
            if (tls != null) {
                TLSClientParameters parameters = new TLSClientParameters();
                parameters.setSslContext(tls);
                conduit.setTlsClientParameters(parameters);
            }
        }

        @Override
        public void configureServer(Server server) {
            // a client only
        }
    }
}
