package eg.gov.bawaba.connectors.soap;

import eg.gov.bawaba.connectors.SecretSource;
import java.util.Map;
import javax.xml.namespace.QName;

/** The SOAP connector parameters of one entity, as the template received them. */
public record SoapFetchSettings(
        String wsdl,
        String address,
        String service,
        String port,
        String operation,
        String request,
        String recordElement,
        String authType,
        String usernameEnv,
        String secretEnv,
        int timeoutMillis,
        int retries,
        String usernameFile,
        String secretFile,
        String tls) {

    static SoapFetchSettings from(Map<String, Object> p) {
        return new SoapFetchSettings(str(p, "wsdl"), str(p, "address"), str(p, "service"), str(p, "port"),
                str(p, "operation"), str(p, "request"), str(p, "recordElement"), str(p, "authType"),
                str(p, "usernameEnv"), str(p, "secretEnv"), num(p, "timeoutMillis"), num(p, "retries"),
                str(p, "usernameFile"), str(p, "secretFile"), str(p, "tls"));
    }

    /** The credentials the entity is called with, presented afresh on each attempt. */
    SoapCredentials credentials() {
        return new SoapCredentials(authType, new SecretSource(usernameEnv, usernameFile),
                new SecretSource(secretEnv, secretFile));
    }

    /** The operation's local name, whether it was written as {@code ListServices} or {@code {ns}ListServices}. */
    String operationName() {
        return QName.valueOf(operation).getLocalPart();
    }

    /** The operation's namespace when written in {@code {ns}local} form; empty means the service's own namespace. */
    String operationNamespace() {
        return QName.valueOf(operation).getNamespaceURI();
    }

    private static String str(Map<String, Object> p, String key) {
        Object v = p.get(key);
        return v == null ? "" : v.toString().strip();
    }

    private static int num(Map<String, Object> p, String key) {
        return Integer.parseInt(str(p, key));
    }
}
