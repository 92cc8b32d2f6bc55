package eg.gov.bawaba.connectors.soap;

import javax.xml.namespace.QName;

/**
 * A SOAP fault an entity answered with, carrying its code and text so the failed sync journals what the entity said,
 * e.g. {@code SOAP fault soap:Server: Registry database unavailable}.
 */
public class SoapFaultException extends RuntimeException {

    static final String SOAP_11_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String SOAP_12_ENVELOPE = "http://www.w3.org/2003/05/soap-envelope";

    private final String faultCode;
    private final boolean receiverFault;

    public SoapFaultException(QName faultCode, String faultText) {
        super("SOAP fault " + display(faultCode) + ": " + (faultText == null || faultText.isBlank() ? "(no text)" : faultText));
        this.faultCode = display(faultCode);
        this.receiverFault = isReceiver(faultCode);
    }

    /** The fault code as the entity's envelope writes it, e.g. {@code soap:Server} or {@code wsse:FailedAuthentication}. */
    public String faultCode() {
        return faultCode;
    }

    /**
     * True for a fault the entity blames on itself (SOAP 1.1 {@code Server}, SOAP 1.2 {@code Receiver}); such a fault
     * may pass, like an HTTP 5xx. Anything else (Client/Sender, security, custom codes) fails the same way again.
     */
    public boolean receiverFault() {
        return receiverFault;
    }

    private static boolean isReceiver(QName code) {
        if (code == null || !isEnvelope(code.getNamespaceURI())) {
            return false;
        }
        String local = code.getLocalPart();
        // SOAP 1.1 lets a service refine a code with dots, e.g. Server.Database
        return local.equals("Server") || local.startsWith("Server.") || local.equals("Receiver");
    }

    private static String display(QName code) {
        if (code == null) {
            return "(no code)";
        }
        if (isEnvelope(code.getNamespaceURI())) {
            return "soap:" + code.getLocalPart();
        }
        return code.getPrefix().isEmpty() ? code.getLocalPart() : code.getPrefix() + ":" + code.getLocalPart();
    }

    private static boolean isEnvelope(String namespace) {
        return SOAP_11_ENVELOPE.equals(namespace) || SOAP_12_ENVELOPE.equals(namespace);
    }
}
