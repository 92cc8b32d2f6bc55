package eg.gov.bawaba.hub.limits;

/**
 * The characters Spring Security's {@code StrictHttpFirewall} allows in header names, header values and parameter
 * names, decided without its regular expressions, which cost a fifth of an empty request's CPU with a bearer token
 * (docs/decisions/0018-request-overhead.md).
 */
final class HeaderText {

    private HeaderText() {
    }

    /** Same answer as {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}: no unassigned code point, no control character. */
    static boolean assignedAndNotControl(String text) {
        return allowed(text, false);
    }

    /** Same answer as {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}: as above, with horizontal tabs allowed. */
    static boolean assignedAndNotControlExceptTab(String text) {
        return allowed(text, true);
    }

    private static boolean allowed(String text, boolean tab) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                // printable ASCII, nearly every character of every header: always allowed
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && codePoint == '\t'))) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
