package eg.gov.bawaba.connectors.soap;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import org.apache.cxf.interceptor.StaxInInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Refuses an entity's SOAP answer (or fault) that declares a DTD or refers to an entity. CXF's own parser already
 * neither loads external entities nor expands a DTD's; refusing the answer outright also keeps a half-read document,
 * with its entities silently left out, from being taken for the entity's catalogue.
 */
final class DtdRefusal extends AbstractPhaseInterceptor<Message> {

    static final String REASON = "the entity's SOAP answer declares a DTD (<!DOCTYPE>) or an entity reference; "
            + "Bawaba refuses both, because they enable external entity (XXE) and entity expansion attacks";

    DtdRefusal() {
        super(Phase.POST_STREAM);
        addAfter(StaxInInterceptor.class.getName());
    }

    @Override
    public void handleMessage(Message message) {
        XMLStreamReader reader = message.getContent(XMLStreamReader.class);
        if (reader != null && !(reader instanceof Refusing)) {
            message.setContent(XMLStreamReader.class, new Refusing(reader));
        }
    }

    /** Thrown while the answer is read; {@link SoapEntityBinding} reports it as an unreadable answer. */
    static final class DtdRefusedException extends RuntimeException {
        DtdRefusedException() {
            super(REASON);
        }
    }

    /** A reader that fails on the first DTD or entity reference event instead of passing it on. */
    private static final class Refusing extends StreamReaderDelegate {

        Refusing(XMLStreamReader reader) {
            super(reader);
            refuse(reader.getEventType());
        }

        @Override
        public int next() throws XMLStreamException {
            return refuse(super.next());
        }

        @Override
        public int nextTag() throws XMLStreamException {
            // the delegate's own nextTag would skip events without showing them to next()
            int event = next();
            while (event == XMLStreamConstants.SPACE || event == XMLStreamConstants.COMMENT
                    || event == XMLStreamConstants.PROCESSING_INSTRUCTION
                    || event == XMLStreamConstants.CHARACTERS && isWhiteSpace()) {
                event = next();
            }
            if (event != XMLStreamConstants.START_ELEMENT && event != XMLStreamConstants.END_ELEMENT) {
                throw new XMLStreamException("expected a start or end tag, found event " + event, getLocation());
            }
            return event;
        }

        private static int refuse(int event) {
            if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE
                    || event == XMLStreamConstants.ENTITY_DECLARATION) {
                throw new DtdRefusedException();
            }
            return event;
        }
    }
}
