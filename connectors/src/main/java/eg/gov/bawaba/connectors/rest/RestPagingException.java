package eg.gov.bawaba.connectors.rest;

/** A REST feed's paging cannot be followed safely (a loop, too many pages, a next link to another host): the sync fails. */
public class RestPagingException extends RuntimeException {

    public RestPagingException(String message) {
        super(message);
    }
}
