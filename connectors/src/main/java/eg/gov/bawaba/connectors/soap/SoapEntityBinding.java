package eg.gov.bawaba.connectors.soap;

import eg.gov.bawaba.mappings.NativeFormatException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import org.apache.camel.Exchange;
import org.apache.camel.component.cxf.common.CxfPayload;
import org.apache.camel.component.cxf.jaxws.DefaultCxfBinding;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.headers.Header;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.apache.cxf.service.model.MessagePartInfo;
import org.apache.cxf.transport.http.HTTPException;
import org.w3c.dom.Document;

/**
 * Camel-CXF binding of one SOAP entity: completes each attempt's request (the operation's empty element when the
 * definition has no request, fresh credentials) and turns what went wrong into exceptions that
 * {@link eg.gov.bawaba.connectors.ConnectorErrorHandling} can judge.
 */
class SoapEntityBinding extends DefaultCxfBinding {

    private final SoapCredentials credentials;

    SoapEntityBinding(SoapCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void populateCxfRequestFromExchange(org.apache.cxf.message.Exchange cxfExchange, Exchange camelExchange,
                                               Map<String, Object> requestContext) {
        CxfPayload<Header> payload = camelExchange.getIn().getBody(CxfPayload.class);
        if (payload != null) {
            if (payload.getBodySources().isEmpty()) {
                addEmptyOperationElement(camelExchange, payload.getBodySources());
            }
            credentials.present(camelExchange, payload.getHeaders());
        }
        super.populateCxfRequestFromExchange(cxfExchange, camelExchange, requestContext);
    }

    @Override
    public void populateExchangeFromCxfResponse(Exchange camelExchange, org.apache.cxf.message.Exchange cxfExchange,
                                                Map<String, Object> responseContext) {
        Exception failure = camelExchange.getException();
        if (failure != null) {
            // keep the request on the exchange: a redelivery sends it again
            camelExchange.setException(translate(failure));
            return;
        }
        super.populateExchangeFromCxfResponse(camelExchange, cxfExchange, responseContext);
    }

    /**
     * An answer declaring a DTD becomes a {@link NativeFormatException}, never retried. A fault the entity sent becomes
     * a {@link SoapFaultException} with its code and text; an HTTP error without a SOAP fault becomes an
     * {@link HttpOperationFailedException}, which the shared policy retries for 5xx only (CXF reports it as an
     * IOException, which would otherwise be retried even for a 401). Anything else is left as CXF threw it.
     */
    static Exception translate(Exception failure) {
        if (ObjectHelper.getException(DtdRefusal.DtdRefusedException.class, failure) != null) {
            // an answer that can never be read: no retry, and the reason in the sync's or delivery's failure
            return new NativeFormatException(DtdRefusal.REASON);
        }
        HTTPException http = ObjectHelper.getException(HTTPException.class, failure);
        if (http != null) {
            return new HttpOperationFailedException(String.valueOf(http.getUrl()), http.getResponseCode(),
                    http.getResponseMessage(), null, null, null);
        }
        SoapFault fault = ObjectHelper.getException(SoapFault.class, failure);
        // a fault wrapping an I/O error was raised on this side, not answered by the entity: it stays retryable
        if (fault != null && ObjectHelper.getException(IOException.class, failure) == null) {
            return new SoapFaultException(fault.getFaultCode(), fault.getReason());
        }
        return failure;
    }

    private static void addEmptyOperationElement(Exchange camelExchange, List<Source> body) {
        // only the WSDL knows the namespace of the operation's element, and the producer has just looked it up
        BindingOperationInfo operation = camelExchange.getProperty(BindingOperationInfo.class.getName(),
                BindingOperationInfo.class);
        if (operation != null && operation.getInput() != null) {
            for (MessagePartInfo part : operation.getInput().getMessageParts()) {
                body.add(emptyElement(part.getConcreteName()));
            }
        }
    }

    private static Source emptyElement(QName name) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().newDocument();
            String namespace = name.getNamespaceURI();
            document.appendChild(namespace.isEmpty() ? document.createElementNS(null, name.getLocalPart())
                    : document.createElementNS(namespace, "op:" + name.getLocalPart()));
            return new DOMSource(document.getDocumentElement());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
        }
    }
}
