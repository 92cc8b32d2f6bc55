package eg.gov.bawaba.connectors.soap;

import eg.gov.bawaba.connectors.DeliveryFailures;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import org.apache.camel.Exchange;
import org.apache.camel.component.cxf.common.CxfPayload;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.cxf.headers.Header;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.apache.cxf.service.model.MessagePartInfo;
import org.apache.cxf.service.model.SchemaInfo;
import org.apache.ws.commons.schema.XmlSchemaForm;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Camel-CXF binding of one SOAP entity's application delivery: as {@link SoapEntityBinding} (credentials afresh on each
 * attempt, faults as {@link SoapFaultException}), and also
 * <ul>
 * <li>puts an object request (built by {@link SoapApplicationCall}) into the operation's request element, named, and
 * its children qualified or not, as the WSDL's schema says;</li>
 * <li>turns an HTTP error without a SOAP fault into a retryable failure: a SOAP service refuses an application with a
 * fault, so a bare 401, 404 or 502 is a matter of credentials, address or a gateway, never the application's.</li>
 * </ul>
 */
class SoapDeliveryBinding extends SoapEntityBinding {

    SoapDeliveryBinding(SoapCredentials credentials) {
        super(credentials);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void populateCxfRequestFromExchange(org.apache.cxf.message.Exchange cxfExchange, Exchange camelExchange,
                                               Map<String, Object> requestContext) {
        CxfPayload<Header> payload = camelExchange.getIn().getBody(CxfPayload.class);
        if (payload != null) {
            for (Source source : payload.getBodySources()) {
                if (source instanceof DOMSource dom && dom.getNode() instanceof Element element
                        && SoapApplicationCall.OPERATION_INPUT.equals(element.getNamespaceURI())) {
                    BindingOperationInfo operation = camelExchange.getProperty(BindingOperationInfo.class.getName(),
                            BindingOperationInfo.class);
                    if (operation == null || operation.getInput() == null
                            || operation.getInput().getMessageParts().size() != 1) {
                        throw new IllegalStateException("the WSDL operation must have exactly one input part to take "
                                + "an object request; return the request element as XML instead");
                    }
                    MessagePartInfo part = operation.getInput().getMessageParts().get(0);
                    dom.setNode(name(element, part.getConcreteName(), qualified(operation, part)));
                }
            }
        }
        super.populateCxfRequestFromExchange(cxfExchange, camelExchange, requestContext);
    }

    @Override
    public void populateExchangeFromCxfResponse(Exchange camelExchange, org.apache.cxf.message.Exchange cxfExchange,
                                                Map<String, Object> responseContext) {
        super.populateExchangeFromCxfResponse(camelExchange, cxfExchange, responseContext);
        if (camelExchange.getException() instanceof HttpOperationFailedException http) {
            camelExchange.setException(new DeliveryFailures.EntityDeliveryException("HTTP " + http.getStatusCode()
                    + " " + (http.getStatusText() == null ? "" : http.getStatusText())
                    + " without a SOAP fault from " + http.getUri()));
        }
    }

    /** Renames the placeholder to the operation's element and, for a qualified schema, its descendants into its namespace. */
    static Element name(Element placeholder, QName operationElement, boolean qualified) {
        Document document = placeholder.getOwnerDocument();
        String namespace = operationElement.getNamespaceURI();
        boolean inNamespace = namespace != null && !namespace.isEmpty();
        Element root = (Element) document.renameNode(placeholder, inNamespace ? namespace : null,
                inNamespace ? "op:" + operationElement.getLocalPart() : operationElement.getLocalPart());
        if (qualified && inNamespace) {
            qualify(root, namespace);
        }
        return root;
    }

    private static void qualify(Element parent, String namespace) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                Element renamed = (Element) parent.getOwnerDocument().renameNode(child, namespace,
                        "op:" + child.getLocalName());
                qualify(renamed, namespace);
                n = renamed;
            }
        }
    }

    /** True when the schema of the operation's element has elementFormDefault="qualified" (the usual case). */
    private static boolean qualified(BindingOperationInfo operation, MessagePartInfo part) {
        String namespace = part.getConcreteName().getNamespaceURI();
        SchemaInfo schema = operation.getBinding().getService().getSchema(namespace);
        if (schema == null || schema.getSchema() == null) {
            return true;
        }
        return schema.getSchema().getElementFormDefault() == XmlSchemaForm.QUALIFIED;
    }
}
