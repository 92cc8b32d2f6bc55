package eg.gov.bawaba.connectors.file;

import java.util.Map;

/** The parameters of one entity's file drop that the per-file steps need, as the route template received them. */
record FileDropSettings(
        String entityId,
        String trigger,
        String format,
        String recordElement,
        String recordsPointer,
        String doneFolder,
        String errorFolder) {

    static FileDropSettings from(Map<String, Object> p) {
        return new FileDropSettings(str(p, "entityId"), str(p, "trigger"), str(p, "format"), str(p, "recordElement"),
                str(p, "recordsPointer"), str(p, "doneFolder"), str(p, "errorFolder"));
    }

    private static String str(Map<String, Object> p, String key) {
        Object v = p.get(key);
        return v == null ? "" : v.toString();
    }
}
